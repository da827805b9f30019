import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LoyaltyError } from "./errors";
import { causeSchema, donationMoney, evaluateCause, evaluateDonation, smallestWholeMultiple, summarizeDonations, type DonationFact } from "./donations";

const cause = { name: "Trees for All", pointsPerUnit: 100, minimumPoints: 100, multiplePoints: 50, archived: false };
const live = { programStatus: "live" as const, cause, balance: 1000, pending: 0, currency: "USD" };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LoyaltyError);
    return (error as LoyaltyError).code;
  }
  return undefined;
}

describe("evaluateDonation", () => {
  it("returns the money a valid donation gives: 250 points at 100 per $1 are $2.50", () => {
    expect(evaluateDonation({ ...live, points: 250 })).toBe(250);
    expect(evaluateDonation({ ...live, points: 1000 })).toBe(1000);
  });

  it("refuses zero, negative and fractional points, below the minimum and off the multiple, each with a sentence", () => {
    for (const points of [0, -100, 150.5, Number.NaN]) expect(codeOf(() => evaluateDonation({ ...live, points }))).toBe("INVALID_INPUT");
    expect(() => evaluateDonation({ ...live, points: 50 })).toThrow("The smallest donation to Trees for All is 100 pts");
    expect(() => evaluateDonation({ ...live, points: 120 })).toThrow("Donations to Trees for All go in steps of 50 pts");
  });

  it("refuses more than the available balance, counting pending points as not spendable", () => {
    expect(codeOf(() => evaluateDonation({ ...live, points: 1050 }))).toBe("INSUFFICIENT_POINTS");
    expect(() => evaluateDonation({ ...live, balance: 1000, pending: 200, points: 900 })).toThrow(
      "Cannot donate 900 pts to Trees for All: balance is 800 pts (200 pts still pending)",
    );
  });

  it("refuses an unknown or archived cause and a program that is not live", () => {
    expect(codeOf(() => evaluateDonation({ ...live, cause: null, points: 100 }))).toBe("CAUSE_NOT_FOUND");
    expect(codeOf(() => evaluateDonation({ ...live, cause: { ...cause, archived: true }, points: 100 }))).toBe("CAUSE_NOT_FOUND");
    expect(codeOf(() => evaluateDonation({ ...live, programStatus: "paused", points: 100 }))).toBe("PROGRAM_PAUSED");
  });
});

describe("causes", () => {
  it("refuses a multiple that is not a whole amount of money, naming the smallest that is", () => {
    const issues = evaluateCause(causeSchema.parse({ name: "Sea", pointsPerUnit: 300, minimumPoints: 300, multiplePoints: 1 }), "USD");
    expect(issues).toEqual([{ path: "multiplePoints", message: expect.stringContaining("choose a multiple of 3 pts") }]);
    expect(evaluateCause(causeSchema.parse({ name: "Sea", pointsPerUnit: 300, minimumPoints: 300, multiplePoints: 3 }), "USD")).toEqual([]);
    // JPY has no minor digits: 300 points per ¥1 needs steps of 300.
    expect(smallestWholeMultiple(300, 1)).toBe(300);
  });

  it("refuses a minimum that is not a multiple, and bad fields through the schema", () => {
    const issues = evaluateCause(causeSchema.parse({ name: "Sea", pointsPerUnit: 100, minimumPoints: 150, multiplePoints: 100 }), "USD");
    expect(issues.map((issue) => issue.path)).toEqual(["minimumPoints"]);
    expect(causeSchema.safeParse({ name: " ", pointsPerUnit: 0, minimumPoints: 1.5, multiplePoints: 1 }).error?.issues.map((i) => i.path[0])).toEqual([
      "name",
      "pointsPerUnit",
      "minimumPoints",
    ]);
  });

  it("property: for a valid cause, every valid donation's money is exact (points × scale ÷ rate, no rounding)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 1000 }), (pointsPerUnit, times) => {
        const multiple = smallestWholeMultiple(pointsPerUnit, 100);
        const points = multiple * times;
        const money = donationMoney(points, pointsPerUnit, "USD");
        expect(Number.isSafeInteger(money)).toBe(true);
        expect(money * pointsPerUnit).toBe(points * 100);
      }),
    );
  });
});

describe("summarizeDonations", () => {
  const fact = fc.record({
    causeId: fc.constantFrom("a", "b", "c"),
    causeName: fc.constantFrom("Trees", "Sea", "Schools"),
    month: fc.constantFrom("2026-10", "2026-11", "2026-12"),
    points: fc.integer({ min: 1, max: 1_000_000 }),
    amountMinor: fc.integer({ min: 1, max: 1_000_000 }),
  });

  it("property: per cause, the months and the payout both sum to the cause's donations; totals sum to all", () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 60 }), (facts: DonationFact[]) => {
        const report = summarizeDonations(facts);
        for (const causeId of ["a", "b", "c"]) {
          const mine = facts.filter((f) => f.causeId === causeId);
          const points = mine.reduce((sum, f) => sum + f.points, 0);
          const money = mine.reduce((sum, f) => sum + f.amountMinor, 0);
          const months = report.months.filter((m) => m.causeId === causeId);
          expect(months.reduce((sum, m) => sum + m.points, 0)).toBe(points);
          expect(months.reduce((sum, m) => sum + m.amountMinor, 0)).toBe(money);
          const payout = report.payouts.find((p) => p.causeId === causeId);
          expect(payout?.points ?? 0).toBe(points);
          expect(payout?.amountMinor ?? 0).toBe(money);
          expect(payout?.donations ?? 0).toBe(mine.length);
        }
        expect(report.totals.points).toBe(facts.reduce((sum, f) => sum + f.points, 0));
        expect(report.months.map((m) => m.month)).toEqual([...report.months.map((m) => m.month)].sort());
      }),
    );
  });

  it("names a renamed cause by its newest name in every month", () => {
    const report = summarizeDonations([
      { causeId: "a", causeName: "Old", month: "2026-10", points: 100, amountMinor: 100 },
      { causeId: "a", causeName: "New", month: "2026-11", points: 200, amountMinor: 200 },
    ]);
    expect(report.months.map((m) => m.causeName)).toEqual(["New", "New"]);
    expect(report.payouts).toEqual([{ causeId: "a", causeName: "New", donations: 2, points: 300, amountMinor: 300 }]);
  });
});
