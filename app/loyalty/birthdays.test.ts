import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  anniversariesOn,
  birthdayIdempotencyKey,
  birthdayMetafieldValue,
  birthdaysOn,
  bonusDaysToPay,
  daysInMonth,
  daysUntilBirthday,
  explainAnniversaryEntry,
  MAX_CATCH_UP_DAYS,
  membershipYears,
  monthDaysCelebratedOn,
  nextShopDayStart,
  explainBirthdayEntry,
  isLeapYear,
  mayChangeBirthday,
  membersDueOn,
  validateBirthday,
} from "./birthdays";

const today = "2026-12-06";

describe("validateBirthday", () => {
  it("accepts real dates, with or without a year", () => {
    expect(validateBirthday({ month: 12, day: 24, year: 1990 }, today)).toEqual({ ok: true, birthday: { month: 12, day: 24, year: 1990 } });
    expect(validateBirthday({ month: 2, day: 29 }, today)).toEqual({ ok: true, birthday: { month: 2, day: 29, year: null } });
    expect(validateBirthday({ month: 2, day: 29, year: 2000 }, today).ok).toBe(true);
  });

  it("refuses impossible dates, naming the field", () => {
    expect(validateBirthday({ month: 2, day: 30 }, today)).toMatchObject({ ok: false, field: "day" });
    expect(validateBirthday({ month: 4, day: 31 }, today)).toMatchObject({ ok: false, field: "day" });
    expect(validateBirthday({ month: 2, day: 29, year: 1900 }, today)).toMatchObject({ ok: false, field: "day" });
    expect(validateBirthday({ month: 13, day: 1 }, today)).toMatchObject({ ok: false, field: "month" });
    expect(validateBirthday({ month: 0, day: 1 }, today)).toMatchObject({ ok: false, field: "month" });
    expect(validateBirthday({ month: 1, day: 0 }, today)).toMatchObject({ ok: false, field: "day" });
    expect(validateBirthday({ month: 1.5, day: 1 }, today)).toMatchObject({ ok: false, field: "month" });
    expect(validateBirthday({ month: 1, day: 1, year: 1899 }, today)).toMatchObject({ ok: false, field: "year" });
  });

  it("refuses dates in the future", () => {
    expect(validateBirthday({ month: 1, day: 1, year: 2027 }, today)).toMatchObject({ ok: false, field: "year" });
    expect(validateBirthday({ month: 12, day: 7, year: 2026 }, today)).toMatchObject({ ok: false, field: "day" });
    expect(validateBirthday({ month: 12, day: 6, year: 2026 }, today).ok).toBe(true);
  });

  it("property: accepts exactly the dates the calendar has (no year)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (month, day) => {
        const real = new Date(Date.UTC(2000, month - 1, day)).getUTCDate() === day; // 2000 is a leap year
        expect(validateBirthday({ month, day }, today).ok).toBe(real);
      }),
    );
  });
});

describe("mayChangeBirthday", () => {
  const setAt = new Date("2026-01-10T10:00:00Z");
  it("allows a first setting and a change after 365 days, not before", () => {
    expect(mayChangeBirthday(null, setAt)).toBe(true);
    expect(mayChangeBirthday(setAt, new Date("2026-12-06T10:00:00Z"))).toBe(false);
    expect(mayChangeBirthday(setAt, new Date("2027-01-10T09:59:59Z"))).toBe(false);
    expect(mayChangeBirthday(setAt, new Date("2027-01-10T10:00:00Z"))).toBe(true);
  });
});

describe("membersDueOn", () => {
  const members = [
    { memberId: "m1", birthday: { month: 12, day: 24 } },
    { memberId: "m2", birthday: { month: 2, day: 29 } },
    { memberId: "m3", birthday: { month: 2, day: 28 } },
  ];

  it("pays on the shop's day, in the shop's time zone", () => {
    const at = new Date("2026-12-24T03:00:00Z"); // Dec 23, 19:00 in Los Angeles; Dec 24 in Paris
    expect(membersDueOn(members, at, "Europe/Paris").map((d) => d.memberId)).toEqual(["m1"]);
    expect(membersDueOn(members, at, "America/Los_Angeles")).toEqual([]);
    expect(membersDueOn(members, at, "Europe/Paris")[0]).toEqual({ memberId: "m1", year: 2026, idempotencyKey: "birthday:m1:2026" });
  });

  it("pays Feb 29 birthdays on Feb 28 in a non-leap year, and on Feb 29 in a leap year", () => {
    expect(membersDueOn(members, new Date("2027-02-28T12:00:00Z"), "UTC").map((d) => d.memberId)).toEqual(["m2", "m3"]);
    expect(membersDueOn(members, new Date("2028-02-28T12:00:00Z"), "UTC").map((d) => d.memberId)).toEqual(["m3"]);
    expect(membersDueOn(members, new Date("2028-02-29T12:00:00Z"), "UTC").map((d) => d.memberId)).toEqual(["m2"]);
    expect(membersDueOn(members, new Date("2027-03-01T12:00:00Z"), "UTC")).toEqual([]);
  });

  it("property: running daily over a year pays every member exactly once per year (any zone)", () => {
    const zones = ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/St_Johns", "Asia/Kathmandu", "Europe/Paris"];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 2025, max: 2030 }),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        (month, day, year, zone, hour) => {
          if (!validateBirthday({ month, day }, today).ok) return;
          const member = { memberId: "m", birthday: { month, day } };
          const keys = new Set<string>();
          let payments = 0;
          // one run per UTC day at a fixed hour, over the year and a margin: each shop day is seen at most once or twice
          // (time zones can skip or repeat a local date by UTC day); the idempotency key dedupes repeats.
          for (let d = -2; d < 368; d += 1) {
            const at = new Date(Date.UTC(year, 0, 1 + d, hour));
            for (const due of membersDueOn([member], at, zone)) {
              if (due.year !== year) continue;
              payments += 1;
              keys.add(due.idempotencyKey);
            }
          }
          expect(keys.size).toBeLessThanOrEqual(1);
          expect(payments).toBeGreaterThanOrEqual(1);
          expect([...keys]).toEqual([birthdayIdempotencyKey("m", year)]);
          if (month === 2 && day === 29 && !isLeapYear(year)) expect(payments).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("explainBirthdayEntry", () => {
  it("says the year and the points", () => {
    expect(explainBirthdayEntry(2027, 200)).toBe("Birthday bonus 2027: 200 pts");
    expect(explainBirthdayEntry(2027, 1500)).toBe("Birthday bonus 2027: 1,500 pts");
  });
});

describe("the daily job's schedule (ADR 034)", () => {
  it("pays today alone on a first run, and catches up the days missed since the last one, at most a week", () => {
    expect(bonusDaysToPay(null, "2027-03-01")).toEqual(["2027-03-01"]);
    expect(bonusDaysToPay("2027-02-26", "2027-03-01")).toEqual(["2027-02-27", "2027-02-28", "2027-03-01"]);
    expect(bonusDaysToPay("2027-03-01", "2027-03-01")).toEqual([]);
    expect(bonusDaysToPay("2026-01-01", "2027-03-01")).toHaveLength(MAX_CATCH_UP_DAYS);
    expect(bonusDaysToPay("2026-01-01", "2027-03-01").at(-1)).toBe("2027-03-01");
  });

  it("runs next at the start of the next shop day, in the shop's zone", () => {
    // 23:30 in New York on Mar 1 is 04:30 UTC on Mar 2; the next New York day starts at 05:00 UTC.
    expect(nextShopDayStart(new Date("2027-03-02T04:30:00Z"), "America/New_York").toISOString()).toBe("2027-03-02T05:00:00.000Z");
    expect(nextShopDayStart(new Date("2027-03-02T04:30:00Z"), "Asia/Tokyo").toISOString()).toBe("2027-03-02T15:00:00.000Z");
  });

  it("pays Feb 29 birthdays on Feb 28 in other years, and on Feb 29 in leap years only", () => {
    const members = [
      { memberId: "leap", birthday: { month: 2, day: 29 } },
      { memberId: "eve", birthday: { month: 2, day: 28 } },
    ];
    expect(birthdaysOn(members, "2027-02-28").map((d) => d.memberId)).toEqual(["leap", "eve"]);
    expect(birthdaysOn(members, "2028-02-28").map((d) => d.memberId)).toEqual(["eve"]);
    expect(birthdaysOn(members, "2028-02-29").map((d) => d.memberId)).toEqual(["leap"]);
    expect(monthDaysCelebratedOn("2027-02-28")).toEqual([{ month: 2, day: 28 }, { month: 2, day: 29 }]);
    expect(monthDaysCelebratedOn("2028-02-28")).toEqual([{ month: 2, day: 28 }]);
  });

  it("pays anniversaries from the first one on, never in the year joined", () => {
    const members = [
      { memberId: "old", joinedOn: "2025-06-01" },
      { memberId: "new", joinedOn: "2027-06-01" },
      { memberId: "leap", joinedOn: "2024-02-29" },
    ];
    expect(anniversariesOn(members, "2027-06-01")).toEqual([{ memberId: "old", year: 2027, idempotencyKey: "anniversary:old:2027" }]);
    expect(anniversariesOn(members, "2027-02-28").map((d) => d.memberId)).toEqual(["leap"]);
    expect(membershipYears("2025-06-01", 2027)).toBe(2);
    expect(explainAnniversaryEntry(2027, 2, 150)).toBe("Membership anniversary 2027 (2 years): 150 pts");
  });

  it("property: over any year, each member is due exactly once (birthday and anniversary)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 2001, max: 2099 }), (month, day, year) => {
        fc.pre(day <= daysInMonth(month, null));
        const member = { memberId: "m", birthday: { month, day } };
        let due = 0;
        let anniversaries = 0;
        const joinedOn = `2000-${String(month).padStart(2, "0")}-${String(Math.min(day, daysInMonth(month, 2000))).padStart(2, "0")}`;
        for (let n = 0; n < (isLeapYear(year) ? 366 : 365); n += 1) {
          const date = new Date(Date.UTC(year, 0, 1 + n)).toISOString().slice(0, 10);
          due += birthdaysOn([member], date).length;
          anniversaries += anniversariesOn([{ memberId: "m", joinedOn }], date).length;
        }
        expect(due).toBe(1);
        expect(anniversaries).toBe(1);
      }),
      { numRuns: 40 },
    );
  });

  it("counts the days to the next birthday, wrapping to next year", () => {
    expect(daysUntilBirthday({ month: 12, day: 24 }, "2026-12-06")).toBe(18);
    expect(daysUntilBirthday({ month: 12, day: 6 }, "2026-12-06")).toBe(0);
    expect(daysUntilBirthday({ month: 1, day: 1 }, "2026-12-06")).toBe(26);
  });

  it("keeps a year-less birthday out of facts.birth_date (a date needs a year)", () => {
    expect(birthdayMetafieldValue({ month: 12, day: 24, year: 1990 })).toEqual({ standard: "1990-12-24", appOwned: "--12-24" });
    expect(birthdayMetafieldValue({ month: 2, day: 29, year: null })).toEqual({ standard: null, appOwned: "--02-29" });
  });
});
