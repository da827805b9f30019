import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { windowMonths, type CohortCustomer, type CohortMonth } from "./cohorts";
import { calculateRetention } from "./retention";

const base: CohortCustomer = { segment: "member", cohort: "2026-01", liveOrders: 1, paidOrders: 1, spanDays: 0, lastGapDays: null, lastLiveDay: "2026-01-05", lastPaidDay: "2026-01-05" };
const revenue = (cohort: string, month: string, revenueMinor: number, segment: CohortMonth["segment"] = "member"): CohortMonth => ({ segment, cohort, month, customers: 1, orders: 1, revenueMinor });

describe("calculateRetention", () => {
  const cohortMonths = ["2026-01", "2026-02", "2026-03", "2026-04"];
  it("finds lapsed and won-back customers and each cohort's NRR (hand-computed)", () => {
    // As of 2026-04-15, lapsed means no live order since 2026-01-15 (90 days before).
    const customers: CohortCustomer[] = [
      { ...base, lastLiveDay: "2026-01-14" }, // lapsed
      { ...base, liveOrders: 2, paidOrders: 2, lastLiveDay: "2026-04-01", lastPaidDay: "2026-04-01", lastGapDays: 91 }, // won back
      { ...base, liveOrders: 0, lastLiveDay: null, lastPaidDay: "2026-01-15" }, // every order cancelled, the last one on the cutoff: not lapsed
      { ...base, cohort: "2026-03", lastLiveDay: "2026-03-02" },
    ];
    const months = [revenue("2026-01", "2026-01", 1000), revenue("2026-01", "2026-02", 500), revenue("2026-01", "2026-04", 1200), revenue("2026-03", "2026-03", 0), revenue("2026-03", "2026-04", 50)];
    const report = calculateRetention({ months, customers, cohortMonths, asOfDay: "2026-04-15" });
    const jan = report.cohorts.find((row) => row.segment === "member" && row.cohort === "2026-01");
    expect(jan).toEqual({ cohort: "2026-01", segment: "member", customers: 3, lapsed: 1, lapsedBasisPoints: 3333, wonBack: 1, revenueMinor: [1000, 500, 0, 1200], nrrBasisPoints: [10000, 5000, 0, 12000] });
    const march = report.cohorts.find((row) => row.segment === "member" && row.cohort === "2026-03");
    expect(march).toMatchObject({ revenueMinor: [0, 50], nrrBasisPoints: [null, null] }); // a first month with no revenue has no NRR
    expect(report.totals.member).toEqual({ customers: 4, lapsed: 1, lapsedBasisPoints: 2500, wonBack: 1 });
    // The curve weighs the cohorts with month-1 revenue: only January here.
    expect(report.curve.map((point) => point.member)).toEqual([10000, 5000, 0, 12000]);
    expect(report.curve[0]?.nonMember).toBeNull();
  });

  const arbitrary = fc.record({
    customers: fc.array(fc.record({ segment: fc.constantFrom("member" as const, "nonMember" as const), cohort: fc.constantFrom(...windowMonths("2026-06-10", 6)), lastLiveDay: fc.constantFrom("2026-01-20", "2026-03-12", "2026-06-01"), lastGapDays: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }) }), { maxLength: 80 }),
    months: fc.array(fc.record({ segment: fc.constantFrom("member" as const, "nonMember" as const), cohort: fc.constantFrom(...windowMonths("2026-06-10", 6)), offset: fc.integer({ min: 0, max: 5 }), revenueMinor: fc.integer({ min: 0, max: 100_000 }) }), { maxLength: 80 }),
  });

  it("NRR is 100% in month 1 whenever there is month-1 revenue, and cohort sums equal the totals (property)", () => {
    const cohorts = windowMonths("2026-06-10", 6);
    fc.assert(
      fc.property(arbitrary, (input) => {
        const customers = input.customers.map((c) => ({ ...base, ...c, lastPaidDay: c.lastLiveDay }));
        const months = input.months.map((m) => revenue(m.cohort, cohorts[Math.min(cohorts.indexOf(m.cohort) + m.offset, cohorts.length - 1)] ?? m.cohort, m.revenueMinor, m.segment));
        const report = calculateRetention({ months, customers, cohortMonths: cohorts, asOfDay: "2026-06-10" });
        for (const row of report.cohorts) {
          expect(row.nrrBasisPoints[0]).toBe((row.revenueMinor[0] ?? 0) > 0 ? 10000 : null);
          expect(row.revenueMinor).toHaveLength(cohorts.length - cohorts.indexOf(row.cohort));
        }
        for (const point of report.curve.slice(0, 1)) {
          for (const segment of ["member", "nonMember"] as const) if (point[segment] !== null) expect(point[segment]).toBe(10000);
        }
        for (const segment of ["member", "nonMember"] as const) {
          const rows = report.cohorts.filter((row) => row.segment === segment);
          expect(rows.reduce((sum, row) => sum + row.customers, 0)).toBe(report.totals[segment].customers);
          expect(rows.reduce((sum, row) => sum + row.lapsed, 0)).toBe(report.totals[segment].lapsed);
          expect(rows.reduce((sum, row) => sum + row.wonBack, 0)).toBe(report.totals[segment].wonBack);
          const revenueTotal = months.filter((m) => m.segment === segment).reduce((sum, m) => sum + m.revenueMinor, 0);
          expect(rows.reduce((sum, row) => sum + row.revenueMinor.reduce((a, b) => a + b, 0), 0)).toBe(revenueTotal);
        }
      }),
    );
  });
});
