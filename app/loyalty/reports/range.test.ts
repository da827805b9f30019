import { describe, expect, it } from "vitest";
import { expectInvalidInput } from "../../../tests/support/loyalty";
import { MAX_RANGE_DAYS, parseReportQuery, resolveReportRange, type ReportQuery } from "./range";

const parse = (query: string) => parseReportQuery(new URLSearchParams(query));
const fieldErrorsOf = (query: string) => expectInvalidInput(() => parse(query)).fieldErrors;

describe("parseReportQuery", () => {
  it("defaults to the last 30 days and ignores other params", () => {
    expect(parse("")).toEqual({ range: "last30", start: null, end: null });
    expect(parse("range=last7&start=2026-01-01&shop=x.myshopify.com")).toEqual({ range: "last7", start: null, end: null });
  });

  it("reads a custom range, also without range=custom", () => {
    expect(parse("range=custom&start=2026-01-01&end=2026-01-31")).toEqual({ range: "custom", start: "2026-01-01", end: "2026-01-31" });
    expect(parse("start=2026-01-01&end=2026-01-01")).toEqual({ range: "custom", start: "2026-01-01", end: "2026-01-01" });
  });

  it("names each invalid field", () => {
    expect(fieldErrorsOf("range=lastDecade")).toEqual({ range: "Choose one of the listed date ranges" });
    expect(fieldErrorsOf("range=custom")).toEqual({ start: "Choose a start date", end: "Choose an end date" });
    expect(fieldErrorsOf("range=custom&start=2026-02-30&end=2026-03-01")).toEqual({ start: "Enter a real date as YYYY-MM-DD" });
    expect(fieldErrorsOf("range=custom&start=01/02/2026&end=2026-03-01")).toEqual({ start: "Enter a real date as YYYY-MM-DD" });
    expect(fieldErrorsOf("range=custom&start=2026-03-02&end=2026-03-01")).toEqual({ end: "The end date must be on or after the start date" });
    expect(fieldErrorsOf("range=custom&start=2025-01-01&end=2026-01-02")).toEqual({ end: `Choose at most ${MAX_RANGE_DAYS} days (this range has 367)` });
  });

  it("accepts exactly the maximum span", () => {
    expect(parse("range=custom&start=2024-01-01&end=2024-12-31").range).toBe("custom");
  });
});

describe("resolveReportRange", () => {
  const today = "2026-03-15";
  const resolve = (range: ReportQuery["range"]) => resolveReportRange({ range, start: null, end: null }, today);

  it("ends presets on the shop's today", () => {
    expect(resolve("last7")).toMatchObject({ start: "2026-03-09", end: today, days: 7 });
    expect(resolve("last30")).toMatchObject({ start: "2026-02-14", end: today, days: 30, label: "Last 30 days" });
    expect(resolve("last90")).toMatchObject({ start: "2025-12-16", days: 90 });
    expect(resolve("last365")).toMatchObject({ start: "2025-03-16", days: 365 });
    expect(resolve("monthToDate")).toMatchObject({ start: "2026-03-01", end: today, days: 15 });
    expect(resolve("lastMonth")).toMatchObject({ start: "2026-02-01", end: "2026-02-28", days: 28 });
    expect(resolve("yearToDate")).toMatchObject({ start: "2026-01-01", end: today, days: 74 });
  });

  it("takes last month across a year end", () => {
    expect(resolveReportRange({ range: "lastMonth", start: null, end: null }, "2026-01-10")).toMatchObject({ start: "2025-12-01", end: "2025-12-31" });
  });

  it("refuses a custom end after today", () => {
    const error = expectInvalidInput(() => resolveReportRange({ range: "custom", start: "2026-03-01", end: "2026-03-16" }, today));
    expect(error.fieldErrors).toEqual({ end: "The end date cannot be after today (2026-03-15)" });
    expect(resolveReportRange({ range: "custom", start: "2026-03-01", end: today }, today)).toMatchObject({ days: 15 });
  });
});
