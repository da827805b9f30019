/**
 * A points slider reward on the Rewards page (docs/decisions/037): the shopper chooses how many points to spend,
 * from the fewest to the most in steps of `pointsCost`, for `amountMinor` off per step. The same checks as the app's
 * `evaluateSliderChoice` (app/loyalty/rewards.ts), plus the shopper's available balance, so a choice the app would
 * refuse is named on its field before any request; the app checks again and its refusal is shown the same way.
 * Pure: no request, no clock.
 */
export interface SliderReward {
  pointsCost: number;
  amountMinor: number | null;
  sliderMinPoints: number | null;
  sliderMaxPoints: number | null;
}

export type SliderCheck =
  | { ok: true; points: number; amountMinor: number }
  | { ok: false; error: "whole" | "range" | "step" | "balance"; values: Record<string, number> };

/** The slider's bounds and step, or null for a slider the app answered without them (it cannot be chosen). */
export function sliderBounds(reward: SliderReward): { min: number; max: number; step: number } | null {
  const { sliderMinPoints: min, sliderMaxPoints: max, pointsCost: step } = reward;
  if (min === null || max === null || reward.amountMinor === null || step <= 0) return null;
  return { min, max, step };
}

/** The amount off `points` buy (exact: the bounds are multiples of the step). */
export function sliderAmountMinor(reward: SliderReward, points: number): number {
  return reward.pointsCost > 0 ? (points / reward.pointsCost) * (reward.amountMinor ?? 0) : 0;
}

/** Where the field starts: the most the balance buys on the slider, and never below its fewest points. */
export function sliderStartPoints(reward: SliderReward, balance: number): number {
  const bounds = sliderBounds(reward);
  if (!bounds) return 0;
  const affordable = Math.floor(Math.max(0, balance) / bounds.step) * bounds.step;
  return Math.max(bounds.min, Math.min(bounds.max, affordable));
}

/** The shopper's choice as typed (the field's string), checked: the points and what they buy, or why not. */
export function checkSliderPoints(reward: SliderReward, typed: string, balance: number): SliderCheck {
  const bounds = sliderBounds(reward);
  const points = Number(typed.trim());
  if (!bounds || typed.trim() === "" || !Number.isSafeInteger(points)) return { ok: false, error: "whole", values: {} };
  if (points < bounds.min || points > bounds.max) return { ok: false, error: "range", values: { min: bounds.min, max: bounds.max } };
  if (points % bounds.step !== 0) return { ok: false, error: "step", values: { step: bounds.step } };
  if (points > balance) return { ok: false, error: "balance", values: { balance: Math.max(0, balance) } };
  return { ok: true, points, amountMinor: sliderAmountMinor(reward, points) };
}
