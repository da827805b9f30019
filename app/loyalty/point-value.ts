/**
 * What a point is worth in money, for costs and liability (docs/decisions/019-explicit-point-value.md).
 *
 * Rules:
 * - The point value is an explicit program setting: `minorUnits` of the shop currency per `points` points, an exact
 *   fraction (both whole numbers ≥ 1). It is never derived from rewards any more: a generous reward no longer moves
 *   the liability. Null means "not set" (shops whose old catalog had no fixed-amount reward): figures say so.
 * - The merchant types it as money per point ("0.01", "0.012" in USD): parsed digit by digit into a reduced
 *   fraction, never through a float. At most MAX_POINT_VALUE_DECIMALS decimals beyond the currency's own.
 * - `evaluatePointValue` is the old rule (the best rate among active fixed-amount rewards). It only seeds the
 *   setting of shops that had none (the migration does the same in SQL), so figures did not jump.
 * - Rates are compared as fractions with integer cross-multiplication, never as floats.
 */
import { currencyExponent, minorToDecimalString } from "./money";
import type { PointValue } from "./simulator";

export interface PricedReward {
  name: string;
  kind: string;
  active: boolean;
  pointsCost: number;
  amountMinor: number | null;
}

export interface ShopPointValue extends PointValue {
  /** The reward the value comes from, for the sentence that explains it. */
  fromReward: string;
}

/** The program setting: `minorUnits` minor units of the shop currency for `points` points. */
export interface PointValueSetting {
  minorUnits: number;
  points: number;
}

/** Decimals a merchant may type beyond the currency's own (0.000001 USD = a ten-thousandth of a cent). */
export const MAX_POINT_VALUE_DECIMALS = 4;
/** A point worth more than this many major units of the currency is a typo, not a program. */
export const MAX_POINT_VALUE_MAJOR = 1000;

/** The old rule, kept to seed shops that had no explicit value (see the module rules). */
export function evaluatePointValue(rewards: readonly PricedReward[]): ShopPointValue | null {
  let best: ShopPointValue | null = null;
  for (const reward of rewards) {
    if (!reward.active || reward.kind !== "fixed_amount" || !reward.amountMinor || reward.pointsCost <= 0) continue;
    const candidate = { minorPerPoint: { numerator: reward.amountMinor, denominator: reward.pointsCost }, fromReward: reward.name };
    // a/b > c/d ⇔ a·d > c·b (all positive integers): compare without floats.
    if (
      !best ||
      candidate.minorPerPoint.numerator * best.minorPerPoint.denominator > best.minorPerPoint.numerator * candidate.minorPerPoint.denominator
    ) {
      best = candidate;
    }
  }
  return best;
}

export function toPointValue(setting: PointValueSetting): PointValue {
  return { minorPerPoint: { numerator: setting.minorUnits, denominator: setting.points } };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * "0.012" (USD) → { minorUnits: 6, points: 5 } (1.2 cents a point). Null when the text is not a positive decimal
 * with at most the currency's decimals + MAX_POINT_VALUE_DECIMALS, or is above MAX_POINT_VALUE_MAJOR.
 */
export function parsePointValue(text: string, currency: string): PointValueSetting | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const [, whole = "", fraction = ""] = match;
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent + MAX_POINT_VALUE_DECIMALS) return null;
  // value (major) = digits / 10^fraction.length → minor = digits · 10^exponent / 10^fraction.length
  const digits = BigInt(whole + fraction);
  if (digits === 0n) return null;
  let numerator = digits * 10n ** BigInt(exponent);
  let denominator = 10n ** BigInt(fraction.length);
  if (numerator > BigInt(MAX_POINT_VALUE_MAJOR) * 10n ** BigInt(exponent) * denominator) return null;
  const divisor = gcd(numerator, denominator);
  numerator /= divisor;
  denominator /= divisor;
  return { minorUnits: Number(numerator), points: Number(denominator) };
}

/**
 * Money per point as the merchant typed it: exact when the fraction has a finite decimal within the allowed
 * digits ("0.012"), else rounded half up to them. At least the currency's own decimals ("0.01", "1").
 */
export function formatPointValueInput(setting: PointValueSetting, currency: string): string {
  const exponent = currencyExponent(currency);
  const digits = exponent + MAX_POINT_VALUE_DECIMALS;
  const scale = 10n ** BigInt(MAX_POINT_VALUE_DECIMALS);
  const scaled = (BigInt(setting.minorUnits) * scale * 2n + BigInt(setting.points)) / (2n * BigInt(setting.points));
  let decimal = minorToDecimalString(scaled, digits);
  for (let extra = MAX_POINT_VALUE_DECIMALS; extra > 0 && decimal.endsWith("0"); extra--) decimal = decimal.slice(0, -1);
  return decimal.endsWith(".") ? decimal.slice(0, -1) : decimal;
}

/** −1, 0 or 1 as a/b is below, equal to or above c/d (a, b, c, d whole numbers, b and d > 0). */
export function compareFractions(a: { numerator: number; denominator: number }, b: { numerator: number; denominator: number }): number {
  const left = BigInt(a.numerator) * BigInt(b.denominator);
  const right = BigInt(b.numerator) * BigInt(a.denominator);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * points × value in minor units, rounded half up once: floor(x + ½), for negative balances too (−2.5 → −2).
 * The same rule on both sides of zero keeps |round(a) − round(b) − (a − b)| < 1, which the roll-forward's money
 * split relies on (a day from +x.5 to −y.5 used to be off by one when −y.5 rounded away from zero).
 */
export function pointsToMinor(points: number, value: PointValue): number {
  const { numerator, denominator } = value.minorPerPoint;
  const scaled = BigInt(points) * BigInt(numerator) * 2n + BigInt(denominator);
  const divisor = 2n * BigInt(denominator);
  const quotient = scaled / divisor;
  // BigInt division truncates towards zero: step down for a negative value that was not exact.
  return Number(scaled % divisor < 0n ? quotient - 1n : quotient);
}
