import { describe, expect, it } from "vitest";
import { calculateLiabilityReport } from "./liability";
import { emptyMovements } from "./roll-forward";

const movements = (values: Partial<ReturnType<typeof emptyMovements>>) => ({ ...emptyMovements(), ...values });
const ONE_CENT = { minorPerPoint: { numerator: 1, denominator: 1 } };

describe("calculateLiabilityReport", () => {
  it("derives redemption rates and breakage from the ledger's totals", () => {
    const report = calculateLiabilityReport({
      dates: ["2026-06-01", "2026-06-02"],
      // Before the range: 10,000 earned, 400 clawed back, 5,000 redeemed, 600 expired → 4,000 outstanding.
      beforeRange: movements({ earned: 10_000, clawedBack: -400, redeemed: -5_000, expired: -600 }),
      daily: [
        { date: "2026-06-01", movements: movements({ earned: 1_000, redeemed: -500 }) },
        { date: "2026-06-02", movements: movements({ earned: 1_000, adjustedOut: -100 }) },
      ],
      maturityDays: 30,
      issuedInWindowBeforeRange: 2_000,
      pointValue: ONE_CENT,
    });
    expect(report.rollForward.totals).toMatchObject({ opening: 4_000, closing: 5_400 });
    expect(report.redemption).toEqual({
      issuedInRange: 1_900,
      redeemedInRange: 500,
      rangeRateBasisPoints: 2632,
      issuedToDate: 11_500,
      redeemedToDate: 5_500,
      toDateRateBasisPoints: 4783,
    });
    expect(report.maturityWindowStart).toBe("2026-05-04");
    // Issued in the window 2,000 + 1,900 = 3,900 (< 5,400 outstanding): decided = 11,500 − 3,900 = 7,600;
    // redeemed 5,500 → 72.37% (7237 bp); breakage on 5,400 = 5,400 × 2,100 / 7,600 = 1,492.1 → 1,492.
    expect(report.breakage).toMatchObject({ status: "estimated", decided: 7_600, redemptionRateBasisPoints: 7237, expectedBreakagePoints: 1_492, liabilityNetPoints: 3_908 });
    expect(report.breakageMoney).toEqual({ expectedBreakageMinor: 1_492, liabilityNetMinor: 3_908 });
  });

  it("counts only the range's days inside a window that starts within the range", () => {
    const report = calculateLiabilityReport({
      dates: ["2026-06-01", "2026-06-02", "2026-06-03"],
      beforeRange: movements({ earned: 1_000 }),
      daily: [
        { date: "2026-06-01", movements: movements({ earned: 100 }) },
        { date: "2026-06-02", movements: movements({ earned: 200 }) },
        { date: "2026-06-03", movements: movements({ earned: 300, redeemed: -1_000 }) },
      ],
      maturityDays: 2,
      issuedInWindowBeforeRange: 0,
      pointValue: ONE_CENT,
    });
    // Window = Jun 2–3: 500 issued; outstanding 600 → undecided 500; decided 1,100, redeemed 1,000.
    expect(report.breakage).toMatchObject({ status: "estimated", decided: 1_100, redeemed: 1_000, expectedBreakagePoints: 55 });
  });
});
