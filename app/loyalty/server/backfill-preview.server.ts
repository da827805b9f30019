/**
 * The backfill's preview and its reading of the JSONL (docs/decisions/028-backfill-past-orders.md): what the write
 * would award, computed the way the write computes it, with nothing written.
 *
 * Rules:
 * - Each order is rated by `calculateOrderPoints` with its customer's tier at that point: the member's cached
 *   metric, then moved by every order rated before it (all backfilled entries are written today, inside any tier
 *   window). As the write does, a chunk's refunds and cancellations move the metric back after the chunk's awards.
 * - Refunds take back `calculateClawbackTarget` of the order's award; a cancellation takes back all of it.
 * - An order paid longer ago than the program's expiry counts apart too (its points expire at the next expiry run).
 * - Orders already awarded (by a webhook or an earlier backfill) cost nothing more and are not rated.
 * - Product data comes from the cache only (never fetched for a preview): a product not cached yet is rated without
 *   its type or collections.
 */
import type { PrismaClient } from "@prisma/client";
import { PastOrderReader, type PastOrder } from "~/shopify/graphql/bulk-orders";
import { addToPreview, EMPTY_PREVIEW, isPastExpiry, type BackfillMode, type BackfillPreviewTotals } from "../backfill";
import { calculateOrderPoints } from "../calculators";
import { calculateClawbackTarget } from "../clawback";
import { needsProductData, productGidsOf, withProductData, type ProductData } from "../product-data";
import { earningRulesOf } from "../program";
import { toSafeNumber } from "../safe-integer";
import { evaluateTier, tierMultiplier } from "../tiers";
import { getCachedProductData } from "./product-cache.server";
import type { ShopProgram } from "./program.server";

/** Paid, with a customer: what the backfill awards (or, in history mode, records as a customer's order). */
export const isEligible = (order: PastOrder) => order.paid && order.order?.customer != null;

/**
 * Streams the JSONL after line `skip`: each complete order with the lines it took. `onOrder` may answer "stop":
 * the rest is not read (the download is cancelled) and this answers false; true once the whole file was read.
 */
export async function readOrders(
  body: ReadableStream<Uint8Array>,
  skip: number,
  onOrder: (order: PastOrder, lines: number) => Promise<"stop" | void>,
): Promise<boolean> {
  const reader = new PastOrderReader();
  const decoder = new TextDecoder();
  const stream = body.getReader();
  let lineNo = 0;
  let carry = "";
  const take = async (line: string): Promise<boolean> => {
    lineNo += 1;
    if (lineNo <= skip) return true;
    const done = reader.push(line);
    return !done || (await onOrder(done.order, done.lines)) !== "stop";
  };
  for (;;) {
    const { done, value } = await stream.read();
    if (done) break;
    carry += decoder.decode(value, { stream: true });
    const parts = carry.split("\n");
    carry = parts.pop() ?? "";
    for (const part of parts) {
      if (!(await take(part))) {
        await stream.cancel();
        return false;
      }
    }
  }
  carry += decoder.decode();
  if (carry !== "" && !(await take(carry))) return false;
  const last = reader.end();
  // The last order is complete only now: it is handed over (and written) whatever the answer.
  if (last) await onOrder(last.order, last.lines);
  return true;
}

/** Rates every order as the write would, `chunkOrders` at a time (the write's chunks), nothing written. */
export async function previewOrders(
  db: PrismaClient,
  program: ShopProgram,
  mode: BackfillMode,
  body: ReadableStream<Uint8Array>,
  chunkOrders: number,
  now: Date,
): Promise<BackfillPreviewTotals> {
  let totals = EMPTY_PREVIEW;
  let pending: PastOrder[] = [];
  const rules = earningRulesOf(program.settings);
  const { tierProgram } = program.settings;
  /** Each customer's tier metric as the preview goes. */
  const metric = new Map<string, number>();
  const move = (customerGid: string, by: number) => metric.set(customerGid, (metric.get(customerGid) ?? 0) + by);
  const flush = async () => {
    const orders = pending;
    pending = [];
    const eligible = orders.filter(isEligible);
    const customerGids = [...new Set(eligible.map((o) => o.order?.customer?.customerGid ?? ""))];
    const members = await db.member.findMany({ where: { shop: program.shop, customerGid: { in: customerGids } }, select: { customerGid: true, tierMetric: true } });
    for (const m of members) if (!metric.has(m.customerGid)) metric.set(m.customerGid, toSafeNumber(m.tierMetric, "Tier metric"));
    const known = await db.orderRecord.findMany({
      where: { shop: program.shop, orderGid: { in: eligible.map((o) => o.orderGid) }, status: { in: ["awarded", "awaiting_product_data"] } },
      select: { orderGid: true },
    });
    const awarded = new Set(known.map((r) => r.orderGid));
    const products = needsProductData(rules)
      ? await getCachedProductData(db, program.shop, [...new Set(eligible.flatMap((o) => (o.order ? productGidsOf(o.order.earnOrder) : [])))], new Date(0))
      : new Map<string, ProductData>();
    const takenBack: { customerGid: string; metric: number }[] = [];
    for (const order of orders) {
      const customerGid = order.order?.customer?.customerGid;
      if (mode === "history" || !order.order || !customerGid || !isEligible(order) || awarded.has(order.orderGid)) {
        totals = addToPreview(totals, { eligible: isEligible(order), points: 0, clawback: 0 });
        continue;
      }
      const tier = evaluateTier(tierProgram, metric.get(customerGid) ?? 0).current;
      const calc = calculateOrderPoints(withProductData(order.order.earnOrder, products), rules, tierMultiplier(tierProgram, tier));
      const spend = calc.lines.filter((l) => l.rate.source !== "excluded" && l.rate.source !== "shipping").reduce((t, l) => t + l.eligibleMinor, 0);
      move(customerGid, tierProgram.basis === "points" ? calc.points : spend);
      const clawback = order.cancelled
        ? calc.points
        : calculateClawbackTarget({ earnedPoints: calc.points, calc, refundedLines: order.refunds.flatMap((r) => r.lines) });
      if (clawback > 0) {
        const spendBack = Number((BigInt(spend) * BigInt(clawback)) / BigInt(calc.points));
        takenBack.push({ customerGid, metric: tierProgram.basis === "points" ? clawback : spendBack });
      }
      totals = addToPreview(totals, { eligible: true, points: calc.points, clawback, expired: isPastExpiry(order.order.paidAt, program.settings.expiryDays, now) });
    }
    // The write applies a chunk's refunds and cancellations after its awards: the metric follows.
    for (const back of takenBack) move(back.customerGid, -back.metric);
  };
  await readOrders(body, 0, async (order) => {
    pending.push(order);
    if (pending.length >= chunkOrders) await flush();
  });
  await flush();
  return totals;
}
