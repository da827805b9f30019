/**
 * A member's next expiring points, for the storefront banner's `points_expiring` metafield (app/loyalty/reminders.ts).
 * Most members have no lot ahead (no expiry set, or nothing left): one indexed probe answers them, and only a member
 * with points still to expire has their ledger replayed.
 */
import type { PrismaClient } from "@prisma/client";
import { isLedgerEntryType } from "../ledger-rules";
import { calculatePointsExpiring, type PointsExpiringJson } from "../reminders";
import { withSafeNumbers } from "../safe-integer";

export async function getPointsExpiring(db: PrismaClient, memberId: string, timeZone: string, now: Date): Promise<PointsExpiringJson> {
  const ahead = await db.ledgerEntry.findFirst({ where: { memberId, expiresAt: { gt: now } }, select: { id: true } });
  if (!ahead) return { points: 0 };
  const rows = await db.ledgerEntry.findMany({
    where: { memberId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, type: true, points: true, expiresAt: true, reversesId: true },
  });
  const entries = rows.map((row) => {
    if (!isLedgerEntryType(row.type)) throw new Error(`Ledger entry ${row.id} has an unknown type ${row.type}`);
    return { ...withSafeNumbers(row), type: row.type };
  });
  return calculatePointsExpiring(entries, now, timeZone);
}
