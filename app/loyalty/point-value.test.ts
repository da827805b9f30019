import { describe, expect, it } from "vitest";
import { evaluatePointValue, pointsToMinor } from "./point-value";

const reward = (name: string, pointsCost: number, amountMinor: number | null, kind = "fixed_amount", active = true) => ({
  name,
  kind,
  active,
  pointsCost,
  amountMinor,
});

describe("evaluatePointValue", () => {
  it("takes the best rate among active fixed-amount rewards", () => {
    const value = evaluatePointValue([reward("$5 for 500", 500, 500), reward("$12 for 1000", 1000, 1200), reward("10%", 100, null, "percentage")]);
    expect(value).toEqual({ minorPerPoint: { numerator: 1200, denominator: 1000 }, fromReward: "$12 for 1000" });
  });

  it("has no value without an active fixed-amount reward", () => {
    expect(evaluatePointValue([reward("off", 500, 500, "fixed_amount", false), reward("ship", 300, null, "free_shipping")])).toBeNull();
  });
});

describe("pointsToMinor", () => {
  it("rounds half up once", () => {
    const value = { minorPerPoint: { numerator: 1, denominator: 3 } };
    expect(pointsToMinor(1, value)).toBe(0);
    expect(pointsToMinor(2, value)).toBe(1);
    expect(pointsToMinor(300, value)).toBe(100);
    expect(pointsToMinor(-2, value)).toBe(-1);
    // Half up on both sides of zero: 415.5 minor units a point.
    const half = { minorPerPoint: { numerator: 831, denominator: 2 } };
    expect(pointsToMinor(1, half)).toBe(416);
    expect(pointsToMinor(-1, half)).toBe(-415);
    expect(pointsToMinor(-2691, { minorPerPoint: { numerator: 4986, denominator: 12 } })).toBe(-1118110);
  });
});
