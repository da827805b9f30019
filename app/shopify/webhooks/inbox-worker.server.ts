/**
 * The inbox worker: drains accepted webhook deliveries into the services, in arrival order
 * (docs/decisions/012-webhook-inbox.md).
 *
 * Rules:
 * - Each delivery is parsed and mapped again from its stored body and handled with the time it was received (the
 *   event's time, whatever the worker's delay).
 * - A LoyaltyError that says the input is wrong (INVALID_INPUT: unmappable, refused) fails the delivery at once; a
 *   duplicate (DUPLICATE_EVENT, a unique-key race) completes it; anything else is retried with backoff and fails
 *   after MAX_DELIVERY_ATTEMPTS, with its error kept for the merchant.
 * - One loop per process (INBOX_WORKER=off disables it: on SQLite exactly one process drains). A delivery just
 *   accepted wakes the loop, so the ledger follows within milliseconds; a poll catches what other instances stored.
 */
import { setImmediate as yieldToRequests } from "node:timers/promises";
import { Prisma, type PrismaClient } from "@prisma/client";
import { isLoyaltyError } from "~/loyalty/errors";
import type { PaidOrder } from "~/loyalty/events";
import { awardPaidOrders } from "~/loyalty/server/paid-orders-batch.server";
import {
  claimDeliveries,
  completeDeliveries,
  completeDelivery,
  failDelivery,
  MAX_DELIVERY_ATTEMPTS,
  purgeProcessedDeliveries,
  releaseClaimsOfDeadWorkers,
  retentionDays,
  retryDeliveryLater,
  type ClaimedDelivery,
} from "~/loyalty/server/inbox.server";
import { parseWebhookBody } from "../webhook-payloads";
import { topicHandler } from "./topics.server";

export type DeliveryResult = "done" | "failed" | "retry";

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export async function processDelivery(db: PrismaClient, delivery: ClaimedDelivery, now: Date): Promise<DeliveryResult> {
  const label = `[webhook ${delivery.topic} ${delivery.webhookId}] ${delivery.shop}`;
  try {
    const handler = topicHandler(delivery.topic);
    const data = handler.map(parseWebhookBody(delivery.body));
    const result = await handler.handle({ db, shop: delivery.shop, data, now: delivery.receivedAt });
    await completeDelivery(db, delivery.seq, result?.message ?? "processed", now);
    if (result) console.info(`${label}: ${result.message}`);
    return "done";
  } catch (error) {
    if (isLoyaltyError(error) && error.code === "DUPLICATE_EVENT") {
      await completeDelivery(db, delivery.seq, error.message, now);
      return "done";
    }
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      await completeDelivery(db, delivery.seq, "duplicate stopped by a unique key", now);
      return "done";
    }
    if ((isLoyaltyError(error) && error.code === "INVALID_INPUT") || error instanceof SyntaxError) {
      console.info(`${label}: failed, ${error.message}`);
      await failDelivery(db, delivery.seq, error.message, now);
      return "failed";
    }
    if (delivery.attempts >= MAX_DELIVERY_ATTEMPTS) {
      console.warn(`${label}: failed after ${delivery.attempts} attempts: ${describe(error)}`);
      await failDelivery(db, delivery.seq, `Failed ${delivery.attempts} times; last error: ${describe(error)}`, now);
      return "failed";
    }
    console.warn(`${label}: attempt ${delivery.attempts} failed, will retry: ${describe(error)}`);
    await retryDeliveryLater(db, delivery, describe(error), now);
    return "retry";
  }
}

const PAID = "orders/paid";
const YIELD_EVERY_MS = 4;

/**
 * New paid orders in one set-based transaction (paid-orders-batch.server.ts), marked done in it; what the batch
 * leaves, and every delivery of a batch that failed as a whole, go through `processDelivery` one by one (so a
 * poison payload fails alone, with its error, and never blocks the others).
 */
async function processPaidBatch(db: PrismaClient, batch: readonly { delivery: ClaimedDelivery; order: PaidOrder }[], now: Date): Promise<void> {
  let rest: ClaimedDelivery[];
  try {
    const result = await awardPaidOrders(
      db,
      batch.map(({ delivery, order }) => ({ key: delivery, shop: delivery.shop, order, now: delivery.receivedAt })),
      (tx, outcomes) => completeDeliveries(tx, [...outcomes].map(([delivery, outcome]) => ({ seq: delivery.seq, outcome: outcome.message })), now),
    );
    rest = result.rest.map((r) => r.key);
    for (const [delivery, outcome] of result.outcomes) {
      // Why nothing was awarded is worth a line; an award is in the ledger.
      const log = outcome.status === "awarded" ? console.debug : console.info;
      log(`[webhook ${delivery.topic} ${delivery.webhookId}] ${delivery.shop}: ${outcome.message}`);
    }
    console.debug(`[inbox] ${batch.length} paid order(s): ${result.outcomes.size} in one transaction, ${rest.length} one by one`);
  } catch (error) {
    console.warn(`[inbox] a batch of ${batch.length} paid order(s) failed as a whole, processing them one by one: ${describe(error)}`);
    rest = batch.map((b) => b.delivery);
  }
  for (const delivery of rest) await processDelivery(db, delivery, now);
}

/**
 * Processes one claim, in arrival order: runs of orders/paid go in a set-based batch; any other delivery first
 * lets the batch before it commit, then runs alone (so the events of one order stay in order).
 */
async function processClaim(db: PrismaClient, claimed: readonly ClaimedDelivery[], now: () => Date): Promise<void> {
  let batch: { delivery: ClaimedDelivery; order: PaidOrder }[] = [];
  let since = performance.now();
  const flush = async () => {
    if (batch.length > 0) await processPaidBatch(db, batch, now());
    batch = [];
  };
  for (const delivery of claimed) {
    if (delivery.topic === PAID) {
      let order: PaidOrder | null = null;
      try {
        order = topicHandler(PAID).map(parseWebhookBody(delivery.body)) as PaidOrder;
      } catch {
        // Unmappable: processDelivery fails it with its error.
      }
      if (order) {
        batch.push({ delivery, order });
        // Mapping is synchronous (about 0.1 ms a payload): let waiting requests (acknowledgements) in now and then.
        if (performance.now() - since > YIELD_EVERY_MS) {
          await yieldToRequests();
          since = performance.now();
        }
        continue;
      }
    }
    await flush();
    await processDelivery(db, delivery, now());
  }
  await flush();
}

/**
 * Processes claimable deliveries until none is left (or `maxBatches` claims), in arrival order. Returns how many
 * were processed. Used by the loop and by tests.
 */
export async function drainInbox(
  db: PrismaClient,
  { now = () => new Date(), batchSize = 200, maxBatches = Infinity }: { now?: () => Date; batchSize?: number; maxBatches?: number } = {},
): Promise<number> {
  let processed = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const claimed = await claimDeliveries(db, { now: now(), limit: batchSize });
    if (claimed.length === 0) break;
    await processClaim(db, claimed, now);
    processed += claimed.length;
  }
  return processed;
}

const PURGE_EVERY_MS = 60 * 60 * 1000;

interface Loop {
  running: boolean;
  again: boolean;
  timer: NodeJS.Timeout | null;
  lastPurge: number;
}

let loop: Loop | null = null;
/** Set by startInboxWorker: schedules a tick now (no-op in a process that does not drain). */
let wake: () => void = () => undefined;

/** Starts this process's loop (once). `db` is the app's client. */
export function startInboxWorker(db: PrismaClient, intervalMs = Number(process.env.INBOX_INTERVAL_MS ?? 500)): void {
  if (loop || process.env.INBOX_WORKER === "off") return;
  const state: Loop = { running: false, again: false, timer: null, lastPurge: 0 };
  loop = state;
  let started = false;
  const tick = async () => {
    state.timer = null;
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = true;
    try {
      if (!started) {
        started = true;
        const released = await releaseClaimsOfDeadWorkers(db);
        if (released > 0) console.info(`[inbox] released ${released} delivery claim(s) left by a stopped process`);
      }
      do {
        state.again = false;
        await drainInbox(db);
      } while (state.again);
      if (Date.now() - state.lastPurge > PURGE_EVERY_MS) {
        state.lastPurge = Date.now();
        await purgeProcessedDeliveries(db, { now: new Date(), retentionDays: retentionDays() });
      }
    } catch (error) {
      console.error("Inbox tick failed", error);
    } finally {
      state.running = false;
      state.timer ??= setTimeout(tick, intervalMs);
      state.timer.unref();
    }
  };
  wake = () => {
    if (state.running) state.again = true;
    else if (state.timer) {
      clearTimeout(state.timer);
      state.timer = setTimeout(tick, 0);
    }
  };
  state.timer = setTimeout(tick, 0);
  state.timer.unref();
}

/** A delivery was stored: process it now rather than at the next poll (no-op when this process does not drain). */
export function wakeInboxWorker(): void {
  wake();
}
