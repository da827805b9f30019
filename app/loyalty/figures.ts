/**
 * The figures every screen shows, each defined once (house style: "one definition per figure"). Home, Reports,
 * the simulator, the member page, tier progress and the storefront use these, never their own list of types.
 *
 * Rules:
 * - Bonus-like types: referral, birthday, survey, action, badge, challenge. Each is a bonus with its own cause
 *   and counts wherever `bonus` counts (lifetime earned, issued, tier points).
 * - Lifetime earned = earn + bonus (+ bonus-like) + manual_credit (what was ever given to the member, gross).
 * - Redeemed = redeem − redeem_rollback (a positive number). Donated = −donate: points the member gave to a cause.
 *   They are neither redeemed nor issued; the roll-forward shows them as their own movement, and breakage counts
 *   them as points whose fate is decided (spent), like redemptions.
 * - Issued = earned net of clawbacks and manual debits, plus balances imported from another app: earn + bonus +
 *   manual_credit + import + clawback + manual_debit (signed sum). Home, Reports and the simulator's "issued" all
 *   mean this. An import counts in the balance, not in lifetime earned nor tiers (points-import.ts).
 * - Tier metric (points basis) = earn + bonus + clawback, plus manual_credit + manual_debit when the program says
 *   manual adjustments count toward tiers (`tierCountsManualCredits`, default false). Spend basis: Σ spendMinor.
 * - Lifetime spend = Σ spendMinor over all the member's entries: orders net of refunds, in shop minor units (the
 *   spend basis over all time; the merchant-owned `loyalty.lifetime_spend` mirror shows it).
 */
import type { LedgerEntryType } from "./ledger-rules";

export const BONUS_LIKE_TYPES: readonly LedgerEntryType[] = ["referral", "birthday", "survey", "action", "badge", "challenge"];
export const LIFETIME_EARNED_TYPES: readonly LedgerEntryType[] = ["earn", "bonus", ...BONUS_LIKE_TYPES, "manual_credit"];
export const REDEEMED_TYPES: readonly LedgerEntryType[] = ["redeem", "redeem_rollback"];
/** Issued includes balances imported from another app: the shop now owes them (the roll-forward's earned column). */
export const ISSUED_TYPES: readonly LedgerEntryType[] = [...LIFETIME_EARNED_TYPES, "import", "clawback", "manual_debit"];
/** Points the member spent: redemptions net of rollbacks, and donations (breakage counts both as decided). */
export const SPENT_TYPES: readonly LedgerEntryType[] = [...REDEEMED_TYPES, "donate"];
const TIER_POINT_TYPES: readonly LedgerEntryType[] = ["earn", "bonus", ...BONUS_LIKE_TYPES, "clawback"];
const MANUAL_TYPES: readonly LedgerEntryType[] = ["manual_credit", "manual_debit"];

/** The entry types a points-based tier metric sums. */
export function tierPointTypes(countManualCredits: boolean): LedgerEntryType[] {
  return countManualCredits ? [...TIER_POINT_TYPES, ...MANUAL_TYPES] : [...TIER_POINT_TYPES];
}

/** What the tier metric counts, in the merchant's words (member page, Program page). */
export function describeTierMetric(basis: "points" | "spend", countManualCredits: boolean): string {
  if (basis === "spend") return "Tiers count the amount spent on orders, net of refunds.";
  return countManualCredits
    ? "Tiers count points earned from orders and bonuses, net of clawbacks, plus manual credits and debits."
    : "Tiers count points earned from orders and bonuses, net of clawbacks. Manual credits and debits don't count.";
}

export interface SignedEntry {
  type: LedgerEntryType;
  /** Signed, as stored. */
  points: number;
}

/** Issued points (net): the signed sum of the ISSUED_TYPES entries. */
export function calculateIssued(entries: Iterable<SignedEntry>): number {
  let issued = 0;
  for (const entry of entries) if (ISSUED_TYPES.includes(entry.type)) issued += entry.points;
  return issued;
}

/** Lifetime earned (gross): the sum of the LIFETIME_EARNED_TYPES entries. */
export function calculateLifetimeEarned(entries: Iterable<SignedEntry>): number {
  let earned = 0;
  for (const entry of entries) if (LIFETIME_EARNED_TYPES.includes(entry.type)) earned += entry.points;
  return earned;
}

/** Redeemed points as a positive number: redeem (stored negative) net of rollbacks (stored positive). */
export function calculateRedeemed(entries: Iterable<SignedEntry>): number {
  let redeemed = 0;
  for (const entry of entries) if (REDEEMED_TYPES.includes(entry.type)) redeemed -= entry.points;
  return redeemed;
}
