/**
 * The webhook inbox: accepted deliveries, durable before Shopify gets its 200, processed by the inbox worker
 * (docs/decisions/012-webhook-inbox.md).
 *
 * Rules:
 * - Accepting is one INSERT; the webhook id is unique, so a retried delivery is a no-op (`duplicate`).
 * - Claims are atomic conditional updates (FOR UPDATE SKIP LOCKED on PostgreSQL, where several instances drain at
 *   once; SQLite serializes writers). A claim expires, so a crashed worker's deliveries are taken over.
 * - A delivery is claimable only when no earlier delivery with the same order key is claimed or waiting for a
 *   retry: the events of one order are processed in arrival order, never concurrently. (Correctness does not rest
 *   on it: the order lock and state-based clawback give the same ledger in any order.)
 * - Outcomes: done (with the service's message), failed (with the error: a payload that cannot be mapped or is
 *   refused, or MAX_ATTEMPTS unexpected errors), or pending again after a backoff. Failed deliveries are listed
 *   for the merchant; nothing loops silently.
 * - Payloads hold personal data: a processed delivery is deleted after the retention period, and customers/redact
 *   deletes that customer's deliveries, processed or not.
 */
import { Prisma, type PrismaClient } from "@prisma/client";
import { sqlDialect } from "~/db/dialect.server";
import { sql } from "kysely";
import { kyselyOf } from "~/db/kysely.server";
import { directStatementsOf, sqliteTimestamp } from "~/db/serialized-adapter.server";
import type { Tx } from "./ledger.server";

export const MAX_DELIVERY_ATTEMPTS = 8;
const CLAIM_MS = 60_000;
const MAX_BACKOFF_MS = 10 * 60 * 1000;
export const DEFAULT_RETENTION_DAYS = 7;

export interface AcceptedDelivery {
  webhookId: string;
  eventId: string | null;
  shop: string;
  topic: string;
  apiVersion: string;
  orderKey: string | null;
  customerGid: string | null;
  body: string;
  receivedAt: Date;
}

export interface ClaimedDelivery {
  seq: bigint;
  webhookId: string;
  shop: string;
  topic: string;
  body: string;
  receivedAt: Date;
  attempts: number;
}

const INSERT_DELIVERY = `INSERT INTO "WebhookDelivery" ("webhookId", "eventId", "shop", "topic", "apiVersion", "orderKey", "customerGid", "status", "attempts", "receivedAt")
  VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?) ON CONFLICT ("webhookId") DO NOTHING`;
const INSERT_PAYLOAD = `INSERT INTO "WebhookPayload" ("seq", "shop", "body") VALUES (last_insert_rowid(), ?, ?)`;

/**
 * Stores a verified delivery and its payload; `duplicate` when its webhook id is already in the inbox.
 * - SQLite: two prepared statements in one transaction on the connection itself (no Prisma call: a fifth of the
 *   accept's CPU);
 * - PostgreSQL: one statement (the payload's INSERT reads the delivery's from a CTE).
 */
export async function storeDelivery(db: PrismaClient, d: AcceptedDelivery): Promise<"stored" | "duplicate"> {
  const row = [d.webhookId, d.eventId, d.shop, d.topic, d.apiVersion, d.orderKey, d.customerGid];
  const direct = await directStatementsOf(db)?.transaction((run) => {
    if (run(INSERT_DELIVERY, [...row, sqliteTimestamp(d.receivedAt)]).changes !== 1) return "duplicate" as const;
    run(INSERT_PAYLOAD, [d.shop, d.body]);
    return "stored" as const;
  });
  if (direct) return direct;
  const dialect = sqlDialect(db);
  const received = dialect.timestamp(d.receivedAt);
  const values = Prisma.sql`(${Prisma.join(row)}, 'pending', 0, ${received})`;
  const columns = Prisma.raw(`"webhookId", "eventId", "shop", "topic", "apiVersion", "orderKey", "customerGid", "status", "attempts", "receivedAt"`);
  if (dialect.provider === "postgresql") {
    const inserted = await db.$executeRaw`
      WITH d AS (INSERT INTO "WebhookDelivery" (${columns}) VALUES ${values} ON CONFLICT ("webhookId") DO NOTHING RETURNING "seq")
      INSERT INTO "WebhookPayload" ("seq", "shop", "body") SELECT "seq", ${d.shop}, ${d.body} FROM d`;
    return inserted === 1 ? "stored" : "duplicate";
  }
  // SQLite before Prisma has connected: the same two statements in a Prisma transaction.
  return db.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`INSERT INTO "WebhookDelivery" (${columns}) VALUES ${values} ON CONFLICT ("webhookId") DO NOTHING`;
    if (inserted !== 1) return "duplicate";
    await tx.$executeRaw`INSERT INTO "WebhookPayload" ("seq", "shop", "body") VALUES (last_insert_rowid(), ${d.shop}, ${d.body})`;
    return "stored";
  });
}

/** Claims up to `limit` deliveries, oldest first, for CLAIM_MS. */
export async function claimDeliveries(db: PrismaClient, { now, limit }: { now: Date; limit: number }): Promise<ClaimedDelivery[]> {
  const dialect = sqlDialect(db);
  const at = dialect.timestamp(now);
  const until = dialect.timestamp(new Date(now.getTime() + CLAIM_MS));
  const lock = dialect.provider === "postgresql" ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty;
  const rows = await db.$queryRaw<(Omit<ClaimedDelivery, "receivedAt" | "seq" | "attempts" | "body"> & { seq: bigint | number; receivedAt: Date | string; attempts: number | bigint })[]>`
    UPDATE "WebhookDelivery" SET "claimedUntil" = ${until}, "attempts" = "attempts" + 1
    WHERE "seq" IN (
      SELECT d."seq" FROM "WebhookDelivery" d
      WHERE d."status" = 'pending' AND (d."claimedUntil" IS NULL OR d."claimedUntil" < ${at})
        AND NOT EXISTS (
          SELECT 1 FROM "WebhookDelivery" e
          WHERE e."orderKey" = d."orderKey" AND e."seq" < d."seq" AND e."status" = 'pending' AND e."claimedUntil" >= ${at}
        )
      ORDER BY d."seq" LIMIT ${dialect.integer(limit)} ${lock}
    )
    RETURNING "seq", "webhookId", "shop", "topic", "receivedAt", "attempts"`;
  if (rows.length === 0) return [];
  const payloads = await db.$queryRaw<{ seq: bigint | number; body: string }[]>`
    SELECT "seq", "body" FROM "WebhookPayload" WHERE "seq" IN (${Prisma.join(rows.map((row) => row.seq))})`;
  const bodies = new Map(payloads.map((p) => [BigInt(p.seq), p.body]));
  return rows
    .map((row) => {
      const seq = BigInt(row.seq);
      return { ...row, seq, body: bodies.get(seq) ?? "", attempts: Number(row.attempts), receivedAt: new Date(row.receivedAt) };
    })
    .sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
}

export function completeDelivery(db: PrismaClient, seq: bigint, outcome: string, now: Date) {
  return db.webhookDelivery.update({
    where: { seq },
    data: { status: "done", outcome: outcome.slice(0, 500), error: null, claimedUntil: null, processedAt: now },
    select: { seq: true },
  });
}

/**
 * On SQLite exactly one process drains, so a claim older than this process is a dead process's (a crash or a
 * kill -9): release them at start-up rather than waiting CLAIM_MS. A delivery waiting for a retry is released too,
 * and runs once early. On PostgreSQL other instances may hold live claims: there, claims expire.
 */
export async function releaseClaimsOfDeadWorkers(db: PrismaClient): Promise<number> {
  if (sqlDialect(db).provider !== "sqlite") return 0;
  const released = await kyselyOf(db)
    .updateTable("WebhookDelivery")
    .set({ claimedUntil: null })
    .where("status", "=", "pending")
    .where("claimedUntil", "is not", null)
    .executeTakeFirst();
  return Number(released.numUpdatedRows);
}

/** Marks many deliveries done, each with its outcome, in one statement (inside the transaction that did the work). */
export async function completeDeliveries(tx: Tx, done: readonly { seq: bigint; outcome: string }[], now: Date): Promise<void> {
  if (done.length === 0) return;
  const outcomes = done.map((d) => sql`WHEN ${sql.ref("seq")} = ${d.seq} THEN ${d.outcome.slice(0, 500)}`);
  await kyselyOf(tx)
    .updateTable("WebhookDelivery")
    .set({ status: "done", outcome: sql<string>`CASE ${sql.join(outcomes, sql` `)} END`, error: null, claimedUntil: null, processedAt: now })
    .where(
      "seq",
      "in",
      done.map((d) => d.seq),
    )
    .execute();
}

export function failDelivery(db: PrismaClient, seq: bigint, error: string, now: Date) {
  return db.webhookDelivery.update({
    where: { seq },
    data: { status: "failed", error: error.slice(0, 2000), claimedUntil: null, processedAt: now },
    select: { seq: true },
  });
}

/** Leaves the delivery pending, claimable again after a backoff (2^attempts s, capped); its order waits. */
export function retryDeliveryLater(db: PrismaClient, delivery: ClaimedDelivery, error: string, now: Date) {
  const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** delivery.attempts);
  return db.webhookDelivery.update({
    where: { seq: delivery.seq },
    data: { error: error.slice(0, 2000), claimedUntil: new Date(now.getTime() + backoff) },
    select: { seq: true },
  });
}

/** Puts a failed delivery back in the queue (the merchant's "Retry", after the cause was fixed). */
export async function requeueDelivery(db: PrismaClient, shop: string, seq: bigint): Promise<boolean> {
  const { count } = await db.webhookDelivery.updateMany({
    where: { shop, seq, status: "failed" },
    data: { status: "pending", attempts: 0, claimedUntil: null, processedAt: null },
  });
  return count === 1;
}

/** Deletes processed deliveries (done or failed) older than the retention period; returns how many. */
export async function purgeProcessedDeliveries(db: PrismaClient, { now, retentionDays }: { now: Date; retentionDays: number }): Promise<number> {
  const before = new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
  const [, { count }] = await db.$transaction([
    db.webhookPayload.deleteMany({ where: { delivery: { processedAt: { lt: before } } } }),
    db.webhookDelivery.deleteMany({ where: { processedAt: { lt: before } } }),
  ]);
  return count;
}

export function retentionDays(): number {
  const value = process.env.WEBHOOK_RETENTION_DAYS;
  if (value === undefined || value === "") return DEFAULT_RETENTION_DAYS;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) throw new Error(`WEBHOOK_RETENTION_DAYS must be a whole number of days ≥ 1 (got "${value}")`);
  return days;
}

export interface FailedDelivery {
  seq: string;
  topic: string;
  webhookId: string;
  error: string;
  attempts: number;
  receivedAt: string;
  processedAt: string | null;
}

/** The shop's failed deliveries, newest first, for the admin. */
export async function listFailedDeliveries(db: PrismaClient, shop: string, take = 50): Promise<FailedDelivery[]> {
  const rows = await db.webhookDelivery.findMany({
    where: { shop, status: "failed" },
    orderBy: { seq: "desc" },
    take,
    select: { seq: true, topic: true, webhookId: true, error: true, attempts: true, receivedAt: true, processedAt: true },
  });
  return rows.map((row) => ({
    seq: row.seq.toString(),
    topic: row.topic,
    webhookId: row.webhookId,
    error: row.error ?? "",
    attempts: row.attempts,
    receivedAt: row.receivedAt.toISOString(),
    processedAt: row.processedAt?.toISOString() ?? null,
  }));
}

/** How many of the shop's deliveries are waiting and failed (the home page's health line). */
export async function countInbox(db: PrismaClient, shop: string): Promise<{ pending: number; failed: number }> {
  const [pending, failed] = await Promise.all([
    db.webhookDelivery.count({ where: { shop, status: "pending" } }),
    db.webhookDelivery.count({ where: { shop, status: "failed" } }),
  ]);
  return { pending, failed };
}
