import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectInvalidInput } from "../../../tests/support/loyalty";
import { LEDGER_ENTRY_TYPES, signFor } from "../ledger-rules";
import { pointsToMinor } from "../point-value";
import { addDays, dayBoundaries, localDateOf } from "./calendar";
import {
  MOVEMENT_COLUMNS,
  allocateMovementMoney,
  bucketEntries,
  calculateRollForward,
  emptyMovements,
  netMovement,
  type Balances,
  type ReportEntry,
} from "./roll-forward";

const at = (iso: string) => new Date(iso);
const entry = (type: ReportEntry["type"], points: number, createdAt: string): ReportEntry => ({ type, points, createdAt: at(createdAt) });

describe("calculateRollForward, by hand", () => {
  // New York; the range is Mar 7–9 2026 (Mar 8 is 23 hours: DST starts).
  const days = dayBoundaries("2026-03-07", "2026-03-09", "America/New_York");
  const ledger = [
    entry("earn", 1000, "2026-03-01T12:00:00Z"), // before the range
    entry("redeem", -300, "2026-03-06T23:00:00Z"), // Mar 6, 18:00 EST: before the range
    entry("earn", 200, "2026-03-07T05:00:00Z"), // Mar 7, 00:00 EST: first instant of the range
    entry("bonus", 50, "2026-03-07T20:00:00Z"),
    entry("clawback", -40, "2026-03-08T04:59:59.999Z"), // Mar 7, 23:59:59.999 EST
    entry("redeem", -500, "2026-03-08T05:00:00Z"), // Mar 8, 00:00 EST
    entry("redeem_rollback", 500, "2026-03-08T05:01:00Z"),
    entry("redeem", -100, "2026-03-08T15:00:00Z"),
    entry("donate", -40, "2026-03-08T15:30:00Z"),
    entry("expire", -60, "2026-03-09T03:59:59.999Z"), // Mar 8, 23:59:59.999 EDT (the day ended an hour early)
    entry("manual_credit", 10, "2026-03-09T04:00:00Z"), // Mar 9, 00:00 EDT
    entry("manual_debit", -5, "2026-03-09T12:00:00Z"),
    entry("earn", 999, "2026-03-10T04:00:00Z"), // Mar 10, after the range
  ];

  it("rolls opening to closing day by day", () => {
    const { openingPoints, daily } = bucketEntries(ledger, days);
    expect(openingPoints).toBe(700);
    const result = calculateRollForward({ dates: days.map((d) => d.date), openingPoints, daily, pointValue: null });
    expect(result.rows.map(({ date, opening, movements, closing }) => ({ date, opening, ...movements, closing }))).toEqual([
      { date: "2026-03-07", opening: 700, earned: 250, redeemed: 0, donated: 0, clawedBack: -40, expired: 0, adjustedOut: 0, closing: 910 },
      { date: "2026-03-08", opening: 910, earned: 0, redeemed: -100, donated: -40, clawedBack: 0, expired: -60, adjustedOut: 0, closing: 710 },
      { date: "2026-03-09", opening: 710, earned: 10, redeemed: 0, donated: 0, clawedBack: 0, expired: 0, adjustedOut: -5, closing: 715 },
    ]);
    expect(result.totals).toMatchObject({
      opening: 700,
      movements: { earned: 260, redeemed: -100, donated: -40, clawedBack: -40, expired: -60, adjustedOut: -5 },
      closing: 715,
      money: null,
    });
  });

  it("converts to money, rounding balances once and splitting each day's change so rows balance", () => {
    // 1.5 minor units per point ($12 for 800 points): 700 pts = 1050, 910 = 1365, 710 = 1065, 715 = 1072.5 → 1073.
    const { openingPoints, daily } = bucketEntries(ledger, days);
    const result = calculateRollForward({ dates: days.map((d) => d.date), openingPoints, daily, pointValue: { minorPerPoint: { numerator: 1200, denominator: 800 } } });
    expect(result.rows.map((row) => row.money)).toEqual([
      { opening: 1050, movements: { earned: 375, redeemed: 0, donated: 0, clawedBack: -60, expired: 0, adjustedOut: 0 }, closing: 1365 },
      { opening: 1365, movements: { earned: 0, redeemed: -150, donated: -60, clawedBack: 0, expired: -90, adjustedOut: 0 }, closing: 1065 },
      // 10 × 1.5 = 15, −5 × 1.5 = −7.5 → floors 15 and −8 make 1072; the missing cent goes to the fraction.
      { opening: 1065, movements: { earned: 15, redeemed: 0, donated: 0, clawedBack: 0, expired: 0, adjustedOut: -7 }, closing: 1073 },
    ]);
    expect(result.totals.money).toEqual({
      opening: 1050,
      movements: { earned: 390, redeemed: -150, donated: -60, clawedBack: -60, expired: -90, adjustedOut: -7 },
      closing: 1073,
    });
  });

  it("refuses movements outside the days and fractional points", () => {
    expectInvalidInput(() => calculateRollForward({ dates: ["2026-03-07"], openingPoints: 0, daily: [{ date: "2026-03-08", movements: emptyMovements() }], pointValue: null }));
    expectInvalidInput(() => calculateRollForward({ dates: ["2026-03-07"], openingPoints: 0.5, daily: [], pointValue: null }));
  });
});

const zones = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kathmandu", "Australia/Adelaide", "America/Santiago"];
const START = Date.UTC(2025, 0, 1);
const SPAN = 400 * 24 * 60 * 60 * 1000;

const arbitraryEntry = fc
  .record({ type: fc.constantFrom(...LEDGER_ENTRY_TYPES), magnitude: fc.integer({ min: 1, max: 100_000 }), offset: fc.integer({ min: 0, max: SPAN }) })
  .map(({ type, magnitude, offset }): ReportEntry => ({ type, points: signFor(type) * magnitude, createdAt: new Date(START + offset) }));

const arbitraryCase = fc.record({
  entries: fc.array(arbitraryEntry, { maxLength: 120 }),
  zone: fc.constantFrom(...zones),
  startOffset: fc.integer({ min: 0, max: SPAN }),
  length: fc.integer({ min: 1, max: 60 }),
  value: fc.option(fc.record({ numerator: fc.integer({ min: 1, max: 5000 }), denominator: fc.integer({ min: 1, max: 5000 }) }), { nil: null }),
});

function checkMoneyRow(points: Balances, money: Balances, value: { numerator: number; denominator: number }) {
  expect(money.opening).toBe(pointsToMinor(points.opening, { minorPerPoint: value }));
  expect(money.closing).toBe(pointsToMinor(points.closing, { minorPerPoint: value }));
  expect(money.closing - money.opening).toBe(netMovement(money.movements));
  for (const column of MOVEMENT_COLUMNS) {
    // Each money cell is its exact value rounded down or up: |cell × d − points × n| < d.
    const error = BigInt(money.movements[column]) * BigInt(value.denominator) - BigInt(points.movements[column]) * BigInt(value.numerator);
    expect(error < BigInt(value.denominator) && error > -BigInt(value.denominator)).toBe(true);
  }
}

describe("calculateRollForward, properties over random ledgers", () => {
  it("balances: closing(day) = opening(next day), movements = closing − opening, last closing = the ledger's sum", () => {
    fc.assert(
      fc.property(arbitraryCase, ({ entries, zone, startOffset, length, value }) => {
        const startDate = localDateOf(START + startOffset, zone);
        const days = dayBoundaries(startDate, addDays(startDate, length - 1), zone);
        const { openingPoints, daily } = bucketEntries(entries, days);
        const result = calculateRollForward({ dates: days.map((d) => d.date), openingPoints, daily, pointValue: value ? { minorPerPoint: value } : null });
        const first = days[0];
        const last = days[days.length - 1];
        if (!first || !last) throw new Error("no days");
        const sumBefore = (instant: Date) => entries.filter((e) => e.createdAt < instant).reduce((sum, e) => sum + e.points, 0);

        expect(result.rows[0]?.opening).toBe(sumBefore(first.from));
        result.rows.forEach((row, index) => {
          expect(row.closing - row.opening).toBe(netMovement(row.movements));
          const next = result.rows[index + 1];
          if (next) expect(next.opening).toBe(row.closing);
          if (value && row.money) {
            checkMoneyRow(row, row.money, value);
            if (next?.money) expect(next.money.opening).toBe(row.money.closing);
          }
        });
        expect(result.totals.opening).toBe(sumBefore(first.from));
        expect(result.totals.closing).toBe(sumBefore(last.to));
        expect(result.totals.closing - result.totals.opening).toBe(netMovement(result.totals.movements));
        if (value) {
          const money = result.totals.money;
          expect(money).not.toBeNull();
          if (money) {
            expect(money.closing - money.opening).toBe(netMovement(money.movements));
            expect(money.closing).toBe(pointsToMinor(result.totals.closing, { minorPerPoint: value }));
          }
        } else {
          expect(result.totals.money).toBeNull();
        }
      }),
      { numRuns: 400 },
    );
  });

  it("splits any day's money change into floor-or-ceiling cells that add up exactly", () => {
    fc.assert(
      fc.property(
        fc.record({ earned: fc.nat(1e6), redeemed: fc.integer({ min: -1e6, max: 1e6 }), donated: fc.integer({ min: -1e6, max: 0 }), clawedBack: fc.integer({ min: -1e6, max: 0 }), expired: fc.integer({ min: -1e6, max: 0 }), adjustedOut: fc.integer({ min: -1e6, max: 0 }) }),
        fc.integer({ min: -1e7, max: 1e7 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        (movements, opening, numerator, denominator) => {
          const value = { minorPerPoint: { numerator, denominator } };
          const closing = opening + netMovement(movements);
          const target = pointsToMinor(closing, value) - pointsToMinor(opening, value);
          const money = allocateMovementMoney(movements, target, value);
          expect(netMovement(money)).toBe(target);
          checkMoneyRow({ opening, movements, closing }, { opening: pointsToMinor(opening, value), movements: money, closing: pointsToMinor(closing, value) }, value.minorPerPoint);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("calculateRollForward, a regression fast-check found", () => {
  it("splits a day from a +x.5 opening to a −y.5 closing (rounding −y.5 away from zero made it off by −1)", () => {
    // 415.5 minor units a point: +43,051 pts = 17,887,690.5 → 17,887,691; −2,691 pts = −1,118,110.5 → −1,118,110.
    const value = { minorPerPoint: { numerator: 4986, denominator: 12 } } as Parameters<typeof calculateRollForward>[0]["pointValue"];
    const movements = { ...emptyMovements(), clawedBack: -45742 };
    const result = calculateRollForward({ dates: ["2025-01-02"], openingPoints: 43051, daily: [{ date: "2025-01-02", movements }], pointValue: value });
    const row = result.rows[0];
    expect(row?.closing).toBe(-2691);
    expect(row?.money).toMatchObject({ opening: 17887691, closing: -1118110 });
    expect(row?.money?.movements.clawedBack).toBe(-19005801); // exactly −45,742 × 415.5
  });
});
