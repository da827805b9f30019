/**
 * What a point is worth in money in the reports.
 *
 * Rules:
 * - The shop's point value is the program setting (app/loyalty/point-value.ts): money per point, an exact fraction
 *   of minor units per point that the merchant sets on the Program page. Rewards no longer move it.
 * - A shop without the setting (its old catalog had no fixed-amount reward) still gets money figures, at the default
 *   program's value (1 minor unit a point, the default catalog's "$5 off for 500 points"), labelled as assumed.
 * - The sentence that explains the value shows one point's worth rounded half up to 2 more decimals than the
 *   currency has (trailing zeros trimmed down to the currency's own decimals): "1 point ≈ $0.012".
 */
import { currencyExponent, minorToDecimalString } from "../money";
import { toPointValue, type PointValueSetting } from "../point-value";
import type { PointValue } from "../simulator";

export interface ReportPointValue extends PointValue {
  /** "setting": the program's point value; "default": assumed, the shop has not set one. */
  source: "setting" | "default";
}

const EXTRA_DIGITS = 2;

export function calculateReportPointValue(setting: PointValueSetting | null): ReportPointValue {
  if (setting) return { ...toPointValue(setting), source: "setting" };
  return { minorPerPoint: { numerator: 1, denominator: 1 }, source: "default" };
}

/** One point's worth, e.g. "$0.01", "$0.012", "¥1". */
export function formatPointWorth(value: PointValue, currency: string, locale = "en-US"): string {
  const exponent = currencyExponent(currency);
  const { numerator, denominator } = value.minorPerPoint;
  const scale = 10n ** BigInt(EXTRA_DIGITS);
  const scaled = (BigInt(numerator) * scale * 2n + BigInt(denominator)) / (2n * BigInt(denominator));
  let decimal = minorToDecimalString(scaled, exponent + EXTRA_DIGITS);
  // Trim the extra digits' trailing zeros, keeping the currency's own decimals.
  for (let extra = EXTRA_DIGITS; extra > 0 && decimal.endsWith("0"); extra--) decimal = decimal.slice(0, -1);
  if (decimal.endsWith(".")) decimal = decimal.slice(0, -1);
  const digits = decimal.includes(".") ? (decimal.split(".")[1]?.length ?? 0) : 0;
  const formatter = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  // Intl formats decimal strings exactly; the ES2022 typings lack that overload (see money.ts).
  const format = formatter.format as unknown as (text: string) => string;
  return format(decimal);
}

/** "1 point ≈ $0.01, your program's point value (set on the Program page)". */
export function describePointValue(value: ReportPointValue, currency: string): string {
  const worth = `1 point ≈ ${formatPointWorth(value, currency)}`;
  return value.source === "setting"
    ? `${worth}, your program's point value (set on the Program page)`
    : `${worth}, assumed: set what a point is worth on the Program page`;
}
