/**
 * Transactional outbox: durable background work that talks to Shopify outside any webhook's response path.
 *
 * Rules:
 * - Jobs are written in the same transaction as the change that needs them, so a committed change is never
 *   without its job, and a Shopify failure can never block or lose points.
 * - One row per (kind, dedupeKey): enqueueing again re-arms the row and bumps `generation`. Handlers read the
 *   current state when they run (the latest balance, not the one at enqueue time), so coalescing is safe.
 * - Claiming is an atomic conditional update on `lockedUntil`: several app instances can poll the same table.
 *   A claim expires, so a crashed worker's job runs again.
 * - Retries back off exponentially (2^attempts s, capped at an hour); a throttled call waits what Shopify's
 *   cost figures say. After MAX_ATTEMPTS the job is marked dead, never deleted.
 */
import type { OutboxJob, PrismaClient } from "@prisma/client";
import { sql } from "kysely";
import { newId } from "~/db/ids";
import { chunked, kyselyOf } from "~/db/kysely.server";
import type { Tx } from "./ledger.server";

export const MAX_ATTEMPTS = 20;
const CLAIM_MS = 60_000;
const MAX_BACKOFF_MS = 60 * 60 * 1000;

export interface EnqueueInput {
  shop: string;
  kind: string;
  dedupeKey: string;
  payload?: unknown;
  now: Date;
  /** Defaults to now. */
  runAfter?: Date;
}

export async function enqueueJob(tx: Tx, { shop, kind, dedupeKey, payload = {}, now, runAfter = now }: EnqueueInput): Promise<void> {
  const body = JSON.stringify(payload);
  await tx.outboxJob.upsert({
    where: { kind_dedupeKey: { kind, dedupeKey } },
    create: { shop, kind, dedupeKey, payload: body, runAfter },
    update: { payload: body, runAfter, doneAt: null, deadAt: null, attempts: 0, generation: { increment: 1 } },
    select: { id: true },
  });
}

/** `enqueueJob` for many jobs at once: one multi-row upsert per chunk (set-based writers). */
export async function enqueueJobs(tx: Tx, jobs: readonly Omit<EnqueueInput, "now">[], now: Date): Promise<void> {
  const k = kyselyOf(tx);
  for (const chunk of chunked(jobs, 10)) {
    await k
      .insertInto("OutboxJob")
      .values(
        chunk.map(({ shop, kind, dedupeKey, payload = {}, runAfter = now }) => ({
          id: newId(),
          shop,
          kind,
          dedupeKey,
          payload: JSON.stringify(payload),
          runAfter,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(["kind", "dedupeKey"]).doUpdateSet((eb) => ({
          payload: eb.ref("excluded.payload"),
          runAfter: eb.ref("excluded.runAfter"),
          doneAt: null,
          deadAt: null,
          attempts: 0,
          generation: sql`${eb.ref("OutboxJob.generation")} + 1`,
          updatedAt: eb.ref("excluded.updatedAt"),
        })),
      )
      .execute();
  }
}

export const METAFIELD_SYNC = "sync-metafields";
export const AWARD_ORDER = "award-order";
/** At an earned lot's expiry date: record what is left of it as expired (expiry.server.ts). */
export const EXPIRE_POINTS = "expire-points";

/**
 * Queues a storefront sync of the member's balance and tier. With `at` (a vesting date) it is a separate,
 * later job, so pending points show as available once they vest without waiting for another ledger change.
 */
export function enqueueMetafieldSync(tx: Tx, input: { shop: string; memberId: string; now: Date; at?: Date; key?: string }): Promise<void> {
  return enqueueJob(tx, {
    shop: input.shop,
    kind: METAFIELD_SYNC,
    dedupeKey: input.key ?? input.memberId,
    payload: { memberId: input.memberId },
    now: input.now,
    runAfter: input.at ?? input.now,
  });
}

/** Rewrites the shop-wide facts the storefront banner reads (program-facts.server.ts). */
export const PROGRAM_FACTS_SYNC = "sync-program-facts";

/** Queues a rewrite of the program facts metafield after a program, status or reward change (coalesced per shop). */
export function enqueueProgramFactsSync(tx: Tx, shop: string, now: Date): Promise<void> {
  return enqueueJob(tx, { shop, kind: PROGRAM_FACTS_SYNC, dedupeKey: shop, now });
}

/**
 * Tells the runner when to try again. Any error carrying a numeric `retryAfterMs` (Shopify's throttling error
 * does) is honoured the same way; other errors are retried with exponential backoff.
 */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = "RetryLaterError";
  }
}

export type JobHandler = (job: OutboxJob, context: { now: Date }) => Promise<void>;

export interface RunResult {
  done: number;
  retried: number;
  dead: number;
}

export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
}

function retryAfterMsOf(error: unknown): number | null {
  const value = error instanceof Error ? (error as Error & { retryAfterMs?: unknown }).retryAfterMs : undefined;
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

async function claim(db: PrismaClient, job: OutboxJob, now: Date): Promise<boolean> {
  const claimed = await db.outboxJob.updateMany({
    where: {
      id: job.id,
      generation: job.generation,
      doneAt: null,
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
    },
    data: { lockedUntil: new Date(now.getTime() + CLAIM_MS), attempts: { increment: 1 } },
  });
  return claimed.count === 1;
}

async function finish(db: PrismaClient, job: OutboxJob, now: Date): Promise<void> {
  // Only if nobody re-enqueued it meanwhile; otherwise release it so the newer generation runs.
  const done = await db.outboxJob.updateMany({
    where: { id: job.id, generation: job.generation },
    data: { doneAt: now, lockedUntil: null, lastError: null },
  });
  if (done.count === 0) await db.outboxJob.update({ where: { id: job.id }, data: { lockedUntil: null } });
}

async function fail(db: PrismaClient, job: OutboxJob, error: unknown, now: Date): Promise<"retried" | "dead"> {
  const attempts = job.attempts + 1;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const retryAfterMs = retryAfterMsOf(error);
  if (attempts >= MAX_ATTEMPTS && retryAfterMs === null) {
    await db.outboxJob.update({ where: { id: job.id }, data: { deadAt: now, lockedUntil: null, lastError: message } });
    return "dead";
  }
  const wait = retryAfterMs ?? backoffMs(attempts);
  await db.outboxJob.update({
    where: { id: job.id },
    data: { runAfter: new Date(now.getTime() + wait), lockedUntil: null, lastError: message },
  });
  return "retried";
}

/** Runs the jobs due at `now`, one at a time (Shopify's rate limit is per shop; order within a shop is kept). */
export async function runDueJobs(
  db: PrismaClient,
  handlers: Record<string, JobHandler>,
  { now, limit = 50 }: { now: Date; limit?: number },
): Promise<RunResult> {
  const result: RunResult = { done: 0, retried: 0, dead: 0 };
  const due = await db.outboxJob.findMany({
    where: {
      doneAt: null,
      deadAt: null,
      runAfter: { lte: now },
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
    },
    orderBy: { runAfter: "asc" },
    take: limit,
  });
  for (const job of due) {
    const handler = handlers[job.kind];
    if (!handler) continue;
    if (!(await claim(db, job, now))) continue;
    try {
      await handler(job, { now });
      await finish(db, job, now);
      result.done += 1;
    } catch (error) {
      const outcome = await fail(db, job, error, now);
      result[outcome] += 1;
      if (outcome === "dead") console.error(`Outbox job ${job.kind}/${job.dedupeKey} gave up`, error);
    }
  }
  return result;
}
