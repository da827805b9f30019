/**
 * Repeat purchase by first-order cohort month, members against non-members (cohorts.ts).
 *
 * Rules:
 * - A repeat customer has 2 or more paid, not cancelled orders (so far, not only in the window).
 * - Repeat rate = repeat customers ÷ the cohort's customers, in basis points.
 * - Time between orders: each repeat customer's usual gap, ⌊days from first to last paid order ÷ (paid orders − 1)⌋
 *   (the gap churn.ts uses), and the median of those gaps (the lower middle for an even count). A median over
 *   customers, so one customer with many orders weighs as much as one with two.
 * - The totals per segment are the sums of its cohorts (and the median of all its customers' gaps).
 */
import { histogramMedian, INSIGHT_SEGMENTS, type CohortCustomer, type InsightSegment } from "./cohorts";
import { ratioBasisPoints } from "./rates";

export interface RepeatFigures {
  customers: number;
  repeatCustomers: number;
  repeatRateBasisPoints: number | null;
  medianDaysBetweenOrders: number | null;
}

export interface RepeatCohort {
  cohort: string;
  member: RepeatFigures;
  nonMember: RepeatFigures;
}

export interface RepeatPurchaseReport {
  cohorts: RepeatCohort[];
  totals: Record<InsightSegment, RepeatFigures>;
}

/** The usual gap of a repeat customer in whole days, or null for a customer who is not one. */
export function usualGapDays(customer: Pick<CohortCustomer, "liveOrders" | "paidOrders" | "spanDays">): number | null {
  if (customer.liveOrders < 2 || customer.paidOrders < 2) return null;
  return Math.floor(customer.spanDays / (customer.paidOrders - 1));
}

interface Tally {
  customers: number;
  repeat: number;
  gaps: Map<number, number>;
}

const newTally = (): Tally => ({ customers: 0, repeat: 0, gaps: new Map() });

function add(tally: Tally, customer: CohortCustomer): void {
  tally.customers += 1;
  const gap = usualGapDays(customer);
  if (customer.liveOrders >= 2) tally.repeat += 1;
  if (gap !== null) tally.gaps.set(gap, (tally.gaps.get(gap) ?? 0) + 1);
}

function figures(tally: Tally): RepeatFigures {
  return {
    customers: tally.customers,
    repeatCustomers: tally.repeat,
    repeatRateBasisPoints: ratioBasisPoints(tally.repeat, tally.customers),
    medianDaysBetweenOrders: histogramMedian(tally.gaps),
  };
}

export function calculateRepeatPurchase(customers: readonly CohortCustomer[], cohortMonths: readonly string[]): RepeatPurchaseReport {
  const byCohort = new Map(cohortMonths.map((cohort) => [cohort, { member: newTally(), nonMember: newTally() }]));
  const totals = { member: newTally(), nonMember: newTally() };
  for (const customer of customers) {
    const cohort = byCohort.get(customer.cohort);
    if (!cohort) continue; // outside the window
    add(cohort[customer.segment], customer);
    add(totals[customer.segment], customer);
  }
  return {
    cohorts: cohortMonths.map((cohort) => {
      const tally = byCohort.get(cohort) ?? { member: newTally(), nonMember: newTally() };
      return { cohort, member: figures(tally.member), nonMember: figures(tally.nonMember) };
    }),
    totals: Object.fromEntries(INSIGHT_SEGMENTS.map((segment) => [segment, figures(totals[segment])])) as Record<InsightSegment, RepeatFigures>,
  };
}
