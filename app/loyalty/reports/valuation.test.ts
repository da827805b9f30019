import { describe, expect, it } from "vitest";
import { calculateReportPointValue, describePointValue, formatPointWorth } from "./valuation";

const reward = (name: string, pointsCost: number, amountMinor: number | null, kind = "fixed_amount", active = true) => ({ name, kind, active, pointsCost, amountMinor });

describe("calculateReportPointValue", () => {
  it("takes the shop's best fixed-amount rate and says where it comes from", () => {
    const value = calculateReportPointValue([reward("$5 off", 500, 500), reward("$12 off", 1000, 1200), reward("10% off", 100, null, "percentage")]);
    expect(value).toEqual({ minorPerPoint: { numerator: 1200, denominator: 1000 }, source: "reward", rewardName: "$12 off" });
    expect(describePointValue(value, "USD")).toBe("1 point ≈ $0.012, from your “$12 off” reward ($12.00 for 1,000 points)");
  });

  it("falls back to the default catalog's rate, labelled as assumed", () => {
    const value = calculateReportPointValue([reward("Free shipping", 300, null, "free_shipping"), reward("Old", 100, 5000, "fixed_amount", false)]);
    expect(value).toMatchObject({ source: "default", minorPerPoint: { numerator: 500, denominator: 500 } });
    expect(describePointValue(value, "USD")).toBe(
      "1 point ≈ $0.01, assumed: no active fixed-amount reward, so the default catalog's rate is used ($5.00 for 500 points)",
    );
  });
});

describe("formatPointWorth", () => {
  it("shows up to two more decimals than the currency, rounded half up, trailing zeros trimmed", () => {
    expect(formatPointWorth({ minorPerPoint: { numerator: 1, denominator: 3 } }, "USD")).toBe("$0.0033");
    expect(formatPointWorth({ minorPerPoint: { numerator: 2, denominator: 3 } }, "USD")).toBe("$0.0067");
    expect(formatPointWorth({ minorPerPoint: { numerator: 100, denominator: 1 } }, "USD")).toBe("$1.00");
    expect(formatPointWorth({ minorPerPoint: { numerator: 1, denominator: 1 } }, "JPY")).toBe("¥1");
    expect(formatPointWorth({ minorPerPoint: { numerator: 1, denominator: 8 } }, "JPY")).toBe("¥0.13");
  });
});
