import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { histogramMedian, windowMonths, type CohortCustomer } from "./cohorts";
import { calculateRepeatPurchase } from "./repeat-purchase";

const base: CohortCustomer = { segment: "member", cohort: "2026-01", liveOrders: 1, paidOrders: 1, spanDays: 0, lastGapDays: null, lastLiveDay: "2026-01-05", lastPaidDay: "2026-01-05" };

describe("calculateRepeatPurchase", () => {
  it("counts repeat customers and the median usual gap per cohort and segment (hand-computed)", () => {
    const customers: CohortCustomer[] = [
      { ...base, liveOrders: 3, paidOrders: 3, spanDays: 61 }, // gap ⌊61 / 2⌋ = 30
      { ...base },
      { ...base, liveOrders: 2, paidOrders: 2, spanDays: 10 }, // gap 10
      { ...base, segment: "nonMember", liveOrders: 2, paidOrders: 3, spanDays: 40 }, // gap 20 (a cancelled order counts in the span)
      { ...base, segment: "nonMember", liveOrders: 1, paidOrders: 2, spanDays: 40 }, // one live order: not a repeat customer
      { ...base, cohort: "2026-02" },
      { ...base, cohort: "2025-12", liveOrders: 5, paidOrders: 5 }, // outside the window
    ];
    const report = calculateRepeatPurchase(customers, ["2026-01", "2026-02"]);
    expect(report.cohorts).toEqual([
      { cohort: "2026-01", member: { customers: 3, repeatCustomers: 2, repeatRateBasisPoints: 6667, medianDaysBetweenOrders: 10 }, nonMember: { customers: 2, repeatCustomers: 1, repeatRateBasisPoints: 5000, medianDaysBetweenOrders: 20 } },
      { cohort: "2026-02", member: { customers: 1, repeatCustomers: 0, repeatRateBasisPoints: 0, medianDaysBetweenOrders: null }, nonMember: { customers: 0, repeatCustomers: 0, repeatRateBasisPoints: null, medianDaysBetweenOrders: null } },
    ]);
    expect(report.totals.member).toEqual({ customers: 4, repeatCustomers: 2, repeatRateBasisPoints: 5000, medianDaysBetweenOrders: 10 });
  });

  it("takes the lower middle of an even count", () => {
    expect(histogramMedian(new Map([[10, 1], [30, 1]]))).toBe(10);
    expect(histogramMedian(new Map([[7, 2], [3, 1]]))).toBe(7);
    expect(histogramMedian(new Map())).toBeNull();
  });

  it("names the months of the window, oldest first, across a year end", () => {
    expect(windowMonths("2026-02-14", 4)).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });

  it("cohort sums equal the totals (property)", () => {
    const months = windowMonths("2026-06-30", 6);
    const arbitrary = fc.array(
      fc.record({
        segment: fc.constantFrom("member" as const, "nonMember" as const),
        cohort: fc.constantFrom(...months),
        liveOrders: fc.integer({ min: 0, max: 6 }),
        extra: fc.integer({ min: 0, max: 2 }),
        spanDays: fc.integer({ min: 0, max: 400 }),
      }),
      { maxLength: 200 },
    );
    fc.assert(
      fc.property(arbitrary, (rows) => {
        const customers = rows.map((row) => ({ ...base, ...row, paidOrders: Math.max(row.liveOrders + row.extra, 1) }));
        const report = calculateRepeatPurchase(customers, months);
        for (const segment of ["member", "nonMember"] as const) {
          expect(report.cohorts.reduce((sum, c) => sum + c[segment].customers, 0)).toBe(report.totals[segment].customers);
          expect(report.cohorts.reduce((sum, c) => sum + c[segment].repeatCustomers, 0)).toBe(report.totals[segment].repeatCustomers);
          expect(report.totals[segment].customers).toBe(customers.filter((c) => c.segment === segment).length);
        }
      }),
    );
  });
});
