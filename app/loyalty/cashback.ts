/**
 * Cash-back as store credit: how much of a paid order comes back to the shopper as Shopify store credit, and how
 * much of it a refund or cancellation takes back (docs/decisions/038-store-credit-cashback.md).
 *
 * Rules:
 * - The rule is a percentage in basis points (200 = 2%) of the order's ELIGIBLE amount: the same lines, amounts
 *   and exclusions as points (the calculator's `eligibleMinor` per line, shipping and tax only when the program
 *   counts them). A tier may have its own rate (Bronze 2%, Gold 5%); a tier without one gets the base rate. The
 *   tier is the one the member held when the order was rated (the same tier the points multiplier used).
 * - amount = floor(eligible × rate / 10,000) in minor units of the order currency: never more than rate × eligible.
 * - Refunds are cumulative (a line may appear in several refunds). What is kept after refunds is
 *   floor(amount × remainingEligible / eligible): the reversal target is amount − that. So what the shopper keeps is
 *   never more than rate × what they kept of the order, a full refund or a cancellation reverses everything, and
 *   the target only grows as refunds add up.
 * - Before the credit is paid (the return window), refunds just lower what will be credited. After it, each
 *   refund's debit is what its refund adds to the reversal target, never more than what is left of the credit:
 *   the debits of an order never add up to more than its credit.
 * - Nothing here reads a clock, a database or the network.
 */
import { z } from "zod";
import type { RefundedLine } from "./clawback";
import { LoyaltyError } from "./errors";
import type { EarnCalculation } from "./types";

/** Basis points: 10,000 = 100%. */
export const BASIS_POINTS = 10_000;
/** The highest cash-back rate a merchant may set (guardrail: half of what the shopper pays). */
export const MAX_CASHBACK_BASIS_POINTS = 5_000;

export interface CashbackRule {
  enabled: boolean;
  /** The rate of members without a tier rate, in basis points (200 = 2%). */
  baseBasisPoints: number;
  /** Tier id → rate in basis points; tiers not listed get the base rate. */
  tierBasisPoints: Readonly<Record<string, number>>;
}

export const DEFAULT_CASHBACK_RULE: CashbackRule = { enabled: false, baseBasisPoints: 200, tierBasisPoints: {} };

const rate = z
  .int("Enter the cash-back as a percentage with at most two decimals, e.g. 2 or 2.5")
  .min(0, "The cash-back cannot be negative")
  .max(MAX_CASHBACK_BASIS_POINTS, "The cash-back can be at most 50%");

export const cashbackRuleSchema = z.object({
  enabled: z.boolean(),
  baseBasisPoints: rate,
  tierBasisPoints: z.record(z.string().min(1).max(200), rate),
});

/** The only way in: validates a rule, reporting each problem by field ("tierBasisPoints.<tier id>"). */
export function parseCashbackRule(input: unknown): CashbackRule {
  const parsed = cashbackRuleSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join(".") || "cashback";
    fieldErrors[path] ??= issue.message;
  }
  throw new LoyaltyError("INVALID_INPUT", `The cash-back settings are not valid: ${Object.values(fieldErrors).join("; ")}`, { fieldErrors });
}

/** Reads a stored rule leniently (a hand-edited or older row gives the default, never an exception). */
export function cashbackRuleOf(stored: { enabled: boolean; baseBasisPoints: number; tierRates: string | null }): CashbackRule {
  let tiers: unknown = {};
  try {
    tiers = stored.tierRates ? JSON.parse(stored.tierRates) : {};
  } catch {
    tiers = {};
  }
  const parsed = cashbackRuleSchema.safeParse({ enabled: stored.enabled, baseBasisPoints: stored.baseBasisPoints, tierBasisPoints: tiers });
  return parsed.success ? parsed.data : { ...DEFAULT_CASHBACK_RULE, enabled: false };
}

/** "2.5" (a percentage with at most two decimals) → 250 basis points; null when it is not one. */
export function percentToBasisPoints(text: string): number | null {
  const match = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** 250 → "2.5" (for the form and explanations). */
export function basisPointsToPercent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const fraction = String(basisPoints % 100).padStart(2, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** The rate that applies to a member in `tierId` (null: no tier), in basis points; 0 when the rule is off. */
export function cashbackRateFor(rule: CashbackRule, tierId: string | null): number {
  if (!rule.enabled) return 0;
  const tierRate = tierId === null ? undefined : rule.tierBasisPoints[tierId];
  return tierRate ?? rule.baseBasisPoints;
}

/** One eligible line of an order, as cash-back keeps it (plain JSON, stored with the credit). */
export interface CashbackLine {
  lineGid: string;
  quantity: number;
  eligibleMinor: number;
}

/** The lines that earned (the calculator's eligible amount), shipping included when the program counts it. */
export function cashbackLinesOf(calc: Pick<EarnCalculation, "lines">): CashbackLine[] {
  return calc.lines
    .filter((line) => line.rate.source !== "excluded" && line.eligibleMinor > 0)
    .map((line) => ({ lineGid: line.lineGid, quantity: line.quantity, eligibleMinor: line.eligibleMinor }));
}

function requireCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new LoyaltyError("INVALID_INPUT", `${what} must be an integer ≥ 0, got ${value}`);
}

export function eligibleTotal(lines: readonly CashbackLine[]): number {
  let total = 0n;
  for (const line of lines) {
    requireCount(line.eligibleMinor, `Eligible amount of line ${line.lineGid}`);
    total += BigInt(line.eligibleMinor);
  }
  return Number(total);
}

/** floor(eligible × rate / 10,000), exact for any safe eligible amount. */
export function calculateCashback(input: { eligibleMinor: number; rateBasisPoints: number }): number {
  requireCount(input.eligibleMinor, "Eligible amount");
  requireCount(input.rateBasisPoints, "Cash-back rate");
  if (input.rateBasisPoints > BASIS_POINTS) throw new LoyaltyError("INVALID_INPUT", `A cash-back rate is at most 100%, got ${input.rateBasisPoints / 100}%`);
  return Number((BigInt(input.eligibleMinor) * BigInt(input.rateBasisPoints)) / BigInt(BASIS_POINTS));
}

/** What an order's cash-back is: its eligible lines, their total, the rate and the amount. */
export interface CashbackQuote {
  lines: CashbackLine[];
  eligibleMinor: number;
  rateBasisPoints: number;
  amountMinor: number;
}

export function quoteCashback(rule: CashbackRule, calc: Pick<EarnCalculation, "lines">, tierId: string | null): CashbackQuote {
  const lines = cashbackLinesOf(calc);
  const eligibleMinor = eligibleTotal(lines);
  const rateBasisPoints = cashbackRateFor(rule, tierId);
  return { lines, eligibleMinor, rateBasisPoints, amountMinor: calculateCashback({ eligibleMinor, rateBasisPoints }) };
}

/**
 * How much of `amountMinor` a set of refunds (cumulative) or a cancellation takes back in total: amount minus
 * floor(amount × remaining eligible / eligible). Lines unknown to the credit (a later order edit) give back nothing.
 */
export function calculateCashbackReversalTarget(input: {
  amountMinor: number;
  lines: readonly CashbackLine[];
  refundedLines: readonly RefundedLine[];
  cancelled: boolean;
}): number {
  const { amountMinor, lines, refundedLines, cancelled } = input;
  requireCount(amountMinor, "Cash-back amount");
  if (cancelled || amountMinor === 0) return amountMinor;
  const total = BigInt(eligibleTotal(lines));
  if (total === 0n) return amountMinor;
  const refunded = new Map<string, number>();
  for (const line of refundedLines) {
    requireCount(line.quantity, `Refunded quantity of line ${line.lineGid}`);
    refunded.set(line.lineGid, (refunded.get(line.lineGid) ?? 0) + line.quantity);
  }
  // remaining = Σ eligible × (qty − min(refunded, qty)) / qty, as one fraction over Π qty (kept small by lcm-free
  // summing per line: each term is floored to a common denominator below).
  let numerator = 0n;
  let denominator = 1n;
  for (const line of lines) {
    const quantity = BigInt(Math.max(1, line.quantity));
    const kept = BigInt(Math.max(0, Math.max(1, line.quantity) - Math.min(refunded.get(line.lineGid) ?? 0, Math.max(1, line.quantity))));
    numerator = numerator * quantity + BigInt(line.eligibleMinor) * kept * denominator;
    denominator *= quantity;
    const divisor = gcd(numerator, denominator);
    if (divisor > 1n) {
      numerator /= divisor;
      denominator /= divisor;
    }
  }
  const keptAmount = (BigInt(amountMinor) * numerator) / (denominator * total);
  return amountMinor - Math.min(amountMinor, Number(keptAmount));
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** What to credit once the return window has passed: the amount less what refunds took back before it. */
export function calculateCreditDue(input: { amountMinor: number; reversalTargetMinor: number }): number {
  requireCount(input.amountMinor, "Cash-back amount");
  requireCount(input.reversalTargetMinor, "Reversed amount");
  return Math.max(0, input.amountMinor - input.reversalTargetMinor);
}

/** One refund (or the cancellation) of a credited order, in the order they were recorded. */
export interface CashbackRefund {
  /** The debit's idempotency key: the refund GID, or `cancel:<order GID>`. */
  key: string;
  lines: readonly RefundedLine[];
  cancelled?: boolean;
}

/**
 * The debit each new refund owes once the credit was paid. `debited` holds what was already recorded per refund
 * key (those refunds are not debited again). Each new refund owes what it adds to
 * (credited − what the shopper keeps after the refunds up to it), less what is already recorded; the debits never
 * add up to more than `creditedMinor`.
 */
export function calculateRefundDebits(input: {
  amountMinor: number;
  creditedMinor: number;
  lines: readonly CashbackLine[];
  refunds: readonly CashbackRefund[];
  debited: ReadonlyMap<string, number>;
}): { key: string; amountMinor: number }[] {
  const { amountMinor, creditedMinor, lines, refunds, debited } = input;
  requireCount(creditedMinor, "Credited amount");
  if (creditedMinor > amountMinor) throw new LoyaltyError("INVALID_INPUT", `Credited ${creditedMinor} is more than the cash-back ${amountMinor}`);
  let recorded = 0;
  for (const amount of debited.values()) {
    requireCount(amount, "Debited amount");
    recorded += amount;
  }
  const cumulative: RefundedLine[] = [];
  let cancelled = false;
  const out: { key: string; amountMinor: number }[] = [];
  for (const refund of refunds) {
    cumulative.push(...refund.lines);
    cancelled ||= refund.cancelled === true;
    if (debited.has(refund.key)) continue;
    const target = calculateCashbackReversalTarget({ amountMinor, lines, refundedLines: cumulative, cancelled });
    const owed = Math.min(creditedMinor, Math.max(0, creditedMinor - (amountMinor - target)));
    const delta = Math.max(0, owed - recorded);
    out.push({ key: refund.key, amountMinor: delta });
    recorded += delta;
  }
  return out;
}

export type CashbackStatus = "pending" | "credited" | "reversed";

/** The status a credit has after `creditedMinor` was paid and `debitedMinor` of it debited. */
export function cashbackStatusOf(input: { credited: boolean; creditedMinor: number; debitedMinor: number }): CashbackStatus {
  if (!input.credited) return "pending";
  return input.creditedMinor - input.debitedMinor <= 0 ? "reversed" : "credited";
}

/** A member's cash-back row as the shopper's view reads it. */
export interface ShopperCashbackRow {
  currency: string;
  status: CashbackStatus;
  amountMinor: number;
  creditableAt: Date;
}

export interface PendingCashback {
  currency: string;
  /** Σ of the pending credits in this currency (what refunds took back is subtracted when it is paid). */
  amountMinor: number;
  /** When the first of them is due (the end of its return window). */
  nextCreditAt: Date;
}

/**
 * The cash-back a shopper is still waiting for, per currency (sorted by currency): the pending credits only; a
 * credited or reversed one is in their store credit balance (or gone) already. Currencies with nothing pending are
 * left out.
 */
export function summarizePendingCashback(rows: readonly ShopperCashbackRow[]): PendingCashback[] {
  const byCurrency = new Map<string, PendingCashback>();
  for (const row of rows) {
    if (row.status !== "pending" || row.amountMinor <= 0) continue;
    const known = byCurrency.get(row.currency);
    if (!known) byCurrency.set(row.currency, { currency: row.currency, amountMinor: row.amountMinor, nextCreditAt: row.creditableAt });
    else {
      known.amountMinor += row.amountMinor;
      if (row.creditableAt < known.nextCreditAt) known.nextCreditAt = row.creditableAt;
    }
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** Whether a shopper's views show store credit: cash-back is on, a store credit reward is offered, or they have cash-back. */
export function offersStoreCredit(input: { cashbackEnabled: boolean; rewardKinds: readonly string[]; hasCashback: boolean }): boolean {
  return input.cashbackEnabled || input.hasCashback || input.rewardKinds.includes("store_credit");
}
