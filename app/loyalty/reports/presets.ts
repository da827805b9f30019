/** The date-range presets of the reports page (no zod here: the browser imports this module). */

export const RANGE_PRESETS = ["last7", "last30", "last90", "last365", "monthToDate", "lastMonth", "yearToDate", "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const RANGE_LABELS: Record<RangePreset, string> = {
  last7: "Last 7 days",
  last30: "Last 30 days",
  last90: "Last 90 days",
  last365: "Last 365 days",
  monthToDate: "Month to date",
  lastMonth: "Last month",
  yearToDate: "Year to date",
  custom: "Custom range",
};

export const DEFAULT_RANGE_PRESET: RangePreset = "last30";
