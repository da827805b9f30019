import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeReward, evaluateSliderChoice, rewardIssueCode, rewardSchema, sliderAmount } from "./rewards";
import { rewardValuePerPoint } from "./reward-guardrails";

function first<T>(items: readonly T[] | undefined): T {
  const item = items?.[0];
  if (item === undefined) throw new Error("expected at least one item");
  return item;
}

const slider = { name: "Points slider", pointsCost: 100, amountMinor: 100, sliderMinPoints: 200, sliderMaxPoints: 2000 };
const base = { name: "x", pointsCost: 100, expiryDays: 30 };

describe("points slider", () => {
  it("takes a choice from min to max in steps, for a proportional amount off", () => {
    expect(evaluateSliderChoice(slider, 200)).toEqual({ points: 200, amountMinor: 200 });
    expect(evaluateSliderChoice(slider, 1500)).toEqual({ points: 1500, amountMinor: 1500 });
    expect(() => evaluateSliderChoice(slider, 100)).toThrow("Spend from 200 pts to 2,000 pts on Points slider");
    expect(() => evaluateSliderChoice(slider, 2100)).toThrow(/Spend from/);
    expect(() => evaluateSliderChoice(slider, 250)).toThrow("Spend points on Points slider in steps of 100 pts");
    expect(() => evaluateSliderChoice(slider, "500")).toThrow(/Choose how many points/);
    expect(() => evaluateSliderChoice(slider, undefined)).toThrow(/Choose how many points/);
  });

  it("property: every accepted choice is a step inside the range and its amount is exactly points/step × amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 200_000 }), (step, minSteps, extra, amount, chosen) => {
        const reward = { name: "s", pointsCost: step, amountMinor: amount, sliderMinPoints: step * minSteps, sliderMaxPoints: step * (minSteps + extra) };
        let accepted: { points: number; amountMinor: number } | null = null;
        try {
          accepted = evaluateSliderChoice(reward, chosen);
        } catch {
          accepted = null;
        }
        const valid = chosen % step === 0 && chosen >= reward.sliderMinPoints && chosen <= reward.sliderMaxPoints;
        expect(accepted !== null).toBe(valid);
        if (accepted) expect(accepted.amountMinor).toBe((chosen / step) * amount);
      }),
    );
  });

  it("is validated: an amount per step, both bounds, min ≤ max, bounds multiples of the step", () => {
    const parse = (extra: object) => rewardSchema.safeParse({ ...base, kind: "points_slider", ...extra });
    expect(parse({ amountMinor: 100, sliderMinPoints: 100, sliderMaxPoints: 1000 }).success).toBe(true);
    const paths = (extra: object) => parse(extra).error?.issues.map((issue) => issue.path.join("."));
    expect(paths({ sliderMinPoints: 100, sliderMaxPoints: 1000 })).toEqual(["amountMinor"]);
    expect(paths({ amountMinor: 100, sliderMaxPoints: 1000 })).toEqual(["sliderMinPoints"]);
    expect(paths({ amountMinor: 100, sliderMinPoints: 1000, sliderMaxPoints: 100 })).toEqual(["sliderMaxPoints"]);
    expect(paths({ amountMinor: 100, sliderMinPoints: 150, sliderMaxPoints: 1000 })).toEqual(["sliderMinPoints"]);
    const issue = first(parse({ amountMinor: 100, sliderMinPoints: 150, sliderMaxPoints: 1000 }).error?.issues);
    expect(rewardIssueCode(issue)?.key).toBe("program.errors.rewardSliderRange");
  });

  it("is described by its most and its rate, and valued per point like an amount off", () => {
    expect(describeReward({ kind: "points_slider", amountMinor: 100, percentBasisPoints: null, minimumOrderMinor: null, pointsCost: 100, sliderMaxPoints: 2000 }, "USD")).toBe(
      "Up to $20.00 off ($1.00 per 100 pts)",
    );
    expect(rewardValuePerPoint({ kind: "points_slider", pointsCost: 100, amountMinor: 100 })).toEqual({ minorPerPoint: { numerator: 100, denominator: 100 } });
    expect(sliderAmount(700, 100, 150)).toBe(1050);
  });
});

describe("free product", () => {
  it("needs a product and its variant as GIDs", () => {
    const parse = (extra: object) => rewardSchema.safeParse({ ...base, kind: "free_product", ...extra });
    expect(parse({ productGid: "gid://shopify/Product/1", variantGid: "gid://shopify/ProductVariant/2", productTitle: "Beanie" }).success).toBe(true);
    const missing = parse({});
    expect(missing.error?.issues.map((issue) => issue.path.join("."))).toEqual(["productGid"]);
    expect(rewardIssueCode(first(missing.error?.issues))?.key).toBe("program.errors.rewardProductRequired");
    expect(parse({ productGid: "beanie", variantGid: "gid://shopify/ProductVariant/2" }).success).toBe(false);
    expect(describeReward({ kind: "free_product", amountMinor: null, percentBasisPoints: null, minimumOrderMinor: null, productTitle: "Beanie" }, "USD")).toBe("Free Beanie");
  });
});
