import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeTierProgress, evaluateTier, tierMultiplier, tierWindowStart, validateTierProgram } from "./tiers";
import type { TierDefinition, TierProgram } from "./types";
import { expectInvalidInput } from "../../tests/support/loyalty";

const BRONZE: TierDefinition = { id: "bronze", name: "Bronze", threshold: 0, multiplierMilli: 1000 };
const SILVER: TierDefinition = { id: "silver", name: "Silver", threshold: 500, multiplierMilli: 1250 };
const GOLD: TierDefinition = { id: "gold", name: "Gold", threshold: 1500, multiplierMilli: 1500 };
// Deliberately unsorted: evaluation sorts by threshold.
const program: TierProgram = { basis: "points", window: "lifetime", tiers: [GOLD, BRONZE, SILVER] };


const at = (iso: string) => new Date(iso);

describe("tierWindowStart", () => {
  it("has no start for lifetime", () => {
    expect(tierWindowStart("lifetime", at("2024-06-15T12:00:00Z"))).toBeNull();
  });

  it.each([
    ["UTC", "2024-06-15T12:00:00Z", "2024-01-01T00:00:00.000Z"],
    ["America/New_York", "2024-06-15T12:00:00Z", "2024-01-01T05:00:00.000Z"],
    // Still Dec 31 in Los Angeles although it is Jan 1 in UTC.
    ["America/Los_Angeles", "2025-01-01T05:00:00Z", "2024-01-01T08:00:00.000Z"],
    // Already Jan 1 in Tokyo although it is Dec 31 in UTC.
    ["Asia/Tokyo", "2024-12-31T20:00:00Z", "2024-12-31T15:00:00.000Z"],
    // Summer time (+13) on Jan 1 in Auckland.
    ["Pacific/Auckland", "2024-06-15T12:00:00Z", "2023-12-31T11:00:00.000Z"],
    ["Asia/Kolkata", "2024-06-15T12:00:00Z", "2023-12-31T18:30:00.000Z"],
  ])("calendarYear in %s at %s starts %s", (zone, now, start) => {
    expect(tierWindowStart("calendarYear", at(now), zone)?.toISOString()).toBe(start);
  });

  it("starts a calendar year at the exact instant", () => {
    expect(tierWindowStart("calendarYear", at("2024-01-01T05:00:00Z"), "America/New_York")?.toISOString()).toBe(
      "2024-01-01T05:00:00.000Z",
    );
    expect(tierWindowStart("calendarYear", at("2024-01-01T04:59:59.999Z"), "America/New_York")?.toISOString()).toBe(
      "2023-01-01T05:00:00.000Z",
    );
  });

  it("goes back 12 calendar months for rolling12Months", () => {
    expect(tierWindowStart("rolling12Months", at("2024-06-15T10:20:30.456Z"))?.toISOString()).toBe("2023-06-15T10:20:30.456Z");
    expect(tierWindowStart("rolling12Months", at("2024-02-29T12:00:00Z"))?.toISOString()).toBe("2023-02-28T12:00:00.000Z");
    expect(tierWindowStart("rolling12Months", at("2025-03-01T00:00:00Z"))?.toISOString()).toBe("2024-03-01T00:00:00.000Z");
  });

  it("rejects unknown zones and invalid dates", () => {
    expectInvalidInput(() => tierWindowStart("calendarYear", at("2024-06-15T12:00:00Z"), "Mars/Olympus"));
    expectInvalidInput(() => tierWindowStart("rolling12Months", new Date(Number.NaN)));
  });

  it("never starts after now, and a calendar year is at most a year long", () => {
    fc.assert(
      fc.property(
        fc.date({ min: at("2000-01-01T00:00:00Z"), max: at("2100-01-01T00:00:00Z"), noInvalidDate: true }),
        fc.constantFrom("UTC", "America/New_York", "Asia/Tokyo", "Pacific/Auckland", "Asia/Kolkata", "Europe/London"),
        (now, zone) => {
          const start = tierWindowStart("calendarYear", now, zone);
          expect(start).not.toBeNull();
          const elapsed = now.getTime() - (start?.getTime() ?? 0);
          expect(elapsed).toBeGreaterThanOrEqual(0);
          expect(elapsed).toBeLessThan(367 * 24 * 3600 * 1000);
          const rolling = tierWindowStart("rolling12Months", now);
          expect(rolling?.getTime() ?? Number.POSITIVE_INFINITY).toBeLessThan(now.getTime());
        },
      ),
    );
  });
});

describe("validateTierProgram", () => {
  it("accepts a valid program and an empty one", () => {
    expect(() => validateTierProgram(program)).not.toThrow();
    expect(() => validateTierProgram({ ...program, tiers: [] })).not.toThrow();
  });

  it.each([
    ["tiers.1.name", [BRONZE, { ...SILVER, name: "  " }]],
    ["tiers.1.name", [BRONZE, { ...SILVER, name: "bronze" }]],
    ["tiers.1.id", [BRONZE, { ...SILVER, id: "bronze" }]],
    ["tiers.0.id", [{ ...BRONZE, id: "" }]],
    ["tiers.0.threshold", [{ ...BRONZE, threshold: -1 }]],
    ["tiers.0.threshold", [{ ...BRONZE, threshold: 1.5 }]],
    ["tiers.1.threshold", [BRONZE, { ...SILVER, threshold: 0 }]],
    ["tiers.0.multiplierMilli", [{ ...BRONZE, multiplierMilli: 999 }]],
    ["tiers.0.multiplierMilli", [{ ...BRONZE, multiplierMilli: 10_001 }]],
    ["tiers.0.multiplierMilli", [{ ...BRONZE, multiplierMilli: 1200.5 }]],
  ] as const)("reports %s", (path, tiers) => {
    const error = expectInvalidInput(() => validateTierProgram({ ...program, tiers }));
    expect(Object.keys(error.fieldErrors ?? {})).toEqual([path]);
  });

  it("names both tiers that share a threshold", () => {
    const error = expectInvalidInput(() => validateTierProgram({ ...program, tiers: [SILVER, { ...GOLD, threshold: 500 }] }));
    expect(error.message).toBe('Invalid tier program: Tier “Gold” must start above “Silver” (both start at 500)');
  });

  it("reports every problem at once", () => {
    const error = expectInvalidInput(() =>
      validateTierProgram({ ...program, tiers: [{ ...BRONZE, name: "" }, { ...SILVER, multiplierMilli: 50 }] }),
    );
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["tiers.0.name", "tiers.1.multiplierMilli"]);
  });
});

describe("evaluateTier", () => {
  it.each([
    [0, "Bronze", "Silver", 500, 0],
    [250, "Bronze", "Silver", 250, 500],
    [499, "Bronze", "Silver", 1, 998],
    [500, "Silver", "Gold", 1000, 0],
    [1000, "Silver", "Gold", 500, 500],
    [1500, "Gold", null, 0, 1000],
    [99_999, "Gold", null, 0, 1000],
  ])("at %i: %s, next %s, %i to go, %i‰", (metric, current, next, remaining, permille) => {
    const evaluation = evaluateTier(program, metric);
    expect(evaluation.current?.name ?? null).toBe(current);
    expect(evaluation.next?.name ?? null).toBe(next);
    expect(evaluation.remainingToNext).toBe(remaining);
    expect(evaluation.progressPermille).toBe(permille);
  });

  it("has no current tier below the lowest threshold", () => {
    const noBase: TierProgram = { ...program, tiers: [SILVER, GOLD] };
    expect(evaluateTier(noBase, 100)).toEqual({ current: null, next: SILVER, remainingToNext: 400, progressPermille: 200 });
    expect(evaluateTier(noBase, -20)).toEqual({ current: null, next: SILVER, remainingToNext: 520, progressPermille: 0 });
  });

  it("handles a program without tiers", () => {
    expect(evaluateTier({ ...program, tiers: [] }, 100)).toEqual({ current: null, next: null, remainingToNext: 0, progressPermille: 0 });
  });

  it("rejects non-integer metrics", () => {
    expectInvalidInput(() => evaluateTier(program, 1.5));
    expectInvalidInput(() => evaluateTier(program, Number.POSITIVE_INFINITY));
  });

  it("puts the metric between the current and the next threshold", () => {
    const tierArb = fc.uniqueArray(fc.integer({ min: 0, max: 100_000 }), { maxLength: 6 }).map((thresholds) =>
      thresholds.map((threshold, i) => ({ id: `t${i}`, name: `T${i}`, threshold, multiplierMilli: 1000 + i })),
    );
    fc.assert(
      fc.property(tierArb, fc.integer({ min: -10, max: 120_000 }), (tiers, metric) => {
        const evaluation = evaluateTier({ ...program, tiers }, metric);
        if (evaluation.current) expect(evaluation.current.threshold).toBeLessThanOrEqual(metric);
        if (evaluation.next) {
          expect(evaluation.next.threshold).toBeGreaterThan(metric);
          expect(evaluation.remainingToNext).toBe(evaluation.next.threshold - metric);
        }
        const above = tiers.filter((t) => t.threshold <= metric && t.threshold > (evaluation.current?.threshold ?? -1));
        expect(above.filter((t) => t !== evaluation.current)).toEqual([]);
        expect(evaluation.progressPermille).toBeGreaterThanOrEqual(0);
        expect(evaluation.progressPermille).toBeLessThanOrEqual(1000);
      }),
    );
  });
});

describe("tierMultiplier", () => {
  it("is ×1 without a tier", () => {
    expect(tierMultiplier(program, null)).toEqual({ tierName: null, multiplierMilli: 1000 });
  });

  it("reads the tier's multiplier from the program", () => {
    expect(tierMultiplier(program, GOLD)).toEqual({ tierName: "Gold", multiplierMilli: 1500 });
    expect(tierMultiplier(program, { ...GOLD, name: "Old gold", multiplierMilli: 3000 })).toEqual({
      tierName: "Gold",
      multiplierMilli: 1500,
    });
  });

  it("rejects tiers that are not in the program", () => {
    expectInvalidInput(() => tierMultiplier(program, { ...GOLD, id: "platinum", name: "Platinum" }));
  });
});

describe("describeTierProgress", () => {
  it("tells how much more spend is needed", () => {
    const spend: TierProgram = { ...program, basis: "spend", tiers: [BRONZE, { ...GOLD, threshold: 10_000 }] };
    expect(describeTierProgress(evaluateTier(spend, 6000), "spend", "USD")).toBe("Spend $40.00 more to reach Gold");
    expect(describeTierProgress(evaluateTier(spend, 6000), "spend", "JPY")).toBe("Spend ¥4,000 more to reach Gold");
  });

  it("tells how many more points are needed", () => {
    expect(describeTierProgress(evaluateTier(program, 1380), "points", "USD")).toBe("Earn 120 more points to reach Gold");
    expect(describeTierProgress(evaluateTier(program, 1499), "points", "USD")).toBe("Earn 1 more point to reach Gold");
    expect(describeTierProgress(evaluateTier(program, 300), "points", "USD")).toBe("Earn 200 more points to reach Silver");
    const big: TierProgram = { ...program, tiers: [{ ...GOLD, threshold: 12_500 }] };
    expect(describeTierProgress(evaluateTier(big, 0), "points", "USD")).toBe("Earn 12,500 more points to reach Gold");
  });

  it("says when the top is reached or there are no tiers", () => {
    expect(describeTierProgress(evaluateTier(program, 2000), "points", "USD")).toBe("You are at the top tier");
    expect(describeTierProgress(evaluateTier({ ...program, tiers: [] }, 0), "points", "USD")).toBe("This program has no tiers");
  });
});
