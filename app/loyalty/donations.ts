/**
 * Donating points: causes the merchant lists, the rules of a shopper's donation, and the Donations report.
 *
 * Rules:
 * - A cause has a name, a description and a rate: `pointsPerUnit` points give one unit of the shop currency to the
 *   cause (100 → 100 points give $1.00). A donation is at least `minimumPoints` and a multiple of `multiplePoints`.
 * - Money is exact: the multiple must be worth a whole number of minor units (multiple × 10^exponent is divisible by
 *   pointsPerUnit), so every valid donation is too, and `donationMoney` never rounds. The minimum is a multiple.
 * - A donation spends available points (balance minus pending); it needs a live program and an active cause. Zero,
 *   negative, fractional, below the minimum, not a multiple, above the available balance, an unknown or archived
 *   cause: each is refused with its own sentence, before anything is written.
 * - The money a donation is worth is fixed when it is made (the Donation row keeps it): a later rate change never
 *   changes what the merchant owes for past donations. Donated points never come back (a refund claws back from the
 *   balance by the usual policy; no entry reverses a `donate`).
 * - The report sums donations per cause per shop-local month; the payout statement sums them per cause over the
 *   period. Σ points per cause equals Σ of the cause's `donate` ledger entries (tested as a property).
 */
import { z } from "zod";
import { LoyaltyError } from "./errors";
import { currencyExponent, formatMoney, formatPoints } from "./money";
import type { ProgramStatus } from "./program";

export const MAX_CAUSE_POINTS = 10_000_000;

export const causeSchema = z
  .object({
    name: z.string("Give the cause a name").trim().min(1, "Give the cause a name").max(80, "Keep the name to 80 characters"),
    description: z.string().trim().max(500, "Keep the description to 500 characters").default(""),
    pointsPerUnit: z.int("Enter a whole number of points").min(1, "At least 1 point per unit of money").max(MAX_CAUSE_POINTS, "At most 10,000,000 points per unit of money"),
    minimumPoints: z.int("Enter a whole number of points").min(1, "The minimum must be at least 1 point").max(MAX_CAUSE_POINTS, "The minimum can be at most 10,000,000 points"),
    multiplePoints: z.int("Enter a whole number of points").min(1, "Donations must be multiples of at least 1 point").max(MAX_CAUSE_POINTS, "The multiple can be at most 10,000,000 points"),
  });

export type CauseInput = z.input<typeof causeSchema>;
export type CauseDefinition = z.output<typeof causeSchema>;

/** A cause form error: the field and the English sentence (the admin words it by field, in its language). */
export interface CauseIssue {
  path: string;
  message: string;
}

/** The rules a valid schema cannot state alone (they need the shop currency); empty when the cause is valid. */
export function evaluateCause(cause: CauseDefinition, currency: string): CauseIssue[] {
  const issues: CauseIssue[] = [];
  const scale = 10 ** currencyExponent(currency);
  if ((cause.multiplePoints * scale) % cause.pointsPerUnit !== 0) {
    issues.push({
      path: "multiplePoints",
      message: `${formatPoints(cause.multiplePoints)} at ${formatPoints(cause.pointsPerUnit)} per unit is not a whole amount of money: choose a multiple of ${formatPoints(smallestWholeMultiple(cause.pointsPerUnit, scale))}`,
    });
  }
  if (cause.minimumPoints % cause.multiplePoints !== 0) {
    issues.push({
      path: "minimumPoints",
      message: `The minimum must be a multiple of ${formatPoints(cause.multiplePoints)}`,
    });
  }
  return issues;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The smallest number of points worth whole minor units: pointsPerUnit / gcd(pointsPerUnit, 10^exponent). */
export function smallestWholeMultiple(pointsPerUnit: number, scale: number): number {
  return pointsPerUnit / gcd(pointsPerUnit, scale);
}

/** The money `points` give to a cause, in minor units; exact for a valid cause and donation (throws otherwise). */
export function donationMoney(points: number, pointsPerUnit: number, currency: string): number {
  const numerator = BigInt(points) * BigInt(10 ** currencyExponent(currency));
  if (numerator % BigInt(pointsPerUnit) !== 0n) {
    throw new LoyaltyError("INVALID_INPUT", `${formatPoints(points)} at ${formatPoints(pointsPerUnit)} per unit is not a whole amount of ${currency}`);
  }
  return Number(numerator / BigInt(pointsPerUnit));
}

export interface DonationCheck {
  programStatus: ProgramStatus;
  cause: { name: string; pointsPerUnit: number; minimumPoints: number; multiplePoints: number; archived: boolean } | null;
  points: number;
  balance: number;
  pending: number;
  currency: string;
}

/** Throws the reason a donation cannot happen; returns the money (minor units) it gives the cause. */
export function evaluateDonation({ programStatus, cause, points, balance, pending, currency }: DonationCheck): number {
  if (programStatus !== "live") throw new LoyaltyError("PROGRAM_PAUSED", "The rewards program is paused: points cannot be donated right now");
  if (!cause || cause.archived) throw new LoyaltyError("CAUSE_NOT_FOUND", "This cause is no longer accepting donations");
  if (!Number.isSafeInteger(points) || points <= 0) {
    throw new LoyaltyError("INVALID_INPUT", "Donate a whole number of points above zero", { fieldErrors: { points: "Donate a whole number of points above zero" } });
  }
  if (points < cause.minimumPoints) {
    const message = `The smallest donation to ${cause.name} is ${formatPoints(cause.minimumPoints)}`;
    throw new LoyaltyError("INVALID_INPUT", message, { fieldErrors: { points: message } });
  }
  if (points % cause.multiplePoints !== 0) {
    const message = `Donations to ${cause.name} go in steps of ${formatPoints(cause.multiplePoints)}`;
    throw new LoyaltyError("INVALID_INPUT", message, { fieldErrors: { points: message } });
  }
  const available = balance - Math.max(0, pending);
  if (available < points) {
    const pendingNote = pending > 0 ? ` (${formatPoints(pending)} still pending)` : "";
    throw new LoyaltyError("INSUFFICIENT_POINTS", `Cannot donate ${formatPoints(points)} to ${cause.name}: balance is ${formatPoints(Math.max(0, available))}${pendingNote}`);
  }
  return donationMoney(points, cause.pointsPerUnit, currency);
}

/** The ledger text of a donation: "Donated 500 points to Trees for All ($5.00)". */
export function describeDonation(points: number, causeName: string, amountMinor: number, currency: string): string {
  return `Donated ${formatPoints(points)} to ${causeName} (${formatMoney(amountMinor, currency)})`;
}

// ---- The Donations report ----------------------------------------------------------------------------------------

export interface DonationFact {
  causeId: string;
  causeName: string;
  /** Shop-local "YYYY-MM". */
  month: string;
  points: number;
  amountMinor: number;
}

export interface CauseMonth {
  causeId: string;
  causeName: string;
  month: string;
  donations: number;
  points: number;
  amountMinor: number;
}

export interface PayoutLine {
  causeId: string;
  causeName: string;
  donations: number;
  points: number;
  /** What the merchant owes the cause for the period. */
  amountMinor: number;
}

export interface DonationsReport {
  months: CauseMonth[];
  payouts: PayoutLine[];
  totals: { donations: number; points: number; amountMinor: number };
}

/**
 * Per cause per month (months ascending, then cause name), the payout per cause (largest amount first), and the
 * totals. A cause's name is the newest one its donations carry (a renamed cause is one cause).
 */
export function summarizeDonations(facts: readonly DonationFact[]): DonationsReport {
  const months = new Map<string, CauseMonth>();
  const payouts = new Map<string, PayoutLine>();
  const totals = { donations: 0, points: 0, amountMinor: 0 };
  for (const fact of facts) {
    const key = `${fact.causeId}\u0000${fact.month}`;
    const month = months.get(key) ?? { causeId: fact.causeId, causeName: fact.causeName, month: fact.month, donations: 0, points: 0, amountMinor: 0 };
    month.donations += 1;
    month.points += fact.points;
    month.amountMinor += fact.amountMinor;
    months.set(key, month);
    const payout = payouts.get(fact.causeId) ?? { causeId: fact.causeId, causeName: fact.causeName, donations: 0, points: 0, amountMinor: 0 };
    payout.donations += 1;
    payout.points += fact.points;
    payout.amountMinor += fact.amountMinor;
    payout.causeName = fact.causeName;
    payouts.set(fact.causeId, payout);
    totals.donations += 1;
    totals.points += fact.points;
    totals.amountMinor += fact.amountMinor;
  }
  const names = new Map([...payouts.values()].map((p) => [p.causeId, p.causeName]));
  return {
    months: [...months.values()]
      .map((m) => ({ ...m, causeName: names.get(m.causeId) ?? m.causeName }))
      .sort((a, b) => (a.month === b.month ? a.causeName.localeCompare(b.causeName) : a.month < b.month ? -1 : 1)),
    payouts: [...payouts.values()].sort((a, b) => b.amountMinor - a.amountMinor || a.causeName.localeCompare(b.causeName)),
    totals,
  };
}

/** The payout statement as CSV rows: one line per cause per month, money as exact decimals of the currency. */
export const DONATIONS_CSV_HEADER = ["month", "cause", "donations", "points", "amount", "currency"] as const;

export function donationsCsvRows(report: DonationsReport, currency: string): (string | number)[][] {
  const exponent = currencyExponent(currency);
  const decimal = (minor: number) => (exponent === 0 ? String(minor) : `${Math.trunc(minor / 10 ** exponent)}.${String(minor % 10 ** exponent).padStart(exponent, "0")}`);
  return report.months.map((m) => [m.month, m.causeName, m.donations, m.points, decimal(m.amountMinor), currency]);
}
