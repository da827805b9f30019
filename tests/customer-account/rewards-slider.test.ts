/**
 * The Rewards page's points slider checks (extensions/customer-account-rewards/src/slider.ts): where the field
 * starts, what a choice is worth, and that a choice the page lets through is exactly one the app's
 * `evaluateSliderChoice` accepts (within the balance), so the page never sends what the app refuses, nor refuses
 * what it would take.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkSliderPoints, sliderAmountMinor, sliderStartPoints, type SliderReward } from "../../extensions/customer-account-rewards/src/slider";
import { minorToMajor } from "../../extensions/customer-account-rewards/src/money";
import { evaluateSliderChoice } from "~/loyalty/rewards";

/** 100 to 1,000 points in steps of 100, $1.00 off per step. */
const slider: SliderReward = { pointsCost: 100, amountMinor: 100, sliderMinPoints: 100, sliderMaxPoints: 1000 };

describe("the points slider on the Rewards page", () => {
  it("starts at the most the balance buys, on a step, within the slider", () => {
    expect(sliderStartPoints(slider, 449)).toBe(400);
    expect(sliderStartPoints(slider, 5000)).toBe(1000);
    expect(sliderStartPoints(slider, 40)).toBe(100);
    expect(sliderStartPoints({ ...slider, sliderMaxPoints: null }, 449)).toBe(0);
  });

  it("words the amount a choice buys, exactly", () => {
    expect(sliderAmountMinor(slider, 300)).toBe(300);
    expect(sliderAmountMinor({ ...slider, pointsCost: 250, amountMinor: 199, sliderMinPoints: 250, sliderMaxPoints: 2500 }, 750)).toBe(597);
    expect(minorToMajor(597, "USD")).toBe(5.97);
    expect(minorToMajor(500, "JPY")).toBe(500);
  });

  it("names why a choice cannot be redeemed", () => {
    expect(checkSliderPoints(slider, "300", 449)).toEqual({ ok: true, points: 300, amountMinor: 300 });
    expect(checkSliderPoints(slider, "", 449)).toMatchObject({ ok: false, error: "whole" });
    expect(checkSliderPoints(slider, "2.5", 449)).toMatchObject({ ok: false, error: "whole" });
    expect(checkSliderPoints(slider, "abc", 449)).toMatchObject({ ok: false, error: "whole" });
    expect(checkSliderPoints(slider, "0", 449)).toEqual({ ok: false, error: "range", values: { min: 100, max: 1000 } });
    expect(checkSliderPoints(slider, "1100", 5000)).toMatchObject({ ok: false, error: "range" });
    expect(checkSliderPoints(slider, "150", 449)).toEqual({ ok: false, error: "step", values: { step: 100 } });
    expect(checkSliderPoints(slider, "500", 449)).toEqual({ ok: false, error: "balance", values: { balance: 449 } });
  });

  it("lets through exactly the choices the app accepts within the balance (property)", () => {
    const rewards = fc
      .record({ step: fc.integer({ min: 1, max: 500 }), low: fc.integer({ min: 1, max: 20 }), span: fc.integer({ min: 0, max: 20 }), perStep: fc.integer({ min: 1, max: 10_000 }) })
      .map(({ step, low, span, perStep }) => ({ name: "Slider", pointsCost: step, amountMinor: perStep, sliderMinPoints: step * low, sliderMaxPoints: step * (low + span) }));
    const typed = fc.oneof(fc.integer({ min: -100, max: 12_000 }).map(String), fc.double({ min: 0, max: 12_000, noNaN: true }).map(String), fc.constantFrom("", " ", "1e3", "x"));
    fc.assert(
      fc.property(rewards, typed, fc.integer({ min: 0, max: 12_000 }), (reward, text, balance) => {
        const page = checkSliderPoints(reward, text, balance);
        let app: { points: number; amountMinor: number } | null = null;
        try {
          app = text.trim() === "" ? null : evaluateSliderChoice(reward, Number(text));
        } catch {
          app = null;
        }
        const accepted = app !== null && app.points <= balance;
        expect(page.ok).toBe(accepted);
        if (page.ok && app) expect(page).toEqual({ ok: true, ...app });
      }),
      { numRuns: 2000 },
    );
  });
});
