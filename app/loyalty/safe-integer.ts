/**
 * 64-bit money and points at the edge of the core (docs/decisions/011-64-bit-money-and-points.md).
 *
 * Rules:
 * - Money (minor units) and points are BigInt columns, 64-bit on both databases; Prisma reads them as `bigint`.
 * - The core computes with JS `number` integers under one invariant: every value is a safe integer
 *   (|n| ≤ 2^53 − 1 ≈ 9.0e15, far beyond any capped award, balance or order total). Where products of two such
 *   values could pass it (weights, proportional shares), the core computes in `bigint` and converts back checked.
 * - A `bigint` becomes a `number` only through `toSafeNumber`, which throws `UnsafeIntegerError` rather than round.
 *   Writes pass numbers (Prisma accepts `number` for BigInt columns).
 * - `bigint` never reaches JSON: loaders, CSV files, outbox payloads and stored breakdowns hold numbers.
 */
import { UnsafeIntegerError } from "./errors";

/** `value` as a safe JS integer; throws UnsafeIntegerError (naming `what`) when it is not one. */
export function toSafeNumber(value: bigint | number, what = "A stored integer"): number {
  if (typeof value === "bigint") {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new UnsafeIntegerError(what, value);
    return Number(value);
  }
  if (!Number.isSafeInteger(value)) throw new UnsafeIntegerError(what, value);
  return value;
}

/** A row with its `bigint` fields as safe numbers (`bigint | null` → `number | null`); other fields unchanged. */
export type WithSafeNumbers<T> = {
  [K in keyof T]: T[K] extends bigint ? number : T[K] extends bigint | null ? number | null : T[K];
};

/**
 * A database row (a model, or a `select` of one) with every top-level `bigint` field converted by `toSafeNumber`.
 * Nested objects (included relations) are left as they are: convert them with their own call.
 */
export function withSafeNumbers<T extends object>(row: T): WithSafeNumbers<T> {
  const converted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) converted[key] = typeof value === "bigint" ? toSafeNumber(value, key) : value;
  // Same keys, each bigint replaced by its number: exactly WithSafeNumbers<T>.
  return converted as WithSafeNumbers<T>;
}
