/**
 * Churn and negative churn by first-order cohort month (cohorts.ts), members and non-members.
 *
 * Rules:
 * - Lapsed: no paid, not cancelled order in the LAPSED_DAYS days up to the as-of day (the last live order's day, or
 *   the last paid one's when every order was cancelled, is before as-of − LAPSED_DAYS). Share lapsed = lapsed ÷ the
 *   cohort's customers.
 * - Won back: the customer's latest paid order came more than LAPSED_DAYS days after the one before it (a lapsed
 *   customer who came back). Counted on the customer's latest order only.
 * - Net revenue retention of cohort c in its month N (N = 1 is the cohort's own month) = the cohort's revenue in
 *   that month ÷ its month-1 revenue, in basis points. Month 1 is 10000 by definition; null when month-1 revenue is
 *   0 (a first order later cancelled). Above 10000 is negative churn: the customers who stayed spend more than the
 *   ones who left took away. The as-of month is partial, so its figure is low until the month ends.
 * - The curve per segment: for month N, Σ revenue in month N ÷ Σ month-1 revenue over the cohorts old enough to
 *   have a month N in the window (revenue-weighted, so large cohorts weigh more).
 */
import { addDays } from "./calendar";
import { INSIGHT_SEGMENTS, monthsBetween, type CohortCustomer, type CohortMonth, type InsightSegment } from "./cohorts";
import { ratioBasisPoints } from "./rates";

export const LAPSED_DAYS = 90;

export interface RetentionCohort {
  cohort: string;
  segment: InsightSegment;
  customers: number;
  lapsed: number;
  lapsedBasisPoints: number | null;
  wonBack: number;
  /** Revenue per month since the cohort's month, index 0 = month 1 (the cohort's own). */
  revenueMinor: number[];
  /** NRR per month, index 0 = month 1; null without month-1 revenue. */
  nrrBasisPoints: (number | null)[];
}

export interface RetentionCurvePoint {
  /** 1 = the cohorts' own month. */
  monthNumber: number;
  member: number | null;
  nonMember: number | null;
}

export interface RetentionReport {
  lapsedDays: number;
  cohorts: RetentionCohort[];
  curve: RetentionCurvePoint[];
  totals: Record<InsightSegment, { customers: number; lapsed: number; lapsedBasisPoints: number | null; wonBack: number }>;
}

export function calculateRetention(input: { months: readonly CohortMonth[]; customers: readonly CohortCustomer[]; cohortMonths: readonly string[]; asOfDay: string }): RetentionReport {
  const { cohortMonths, asOfDay } = input;
  const lastMonth = asOfDay.slice(0, 7);
  const cutoff = addDays(asOfDay, -LAPSED_DAYS);
  const key = (segment: InsightSegment, cohort: string) => `${segment}\n${cohort}`;
  const cohorts = new Map<string, RetentionCohort>();
  for (const segment of INSIGHT_SEGMENTS) {
    for (const cohort of cohortMonths) {
      const length = Math.max(monthsBetween(cohort, lastMonth) + 1, 0);
      cohorts.set(key(segment, cohort), { cohort, segment, customers: 0, lapsed: 0, lapsedBasisPoints: null, wonBack: 0, revenueMinor: Array<number>(length).fill(0), nrrBasisPoints: [] });
    }
  }
  for (const customer of input.customers) {
    const row = cohorts.get(key(customer.segment, customer.cohort));
    if (!row) continue;
    row.customers += 1;
    if ((customer.lastLiveDay ?? customer.lastPaidDay) < cutoff) row.lapsed += 1;
    if (customer.lastGapDays !== null && customer.lastGapDays > LAPSED_DAYS) row.wonBack += 1;
  }
  for (const month of input.months) {
    const row = cohorts.get(key(month.segment, month.cohort));
    const index = monthsBetween(month.cohort, month.month);
    if (!row || index < 0 || index >= row.revenueMinor.length) continue;
    row.revenueMinor[index] = (row.revenueMinor[index] ?? 0) + month.revenueMinor;
  }
  const totals = Object.fromEntries(INSIGHT_SEGMENTS.map((segment) => [segment, { customers: 0, lapsed: 0, lapsedBasisPoints: null as number | null, wonBack: 0 }])) as RetentionReport["totals"];
  const sums = new Map<InsightSegment, { base: number[]; month: number[] }>(INSIGHT_SEGMENTS.map((segment) => [segment, { base: [], month: [] }]));
  for (const row of cohorts.values()) {
    row.lapsedBasisPoints = ratioBasisPoints(row.lapsed, row.customers);
    const first = row.revenueMinor[0] ?? 0;
    row.nrrBasisPoints = row.revenueMinor.map((revenue) => ratioBasisPoints(revenue, first));
    const total = totals[row.segment];
    total.customers += row.customers;
    total.lapsed += row.lapsed;
    total.wonBack += row.wonBack;
    const sum = sums.get(row.segment);
    if (!sum || first <= 0) continue;
    row.revenueMinor.forEach((revenue, index) => {
      sum.base[index] = (sum.base[index] ?? 0) + first;
      sum.month[index] = (sum.month[index] ?? 0) + revenue;
    });
  }
  for (const segment of INSIGHT_SEGMENTS) totals[segment].lapsedBasisPoints = ratioBasisPoints(totals[segment].lapsed, totals[segment].customers);
  const curveLength = Math.max(0, ...INSIGHT_SEGMENTS.map((segment) => sums.get(segment)?.base.length ?? 0));
  const point = (segment: InsightSegment, index: number) => {
    const sum = sums.get(segment);
    return sum && sum.base[index] !== undefined ? ratioBasisPoints(sum.month[index] ?? 0, sum.base[index] ?? 0) : null;
  };
  return {
    lapsedDays: LAPSED_DAYS,
    cohorts: [...cohorts.values()],
    curve: Array.from({ length: curveLength }, (_, index) => ({ monthNumber: index + 1, member: point("member", index), nonMember: point("nonMember", index) })),
    totals,
  };
}
