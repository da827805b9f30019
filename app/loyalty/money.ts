/**
 * Money and number formatting for the loyalty core.
 *
 * Rules:
 * - Money is an integer count of minor units plus an ISO 4217 currency; the exponent (USD 2, JPY 0, KWD 3)
 *   comes from Intl, never from a hand-written table.
 * - Decimal strings from Shopify ("19.99") are parsed digit by digit, never through a float multiply
 *   (19.99 × 100 = 1998.9999999999998). Extra fraction digits are accepted only when they are zeros.
 * - Formatting is for explanations only and uses the fixed "en-US" locale so stored text is deterministic.
 */
import { LoyaltyError } from "./errors";

const exponentCache = new Map<string, number>();
const currencyFormatters = new Map<string, Intl.NumberFormat>();
const integerFormatter = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

function normalizeCurrency(code: string): string {
  const upper = code.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(upper)) {
    throw new LoyaltyError("INVALID_INPUT", `"${code}" is not an ISO 4217 currency code`);
  }
  return upper;
}

/** Number of minor-unit digits of a currency: USD 2, JPY 0, KWD 3. */
export function currencyExponent(code: string): number {
  const currency = normalizeCurrency(code);
  let exponent = exponentCache.get(currency);
  if (exponent === undefined) {
    exponent = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    exponentCache.set(currency, exponent);
  }
  return exponent;
}

/** Parses a decimal amount ("19.99", "-5", "1000.0") into integer minor units, exactly. */
export function toMinorUnits(decimal: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!match) {
    throw new LoyaltyError("INVALID_INPUT", `"${decimal}" is not a decimal amount of ${currency}`);
  }
  const [, sign = "", whole = "", fraction = ""] = match;
  const kept = fraction.slice(0, exponent);
  const dropped = fraction.slice(exponent);
  if (/[^0]/.test(dropped)) {
    throw new LoyaltyError(
      "INVALID_INPUT",
      `"${decimal}" has more than ${exponent} decimal places, which ${currency} does not have`,
    );
  }
  const minor = BigInt(whole + kept.padEnd(exponent, "0"));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new LoyaltyError("INVALID_INPUT", `"${decimal}" ${currency} is too large`);
  }
  // `-0` would leak into JSON as 0 anyway, but keep it a clean integer.
  return minor === 0n ? 0 : Number(sign === "-" ? -minor : minor);
}

/** Exact decimal string of an integer scaled down by 10^exponent: (1999, 2) → "19.99", (-5, 2) → "-0.05". */
export function minorToDecimalString(minor: number | bigint, exponent: number): string {
  const value = BigInt(minor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? "-" : ""}${whole}${exponent > 0 ? `.${fraction}` : ""}`;
}

function currencyFormatter(currency: string): Intl.NumberFormat {
  let formatter = currencyFormatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-US", { style: "currency", currency });
    currencyFormatters.set(currency, formatter);
  }
  return formatter;
}

/** "$40.00", "¥1,000", "KWD 1.234". */
export function formatMoney(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) {
    throw new LoyaltyError("INVALID_INPUT", `${minor} is not an integer amount of minor units`);
  }
  const code = normalizeCurrency(currency);
  const decimal = minorToDecimalString(minor, currencyExponent(code));
  // Intl formats decimal strings exactly (no float round trip); the ES2022 typings lack that overload.
  // `format` is a bound getter, so calling it detached is safe.
  const format = currencyFormatter(code).format as unknown as (value: string) => string;
  return format(decimal);
}

const currencySymbols = new Map<string, string>();

function currencySymbol(currency: string): string {
  const code = normalizeCurrency(currency);
  let symbol = currencySymbols.get(code);
  if (symbol === undefined) {
    symbol = currencyFormatter(code).formatToParts(1).find((part) => part.type === "currency")?.value ?? code;
    currencySymbols.set(code, symbol);
  }
  return symbol;
}

/** Integer thousandths as a trimmed decimal: 1500 → "1.5", 3000 → "3", 125 → "0.125". */
export function formatMilli(milli: number): string {
  return minorToDecimalString(milli, 3).replace(/\.?0+$/, "");
}

/** "3 pts/$", "1 pt/$", "0.5 pts/€", "2 pts/KWD". */
export function formatRate(rateMilli: number, currency: string): string {
  return `${formatMilli(rateMilli)} ${rateMilli === 1000 ? "pt" : "pts"}/${currencySymbol(currency)}`;
}

/** "×1.5", "×1.25", "×1". */
export function formatMultiplier(multiplierMilli: number): string {
  return `×${formatMilli(multiplierMilli)}`;
}

/** "1,234 pts", "1 pt". */
export function formatPoints(points: number): string {
  return `${integerFormatter.format(points)} ${Math.abs(points) === 1 ? "pt" : "pts"}`;
}

/**
 * Splits `total` minor units across `weights` in proportion, by the largest-remainder method: the parts are
 * integers that add up to exactly `total` (no cent lost or invented); ties go to the earlier weight.
 * All-zero weights give everything to nobody: every part is 0 unless total is 0.
 */
export function allocateProportionally(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) {
    throw new LoyaltyError("INVALID_INPUT", `An allocated amount must be an integer ≥ 0, got ${total}`);
  }
  const sum = weights.reduce((acc, weight) => {
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw new LoyaltyError("INVALID_INPUT", `Allocation weights must be integers ≥ 0, got ${weight}`);
    }
    return acc + BigInt(weight);
  }, 0n);
  if (sum === 0n) {
    if (total !== 0) throw new LoyaltyError("INVALID_INPUT", `Cannot allocate ${total} across nothing`);
    return weights.map(() => 0);
  }
  const shares = weights.map((weight) => (BigInt(total) * BigInt(weight)) / sum);
  const remainders = weights.map((weight, index) => ({ index, rest: (BigInt(total) * BigInt(weight)) % sum }));
  let left = BigInt(total) - shares.reduce((acc, share) => acc + share, 0n);
  remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return shares.map(Number);
}

/**
 * Parses a merchant's decimal ("1", "0.5", "1.25") into milli units (1000, 500, 1250) exactly, without floats.
 * Returns null for anything that is not a non-negative decimal with at most three places.
 */
export function parseMilli(text: string): number | null {
  const match = /^(\d{1,7})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!match) return null;
  const [, whole = "0", fraction = ""] = match;
  return Number(whole) * 1000 + Number(fraction.padEnd(3, "0"));
}
