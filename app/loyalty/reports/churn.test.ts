import { describe, expect, it } from "vitest";
import { evaluateChurnRisk } from "./churn";

const DAY = 24 * 60 * 60 * 1000;
const asOf = new Date("2026-06-01T00:00:00Z");
const daysAgo = (days: number) => new Date(asOf.getTime() - days * DAY);

describe("evaluateChurnRisk", () => {
  it("flags a member quiet for more than twice their usual gap", () => {
    // 5 orders over 80 days: a 20-day gap; last order 41 days ago > 40.
    expect(evaluateChurnRisk({ orders: 5, firstPaidAt: daysAgo(121), lastPaidAt: daysAgo(41) }, asOf)).toEqual({ atRisk: true, usualGapDays: 20, daysSinceLastOrder: 41 });
    expect(evaluateChurnRisk({ orders: 5, firstPaidAt: daysAgo(120), lastPaidAt: daysAgo(40) }, asOf)).toMatchObject({ atRisk: false });
  });

  it("waits at least 30 days whatever the cadence", () => {
    // Weekly buyer: 2 × 7 = 14 days, but 25 days is not yet 30.
    expect(evaluateChurnRisk({ orders: 10, firstPaidAt: daysAgo(25 + 63), lastPaidAt: daysAgo(25) }, asOf)).toMatchObject({ atRisk: false, usualGapDays: 7 });
    expect(evaluateChurnRisk({ orders: 10, firstPaidAt: daysAgo(31 + 63), lastPaidAt: daysAgo(31) }, asOf)).toMatchObject({ atRisk: true });
    expect(evaluateChurnRisk({ orders: 2, firstPaidAt: daysAgo(30), lastPaidAt: daysAgo(30) }, asOf)).toMatchObject({ atRisk: false, usualGapDays: 0 });
  });

  it("compares exactly at the boundary (in milliseconds)", () => {
    const history = { orders: 3, firstPaidAt: daysAgo(150), lastPaidAt: daysAgo(50) }; // 50-day gap: at risk after 100 days
    expect(evaluateChurnRisk(history, new Date(history.lastPaidAt.getTime() + 100 * DAY))?.atRisk).toBe(false);
    expect(evaluateChurnRisk(history, new Date(history.lastPaidAt.getTime() + 100 * DAY + 1))?.atRisk).toBe(true);
  });

  it("gives no cadence to a member with one order", () => {
    expect(evaluateChurnRisk({ orders: 1, firstPaidAt: daysAgo(400), lastPaidAt: daysAgo(400) }, asOf)).toBeNull();
  });
});
