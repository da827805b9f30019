/**
 * Points expiry, written: at an earned lot's expiry date, the outbox runs `expire-points` for its member, which
 * replays the member's ledger (app/loyalty/expiry.ts) under the member's lock and records one `expire` entry per
 * lot that has points left, reversing that lot.
 *
 * Rules:
 * - Scheduled by the ledger writer when it writes an entry with `expiresAt` (one job per lot, keyed by the lot), so
 *   nothing scans the whole ledger; a job that runs late, twice, or after another lot's job did the work writes
 *   nothing more: the replay only finds what is still unexpired.
 * - Idempotency key `expire:<lot id>:<n>`: n counts the lot's earlier expire entries, so the rare second expiry of
 *   a lot (points given back to it by a rolled-back redemption after it had expired) is a new row, and the same
 *   expiry found twice is one.
 */
import type { PrismaClient } from "@prisma/client";
import { calculateExpiredLots } from "../expiry";
import { isLedgerEntryType } from "../ledger-rules";
import { formatPoints } from "../money";
import { withSafeNumbers } from "../safe-integer";
import { appendEntries, lockMemberById, type EntryDraft } from "./ledger.server";
import { transactionWithRollups } from "./rollups.server";
import { getShopProgram } from "./program.server";

/** Records the member's expired points at `now`; returns how many points expired. */
export async function expireMemberPoints(db: PrismaClient, memberId: string, now: Date): Promise<number> {
  const found = await db.member.findUnique({ where: { id: memberId }, select: { shop: true } });
  if (!found) return 0;
  const program = await getShopProgram(db, found.shop);
  return transactionWithRollups(db, async (tx) => {
    const member = await lockMemberById(tx, memberId);
    const rows = await tx.ledgerEntry.findMany({
      where: { memberId },
      // cuid ids grow with time within a process: the tie-break for entries written at the same instant.
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, type: true, points: true, expiresAt: true, reversesId: true, createdAt: true },
    });
    const entries = rows.map((row) => {
      if (!isLedgerEntryType(row.type)) throw new Error(`Ledger entry ${row.id} has an unknown type ${row.type}`);
      return { ...withSafeNumbers(row), type: row.type };
    });
    const expired = calculateExpiredLots(entries, now);
    if (expired.length === 0) return 0;
    const earnedOn = new Map(rows.map((row) => [row.id, row.createdAt]));
    const drafts: EntryDraft[] = expired.map((lot) => {
      const previous = entries.filter((entry) => entry.type === "expire" && entry.reversesId === lot.lotId).length;
      return {
        type: "expire",
        points: lot.points,
        idempotencyKey: `expire:${lot.lotId}:${previous + 1}`,
        reversesId: lot.lotId,
        explanation: `${formatPoints(lot.points)} expired: earned ${day(earnedOn.get(lot.lotId))}, unused by ${day(lot.expiresAt)}`,
        breakdown: { lotId: lot.lotId, expiresAt: lot.expiresAt.toISOString() },
      };
    });
    await appendEntries(tx, member, drafts, { now, program });
    return expired.reduce((sum, lot) => sum + lot.points, 0);
  });
}

function day(date: Date | undefined): string {
  return date ? date.toISOString().slice(0, 10) : "on an unknown date";
}
