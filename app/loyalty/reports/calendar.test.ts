import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectInvalidInput } from "../../../tests/support/loyalty";
import { addDays, dayBoundaries, daysBetween, eachDate, isCalendarDate, isTimeZone, localDateOf, startOfLocalDay } from "./calendar";

const HOUR = 60 * 60 * 1000;
const hours = (day: { from: Date; to: Date }) => (day.to.getTime() - day.from.getTime()) / HOUR;

describe("calendar dates", () => {
  it("knows real dates", () => {
    expect(isCalendarDate("2026-02-28")).toBe(true);
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2026-13-01")).toBe(false);
    expect(isCalendarDate("2026-1-01")).toBe(false);
    expect(isCalendarDate("0099-01-01")).toBe(false);
  });

  it("adds days across months and years", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(daysBetween("2026-01-01", "2026-12-31")).toBe(364);
    expect(eachDate("2026-12-30", "2027-01-02")).toEqual(["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"]);
    expect(eachDate("2026-01-02", "2026-01-01")).toEqual([]);
  });

  it("refuses what is not a date or a zone", () => {
    expectInvalidInput(() => addDays("2026-02-30", 1));
    expectInvalidInput(() => localDateOf(new Date(0), "Mars/Olympus_Mons"));
    expect(isTimeZone("America/New_York")).toBe(true);
    expect(isTimeZone("Nowhere/Special")).toBe(false);
  });
});

describe("days in the shop's time zone", () => {
  it("puts an instant on the shop's date, not UTC's", () => {
    expect(localDateOf(new Date("2026-03-08T04:59:59.999Z"), "America/New_York")).toBe("2026-03-07");
    expect(localDateOf(new Date("2026-03-08T05:00:00.000Z"), "America/New_York")).toBe("2026-03-08");
    expect(localDateOf(new Date("2025-12-31T18:15:00.000Z"), "Asia/Kathmandu")).toBe("2026-01-01");
  });

  it("makes DST days 23 and 25 hours long (New York)", () => {
    const spring = dayBoundaries("2026-03-07", "2026-03-09", "America/New_York");
    expect(spring.map(hours)).toEqual([24, 23, 24]);
    expect(spring[1]?.from.toISOString()).toBe("2026-03-08T05:00:00.000Z");
    const fall = dayBoundaries("2026-10-31", "2026-11-02", "America/New_York");
    expect(fall.map(hours)).toEqual([24, 25, 24]);
  });

  it("starts a day whose midnight does not exist at 01:00 (Santiago, clocks jump at 24:00)", () => {
    const day = startOfLocalDay("2026-09-06", "America/Santiago");
    expect(day.toISOString()).toBe("2026-09-06T04:00:00.000Z");
    expect(localDateOf(day.getTime() - 1, "America/Santiago")).toBe("2026-09-05");
  });

  it("handles half- and quarter-hour offsets", () => {
    expect(startOfLocalDay("2026-01-01", "Asia/Kathmandu").toISOString()).toBe("2025-12-31T18:15:00.000Z");
    expect(dayBoundaries("2026-10-03", "2026-10-05", "Australia/Adelaide").map(hours)).toEqual([24, 23, 24]);
  });

  it("gives a date the zone skipped no instants (Samoa crossed the date line on 2011-12-30)", () => {
    const days = dayBoundaries("2011-12-29", "2011-12-31", "Pacific/Apia");
    expect(days.map(hours)).toEqual([24, 0, 24]);
  });

  it("tiles time: consecutive days share boundaries and every instant lands on its own date", () => {
    const zones = ["UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago", "Pacific/Chatham"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 1, max: 40 }),
        (zone, epochMs, length) => {
          const start = localDateOf(epochMs, zone);
          const days = dayBoundaries(start, addDays(start, length - 1), zone);
          expect(days).toHaveLength(length);
          days.forEach((day, index) => {
            const next = days[index + 1];
            if (next) expect(next.from.getTime()).toBe(day.to.getTime());
            expect(localDateOf(day.from, zone)).toBe(day.date);
            expect(localDateOf(day.to.getTime() - 1, zone)).toBe(day.date);
            expect(localDateOf(day.from.getTime() - 1, zone) < day.date).toBe(true);
          });
          const first = days[0];
          expect(first && first.from.getTime() <= epochMs && epochMs < first.to.getTime()).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
