/**
 * The date range of the reports page: a preset or custom start/end dates, from the URL.
 *
 * Rules:
 * - `range` is one of RANGE_PRESETS (default last30). Without `range` but with `start`/`end`, the range is custom.
 * - A custom range needs `start` and `end` as real calendar dates "YYYY-MM-DD", start ≤ end, at most
 *   MAX_RANGE_DAYS days (both ends included), and an end no later than the shop's today.
 * - Presets end on the shop's today (a partial day: figures run up to now): lastN = the N days ending today;
 *   monthToDate / yearToDate start on the 1st of the month / January 1st; lastMonth is the previous calendar month.
 * - Invalid input is a LoyaltyError INVALID_INPUT with `fieldErrors` keyed range / start / end.
 */
import { z } from "zod";
import { LoyaltyError } from "../errors";
import { addDays, daysBetween, isCalendarDate, startOfMonth, startOfYear } from "./calendar";
import { DEFAULT_RANGE_PRESET, RANGE_LABELS, RANGE_PRESETS, type RangePreset } from "./presets";

export { DEFAULT_RANGE_PRESET, RANGE_LABELS, RANGE_PRESETS, type RangePreset };

export const MAX_RANGE_DAYS = 366;

export interface ReportQuery {
  range: RangePreset;
  /** Only for custom ranges. */
  start: string | null;
  end: string | null;
}

export interface ReportRange {
  preset: RangePreset;
  /** First and last report day (shop's calendar), both included. */
  start: string;
  end: string;
  days: number;
  label: string;
}

const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : null))
  .refine((value) => value === null || isCalendarDate(value), "Enter a real date as YYYY-MM-DD");

const querySchema = z
  .object({
    range: z.enum(RANGE_PRESETS, { error: "Choose one of the listed date ranges" }).optional(),
    start: optionalDate,
    end: optionalDate,
  })
  .transform(({ range, start, end }) => ({ range: range ?? (start || end ? "custom" : DEFAULT_RANGE_PRESET), start, end }))
  .superRefine((query, ctx) => {
    if (query.range !== "custom") return;
    if (!query.start) ctx.addIssue({ code: "custom", path: ["start"], message: "Choose a start date" });
    if (!query.end) ctx.addIssue({ code: "custom", path: ["end"], message: "Choose an end date" });
    if (!query.start || !query.end) return;
    const days = daysBetween(query.start, query.end) + 1;
    if (days < 1) ctx.addIssue({ code: "custom", path: ["end"], message: "The end date must be on or after the start date" });
    else if (days > MAX_RANGE_DAYS) {
      ctx.addIssue({ code: "custom", path: ["end"], message: `Choose at most ${MAX_RANGE_DAYS} days (this range has ${days})` });
    }
  });

function invalid(fieldErrors: Record<string, string>): LoyaltyError {
  const summary = Object.values(fieldErrors).join("; ");
  return new LoyaltyError("INVALID_INPUT", `Invalid date range: ${summary}`, { fieldErrors });
}

/** Reads range/start/end from the URL's search params (other params are ignored). */
export function parseReportQuery(params: URLSearchParams): ReportQuery {
  const input = { range: params.get("range") ?? undefined, start: params.get("start") ?? undefined, end: params.get("end") ?? undefined };
  const result = querySchema.safeParse(input);
  if (!result.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of result.error.issues) fieldErrors[issue.path.map(String).join(".") || "range"] ??= issue.message;
    throw invalid(fieldErrors);
  }
  const { range, start, end } = result.data;
  return range === "custom" ? { range, start, end } : { range, start: null, end: null };
}

/** The days a query covers, given the shop's today ("YYYY-MM-DD" on its clock). */
export function resolveReportRange(query: ReportQuery, today: string): ReportRange {
  const make = (start: string, end: string): ReportRange => ({
    preset: query.range,
    start,
    end,
    days: daysBetween(start, end) + 1,
    label: RANGE_LABELS[query.range],
  });
  switch (query.range) {
    case "last7":
      return make(addDays(today, -6), today);
    case "last30":
      return make(addDays(today, -29), today);
    case "last90":
      return make(addDays(today, -89), today);
    case "last365":
      return make(addDays(today, -364), today);
    case "monthToDate":
      return make(startOfMonth(today), today);
    case "lastMonth": {
      const end = addDays(startOfMonth(today), -1);
      return make(startOfMonth(end), end);
    }
    case "yearToDate":
      return make(startOfYear(today), today);
    case "custom": {
      const { start, end } = query;
      if (!start || !end) throw invalid({ ...(start ? {} : { start: "Choose a start date" }), ...(end ? {} : { end: "Choose an end date" }) });
      if (end > today) throw invalid({ end: `The end date cannot be after today (${today})` });
      return make(start, end);
    }
  }
}
