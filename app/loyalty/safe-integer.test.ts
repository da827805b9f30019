import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UnsafeIntegerError } from "./errors";
import { toSafeNumber, withSafeNumbers } from "./safe-integer";

describe("toSafeNumber", () => {
  it("turns a 64-bit value within ±(2^53 − 1) into the same number", () => {
    expect(toSafeNumber(2_500_000_000n)).toBe(2_500_000_000);
    expect(toSafeNumber(-3_000_000_000n)).toBe(-3_000_000_000);
    expect(toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(toSafeNumber(42)).toBe(42);
    fc.assert(fc.property(fc.bigInt({ min: BigInt(Number.MIN_SAFE_INTEGER), max: BigInt(Number.MAX_SAFE_INTEGER) }), (n) => BigInt(toSafeNumber(n)) === n));
  });

  it("throws UnsafeIntegerError, naming the value, rather than round", () => {
    expect(() => toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n, "Balance")).toThrow(UnsafeIntegerError);
    expect(() => toSafeNumber(-(2n ** 60n), "Balance")).toThrow("Balance is -1152921504606846976, beyond the safe integer range");
    expect(() => toSafeNumber(1.5)).toThrow(UnsafeIntegerError);
    expect(() => toSafeNumber(Number.NaN)).toThrow(UnsafeIntegerError);
  });
});

describe("withSafeNumbers", () => {
  it("converts every bigint field of a row and leaves the rest", () => {
    const createdAt = new Date();
    const row = { id: "m1", balance: 3_000_000_000n, amountMinor: null as bigint | null, name: "Zoë", createdAt, version: 3 };
    const converted = withSafeNumbers(row);
    expect(converted).toEqual({ id: "m1", balance: 3_000_000_000, amountMinor: null, name: "Zoë", createdAt, version: 3 });
    expect(() => JSON.stringify(converted)).not.toThrow();
  });
});
