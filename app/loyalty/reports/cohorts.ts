/**
 * First-order cohorts: what the insights reports (ROI, repeat purchase, retention) share.
 *
 * Rules:
 * - A customer's cohort is the shop-local month ("YYYY-MM") of their first paid order (CustomerRollup.firstPaidDay:
 *   a later-cancelled first order still dates the cohort). Guests (no customer) belong to no cohort.
 * - Segments are the rollups' identified segments: `member` (the customer is a member now) and `nonMember`.
 *   Membership is the customer's today, not at the order's time: a non-member who joins moves with their history.
 * - Orders and revenue are paid, not cancelled orders (OrderRollup rows with a day), money in shop minor units.
 * - The window is whole months, the oldest first, ending with the month of the as-of day. Cohorts outside it are
 *   left out (their customers' orders too), so every figure is "customers who first bought in the window".
 * - Integers only: counts, minor units, days; ratios in basis points (rates.ts).
 */

export const INSIGHT_SEGMENTS = ["member", "nonMember"] as const;
export type InsightSegment = (typeof INSIGHT_SEGMENTS)[number];

export function isInsightSegment(value: string): value is InsightSegment {
  return (INSIGHT_SEGMENTS as readonly string[]).includes(value);
}

/** Orders of one cohort in one month: distinct customers who bought, orders, revenue. */
export interface CohortMonth {
  segment: InsightSegment;
  /** "YYYY-MM" of the customers' first paid order. */
  cohort: string;
  /** "YYYY-MM" of the orders. */
  month: string;
  customers: number;
  orders: number;
  revenueMinor: number;
}

/** One identified customer of a cohort, reduced to what the reports need (no id, no personal data). */
export interface CohortCustomer {
  segment: InsightSegment;
  cohort: string;
  /** Paid, not cancelled orders. */
  liveOrders: number;
  /** Paid orders, cancelled ones included (the span below covers them). */
  paidOrders: number;
  /** Whole days from the first paid order to the last one. */
  spanDays: number;
  /** Whole days from the paid order before the last one to the last one (null with one paid order). */
  lastGapDays: number | null;
  /** Shop-local day of the last order not cancelled (null when every order was cancelled). */
  lastLiveDay: string | null;
  /** Shop-local day of the last paid order. */
  lastPaidDay: string;
}

/** "2026-03" → "2026-04"; `months` may be negative. */
export function addMonths(month: string, months: number): string {
  const [year, mon] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (mon - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Whole months from `from` to `to` ("2026-01" → "2026-03" is 2). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  return ty * 12 + tm - (fy * 12 + fm);
}

/** The `count` months ending with the month of `asOfDay`, oldest first. */
export function windowMonths(asOfDay: string, count: number): string[] {
  const last = asOfDay.slice(0, 7);
  return Array.from({ length: count }, (_, index) => addMonths(last, index - count + 1));
}

/** Middle value of a histogram (value → how many), the lower of the two middles for an even count; null if empty. */
export function histogramMedian(counts: ReadonlyMap<number, number>): number | null {
  let total = 0;
  for (const n of counts.values()) total += n;
  if (total === 0) return null;
  const target = Math.floor((total - 1) / 2); // 0-based index of the (lower) middle
  let seen = 0;
  for (const value of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(value) ?? 0;
    if (seen > target) return value;
  }
  return null;
}

/** Integer division rounded half away from zero (BigInt, exact). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new Error("Division by zero");
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}
