import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CohortCustomer, CohortMonth, InsightSegment } from "./cohorts";
import { calculateProgramRoi, withMargin } from "./roi";

const customer = (segment: InsightSegment, cohort: string): CohortCustomer => ({ segment, cohort, liveOrders: 1, paidOrders: 1, spanDays: 0, lastGapDays: null, lastLiveDay: `${cohort}-05`, lastPaidDay: `${cohort}-05` });
const many = (n: number, segment: InsightSegment, cohort: string) => Array.from({ length: n }, () => customer(segment, cohort));
const month = (segment: InsightSegment, cohort: string, orders: number, revenueMinor: number, at = cohort): CohortMonth => ({ segment, cohort, month: at, customers: 1, orders, revenueMinor });

describe("calculateProgramRoi", () => {
  // Hand-computed:
  //   2026-01: 2 members spent 400 (3 orders); 4 non-members 400 (4 orders) → expected 2 × 400/4 = 200, +200.
  //   2026-02: 1 member, no non-member → not compared.
  //   2026-03: 3 members spent 100 (2 orders); 2 non-members 100 (2 orders) → expected 3 × 100/2 = 150, −50.
  //   Incremental 150; at 40% → 60 of margin; cost 500 → net −440, 60/500 = 12.00%.
  const input = {
    customers: [...many(2, "member", "2026-01"), ...many(4, "nonMember", "2026-01"), ...many(1, "member", "2026-02"), ...many(3, "member", "2026-03"), ...many(2, "nonMember", "2026-03")],
    months: [
      month("member", "2026-01", 2, 300),
      month("member", "2026-01", 1, 100, "2026-02"),
      month("nonMember", "2026-01", 4, 400),
      month("member", "2026-02", 1, 50),
      month("member", "2026-03", 2, 100),
      month("nonMember", "2026-03", 2, 100),
    ],
    redeemedPoints: 500,
    rewardsMinor: 500,
    marginBasisPoints: 4000,
  };

  it("compares members with the non-members of their first-order cohort, at the merchant's margin", () => {
    const roi = calculateProgramRoi(input);
    expect(roi.cohorts.map((c) => [c.cohort, c.comparable, c.incrementalRevenueMinor])).toEqual([
      ["2026-01", true, 200],
      ["2026-02", false, null],
      ["2026-03", true, -50],
    ]);
    expect(roi.members).toEqual({ customers: 5, orders: 5, revenueMinor: 500, revenuePerCustomerMinor: 100, ordersPerCustomerMilli: 1000 });
    expect(roi.comparableNonMembers).toEqual({ customers: 6, orders: 5, revenueMinor: 350, revenuePerCustomerMinor: 70, ordersPerCustomerMilli: 1000 });
    expect(roi.membersNotCompared).toBe(1);
    expect(roi).toMatchObject({ incrementalRevenueMinor: 150, marginBasisPoints: 4000, returnMinor: 60, netReturnMinor: -440, returnOnCostBasisPoints: 1200 });
    expect(roi.cost).toEqual({ redeemedPoints: 500, rewardsMinor: 500, storeCreditMinor: 0, referralDiscountsMinor: 0, totalMinor: 500 });
  });

  it("gives no return without a margin, and none per unit of cost without a cost", () => {
    expect(calculateProgramRoi({ ...input, marginBasisPoints: null })).toMatchObject({ incrementalRevenueMinor: 150, returnMinor: null, netReturnMinor: null, returnOnCostBasisPoints: null });
    expect(calculateProgramRoi({ ...input, redeemedPoints: 0, rewardsMinor: 0 })).toMatchObject({ returnMinor: 60, netReturnMinor: 60, returnOnCostBasisPoints: null });
  });

  it("refuses a margin outside 0–100%", () => {
    const roi = calculateProgramRoi(input);
    expect(() => withMargin(roi, 10_001)).toThrow(RangeError);
    expect(() => withMargin(roi, -1)).toThrow(RangeError);
    expect(withMargin(roi, 10_000).returnMinor).toBe(150);
    expect(withMargin(roi, 0).returnMinor).toBe(0);
  });

  const cohortArbitrary = fc.record({
    members: fc.integer({ min: 1, max: 50 }),
    nonMembers: fc.integer({ min: 1, max: 50 }),
    revenuePerCustomer: fc.integer({ min: 0, max: 1_000_000 }),
    ordersPerCustomer: fc.integer({ min: 0, max: 20 }),
  });

  it("is zero when members buy exactly what non-members of their cohort buy (property)", () => {
    fc.assert(
      fc.property(fc.array(cohortArbitrary, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 1_000_000 }), (cohorts, margin, cost) => {
        const customers: CohortCustomer[] = [];
        const months: CohortMonth[] = [];
        cohorts.forEach((c, index) => {
          const cohort = `2025-${String(index + 1).padStart(2, "0")}`;
          customers.push(...many(c.members, "member", cohort), ...many(c.nonMembers, "nonMember", cohort));
          months.push(month("member", cohort, c.members * c.ordersPerCustomer, c.members * c.revenuePerCustomer));
          months.push(month("nonMember", cohort, c.nonMembers * c.ordersPerCustomer, c.nonMembers * c.revenuePerCustomer));
        });
        const roi = calculateProgramRoi({ customers, months, redeemedPoints: cost, rewardsMinor: cost, marginBasisPoints: margin });
        expect(roi.incrementalRevenueMinor).toBe(0);
        expect(roi.returnMinor).toBe(0);
        expect(roi.netReturnMinor).toBe(0 - cost);
        expect(roi.members.revenuePerCustomerMinor).toBe(roi.comparableNonMembers.revenuePerCustomerMinor);
        expect(roi.members.ordersPerCustomerMilli).toBe(roi.comparableNonMembers.ordersPerCustomerMilli);
      }),
    );
  });

  it("adds up over cohorts: the total is the sum of the cohorts' incremental revenue (property)", () => {
    const arbitrary = fc.array(fc.record({ members: fc.integer({ min: 0, max: 30 }), nonMembers: fc.integer({ min: 0, max: 30 }), memberRevenue: fc.integer({ min: 0, max: 500_000 }), nonMemberRevenue: fc.integer({ min: 0, max: 500_000 }) }), { maxLength: 12 });
    fc.assert(
      fc.property(arbitrary, (cohorts) => {
        const customers: CohortCustomer[] = [];
        const months: CohortMonth[] = [];
        cohorts.forEach((c, index) => {
          const cohort = `2025-${String(index + 1).padStart(2, "0")}`;
          customers.push(...many(c.members, "member", cohort), ...many(c.nonMembers, "nonMember", cohort));
          months.push(month("member", cohort, c.members, c.members > 0 ? c.memberRevenue : 0), month("nonMember", cohort, c.nonMembers, c.nonMembers > 0 ? c.nonMemberRevenue : 0));
        });
        const roi = calculateProgramRoi({ customers, months, redeemedPoints: 0, rewardsMinor: 0, marginBasisPoints: 5000 });
        const sum = roi.cohorts.reduce((total, c) => total + (c.incrementalRevenueMinor ?? 0), 0);
        expect(roi.incrementalRevenueMinor).toBe(sum);
        expect(roi.members.customers + roi.membersNotCompared).toBe(cohorts.reduce((total, c) => total + c.members, 0));
        expect(roi.members.revenueMinor - roi.comparableNonMembers.revenueMinor).toBe(roi.incrementalRevenueMinor);
      }),
    );
  });
});
