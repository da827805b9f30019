/**
 * The raw cost of the write: what the app's orders/paid transaction does to the database, issued directly
 * with better-sqlite3 (prepared statements, one transaction per order, WAL + synchronous=NORMAL as the app
 * sets them), on its own fresh copy of the migrated schema. No HTTP, HMAC, JSON parsing, ORM or points maths.
 *
 * Per order, in one transaction: upsert OrderRecord (the order lock) → upsert Member (version + 1, the member
 * lock) → idempotency-key check → INSERT LedgerEntry → UPDATE Member balance → upsert OutboxJob (metafield
 * sync) → UPDATE OrderRecord to awarded.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { ownCpuMs } from "./cpu";
import { createMigratedDatabase } from "../../tests/support/migrated-database";
import type { EarnTemplate } from "./ledger";
import type { Delivery } from "./orders";

export interface BaselineRun {
  latenciesMs: number[];
  wallMs: number;
  /** CPU time (ms) of the measured orders. */
  cpuMs: number;
  earnEntries: number;
}

type Statements = ReturnType<typeof prepare>;

function prepare(db: Database.Database) {
  return {
    lockOrder: db.prepare(
      `INSERT INTO "OrderRecord" (id, shop, orderGid, customerGid, status, paidAt, createdAt, updatedAt)
       VALUES (@id, @shop, @orderGid, @customerGid, 'received', @now, @now, @now)
       ON CONFLICT (shop, orderGid) DO UPDATE SET updatedAt = excluded.updatedAt
       RETURNING id, status`,
    ),
    lockMember: db.prepare(
      `INSERT INTO "Member" (id, shop, customerGid, email, version, createdAt, updatedAt)
       VALUES (@id, @shop, @customerGid, @email, 1, @now, @now)
       ON CONFLICT (shop, customerGid) DO UPDATE SET version = version + 1, updatedAt = excluded.updatedAt
       RETURNING id, balance`,
    ),
    findKey: db.prepare(`SELECT 1 FROM "LedgerEntry" WHERE shop = ? AND idempotencyKey = ?`),
    insertEntry: db.prepare(
      `INSERT INTO "LedgerEntry" (id, shop, memberId, type, points, idempotencyKey, orderGid, explanation, breakdown, spendMinor, createdAt)
       VALUES (@id, @shop, @memberId, 'earn', @points, @key, @orderGid, @explanation, @breakdown, @spendMinor, @now)`,
    ),
    creditMember: db.prepare(
      `UPDATE "Member" SET balance = balance + @points, lifetimeEarned = lifetimeEarned + @points,
       tierMetric = tierMetric + @points, updatedAt = @now WHERE id = @id`,
    ),
    enqueueSync: db.prepare(
      `INSERT INTO "OutboxJob" (id, shop, kind, dedupeKey, payload, runAfter, createdAt, updatedAt)
       VALUES (@id, @shop, 'sync-metafields', @memberId, @payload, @now, @now, @now)
       ON CONFLICT (kind, dedupeKey) DO UPDATE SET payload = excluded.payload, runAfter = excluded.runAfter,
       doneAt = NULL, deadAt = NULL, attempts = 0, generation = generation + 1, updatedAt = excluded.updatedAt`,
    ),
    markAwarded: db.prepare(
      `UPDATE "OrderRecord" SET status = 'awarded', customerGid = @customerGid, paidAt = @now, earnedPoints = @points,
       earnInput = NULL, updatedAt = @now WHERE id = @id`,
    ),
  };
}

/** One order's write; returns whether an entry was inserted. */
function writeOrder(statements: Statements, shop: string, delivery: Delivery, template: EarnTemplate): boolean {
  const now = new Date().toISOString();
  const { orderGid, customerGid } = delivery;
  const order = statements.lockOrder.get({ id: randomUUID(), shop, orderGid, customerGid, now }) as { id: string; status: string };
  if (order.status === "awarded") return false;
  const member = statements.lockMember.get({ id: randomUUID(), shop, customerGid, email: `${customerGid}@bench.example`, now }) as { id: string };
  const key = `earn:${orderGid}`;
  if (statements.findKey.get(shop, key)) return false;
  statements.insertEntry.run({ id: randomUUID(), shop, memberId: member.id, key, orderGid, now, ...template });
  statements.creditMember.run({ id: member.id, points: template.points, now });
  statements.enqueueSync.run({ id: randomUUID(), shop, memberId: member.id, payload: JSON.stringify({ memberId: member.id }), now });
  statements.markAwarded.run({ id: order.id, customerGid, now, points: template.points });
  return true;
}

/** Writes the warm-up orders (untimed), then the measured ones, sequentially, timing each transaction. */
export function runBaseline(options: {
  file: string;
  shop: string;
  warmup: readonly Delivery[];
  measured: readonly Delivery[];
  template: EarnTemplate;
}): BaselineRun {
  createMigratedDatabase(options.file);
  const db = new Database(options.file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    const statements = prepare(db);
    const write = db.transaction((delivery: Delivery) => writeOrder(statements, options.shop, delivery, options.template));
    for (const delivery of options.warmup) write(delivery);
    const latenciesMs: number[] = [];
    const started = performance.now();
    const cpuBefore = ownCpuMs();
    for (const delivery of options.measured) {
      const begin = performance.now();
      write(delivery);
      latenciesMs.push(performance.now() - begin);
    }
    const cpuMs = ownCpuMs() - cpuBefore;
    const wallMs = performance.now() - started;
    const { n } = db.prepare(`SELECT COUNT(*) AS n FROM "LedgerEntry" WHERE type = 'earn'`).get() as { n: number };
    return { latenciesMs, wallMs, cpuMs, earnEntries: n };
  } finally {
    db.close();
  }
}
