/**
 * Calendar days in the shop's time zone, for reports.
 *
 * Rules:
 * - A report day is a calendar date ("YYYY-MM-DD") on the shop's wall clock (`Program.timezone`, IANA).
 * - A day starts at the first instant whose wall-clock date is that date (or later), and ends where the next one
 *   starts: days are 23, 24 or 25 hours long around DST changes (midnight itself may be skipped: the day then
 *   starts at 01:00), consecutive days share their boundary, so every instant belongs to exactly one day. A date
 *   the zone skipped entirely (Samoa, 2011-12-30) is an empty day.
 * - An event belongs to the day containing its instant: `from <= at < to`.
 * - Date arithmetic on "YYYY-MM-DD" strings is pure calendar arithmetic (no time zone involved).
 * - Time is passed in; nothing here reads the clock.
 */
import { LoyaltyError } from "../errors";

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** One report day and the half-open interval of instants it covers. */
export interface DayBoundary {
  date: string;
  from: Date;
  to: Date;
}

function parts(date: string): { year: number; month: number; day: number } | null {
  const match = DATE_PATTERN.exec(date);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC maps years 0–99 to 1900–1999; reports never go there.
  if (year < 1000 || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** True for a real calendar date written "YYYY-MM-DD" (2026-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  return parts(text) !== null;
}

function requireParts(date: string) {
  const found = parts(date);
  if (!found) throw new LoyaltyError("INVALID_INPUT", `"${date}" is not a date written YYYY-MM-DD`);
  return found;
}

function utcMidnight(date: string): number {
  const { year, month, day } = requireParts(date);
  return Date.UTC(year, month - 1, day);
}

function formatUtcDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** "2026-02-28" + 1 → "2026-03-01". */
export function addDays(date: string, days: number): string {
  return formatUtcDate(utcMidnight(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` ("2026-01-01" → "2026-01-31" is 30). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** The first day of the month of `date`. */
export function startOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** The first day of the year of `date`. */
export function startOfYear(date: string): string {
  return `${date.slice(0, 4)}-01-01`;
}

/** Every date from `start` to `end`, both included (empty when end < start). */
export function eachDate(start: string, end: string): string[] {
  const count = daysBetween(start, end) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, index) => addDays(start, index));
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dateFormatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    } catch (cause) {
      throw new LoyaltyError("INVALID_INPUT", `"${timeZone}" is not an IANA time zone`, { cause });
    }
    dateFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when Intl knows the zone ("America/New_York", "UTC"). */
export function isTimeZone(timeZone: string): boolean {
  try {
    dateFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone the reports' days are in: the program's (Shopify's `ianaTimezone`), or UTC when Intl does not know it
 * (the page names the zone it used). The rollups bucket days in the same zone (app/loyalty/rollups.ts).
 */
export function reportTimeZone(programTimeZone: string): string {
  return isTimeZone(programTimeZone) ? programTimeZone : "UTC";
}

/** The date the shop's wall clock shows at an instant. */
export function localDateOf(at: Date | number, timeZone: string): string {
  const epochMs = typeof at === "number" ? at : at.getTime();
  if (!Number.isFinite(epochMs)) throw new LoyaltyError("INVALID_INPUT", "Not a valid instant");
  const found: Record<string, string> = {};
  for (const part of dateFormatter(timeZone).formatToParts(epochMs)) found[part.type] = part.value;
  return `${found.year ?? "0000"}-${found.month ?? "01"}-${found.day ?? "01"}`;
}

const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds the zone's wall clock is ahead of UTC at an instant. */
function wallOffsetMs(epochMs: number, timeZone: string): number {
  let formatter = wallClockFormatters.get(timeZone);
  if (!formatter) {
    dateFormatter(timeZone); // validates the zone with a LoyaltyError
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    wallClockFormatters.set(timeZone, formatter);
  }
  const found: Record<string, number> = {};
  for (const part of formatter.formatToParts(epochMs)) if (part.type !== "literal") found[part.type] = Number(part.value);
  const wallAsUtc = Date.UTC(found.year ?? 1970, (found.month ?? 1) - 1, found.day ?? 1, found.hour ?? 0, found.minute ?? 0, found.second ?? 0);
  return wallAsUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

const BISECT_REACH_MS = 27 * 60 * 60 * 1000;

/**
 * The first instant of `date` on the shop's clock. A guess from the zone's offset (two passes, as an offset change
 * may lie between UTC midnight and local midnight) is checked; when a DST change makes local midnight missing or
 * doubled, the start is found by bisection (the wall-clock date only moves forward).
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const midnightUtc = utcMidnight(date);
  const onOrAfter = (epochMs: number) => localDateOf(epochMs, timeZone) >= date;
  const guess = midnightUtc - wallOffsetMs(midnightUtc - wallOffsetMs(midnightUtc, timeZone), timeZone);
  if (onOrAfter(guess) && !onOrAfter(guess - 1)) return new Date(guess);
  // Offsets are within ±14 h: 27 h either side of UTC midnight is surely before / on or after the start.
  let before = midnightUtc - BISECT_REACH_MS;
  let atOrAfter = midnightUtc + BISECT_REACH_MS;
  while (atOrAfter - before > 1) {
    const middle = Math.floor((before + atOrAfter) / 2);
    if (onOrAfter(middle)) atOrAfter = middle;
    else before = middle;
  }
  return new Date(atOrAfter);
}

const dayStarts = new Map<string, number>();

/**
 * The report day an instant belongs to, as `dayBoundaries` buckets it: the last date whose first instant
 * (startOfLocalDay) is at or before it. That is the wall-clock date wherever dates only move forward, which today's
 * zone data keeps (clocks going back at midnight go from 24:00 to 23:00: America/Santiago, Asia/Beirut); a clock
 * going back from after midnight to before it would show the previous date in a day already started, and this
 * still names the started day. The rollups bucket by it, so their days are the report's by construction.
 */
export function reportDateOf(at: Date, timeZone: string): string {
  const date = localDateOf(at, timeZone);
  const next = addDays(date, 1);
  const key = `${timeZone} ${next}`;
  let start = dayStarts.get(key);
  if (start === undefined) {
    start = startOfLocalDay(next, timeZone).getTime();
    if (dayStarts.size >= 50_000) dayStarts.clear();
    dayStarts.set(key, start);
  }
  return start <= at.getTime() ? next : date;
}

/** The days from `start` to `end` (both included) with the instants each covers on the shop's clock. */
export function dayBoundaries(start: string, end: string, timeZone: string): DayBoundary[] {
  const days: DayBoundary[] = [];
  let from = startOfLocalDay(start, timeZone);
  for (const date of eachDate(start, end)) {
    const to = startOfLocalDay(addDays(date, 1), timeZone);
    days.push({ date, from, to });
    from = to;
  }
  return days;
}
