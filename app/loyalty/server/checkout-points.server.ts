/**
 * The thank-you page's points (issue 13): what the order earned when its paid webhook is already in the ledger,
 * otherwise an estimate from the checkout's lines with the same calculator, labelled as such.
 *
 * Rules:
 * - "earned": the signed-in customer's ledger has earn entries for this order: their net (earn + clawback).
 * - "estimated": the program is live and the lines are in the shop's currency: calculateOrderPoints over the
 *   lines (amounts after discounts, tax and shipping left out: the lines say nothing of them, so the estimate can
 *   only be lower than the award), product types from the checkout, collections from the app's product cache
 *   (missing ones count as none), the signed-in member's tier multiplier (a guest's is the entry tier's, ×1).
 * - "unavailable": the program is not live, or the currency is not the shop's (no conversion is guessed).
 * Nothing is written: the estimate is display only, and the award stays the webhook's.
 */
import type { PrismaClient } from "@prisma/client";
import { calculateOrderPoints } from "../calculators";
import { earningRulesOf } from "../program";
import { evaluateTier, tierMultiplier } from "../tiers";
import type { EarnLine } from "../types";
import { getCachedProductData } from "./product-cache.server";
import { getShopProgram } from "./program.server";

export interface CheckoutLine {
  lineId: string;
  productGid: string | null;
  title: string;
  quantity: number;
  /** What the shopper paid for the line after discounts, in minor units of `currency`. */
  amountMinor: number;
  productType: string | null;
  giftCard: boolean;
}

export interface CheckoutPointsInput {
  orderGid: string;
  currency: string;
  lines: readonly CheckoutLine[];
}

export type CheckoutPoints =
  | { status: "earned"; points: number }
  | { status: "estimated"; points: number; signedIn: boolean }
  | { status: "unavailable"; reason: "not_running" | "currency" };

export async function getCheckoutPoints(
  db: PrismaClient,
  shop: string,
  customerGid: string | null,
  input: CheckoutPointsInput,
  now: Date,
): Promise<CheckoutPoints> {
  const member = customerGid ? await db.member.findUnique({ where: { shop_customerGid: { shop, customerGid } } }) : null;
  if (member) {
    const entries = await db.ledgerEntry.findMany({
      where: { shop, memberId: member.id, orderGid: input.orderGid, type: { in: ["earn", "clawback"] } },
      select: { type: true, points: true },
    });
    if (entries.some((entry) => entry.type === "earn")) {
      return { status: "earned", points: Math.max(0, entries.reduce((sum, entry) => sum + Number(entry.points), 0)) };
    }
  }
  const program = await getShopProgram(db, shop);
  if (program.settings.status !== "live") return { status: "unavailable", reason: "not_running" };
  if (input.currency !== (program.currency ?? input.currency)) return { status: "unavailable", reason: "currency" };
  const products = await getCachedProductData(db, shop, input.lines.flatMap((line) => (line.productGid ? [line.productGid] : [])), now);
  const lines: EarnLine[] = input.lines.map((line) => ({
    lineGid: line.lineId,
    productGid: line.productGid,
    title: line.title,
    quantity: line.quantity,
    amountMinor: line.amountMinor,
    taxMinor: 0,
    productType: line.productType ?? (line.productGid ? (products.get(line.productGid)?.productType ?? null) : null),
    collectionGids: line.productGid ? (products.get(line.productGid)?.collectionGids ?? []) : [],
    giftCard: line.giftCard,
  }));
  const tier = member ? evaluateTier(program.settings.tierProgram, Number(member.tierMetric)).current : null;
  const calculation = calculateOrderPoints(
    { orderGid: input.orderGid, currency: input.currency, lines, shippingMinor: 0, shippingTaxMinor: 0 },
    earningRulesOf(program.settings),
    tierMultiplier(program.settings.tierProgram, tier),
  );
  return { status: "estimated", points: calculation.points, signedIn: member !== null || customerGid !== null };
}
