/**
 * Birthday bonuses: pure rules (issue 11, "Birthdays and anniversaries"; docs/decisions/032-birthday-bonuses.md).
 *
 * Rules:
 * - A birthday is a month and a day, with an optional year. Impossible dates (Feb 30, Apr 31, month 13) are refused;
 *   Feb 29 is allowed (with no year, or with a leap year). A birthday with a year must not be after the shop's today.
 * - A member may change their birthday at most once a year: 365 days since the last change.
 * - A member is due on a shop day (the calendar day in the shop's time zone) when the day's month and day are the
 *   birthday's; a Feb 29 birthday is paid on Feb 28 in a non-leap year. The idempotency key
 *   `birthday:<memberId>:<year>` makes each member paid at most once per calendar year.
 */
import { localDateOf } from "./reports/calendar";

export interface Birthday {
  month: number;
  day: number;
  year: number | null;
}

export type BirthdayField = "month" | "day" | "year";

export type BirthdayValidation = { ok: true; birthday: Birthday } | { ok: false; field: BirthdayField; message: string };

export const BIRTHDAY_CHANGE_INTERVAL_DAYS = 365;
export const MIN_BIRTH_YEAR = 1900;

const DAY_MS = 24 * 60 * 60 * 1000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12); with no year, February has 29 (a Feb 29 birthday is a real one). */
export function daysInMonth(month: number, year: number | null): number {
  if (month === 2) return year === null || isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Validates a birthday against the shop's `today` ("2026-12-06"). Every refusal names the field at fault. */
export function validateBirthday(input: { month: number; day: number; year?: number | null }, today: string): BirthdayValidation {
  const { month, day } = input;
  const year = input.year ?? null;
  if (!Number.isInteger(month) || month < 1 || month > 12) return { ok: false, field: "month", message: "Month must be 1 to 12" };
  const [todayYear, todayMonth, todayDay] = today.split("-").map(Number) as [number, number, number];
  if (year !== null && (!Number.isInteger(year) || year < MIN_BIRTH_YEAR || year > todayYear)) {
    return { ok: false, field: "year", message: `Year must be ${MIN_BIRTH_YEAR} to ${todayYear}` };
  }
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(month, year)) {
    return { ok: false, field: "day", message: "That day does not exist in that month" };
  }
  if (year === todayYear && (month > todayMonth || (month === todayMonth && day > todayDay))) {
    return { ok: false, field: "day", message: "A birthday cannot be in the future" };
  }
  return { ok: true, birthday: { month, day, year } };
}

/** Whether a member whose birthday was last set at `setAt` (null: never) may change it at `now`. */
export function mayChangeBirthday(setAt: Date | null, now: Date): boolean {
  if (!setAt) return true;
  return now.getTime() - setAt.getTime() >= BIRTHDAY_CHANGE_INTERVAL_DAYS * DAY_MS;
}

/** The "MM-DD" a birthday is celebrated on in `year`: Feb 29 falls on Feb 28 in a non-leap year. */
export function celebrationMonthDay(birthday: Pick<Birthday, "month" | "day">, year: number): { month: number; day: number } {
  if (birthday.month === 2 && birthday.day === 29 && !isLeapYear(year)) return { month: 2, day: 28 };
  return { month: birthday.month, day: birthday.day };
}

export interface BirthdayMember {
  memberId: string;
  birthday: Pick<Birthday, "month" | "day">;
}

export interface DueBirthday {
  memberId: string;
  /** The calendar year the bonus is for; part of the idempotency key. */
  year: number;
  idempotencyKey: string;
}

/** The members whose birthday is the shop day of `now` in `timeZone`. */
export function membersDueOn(members: readonly BirthdayMember[], now: Date, timeZone: string): DueBirthday[] {
  const [year, month, day] = localDateOf(now, timeZone).split("-").map(Number) as [number, number, number];
  const due: DueBirthday[] = [];
  for (const member of members) {
    const on = celebrationMonthDay(member.birthday, year);
    if (on.month === month && on.day === day) {
      due.push({ memberId: member.memberId, year, idempotencyKey: birthdayIdempotencyKey(member.memberId, year) });
    }
  }
  return due;
}

export function birthdayIdempotencyKey(memberId: string, year: number): string {
  return `birthday:${memberId}:${year}`;
}

/** "Birthday bonus 2027: 200 pts". */
export function explainBirthdayEntry(year: number, points: number): string {
  return `Birthday bonus ${year}: ${points.toLocaleString("en-US")} pts`;
}
