/** integerResult: the one reader of integers from raw SQL, whatever the database answers them as. */
import { Prisma } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { integerResult } from "~/db/dialect.server";
import { UnsafeIntegerError } from "~/loyalty/errors";

describe("integerResult", () => {
  it("reads numbers, bigints, Decimals (SUM of BIGINT on PostgreSQL) and digit strings; null is 0", () => {
    expect(integerResult(12)).toBe(12);
    expect(integerResult(3_000_000_000n)).toBe(3_000_000_000);
    expect(integerResult(new Prisma.Decimal("7500000000"))).toBe(7_500_000_000);
    expect(integerResult("-2500000000")).toBe(-2_500_000_000);
    expect(integerResult(null)).toBe(0);
    expect(integerResult(undefined)).toBe(0);
  });

  it("refuses fractions, text and values past 2^53", () => {
    expect(() => integerResult(new Prisma.Decimal("1.5"), "Sum")).toThrow("Sum is 1.5, not an integer");
    expect(() => integerResult("12a")).toThrow(/not an integer/);
    expect(() => integerResult(2n ** 60n)).toThrow(UnsafeIntegerError);
    expect(() => integerResult(new Prisma.Decimal("1e20"))).toThrow(UnsafeIntegerError);
  });
});
