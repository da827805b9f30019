/**
 * The smallest correct receiver's write: what the app's orders/paid award does to the database, as prepared
 * better-sqlite3 statements in one transaction per order (WAL + synchronous=NORMAL, as the app sets them).
 *
 * Per order: upsert OrderRecord (the order lock) → upsert Member (version + 1, the member lock) →
 * idempotency-key check → INSERT LedgerEntry → UPDATE Member balance → upsert OutboxJob (metafield sync) →
 * UPDATE OrderRecord to awarded. The entry's points, explanation and breakdown are copied from an entry the app
 * wrote for the same payload (`EarnTemplate`), so the rows are the same size; no points maths.
 *
 * Used by the receiver process (baseline-receiver.ts).
 */
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import type { EarnTemplate } from "./ledger";

export type AwardStatements = ReturnType<typeof prepareAward>;

export function prepareAward(db: Database.Database) {
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

export interface AwardInput {
  shop: string;
  orderGid: string;
  customerGid: string;
  email: string | null;
}

/** One order's award (call it inside a transaction); returns whether an entry was inserted. */
export function writeAward(statements: AwardStatements, input: AwardInput, template: EarnTemplate): boolean {
  const now = new Date().toISOString();
  const { shop, orderGid, customerGid } = input;
  const order = statements.lockOrder.get({ id: randomUUID(), shop, orderGid, customerGid, now }) as { id: string; status: string };
  if (order.status === "awarded") return false;
  const member = statements.lockMember.get({ id: randomUUID(), shop, customerGid, email: input.email, now }) as { id: string };
  const key = `earn:${orderGid}`;
  if (statements.findKey.get(shop, key)) return false;
  statements.insertEntry.run({ id: randomUUID(), shop, memberId: member.id, key, orderGid, now, ...template });
  statements.creditMember.run({ id: member.id, points: template.points, now });
  statements.enqueueSync.run({ id: randomUUID(), shop, memberId: member.id, payload: JSON.stringify({ memberId: member.id }), now });
  statements.markAwarded.run({ id: order.id, customerGid, now, points: template.points });
  return true;
}
