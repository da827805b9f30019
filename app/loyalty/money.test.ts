import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LoyaltyError } from "./errors";
import {
  parseMilli,
  allocateProportionally,
  currencyExponent,
  formatMilli,
  formatMoney,
  formatMultiplier,
  formatPoints,
  formatRate,
  minorToDecimalString,
  toMinorUnits,
} from "./money";
import { expectInvalidInput } from "../../tests/support/loyalty";


describe("currencyExponent", () => {
  it.each([
    ["USD", 2],
    ["EUR", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["KWD", 3],
    ["BHD", 3],
    ["usd", 2],
  ])("%s has %i minor digits", (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
  });

  it("rejects codes that are not three letters", () => {
    expectInvalidInput(() => currencyExponent("US"));
    expectInvalidInput(() => currencyExponent("US$"));
  });
});

describe("toMinorUnits", () => {
  it.each([
    ["19.99", "USD", 1999],
    ["19.9", "USD", 1990],
    ["20", "USD", 2000],
    ["0.00", "USD", 0],
    ["-0.00", "USD", 0],
    ["-5.25", "USD", -525],
    ["0.29", "USD", 29],
    ["19.990", "USD", 1999],
    ["1000", "JPY", 1000],
    ["1000.0", "JPY", 1000],
    ["1.234", "KWD", 1234],
    ["90071992547409.91", "USD", 9007199254740991],
  ])("parses %s %s as %i", (decimal, currency, minor) => {
    expect(toMinorUnits(decimal, currency)).toBe(minor);
  });

  it.each(["", "abc", "1,000.00", "1e3", " 1", "1 ", "1.", ".5", "+1", "--1", "NaN", "Infinity", "1.2.3"])(
    "rejects malformed %j",
    (decimal) => {
      expect(expectInvalidInput(() => toMinorUnits(decimal, "USD")).message).toContain(`"${decimal}"`);
    },
  );

  it("rejects precision the currency does not have", () => {
    expect(expectInvalidInput(() => toMinorUnits("19.999", "USD")).message).toBe(
      '"19.999" has more than 2 decimal places, which USD does not have',
    );
    expectInvalidInput(() => toMinorUnits("1000.5", "JPY"));
  });

  it("rejects amounts beyond safe integers", () => {
    expectInvalidInput(() => toMinorUnits("90071992547409.92", "USD"));
  });

  it("round-trips every safe integer exactly (no float error)", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom("USD", "JPY", "KWD"), (minor, currency) => {
        const decimal = minorToDecimalString(minor, currencyExponent(currency));
        expect(toMinorUnits(decimal, currency)).toBe(minor === 0 ? 0 : minor);
      }),
    );
  });
});

describe("minorToDecimalString", () => {
  it.each([
    [1999, 2, "19.99"],
    [5, 2, "0.05"],
    [-5, 2, "-0.05"],
    [1000, 0, "1000"],
    [1234, 3, "1.234"],
    [0, 2, "0.00"],
  ])("%i at exponent %i is %s", (minor, exponent, text) => {
    expect(minorToDecimalString(minor, exponent)).toBe(text);
  });

  it("handles bigint beyond 2^53", () => {
    expect(minorToDecimalString(123456789012345678901n, 2)).toBe("1234567890123456789.01");
  });
});

describe("formatMoney", () => {
  it("formats in en-US with the currency's digits", () => {
    expect(formatMoney(4000, "USD")).toBe("$40.00");
    expect(formatMoney(-5, "USD")).toBe("-$0.05");
    expect(formatMoney(123456789, "USD")).toBe("$1,234,567.89");
    expect(formatMoney(100000, "JPY")).toBe("¥100,000");
    expect(formatMoney(4000, "EUR")).toBe("€40.00");
    expect(formatMoney(1234, "KWD")).toMatch(/^KWD\s1\.234$/);
  });

  it("is exact at the top of the safe range", () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, "USD")).toBe("$90,071,992,547,409.91");
  });

  it("rejects non-integers", () => {
    expectInvalidInput(() => formatMoney(19.99, "USD"));
  });
});

describe("rates, multipliers and points", () => {
  it("formats rates per major unit", () => {
    expect(formatRate(3000, "USD")).toBe("3 pts/$");
    expect(formatRate(1000, "USD")).toBe("1 pt/$");
    expect(formatRate(500, "EUR")).toBe("0.5 pts/€");
    expect(formatRate(1250, "USD")).toBe("1.25 pts/$");
    expect(formatRate(10, "JPY")).toBe("0.01 pts/¥");
    expect(formatRate(0, "USD")).toBe("0 pts/$");
    expect(formatRate(2000, "KWD")).toBe("2 pts/KWD");
  });

  it("formats multipliers", () => {
    expect(formatMultiplier(1500)).toBe("×1.5");
    expect(formatMultiplier(1000)).toBe("×1");
    expect(formatMultiplier(1250)).toBe("×1.25");
    expect(formatMultiplier(10000)).toBe("×10");
  });

  it("formats milli values without trailing zeros", () => {
    expect(formatMilli(30000)).toBe("30");
    expect(formatMilli(125)).toBe("0.125");
    expect(formatMilli(0)).toBe("0");
  });

  it("formats points with grouping and singular", () => {
    expect(formatPoints(1234)).toBe("1,234 pts");
    expect(formatPoints(1)).toBe("1 pt");
    expect(formatPoints(0)).toBe("0 pts");
  });
});

describe("allocateProportionally", () => {
  it("splits in proportion and hands out the remainder by largest remainder", () => {
    expect(allocateProportionally(1000, [8999, 1999, 2499, 15999, 11999])).toEqual([217, 48, 60, 386, 289]);
    expect(allocateProportionally(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocateProportionally(0, [0, 0])).toEqual([0, 0]);
  });

  it("rejects negative amounts and allocation across nothing", () => {
    expect(() => allocateProportionally(-1, [1])).toThrow(LoyaltyError);
    expect(() => allocateProportionally(5, [0, 0])).toThrow(/across nothing/);
  });

  it("never loses or invents a cent, and no part exceeds its exact share by a whole unit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 }).filter((w) => w.some((x) => x > 0)),
        (total, weights) => {
          const parts = allocateProportionally(total, weights);
          const sum = weights.reduce((a, b) => a + b, 0);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          parts.forEach((part, i) => {
            const exact = (total * (weights[i] ?? 0)) / sum;
            expect(part).toBeGreaterThanOrEqual(Math.floor(exact));
            expect(part).toBeLessThanOrEqual(Math.floor(exact) + 1);
          });
        },
      ),
    );
  });
});

describe("parseMilli", () => {
  it("reads merchant decimals exactly", () => {
    expect(parseMilli("1")).toBe(1000);
    expect(parseMilli("0.5")).toBe(500);
    expect(parseMilli(" 1.25 ")).toBe(1250);
    expect(parseMilli("3.333")).toBe(3333);
  });

  it("refuses what is not a non-negative decimal with at most three places", () => {
    for (const text of ["", "-1", "1.2345", "abc", "1e3", "1,5"]) expect(parseMilli(text)).toBeNull();
  });

  it("round-trips with formatMilli", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999 }), (milli) => {
        expect(parseMilli(formatMilli(milli))).toBe(milli);
      }),
    );
  });
});
