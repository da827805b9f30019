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
 * - The membership anniversary is the shop day the member joined (Feb 29 on Feb 28 likewise), from the first
 *   anniversary on (never in the year they joined); `anniversary:<memberId>:<year>`.
 * - The daily job pays the shop days from the day after the last one it paid through up to today, at most
 *   MAX_CATCH_UP_DAYS of them: a worker that was down (or a dev-store clock moved forward) pays the days it missed,
 *   a little late, instead of skipping them; a day paid twice is one entry per member by the keys above.
 * - The job runs again at the start of the next shop day.
 * - A year-less birthday cannot be stored in Shopify's `facts.birth_date` (a `date`); it is "--MM-DD" (ISO 8601's
 *   date without a year) in the app's own metafield.
 */
import { addDays, daysBetween, localDateOf, startOfLocalDay } from "./reports/calendar";

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

// ---- The daily job's schedule, anniversaries, the metafield value (docs/decisions/034-birthdays-and-actions.md) ----

/** Shop days a late run still pays (today included). */
export const MAX_CATCH_UP_DAYS = 7;

/** The shop days ("YYYY-MM-DD") a run at `today` pays: after `lastPaidDay` up to today, at most MAX_CATCH_UP_DAYS. */
export function bonusDaysToPay(lastPaidDay: string | null, today: string): string[] {
  const earliest = addDays(today, -(MAX_CATCH_UP_DAYS - 1));
  let from = lastPaidDay === null ? today : addDays(lastPaidDay, 1);
  if (from < earliest) from = earliest;
  if (from > today) return [];
  const days: string[] = [];
  for (let n = 0; n <= daysBetween(from, today); n += 1) days.push(addDays(from, n));
  return days;
}

/** When the daily job runs next: the first instant of the shop day after `now`. */
export function nextShopDayStart(now: Date, timeZone: string): Date {
  return startOfLocalDay(addDays(localDateOf(now, timeZone), 1), timeZone);
}

function monthDayOf(day: string): { year: number; month: number; day: number } {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return { year, month, day: date };
}

/** The members whose birthday is celebrated on the shop day `day` ("2027-02-28"). */
export function birthdaysOn(members: readonly BirthdayMember[], day: string): DueBirthday[] {
  const today = monthDayOf(day);
  return members.flatMap((member) => {
    const on = celebrationMonthDay(member.birthday, today.year);
    return on.month === today.month && on.day === today.day
      ? [{ memberId: member.memberId, year: today.year, idempotencyKey: birthdayIdempotencyKey(member.memberId, today.year) }]
      : [];
  });
}

/** The month/days whose birthdays fall on `day`: itself, and Feb 29 on a non-leap Feb 28 (what the job queries). */
export function monthDaysCelebratedOn(day: string): { month: number; day: number }[] {
  const { year, month, day: date } = monthDayOf(day);
  const found = [{ month, day: date }];
  if (month === 2 && date === 28 && !isLeapYear(year)) found.push({ month: 2, day: 29 });
  return found;
}

export interface AnniversaryMember {
  memberId: string;
  /** The shop day the member joined. */
  joinedOn: string;
}

/** The members whose membership anniversary is `day` (not in the year they joined). */
export function anniversariesOn(members: readonly AnniversaryMember[], day: string): DueBirthday[] {
  const today = monthDayOf(day);
  return members.flatMap((member) => {
    const joined = monthDayOf(member.joinedOn);
    if (joined.year >= today.year) return [];
    const on = celebrationMonthDay(joined, today.year);
    return on.month === today.month && on.day === today.day
      ? [{ memberId: member.memberId, year: today.year, idempotencyKey: anniversaryIdempotencyKey(member.memberId, today.year) }]
      : [];
  });
}

export function anniversaryIdempotencyKey(memberId: string, year: number): string {
  return `anniversary:${memberId}:${year}`;
}

/** "Membership anniversary 2027 (3 years): 100 pts". */
export function explainAnniversaryEntry(year: number, years: number, points: number): string {
  return `Membership anniversary ${year} (${years} ${years === 1 ? "year" : "years"}): ${points.toLocaleString("en-US")} pts`;
}

/** Whole years between joining and the anniversary `year`. */
export function membershipYears(joinedOn: string, year: number): number {
  return year - monthDayOf(joinedOn).year;
}

/** The days until the next celebration of a birthday from shop day `today` (0 = today). */
export function daysUntilBirthday(birthday: Pick<Birthday, "month" | "day">, today: string): number {
  const { year } = monthDayOf(today);
  for (const candidateYear of [year, year + 1]) {
    const on = celebrationMonthDay(birthday, candidateYear);
    const date = `${candidateYear}-${String(on.month).padStart(2, "0")}-${String(on.day).padStart(2, "0")}`;
    if (date >= today) return daysBetween(today, date);
  }
  /* c8 ignore next */
  throw new Error("unreachable: a birthday recurs within a year");
}

/** Where a birthday is kept at Shopify: `facts.birth_date` ("1990-12-24") with a year; "--12-24" in the app's own without. */
export function birthdayMetafieldValue(birthday: Birthday): { standard: string | null; appOwned: string } {
  const mm = String(birthday.month).padStart(2, "0");
  const dd = String(birthday.day).padStart(2, "0");
  return { standard: birthday.year === null ? null : `${String(birthday.year).padStart(4, "0")}-${mm}-${dd}`, appOwned: `--${mm}-${dd}` };
}
