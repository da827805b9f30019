import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectInvalidInput } from "../../../tests/support/loyalty";
import { estimateBreakage, maturityDaysFor } from "./breakage";

describe("estimateBreakage", () => {
  it("treats points dormant beyond the window as never redeemed (oldest points spent first)", () => {
    // Issued 2,000,000 (1,000,000 over a year ago); redeemed 600,000; nothing expired: 1,400,000 outstanding.
    // Spent oldest first, 1,000,000 of those are this year's (undecided); 400,000 old points sit unused.
    // Decided 1,000,000, of which 600,000 redeemed: 60% redemption, 40% breakage.
    const estimate = estimateBreakage({ issued: 2_000_000, redeemed: 600_000, outstanding: 1_400_000, issuedInWindow: 1_000_000, maturityDays: 365 });
    expect(estimate).toEqual({
      status: "estimated",
      maturityDays: 365,
      decided: 1_000_000,
      redeemed: 600_000,
      redemptionRate: { numerator: 600_000, denominator: 1_000_000 },
      redemptionRateBasisPoints: 6000,
      breakageRateBasisPoints: 4000,
      outstanding: 1_400_000,
      expectedBreakagePoints: 560_000,
      liabilityNetPoints: 840_000,
    });
  });

  it("expects no breakage when every old point was redeemed", () => {
    const estimate = estimateBreakage({ issued: 2_000_000, redeemed: 1_200_000, outstanding: 800_000, issuedInWindow: 1_000_000, maturityDays: 365 });
    expect(estimate).toMatchObject({ status: "estimated", decided: 1_200_000, breakageRateBasisPoints: 0, expectedBreakagePoints: 0, liabilityNetPoints: 800_000 });
  });

  it("counts expired points as decided and not redeemed", () => {
    // 1,000 issued long ago: 600 redeemed, 300 expired, 100 outstanding, nothing recent.
    const estimate = estimateBreakage({ issued: 1000, redeemed: 600, outstanding: 100, issuedInWindow: 0, maturityDays: 90 });
    expect(estimate).toMatchObject({ decided: 1000, redemptionRateBasisPoints: 6000, expectedBreakagePoints: 40, liabilityNetPoints: 60 });
  });

  it("rounds the expected breakage half up once", () => {
    // Redemption 2/3: breakage of 100 points = 33.33… → 33; of 101 points = 33.67 → 34.
    expect(estimateBreakage({ issued: 303, redeemed: 2, outstanding: 100, issuedInWindow: 0, maturityDays: 365 })).toMatchObject({ expectedBreakagePoints: 99 });
    expect(estimateBreakage({ issued: 103, redeemed: 2, outstanding: 100, issuedInWindow: 100, maturityDays: 365 })).toMatchObject({ decided: 3, expectedBreakagePoints: 33 });
  });

  it("has no estimate until points older than the window exist", () => {
    expect(estimateBreakage({ issued: 5000, redeemed: 1000, outstanding: 4000, issuedInWindow: 5000, maturityDays: 365 })).toEqual({ status: "insufficient_history", maturityDays: 365 });
    expect(estimateBreakage({ issued: 0, redeemed: 0, outstanding: 0, issuedInWindow: 0, maturityDays: 365 })).toEqual({ status: "insufficient_history", maturityDays: 365 });
  });

  it("uses the expiry period as the window when the program has one", () => {
    expect(maturityDaysFor(null)).toBe(365);
    expect(maturityDaysFor(90)).toBe(90);
  });

  it("refuses fractional input", () => {
    expectInvalidInput(() => estimateBreakage({ issued: 1.5, redeemed: 0, outstanding: 0, issuedInWindow: 0, maturityDays: 365 }));
  });

  it("keeps breakage between none and all of the outstanding points, and net + breakage = outstanding", () => {
    fc.assert(
      fc.property(fc.nat(1e9), fc.nat(1e9), fc.nat(1e9), fc.nat(1e9), (redeemed, expired, outstanding, inWindow) => {
        const issued = redeemed + expired + outstanding;
        const estimate = estimateBreakage({ issued, redeemed, outstanding, issuedInWindow: Math.min(inWindow, issued), maturityDays: 365 });
        if (estimate.status !== "estimated") return;
        expect(estimate.expectedBreakagePoints).toBeGreaterThanOrEqual(0);
        expect(estimate.expectedBreakagePoints).toBeLessThanOrEqual(outstanding);
        expect(estimate.liabilityNetPoints + estimate.expectedBreakagePoints).toBe(outstanding);
        expect(estimate.redemptionRateBasisPoints + estimate.breakageRateBasisPoints).toBe(10000);
      }),
    );
  });
});
