/**
 * Program ROI: what members buy beyond comparable non-members, at the merchant's margin, against what the program
 * gave away (docs/decisions/029-insights-reports.md).
 *
 * Rules:
 * - Comparable non-members are the non-members of the same first-order cohort (cohorts.ts), over the same months.
 *   A cohort is compared only when it has both members and non-members; members of the other cohorts are counted
 *   as "not compared" and left out of every ROI figure.
 * - Per cohort c with m members and n non-members: expected member revenue = m × (non-member revenue ÷ n), rounded
 *   half away from zero to a minor unit; incremental revenue = member revenue − expected. The total is the sum of
 *   the cohorts' (a standardization on the members' cohort mix): when members and non-members spend the same per
 *   customer in every cohort, it is exactly 0.
 * - Orders per customer in thousandths, the comparable non-members' weighted the same way.
 * - Return = incremental revenue × margin (basis points, 0–10000, the merchant's figure), rounded half away from
 *   zero. No margin given: no return (null), the revenue figures stand alone.
 * - Cost = rewards redeemed at their money value (redeemed points × the point value, valuation.ts), plus store
 *   credit and referral discounts (0 until those features exist).
 * - Return on cost = return ÷ cost in basis points (10000 = each unit of cost brought one back in margin); null with
 *   no cost or no margin. Net = return − cost.
 * - This is a correlation: members chose to join, and keen customers join more. The figure cannot show that the
 *   program caused the difference; the page says so.
 */
import { ratioBasisPoints } from "./rates";
import { divideRounded, type CohortCustomer, type CohortMonth } from "./cohorts";

export const MAX_MARGIN_BASIS_POINTS = 10_000;

export interface RoiCohort {
  cohort: string;
  members: number;
  nonMembers: number;
  memberOrders: number;
  nonMemberOrders: number;
  memberRevenueMinor: number;
  nonMemberRevenueMinor: number;
  /** Null when the segment has no customer in the cohort. */
  memberRevenuePerCustomerMinor: number | null;
  nonMemberRevenuePerCustomerMinor: number | null;
  comparable: boolean;
  /** Null when not comparable. */
  incrementalRevenueMinor: number | null;
}

export interface RoiGroup {
  customers: number;
  orders: number;
  revenueMinor: number;
  revenuePerCustomerMinor: number | null;
  ordersPerCustomerMilli: number | null;
}

export interface RoiCost {
  redeemedPoints: number;
  rewardsMinor: number;
  storeCreditMinor: number;
  referralDiscountsMinor: number;
  totalMinor: number;
}

export interface ProgramRoi {
  cohorts: RoiCohort[];
  /** Members of the compared cohorts. */
  members: RoiGroup;
  /** The non-members of the compared cohorts, weighted to the members' cohort mix (customers: the real count). */
  comparableNonMembers: RoiGroup;
  membersNotCompared: number;
  incrementalRevenueMinor: number;
  marginBasisPoints: number | null;
  returnMinor: number | null;
  cost: RoiCost;
  netReturnMinor: number | null;
  returnOnCostBasisPoints: number | null;
}

export interface RoiInput {
  months: readonly CohortMonth[];
  customers: readonly CohortCustomer[];
  redeemedPoints: number;
  /** Money value of the redeemed points (pointsToMinor at the report's point value). */
  rewardsMinor: number;
  storeCreditMinor?: number;
  referralDiscountsMinor?: number;
  marginBasisPoints: number | null;
}

interface Tally {
  customers: number;
  orders: number;
  revenue: bigint;
}

function perCustomer(total: bigint, customers: number, scale = 1n): number | null {
  return customers > 0 ? Number(divideRounded(total * scale, BigInt(customers))) : null;
}

export function calculateProgramRoi(input: RoiInput): ProgramRoi {
  const tallies = new Map<string, { member: Tally; nonMember: Tally }>();
  const of = (cohort: string) => {
    let found = tallies.get(cohort);
    if (!found) {
      found = { member: { customers: 0, orders: 0, revenue: 0n }, nonMember: { customers: 0, orders: 0, revenue: 0n } };
      tallies.set(cohort, found);
    }
    return found;
  };
  for (const customer of input.customers) of(customer.cohort)[customer.segment].customers += 1;
  for (const row of input.months) {
    const tally = of(row.cohort)[row.segment];
    tally.orders += row.orders;
    tally.revenue += BigInt(row.revenueMinor);
  }

  const cohorts: RoiCohort[] = [];
  const members: Tally = { customers: 0, orders: 0, revenue: 0n };
  const nonMembers = { customers: 0, expectedOrdersMilli: 0n, expectedRevenue: 0n };
  let membersNotCompared = 0;
  let incremental = 0n;
  for (const cohort of [...tallies.keys()].sort()) {
    const { member, nonMember } = of(cohort);
    const comparable = member.customers > 0 && nonMember.customers > 0;
    let incrementalRevenue: bigint | null = null;
    if (comparable) {
      const m = BigInt(member.customers);
      const n = BigInt(nonMember.customers);
      const expected = divideRounded(m * nonMember.revenue, n);
      incrementalRevenue = member.revenue - expected;
      incremental += incrementalRevenue;
      members.customers += member.customers;
      members.orders += member.orders;
      members.revenue += member.revenue;
      nonMembers.customers += nonMember.customers;
      nonMembers.expectedRevenue += expected;
      nonMembers.expectedOrdersMilli += divideRounded(m * BigInt(nonMember.orders) * 1000n, n);
    } else {
      membersNotCompared += member.customers;
    }
    cohorts.push({
      cohort,
      members: member.customers,
      nonMembers: nonMember.customers,
      memberOrders: member.orders,
      nonMemberOrders: nonMember.orders,
      memberRevenueMinor: Number(member.revenue),
      nonMemberRevenueMinor: Number(nonMember.revenue),
      memberRevenuePerCustomerMinor: perCustomer(member.revenue, member.customers),
      nonMemberRevenuePerCustomerMinor: perCustomer(nonMember.revenue, nonMember.customers),
      comparable,
      incrementalRevenueMinor: incrementalRevenue === null ? null : Number(incrementalRevenue),
    });
  }

  const storeCreditMinor = input.storeCreditMinor ?? 0;
  const referralDiscountsMinor = input.referralDiscountsMinor ?? 0;
  const cost: RoiCost = {
    redeemedPoints: input.redeemedPoints,
    rewardsMinor: input.rewardsMinor,
    storeCreditMinor,
    referralDiscountsMinor,
    totalMinor: input.rewardsMinor + storeCreditMinor + referralDiscountsMinor,
  };
  return withMargin({
    cohorts,
    members: {
      customers: members.customers,
      orders: members.orders,
      revenueMinor: Number(members.revenue),
      revenuePerCustomerMinor: perCustomer(members.revenue, members.customers),
      ordersPerCustomerMilli: perCustomer(BigInt(members.orders), members.customers, 1000n),
    },
    comparableNonMembers: {
      customers: nonMembers.customers,
      orders: Number(divideRounded(nonMembers.expectedOrdersMilli, 1000n)),
      revenueMinor: Number(nonMembers.expectedRevenue),
      revenuePerCustomerMinor: perCustomer(nonMembers.expectedRevenue, members.customers),
      ordersPerCustomerMilli: perCustomer(nonMembers.expectedOrdersMilli, members.customers),
    },
    membersNotCompared,
    incrementalRevenueMinor: Number(incremental),
    marginBasisPoints: null,
    returnMinor: null,
    cost,
    netReturnMinor: null,
    returnOnCostBasisPoints: null,
  }, input.marginBasisPoints);
}

/** The same comparison at another margin (basis points, or null: no return). The page applies the merchant's. */
export function withMargin(roi: ProgramRoi, marginBasisPoints: number | null): ProgramRoi {
  if (marginBasisPoints !== null && (!Number.isSafeInteger(marginBasisPoints) || marginBasisPoints < 0 || marginBasisPoints > MAX_MARGIN_BASIS_POINTS)) {
    throw new RangeError(`A margin is 0–100%, got ${marginBasisPoints} basis points`);
  }
  const returnMinor = marginBasisPoints === null ? null : Number(divideRounded(BigInt(roi.incrementalRevenueMinor) * BigInt(marginBasisPoints), 10_000n));
  return {
    ...roi,
    marginBasisPoints,
    returnMinor,
    netReturnMinor: returnMinor === null ? null : returnMinor - roi.cost.totalMinor,
    returnOnCostBasisPoints: returnMinor === null ? null : ratioBasisPoints(returnMinor, roi.cost.totalMinor),
  };
}
