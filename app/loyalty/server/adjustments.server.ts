/**
 * Manual credits and debits by staff, through the ledger writer.
 *
 * Rules (the pure ones are in ../adjustments.ts):
 * - One transaction: check the member belongs to the shop, lock it, replay a known client key, check the
 *   available balance (debits), append one manual_credit / manual_debit entry. The writer moves balance and
 *   tier and queues the storefront sync in the same transaction.
 * - The duplicate check runs under the member's lock, before the balance check: a debit submitted twice is
 *   answered with the first one's entry, not refused for the balance it already spent. A unique-key race past
 *   the check (another instance) is answered the same way.
 * - A large credit needs confirmation (evaluateManualCredit), checked after the duplicate check: a confirmed credit
 *   resent is its first entry.
 * - Allowed whatever the program's status (a paused program still needs corrections) and for redacted members
 *   (their points are still a liability a merchant may need to write off).
 */
import { Prisma, type PrismaClient } from "@prisma/client";
import {
  evaluateManualCredit,
  evaluateManualDebit,
  explainManualAdjustment,
  manualAdjustmentKey,
  parseManualAdjustment,
  type ManualAdjustment,
} from "../adjustments";
import { LoyaltyError } from "../errors";
import { formatMoney } from "../money";
import { pointsToMinor, toPointValue } from "../point-value";
import { withSafeNumbers } from "../safe-integer";
import { appendEntries, lockMemberById, type LedgerEntryRow, type MemberRow } from "./ledger.server";
import { transactionWithRollups } from "./rollups.server";
import { sumPendingPoints } from "./members-admin.server";
import { getShopProgram } from "./program.server";

export interface ManualAdjustmentInput extends ManualAdjustment {
  shop: string;
  memberId: string;
  /** Who did it: `staffActor(sessionToken.sub)`. */
  actor: string;
  /** The staff member's name when Shopify gave one (app/shopify/staff-name.server.ts): kept in the breakdown. */
  staffName?: string | null;
  now: Date;
}

export interface ManualAdjustmentOutcome {
  /** "duplicate": this client key was already recorded; `entry` is that first entry. */
  status: "recorded" | "duplicate";
  entry: LedgerEntryRow;
  member: MemberRow;
}

function memberNotFound(): LoyaltyError {
  return new LoyaltyError("MEMBER_NOT_FOUND", "This member is not in your program");
}

export async function recordManualAdjustment(db: PrismaClient, input: ManualAdjustmentInput): Promise<ManualAdjustmentOutcome> {
  const { direction, points, note, clientKey, confirm } = parseManualAdjustment(input);
  const { shop, memberId, actor, now } = input;
  const staffName = input.staffName?.trim() || null;
  const idempotencyKey = manualAdjustmentKey(memberId, clientKey);
  const program = await getShopProgram(db, shop);
  try {
    return await transactionWithRollups(db, async (tx) => {
      // Scope first: lockMemberById locks by id alone. A member never changes shop, so the check stays true.
      if (!(await tx.member.findFirst({ where: { id: memberId, shop }, select: { id: true } }))) throw memberNotFound();
      const member = await lockMemberById(tx, memberId);
      const known = await tx.ledgerEntry.findUnique({ where: { shop_idempotencyKey: { shop, idempotencyKey } } });
      if (known) return { status: "duplicate", entry: withSafeNumbers(known), member };
      if (direction === "credit") {
        const value = program.settings.pointValue;
        const worth = value ? formatMoney(pointsToMinor(points, toPointValue(value)), program.currency ?? "USD") : null;
        evaluateManualCredit({ points, confirmed: confirm === true, worth });
      }
      if (direction === "debit") {
        evaluateManualDebit({ points, balance: member.balance, pending: await sumPendingPoints(tx, member.id, now) });
      }
      const { member: updated, written } = await appendEntries(
        tx,
        member,
        [
          {
            type: direction === "credit" ? "manual_credit" : "manual_debit",
            points,
            idempotencyKey,
            explanation: explainManualAdjustment(direction, points, actor),
            breakdown: { reason: "manual", direction, points, ...(staffName ? { staffName } : {}) },
            actor,
            note,
          },
        ],
        { now, program },
      );
      const [entry] = written;
      if (!entry) throw new Error(`Manual adjustment ${idempotencyKey} was not written`);
      return { status: "recorded", entry, member: updated };
    });
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") throw error;
    // Another instance wrote this key between our check and our insert: answer with its entry.
    const entry = await db.ledgerEntry.findUnique({ where: { shop_idempotencyKey: { shop, idempotencyKey } } });
    const member = await db.member.findFirst({ where: { id: memberId, shop } });
    if (!entry || !member) throw error;
    console.info(`[manual adjustment] ${shop}: ${idempotencyKey} was recorded by a concurrent request`);
    return { status: "duplicate", entry: withSafeNumbers(entry), member: withSafeNumbers(member) };
  }
}
