/**
 * What a point is worth in money in the reports.
 *
 * Rules:
 * - The shop's point value is the app's one rule (app/loyalty/point-value.ts): the best rate among its active
 *   fixed-amount rewards, amount ÷ points cost, as an exact fraction of minor units per point.
 * - A shop without an active fixed-amount reward still gets money figures, at the default catalog's rate (its
 *   fixed-amount reward: 500 points for 500 minor units, i.e. 1 point = 1 cent in USD), labelled as an assumption.
 * - The sentence that explains the value shows one point's worth rounded half up to 2 more decimals than the
 *   currency has (trailing zeros trimmed down to the currency's own decimals): "1 point ≈ $0.012".
 */
import { currencyExponent, formatMoney, minorToDecimalString } from "../money";
import { evaluatePointValue, type PricedReward } from "../point-value";
import { DEFAULT_REWARDS } from "../rewards";
import type { PointValue } from "../simulator";

export interface ReportPointValue extends PointValue {
  /** "reward": from the shop's catalog; "default": assumed, the shop has no active fixed-amount reward. */
  source: "reward" | "default";
  rewardName: string;
}

const EXTRA_DIGITS = 2;

export function calculateReportPointValue(rewards: readonly PricedReward[]): ReportPointValue {
  const own = evaluatePointValue(rewards);
  if (own) return { minorPerPoint: own.minorPerPoint, source: "reward", rewardName: own.fromReward };
  const fallback = evaluatePointValue(DEFAULT_REWARDS);
  // The default catalog always holds a fixed-amount reward; 1 minor unit per point if someone removes it.
  return {
    minorPerPoint: fallback?.minorPerPoint ?? { numerator: 1, denominator: 1 },
    source: "default",
    rewardName: fallback?.fromReward ?? "1 point = 1 minor unit",
  };
}

/** One point's worth, e.g. "$0.01", "$0.012", "¥1". */
export function formatPointWorth(value: PointValue, currency: string): string {
  const exponent = currencyExponent(currency);
  const { numerator, denominator } = value.minorPerPoint;
  const scale = 10n ** BigInt(EXTRA_DIGITS);
  const scaled = (BigInt(numerator) * scale * 2n + BigInt(denominator)) / (2n * BigInt(denominator));
  let decimal = minorToDecimalString(scaled, exponent + EXTRA_DIGITS);
  // Trim the extra digits' trailing zeros, keeping the currency's own decimals.
  for (let extra = EXTRA_DIGITS; extra > 0 && decimal.endsWith("0"); extra--) decimal = decimal.slice(0, -1);
  if (decimal.endsWith(".")) decimal = decimal.slice(0, -1);
  const digits = decimal.includes(".") ? (decimal.split(".")[1]?.length ?? 0) : 0;
  const formatter = new Intl.NumberFormat("en-US", { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  // Intl formats decimal strings exactly; the ES2022 typings lack that overload (see money.ts).
  const format = formatter.format as unknown as (text: string) => string;
  return format(decimal);
}

/** "1 point ≈ $0.01, from your “$5 off your order” reward ($5.00 for 500 points)". */
export function describePointValue(value: ReportPointValue, currency: string): string {
  const { numerator, denominator } = value.minorPerPoint;
  const deal = `${formatMoney(numerator, currency)} for ${denominator.toLocaleString("en-US")} points`;
  const worth = `1 point ≈ ${formatPointWorth(value, currency)}`;
  return value.source === "reward"
    ? `${worth}, from your “${value.rewardName}” reward (${deal})`
    : `${worth}, assumed: no active fixed-amount reward, so the default catalog's rate is used (${deal})`;
}
