/**
 * Guardrails on what a reward gives (docs/decisions/019-explicit-point-value.md).
 *
 * Rules:
 * - A fixed-amount reward's value per point is amount ÷ points cost (an exact fraction of minor units). Percentage
 *   and free-shipping rewards have no fixed value per point: nothing to compare.
 * - An outlier gives more than OUTLIER_FACTOR × the program's point value per point: it is saved only when the
 *   merchant confirms (CONFIRMATION_REQUIRED otherwise, naming both values). Without a program point value there
 *   is nothing to compare with.
 * - A fixed amount off has a ceiling that no confirmation passes: the larger of AMOUNT_FLOOR_MAJOR of the currency
 *   and the largest order of the last year (a code larger than any order could never be used in full), and never
 *   more than AMOUNT_CEILING_MAJOR. A minimum order is capped at AMOUNT_CEILING_MAJOR too. Percentages are ≤ 100%.
 * - Messages are in the merchant's units (money formatted in the shop currency, points grouped), keyed by the form
 *   field ("amountMinor") so the form marks the right field, each with its code (field-error-codes.ts) carrying the
 *   money in minor units for the admin to format in its locale.
 */
import { LoyaltyError } from "./errors";
import { fieldErrorCode, money, type FieldErrorCodes } from "./field-error-codes";
import { currencyExponent, formatMoney } from "./money";
import { compareFractions, type PointValueSetting } from "./point-value";
import { formatPointWorth } from "./reports/valuation";
import type { PointValue } from "./simulator";

export const OUTLIER_FACTOR = 5;
/** A fixed amount off may always go up to this many major units of the currency. */
export const AMOUNT_FLOOR_MAJOR = 1_000;
/** No fixed amount off or minimum order above this many major units, whatever the orders. */
export const AMOUNT_CEILING_MAJOR = 100_000;

export interface GuardedReward {
  kind: string;
  pointsCost: number;
  amountMinor: number | null;
  minimumOrderMinor: number | null;
}

/** Minor units per point of a fixed-amount reward, or null when the reward has no fixed value. */
export function rewardValuePerPoint(reward: Pick<GuardedReward, "kind" | "pointsCost" | "amountMinor">): PointValue | null {
  // A points slider gives amountMinor per step of pointsCost: the same value per point at every position.
  if ((reward.kind !== "fixed_amount" && reward.kind !== "points_slider") || !reward.amountMinor || reward.pointsCost <= 0) return null;
  return { minorPerPoint: { numerator: reward.amountMinor, denominator: reward.pointsCost } };
}

/** The highest fixed amount off a reward may give, in minor units. */
export function calculateAmountCeiling(currency: string, largestRecentOrderMinor: number | null): number {
  const unit = 10 ** currencyExponent(currency);
  return Math.min(Math.max(AMOUNT_FLOOR_MAJOR * unit, largestRecentOrderMinor ?? 0), AMOUNT_CEILING_MAJOR * unit);
}

/** How many times the program's value per point the reward gives, to one decimal (125 tenths: "12.5"). */
function timesProgramTenths(reward: PointValue, program: PointValue): bigint {
  return (BigInt(reward.minorPerPoint.numerator) * BigInt(program.minorPerPoint.denominator) * 10n) /
    (BigInt(reward.minorPerPoint.denominator) * BigInt(program.minorPerPoint.numerator));
}

function timesProgram(reward: PointValue, program: PointValue): string {
  const tenfold = timesProgramTenths(reward, program);
  const whole = tenfold / 10n;
  const tenth = tenfold % 10n;
  return `${whole.toLocaleString("en-US")}${tenth === 0n ? "" : `.${tenth}`}`;
}

export interface RewardGuardrailInput {
  reward: GuardedReward;
  pointValue: PointValueSetting | null;
  currency: string;
  largestRecentOrderMinor: number | null;
  confirmed: boolean;
}

/** Throws INVALID_INPUT past a ceiling, CONFIRMATION_REQUIRED for an unconfirmed outlier; returns otherwise. */
export function evaluateRewardGuardrails({ reward, pointValue, currency, largestRecentOrderMinor, confirmed }: RewardGuardrailInput): void {
  const unit = 10 ** currencyExponent(currency);
  const fieldErrors: Record<string, string> = {};
  const fieldErrorCodes: FieldErrorCodes = {};
  if (reward.kind === "fixed_amount" && reward.amountMinor !== null) {
    const ceiling = calculateAmountCeiling(currency, largestRecentOrderMinor);
    if (reward.amountMinor > ceiling) {
      const largest = largestRecentOrderMinor ? ` (your largest order in the last year was ${formatMoney(largestRecentOrderMinor, currency)})` : "";
      fieldErrors.amountMinor = `The amount off can be at most ${formatMoney(ceiling, currency)}${largest}: a larger code could never be used in full`;
      fieldErrorCodes.amountMinor = largestRecentOrderMinor
        ? fieldErrorCode("amountCeilingWithLargest", { ceiling: money(ceiling, currency), largest: money(largestRecentOrderMinor, currency) })
        : fieldErrorCode("amountCeiling", { ceiling: money(ceiling, currency) });
    }
  }
  if (reward.minimumOrderMinor !== null && reward.minimumOrderMinor > AMOUNT_CEILING_MAJOR * unit) {
    fieldErrors.minimumOrderMinor = `The minimum order can be at most ${formatMoney(AMOUNT_CEILING_MAJOR * unit, currency)}`;
    fieldErrorCodes.minimumOrderMinor = fieldErrorCode("minimumOrderCeiling", { ceiling: money(AMOUNT_CEILING_MAJOR * unit, currency) });
  }
  const messages = Object.values(fieldErrors);
  if (messages.length > 0) throw new LoyaltyError("INVALID_INPUT", `Nothing was saved. ${messages.join("; ")}`, { fieldErrors, fieldErrorCodes });

  const value = rewardValuePerPoint(reward);
  if (!value || !pointValue || confirmed) return;
  const program: PointValue = { minorPerPoint: { numerator: pointValue.minorUnits, denominator: pointValue.points } };
  const limit: PointValue = { minorPerPoint: { numerator: program.minorPerPoint.numerator * OUTLIER_FACTOR, denominator: program.minorPerPoint.denominator } };
  if (compareFractions(value.minorPerPoint, limit.minorPerPoint) <= 0) return;
  const message =
    `This reward gives ${formatPointWorth(value, currency)} per point, ${timesProgram(value, program)}× your program's point value ` +
    `(${formatPointWorth(program, currency)}). Check the amount and the cost, or confirm to save it anyway.`;
  const code = fieldErrorCode("rewardOutlier", {
    worth: { worth: value.minorPerPoint, currency },
    times: Number(timesProgramTenths(value, program)) / 10,
    program: { worth: program.minorPerPoint, currency },
  });
  throw new LoyaltyError("CONFIRMATION_REQUIRED", message, { fieldErrors: { amountMinor: message }, fieldErrorCodes: { amountMinor: code } });
}
