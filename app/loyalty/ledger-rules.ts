/**
 * Ledger rules: signs of entry types, balance replay and idempotency keys.
 *
 * Rules:
 * - The ledger is append-only; every entry has one type per cause and a signed integer amount whose sign is
 *   fixed by its type (`signFor`). A correction is a new entry, never an update.
 * - balance = Σ points of all entries. pending = Σ points of entries not vested yet (vestsAt > now), never
 *   below 0: a positive entry vesting later is pending, and a reversal that carries the vestsAt of the entry it
 *   reverses (clawback of unvested points) cancels that pending amount instead of the available one.
 *   available = balance − pending, so available + pending = balance always.
 * - lifetimeEarned = earn + bonus (and the bonus-like types) + manual_credit; lifetimeRedeemed = redeem − redeem_rollback. An `import` entry (a
 *   balance brought from another app, points-import.ts) counts in the balance only, not in lifetime earned.
 * - Idempotency keys are derived from Shopify GIDs so a webhook delivered twice maps to the same key.
 *   GIDs are unique per shop only: the database's unique index must be (shop, key).
 */
import { LoyaltyError } from "./errors";
import { LIFETIME_EARNED_TYPES, REDEEMED_TYPES } from "./figures";

export const LEDGER_ENTRY_TYPES = [
  "earn",
  "redeem",
  "redeem_rollback",
  "clawback",
  "expire",
  "manual_credit",
  "manual_debit",
  "bonus",
  "import",
  // Earning beyond orders (issue 11) and play (issue 12): each its own type so it is explained, reported and keyed
  // on its own. All are credits that count like a bonus (figures.ts BONUS_LIKE_TYPES).
  "referral",
  "birthday",
  "survey",
  "action",
  "badge",
  "challenge",
  // Points given to a cause by the member: a debit like a redemption, never returned on refund.
  "donate",
] as const;

export type LedgerEntryType = (typeof LEDGER_ENTRY_TYPES)[number];

const SIGNS: Record<LedgerEntryType, 1 | -1> = {
  earn: 1,
  redeem_rollback: 1,
  manual_credit: 1,
  bonus: 1,
  import: 1,
  referral: 1,
  birthday: 1,
  survey: 1,
  action: 1,
  badge: 1,
  challenge: 1,
  redeem: -1,
  donate: -1,
  clawback: -1,
  expire: -1,
  manual_debit: -1,
};

export function isLedgerEntryType(value: string): value is LedgerEntryType {
  return (LEDGER_ENTRY_TYPES as readonly string[]).includes(value);
}

export function signFor(type: LedgerEntryType): 1 | -1 {
  return SIGNS[type];
}

/** The signed amount stored for `points` (a positive integer) of an entry type. */
export function signedPoints(type: LedgerEntryType, points: number): number {
  if (!Number.isSafeInteger(points) || points <= 0) {
    throw new LoyaltyError("INVALID_INPUT", `A ${type} entry needs a whole number of points above 0, got ${points}`);
  }
  return signFor(type) * points;
}

export interface LedgerEntryLike {
  type: LedgerEntryType;
  /** Signed, as stored. */
  points: number;
  vestsAt: Date | null;
}

export interface LedgerSummary {
  balance: number;
  pending: number;
  available: number;
  lifetimeEarned: number;
  lifetimeRedeemed: number;
}

export function summarizeLedger(entries: readonly LedgerEntryLike[], now: Date): LedgerSummary {
  const nowMs = now.getTime();
  let balance = 0;
  let pending = 0;
  let lifetimeEarned = 0;
  let lifetimeRedeemed = 0;
  for (const entry of entries) {
    if (!Number.isSafeInteger(entry.points) || entry.points === 0 || Math.sign(entry.points) !== signFor(entry.type)) {
      throw new LoyaltyError("INVALID_INPUT", `A ${entry.type} entry cannot hold ${entry.points} points`);
    }
    balance += entry.points;
    if (entry.vestsAt !== null && entry.vestsAt.getTime() > nowMs) pending += entry.points;
    // The figures' one definition (figures.ts).
    if (LIFETIME_EARNED_TYPES.includes(entry.type)) lifetimeEarned += entry.points;
    // redeem is stored negative and redeem_rollback positive: subtracting both gives redeem − rollback.
    if (REDEEMED_TYPES.includes(entry.type)) lifetimeRedeemed -= entry.points;
  }
  pending = Math.max(0, pending);
  return { balance, pending, available: balance - pending, lifetimeEarned, lifetimeRedeemed };
}

function requireGid(gid: string, resource: string): string {
  if (!new RegExp(`^gid://shopify/${resource}/\\d+$`).test(gid)) {
    throw new LoyaltyError("INVALID_INPUT", `"${gid}" is not a Shopify ${resource} GID`);
  }
  return gid;
}

export function earnKey(orderGid: string): string {
  return `earn:${requireGid(orderGid, "Order")}`;
}

/**
 * Clawbacks are keyed by the cumulative target they bring the order to (see clawback.ts): targets only grow, so
 * each step has its own key, and the same step reached by any delivery order of refunds/cancellation is one row.
 */
export function clawbackKey(orderGid: string, target: number): string {
  if (!Number.isSafeInteger(target) || target <= 0) {
    throw new LoyaltyError("INVALID_INPUT", `A clawback target must be a whole number above 0, got ${target}`);
  }
  return `clawback:${requireGid(orderGid, "Order")}:${target}`;
}

export function signupBonusKey(customerGid: string): string {
  return `bonus:signup:${requireGid(customerGid, "Customer")}`;
}
