/**
 * Breakage: the share of outstanding points expected never to be redeemed, estimated from the shop's own history
 * (the IFRS 15 / ASC 606 idea of recognising expected breakage). An estimate, not accounting advice.
 *
 * Rules (all figures as of the same instant, the end of the report range):
 * - issued = earned (earn + bonus + manual_credit) net of clawbacks and manual debits; redeemed = redeem net of
 *   rollbacks, plus donations (points the member spent on a cause: their fate is decided too); expired = expire (as a positive number); outstanding = issued − redeemed − expired (the ledger
 *   balance).
 * - Points are taken to be spent oldest first, so the points still outstanding are the newest ones. Those issued
 *   within the maturity window (the program's expiry period, else 365 days) may still be redeemed: undecided =
 *   min(outstanding, issued within the window). Every other issued point is decided: redeemed, expired, or
 *   dormant for longer than the window (dormant counts as never redeemed).
 * - Ultimate redemption rate = redeemed ÷ decided (clamped to 0..1); breakage rate = 1 − that.
 * - Expected breakage = outstanding × breakage rate, rounded half up; liability net of breakage = outstanding −
 *   expected breakage (never below 0 points of breakage: a negative outstanding balance gets none).
 * - No estimate ("insufficient_history") until some points were issued before the window started: younger
 *   programs have not shown yet what happens to old points.
 */
import { LoyaltyError } from "../errors";

export const DEFAULT_MATURITY_DAYS = 365;

export interface BreakageInput {
  issued: number;
  redeemed: number;
  /** issued − redeemed − expired: the ledger balance. */
  outstanding: number;
  /** Net points issued within the maturity window (the `maturityDays` days up to the as-of instant). */
  issuedInWindow: number;
  maturityDays: number;
}

export type BreakageEstimate =
  | { status: "insufficient_history"; maturityDays: number }
  | {
      status: "estimated";
      maturityDays: number;
      /** Points whose fate is taken as known. */
      decided: number;
      redeemed: number;
      /** Exact ultimate redemption rate as a fraction (0..1). */
      redemptionRate: { numerator: number; denominator: number };
      /** Rounded half up, for display: 10000 = 100%. */
      redemptionRateBasisPoints: number;
      breakageRateBasisPoints: number;
      outstanding: number;
      expectedBreakagePoints: number;
      liabilityNetPoints: number;
    };

/** The maturity window: the program's expiry period when it has one, else DEFAULT_MATURITY_DAYS. */
export function maturityDaysFor(expiryDays: number | null): number {
  return expiryDays && expiryDays > 0 ? expiryDays : DEFAULT_MATURITY_DAYS;
}

function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (2n * denominator);
}

export function estimateBreakage(input: BreakageInput): BreakageEstimate {
  for (const [name, value] of Object.entries(input)) {
    if (!Number.isSafeInteger(value)) throw new LoyaltyError("INVALID_INPUT", `Breakage input ${name} must be a whole number, got ${value}`);
  }
  const { issued, redeemed, outstanding, issuedInWindow, maturityDays } = input;
  if (issued - issuedInWindow <= 0) return { status: "insufficient_history", maturityDays };
  const undecided = Math.max(0, Math.min(outstanding, issuedInWindow));
  const decided = issued - undecided;
  if (decided <= 0) return { status: "insufficient_history", maturityDays };
  const redeemedShare = Math.min(Math.max(redeemed, 0), decided);
  const breakageShare = decided - redeemedShare;
  const base = Math.max(0, outstanding);
  const expectedBreakagePoints = Number(roundHalfUp(BigInt(base) * BigInt(breakageShare), BigInt(decided)));
  const redemptionRateBasisPoints = Number(roundHalfUp(BigInt(redeemedShare) * 10000n, BigInt(decided)));
  return {
    status: "estimated",
    maturityDays,
    decided,
    redeemed: redeemedShare,
    redemptionRate: { numerator: redeemedShare, denominator: decided },
    redemptionRateBasisPoints,
    breakageRateBasisPoints: 10000 - redemptionRateBasisPoints,
    outstanding,
    expectedBreakagePoints,
    liabilityNetPoints: outstanding - expectedBreakagePoints,
  };
}
