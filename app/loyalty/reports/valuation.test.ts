import { describe, expect, it } from "vitest";
import { calculateReportPointValue, describePointValue, formatPointWorth } from "./valuation";

describe("calculateReportPointValue", () => {
  it("takes the program's point value and says where it comes from", () => {
    const value = calculateReportPointValue({ minorUnits: 6, points: 5 });
    expect(value).toEqual({ minorPerPoint: { numerator: 6, denominator: 5 }, source: "setting" });
    expect(describePointValue(value, "USD")).toBe("1 point ≈ $0.012, your program's point value (set on the Program page)");
  });

  it("assumes 1 minor unit a point when the shop has not set one, and says so", () => {
    const value = calculateReportPointValue(null);
    expect(value).toMatchObject({ source: "default", minorPerPoint: { numerator: 1, denominator: 1 } });
    expect(describePointValue(value, "USD")).toBe("1 point ≈ $0.01, assumed: set what a point is worth on the Program page");
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
