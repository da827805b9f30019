/**
 * Ratios for reports, as integer basis points (10000 = 100%).
 *
 * Rules: a ratio is rounded half up once, to a basis point; no ratio (null) when the denominator is not above 0.
 * Display rounds basis points half up to a tenth of a percent.
 */
import { LoyaltyError } from "../errors";

export function ratioBasisPoints(numerator: number, denominator: number): number | null {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator)) {
    throw new LoyaltyError("INVALID_INPUT", `A ratio needs whole numbers, got ${numerator} / ${denominator}`);
  }
  if (denominator <= 0) return null;
  const scaled = BigInt(numerator) * 10000n * 2n;
  const twice = 2n * BigInt(denominator);
  // Half up, also for negative numerators (floor of x + ½).
  let quotient = (scaled + BigInt(denominator)) / twice;
  if ((scaled + BigInt(denominator)) % twice < 0n) quotient -= 1n;
  return Number(quotient);
}

/** 2345 → "23.5%", 10000 → "100.0%", null → "—". */
export function formatBasisPoints(basisPoints: number | null): string {
  if (basisPoints === null) return "—";
  const tenths = Math.floor((basisPoints + 5) / 10);
  const sign = tenths < 0 ? "-" : "";
  const magnitude = Math.abs(tenths);
  return `${sign}${Math.floor(magnitude / 10)}.${magnitude % 10}%`;
}

/** Exact decimal percentage for CSV files: 2345 → "23.45". */
export function basisPointsToPercentString(basisPoints: number): string {
  const sign = basisPoints < 0 ? "-" : "";
  const magnitude = Math.abs(basisPoints);
  return `${sign}${Math.floor(magnitude / 100)}.${String(magnitude % 100).padStart(2, "0")}`;
}
