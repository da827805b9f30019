/**
 * Backfilling past orders (docs/decisions/028-backfill-past-orders.md): read them with one bulk query, preview
 * their cost, then write them through the earning spine once the merchant confirms.
 *
 * Rules:
 * - A step writes for at most STEP_MS, stopping at a chunk boundary, then queues the next step: a long backfill is
 *   many short jobs, each well inside the outbox's claim.
 * - One backfill is under way per shop at a time: asking again while one is queued, running, previewed or writing
 *   returns it. A done or failed one can be run again: a re-run writes nothing twice (below).
 * - The work is one outbox job (BACKFILL_ORDERS, keyed by the backfill) advancing a state machine that reschedules
 *   itself while Shopify works: start the bulk query → poll it → read the whole file once for the preview (nothing
 *   written but the totals) → stop at "previewed". The merchant confirms → "writing": the job reads the file again
 *   from `linesDone`, CHUNK_ORDERS orders at a time.
 * - Award mode writes each chunk as the webhooks would have: the paid orders through `awardPaidOrders` (the
 *   orders/paid batch path: one transaction, the same calculator, the same `earn:<order GID>` keys), the orders
 *   it hands back through `recordOrderPaid`, then each refund through `recordRefund` (keyed by refund GID) and each
 *   cancellation through `recordOrderCancelled` — so an order that also arrives by webhook is awarded once, and
 *   clawback follows the same state-based rules and keys. The cursor moves after the chunk; a chunk replayed after
 *   a crash writes nothing twice (every write above is idempotent by its key).
 * - History mode writes each chunk in one transaction with its cursor: the orders' records (status "history",
 *   paid facts, customer, cancellation) and their refunds, each only when absent (ON CONFLICT DO NOTHING), and the
 *   report rollups. No member is created and no point written.
 * - Orders of customers only: a paid order with a customer makes that customer a member, as orders/paid does
 *   (award mode). Guest orders are recorded for reports as orders/paid records them. Unpaid and test orders are
 *   skipped; an order the webhook mapping refuses is skipped and counted.
 * - A bulk operation that fails, expires or is cancelled before the preview fails the backfill with Shopify's
 *   reason; the merchant starts another. Results that expired after the preview, a file that can no longer be
 *   downloaded, or an operation Shopify no longer knows start a new operation (cursor at 0: the writes are
 *   idempotent).
 */
import type { PrismaClient } from "@prisma/client";
import { newId } from "~/db/ids";
import { kyselyOf } from "~/db/kysely.server";
import type { AdminGraphql } from "~/shopify/admin-graphql.server";
import { getBulkOperation, startOrdersBulkQuery, type PastOrder } from "~/shopify/graphql/bulk-orders";
import { calculateBackfillProgress, calculatePreviewValue, EMPTY_PREVIEW, type BackfillMode, type BackfillRequest } from "../backfill";
import type { EnrolmentProgress } from "../enrolment";
import { LoyaltyError } from "../errors";
import { toPointValue } from "../point-value";
import { toSafeNumber } from "../safe-integer";
import { previewOrders, readOrders } from "./backfill-preview.server";
import { recordOrderCancelled, recordOrderPaid, recordRefund } from "./orders.server";
import { enqueueJob } from "./outbox.server";
import { awardPaidOrders, type PaidDelivery } from "./paid-orders-batch.server";
import { getShopProgram } from "./program.server";
import { recordOrderRollups, transactionWithRollups } from "./rollups.server";

/** As in enrolment.server.ts: the fetch the Admin API client uses, captured before Remix replaces the global. */
const moduleFetch: typeof fetch = globalThis.fetch.bind(globalThis);

export const BACKFILL_ORDERS = "backfill-orders";
/** Orders per chunk (a transaction for the paid orders, then their refunds and cancellations). */
export const CHUNK_ORDERS = 200;
export const POLL_MS = 3000;
/**
 * How long one step of the job writes before it yields (at a chunk boundary) and queues the next step: well under
 * the outbox's claim (60 s), so no other worker takes the job while this one still writes.
 */
export const STEP_MS = 20_000;

export type BackfillStatus = "queued" | "running" | "previewed" | "writing" | "done" | "failed";
const ACTIVE: readonly BackfillStatus[] = ["queued", "running", "previewed", "writing"];

type Row = NonNullable<Awaited<ReturnType<PrismaClient["orderBackfill"]["findUnique"]>>>;

export interface BackfillSummary {
  id: string;
  mode: BackfillMode;
  from: string;
  /** Exclusive end. */
  to: string;
  status: BackfillStatus;
  ordersFound: number;
  ordersEligible: number;
  previewPoints: number;
  /** Of previewPoints: from orders older than the expiry window. */
  previewExpired: number;
  previewValueMinor: number | null;
  currency: string | null;
  ordersDone: number;
  ordersAwarded: number;
  pointsAwarded: number;
  refundsRecorded: number;
  error: string | null;
  createdAt: string;
  completedAt: string | null;
  progress: EnrolmentProgress;
}

function summaryOf(row: Row, currency: string | null, now: Date): BackfillSummary {
  return {
    id: row.id,
    mode: row.mode as BackfillMode,
    from: row.fromDate.toISOString(),
    to: row.toDate.toISOString(),
    status: row.status as BackfillStatus,
    ordersFound: row.ordersFound,
    ordersEligible: row.ordersEligible,
    previewPoints: toSafeNumber(row.previewPoints, "Preview points"),
    previewExpired: toSafeNumber(row.previewExpired, "Preview expired points"),
    previewValueMinor: row.previewValueMinor === null ? null : toSafeNumber(row.previewValueMinor, "Preview value"),
    currency,
    ordersDone: row.ordersDone,
    ordersAwarded: row.ordersAwarded,
    pointsAwarded: toSafeNumber(row.pointsAwarded, "Points awarded"),
    refundsRecorded: row.refundsRecorded,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    progress:
      row.status === "writing" || row.status === "done"
        ? calculateBackfillProgress({ total: row.ordersEligible, done: row.ordersDone, startedAt: row.writeStartedAt, now })
        : { percent: null, etaSeconds: null },
  };
}

/** The shop's latest backfill, or null. */
export async function getLatestBackfill(db: PrismaClient, shop: string, now: Date): Promise<BackfillSummary | null> {
  const row = await db.orderBackfill.findFirst({ where: { shop }, orderBy: { createdAt: "desc" } });
  if (!row) return null;
  const program = await getShopProgram(db, shop);
  return summaryOf(row, program.currency, now);
}

/**
 * Asks for a backfill: the one under way, or a new one queued with its job (one transaction). Award mode needs a
 * live program (a paused or draft program earns nothing, as live orders then do).
 */
export async function requestBackfill(
  db: PrismaClient,
  input: { shop: string; request: BackfillRequest; actor: string | null; now: Date },
): Promise<{ backfill: BackfillSummary; created: boolean }> {
  const { shop, request, actor, now } = input;
  const program = await getShopProgram(db, shop);
  if (request.mode === "award" && program.settings.status !== "live") {
    throw new LoyaltyError("INVALID_INPUT", `The program is ${program.settings.status}: launch it before awarding points for past orders, or choose history only`, {
      fieldErrors: { mode: "The program is not live" },
    });
  }
  const { row, created } = await db.$transaction(async (tx) => {
    const active = await tx.orderBackfill.findFirst({ where: { shop, status: { in: [...ACTIVE] } }, orderBy: { createdAt: "desc" } });
    if (active) return { row: active, created: false };
    const row = await tx.orderBackfill.create({
      data: { shop, mode: request.mode, fromDate: request.from, toDate: request.to, status: "queued", actor, createdAt: now },
    });
    await enqueueJob(tx, { shop, kind: BACKFILL_ORDERS, dedupeKey: row.id, payload: { backfillId: row.id }, now });
    return { row, created: true };
  });
  return { backfill: summaryOf(row, program.currency, now), created };
}

/** The merchant confirms a previewed backfill: it starts writing. */
export async function confirmBackfill(db: PrismaClient, input: { shop: string; backfillId: string; now: Date }): Promise<BackfillSummary> {
  const { shop, backfillId, now } = input;
  const program = await getShopProgram(db, shop);
  const row = await db.$transaction(async (tx) => {
    const updated = await tx.orderBackfill.updateMany({ where: { id: backfillId, shop, status: "previewed" }, data: { status: "writing", writeStartedAt: now } });
    const row = await tx.orderBackfill.findFirst({ where: { id: backfillId, shop } });
    if (!row) throw new LoyaltyError("INVALID_INPUT", "There is no such backfill");
    if (updated.count === 0 && row.status !== "writing") {
      throw new LoyaltyError("INVALID_INPUT", `This backfill is ${row.status}: only a previewed backfill can be confirmed`);
    }
    if (updated.count > 0) await enqueueJob(tx, { shop, kind: BACKFILL_ORDERS, dedupeKey: row.id, payload: { backfillId: row.id }, now });
    return row;
  });
  return summaryOf(row, program.currency, now);
}

/** The merchant drops a previewed backfill (nothing was written). */
export async function discardBackfill(db: PrismaClient, input: { shop: string; backfillId: string; now: Date }): Promise<void> {
  await db.orderBackfill.updateMany({
    where: { id: input.backfillId, shop: input.shop, status: "previewed" },
    data: { status: "failed", error: "Discarded after the preview: nothing was written", completedAt: input.now },
  });
}

export interface BackfillRunOptions {
  download?: (url: string) => Promise<Response>;
  chunkOrders?: number;
  /** Called after each committed chunk (tests stop the job here, as a crash would). */
  afterChunk?: (linesDone: number) => void;
  /** How long one step writes before it hands over to the next (default STEP_MS). */
  stepMs?: number;
}

/** The job: one step of the backfill (see the rules above). */
export async function runBackfill(db: PrismaClient, admin: AdminGraphql, backfillId: string, now: Date, options: BackfillRunOptions = {}): Promise<void> {
  const row = await db.orderBackfill.findUnique({ where: { id: backfillId } });
  if (!row || row.status === "done" || row.status === "failed" || row.status === "previewed") return;
  const fail = (error: string) => db.orderBackfill.update({ where: { id: row.id }, data: { status: "failed", error, completedAt: now } });
  const later = () =>
    enqueueJob(db, { shop: row.shop, kind: BACKFILL_ORDERS, dedupeKey: row.id, payload: { backfillId: row.id }, now, runAfter: new Date(now.getTime() + POLL_MS) });
  const restart = async () => {
    // The new file is read from its first order: progress counts again (awarded and refund counts only ever count
    // new writes, so they stay).
    await db.orderBackfill.update({ where: { id: row.id }, data: { bulkOperationId: null, linesDone: 0, ordersDone: 0 } });
    await later();
  };

  let operationId = row.bulkOperationId;
  if (!operationId) {
    const started = await startOrdersBulkQuery(admin, row.fromDate, row.toDate);
    if ("error" in started) {
      await fail(`Shopify did not start reading the orders: ${started.error}`);
      return;
    }
    operationId = started.id;
    await db.orderBackfill.update({ where: { id: row.id }, data: { status: row.status === "queued" ? "running" : row.status, bulkOperationId: operationId, error: null } });
  }
  const operation = await getBulkOperation(admin, operationId);
  if (!operation) return restart();
  if (operation.status === "CREATED" || operation.status === "RUNNING" || operation.status === "CANCELING") {
    await later();
    return;
  }
  // Once previewed, the results expiring (a week after completion) only means reading the orders again.
  if (operation.status === "EXPIRED" && row.status === "writing") return restart();
  if (operation.status !== "COMPLETED") {
    const reason = operation.errorCode ? `${operation.status.toLowerCase()} (${operation.errorCode})` : operation.status.toLowerCase();
    await fail(`Shopify's reading of the orders ${reason}: start the backfill again`);
    return;
  }
  await db.orderBackfill.update({ where: { id: row.id }, data: { objectCount: operation.objectCount } });
  let body: ReadableStream<Uint8Array> | null = null;
  if (operation.url) {
    const response = await (options.download ?? moduleFetch)(operation.url);
    if (response.status === 403 || response.status === 404) {
      await response.body?.cancel();
      return restart();
    }
    if (!response.ok || !response.body) throw new Error(`Downloading the orders' bulk result failed: HTTP ${response.status}`);
    body = response.body;
  }
  if (row.status === "writing") {
    if (body && (await writeOrders(db, row, body, now, options)) === "more") {
      await enqueueJob(db, { shop: row.shop, kind: BACKFILL_ORDERS, dedupeKey: row.id, payload: { backfillId: row.id }, now });
      return;
    }
    await db.orderBackfill.update({ where: { id: row.id }, data: { status: "done", completedAt: now } });
    return;
  }
  const program = await getShopProgram(db, row.shop);
  let totals = EMPTY_PREVIEW;
  if (body) totals = await previewOrders(db, program, row.mode as BackfillMode, body, CHUNK_ORDERS, now);
  const pointValue = program.settings.pointValue ? toPointValue(program.settings.pointValue) : null;
  await db.orderBackfill.update({
    where: { id: row.id },
    data: {
      status: "previewed",
      ordersFound: totals.ordersFound,
      ordersEligible: totals.ordersEligible,
      previewPoints: totals.points,
      previewExpired: totals.expired,
      previewValueMinor: calculatePreviewValue(totals.points, pointValue),
    },
  });
}

/** Writes the orders after the cursor, a chunk at a time, for at most one step: "more" when it stopped early. */
async function writeOrders(db: PrismaClient, row: Row, body: ReadableStream<Uint8Array>, now: Date, options: BackfillRunOptions): Promise<"more" | "done"> {
  const chunkOrders = options.chunkOrders ?? CHUNK_ORDERS;
  // Elapsed time of this step (not the event's time, which stays `now`).
  const stepEnds = performance.now() + (options.stepMs ?? STEP_MS);
  let pending: { order: PastOrder; lines: number }[] = [];
  let linesDone = row.linesDone;
  const flush = async () => {
    if (pending.length === 0) return;
    const chunk = pending;
    pending = [];
    const lines = chunk.reduce((total, c) => total + c.lines, 0);
    const orders = chunk.map((c) => c.order);
    if (row.mode === "history") await writeHistoryChunk(db, row, orders, lines, now);
    else await writeAwardChunk(db, row, orders, lines, now);
    linesDone += lines;
    options.afterChunk?.(linesDone);
  };
  const finished = await readOrders(body, row.linesDone, async (order, lines) => {
    pending.push({ order, lines });
    if (pending.length < chunkOrders) return;
    await flush();
    return performance.now() >= stepEnds ? "stop" : undefined;
  });
  await flush();
  return finished ? "done" : "more";
}

async function writeAwardChunk(db: PrismaClient, row: Row, orders: readonly PastOrder[], lines: number, now: Date): Promise<void> {
  const paid = orders.filter((o) => o.paid && o.order);
  const deliveries: PaidDelivery<string>[] = paid.map((o) => ({ key: o.orderGid, shop: row.shop, order: o.order as NonNullable<PastOrder["order"]>, now }));
  const { outcomes, rest } = await awardPaidOrders(db, deliveries, async () => undefined);
  for (const delivery of rest) outcomes.set(delivery.key, await recordOrderPaid(db, row.shop, delivery.order, now));
  let refunds = 0;
  for (const order of paid) {
    for (const refund of order.refunds) {
      const outcome = await recordRefund(db, row.shop, refund, now);
      if (outcome.status !== "duplicate") refunds += 1;
    }
    if (order.cancelled) await recordOrderCancelled(db, row.shop, order.cancelled, now);
  }
  const awarded = [...outcomes.values()].filter((o) => o.status === "awarded");
  await db.orderBackfill.update({
    where: { id: row.id },
    data: {
      linesDone: { increment: lines },
      ordersDone: { increment: paid.filter((o) => o.order?.customer).length },
      ordersAwarded: { increment: awarded.length },
      pointsAwarded: { increment: awarded.reduce((total, o) => total + o.points, 0) },
      refundsRecorded: { increment: refunds },
    },
  });
}

async function writeHistoryChunk(db: PrismaClient, row: Row, orders: readonly PastOrder[], lines: number, now: Date): Promise<void> {
  const paid = orders.filter((o) => o.paid && o.order);
  await transactionWithRollups(db, async (tx) => {
    const k = kyselyOf(tx);
    let inserted: string[] = [];
    if (paid.length > 0) {
      const rows = await k
        .insertInto("OrderRecord")
        .values(
          paid.map((o) => {
            const order = o.order as NonNullable<PastOrder["order"]>;
            return {
              id: newId(),
              shop: row.shop,
              orderGid: o.orderGid,
              customerGid: order.customer?.customerGid ?? null,
              status: order.customer ? "history" : "no_customer",
              paidAt: order.paidAt,
              cancelledAt: o.cancelled ? (o.cancelled.cancelledAt ?? now) : null,
              totalMinor: order.totalMinor,
              currency: order.earnOrder.currency,
              createdAt: now,
              updatedAt: now,
            };
          }),
        )
        .onConflict((oc) => oc.columns(["shop", "orderGid"]).doNothing())
        .returning("orderGid")
        .execute();
      inserted = rows.map((r) => r.orderGid);
    }
    const refunds = paid.flatMap((o) => o.refunds);
    let refundsInserted = 0;
    if (refunds.length > 0) {
      const rows = await k
        .insertInto("RefundRecord")
        .values(refunds.map((r) => ({ id: newId(), shop: row.shop, orderGid: r.orderGid, refundGid: r.refundGid, lines: JSON.stringify(r.lines), createdAt: now })))
        .onConflict((oc) => oc.columns(["shop", "refundGid"]).doNothing())
        .returning("refundGid")
        .execute();
      refundsInserted = rows.length;
    }
    recordOrderRollups(tx, inserted.map((orderGid) => ({ shop: row.shop, orderGid })));
    await tx.orderBackfill.update({
      where: { id: row.id },
      data: {
        linesDone: { increment: lines },
        ordersDone: { increment: paid.filter((o) => o.order?.customer).length },
        refundsRecorded: { increment: refundsInserted },
      },
    });
  });
}

/** The outbox handler. */
export function backfillJobHandler(db: PrismaClient, adminFor: (shop: string) => Promise<AdminGraphql>) {
  return async (job: { shop: string; payload: string }, { now }: { now: Date }) => {
    const { backfillId } = JSON.parse(job.payload) as { backfillId: string };
    await runBackfill(db, await adminFor(job.shop), backfillId, now);
  };
}
