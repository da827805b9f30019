import { describe, expect, it } from "vitest";
import { addToPreview, calculateBackfillProgress, calculatePreviewValue, EMPTY_PREVIEW, isPastExpiry, MAX_RANGE_DAYS, parseBackfillRequest } from "./backfill";

const NOW = new Date("2026-12-06T15:30:00Z");
const day = (text: string) => new Date(`${text}T00:00:00Z`);

describe("parseBackfillRequest", () => {
  it("turns a preset into whole UTC days ending tonight", () => {
    expect(parseBackfillRequest({ mode: "award", preset: "90d" }, NOW)).toEqual({ ok: true, request: { mode: "award", from: day("2026-09-08"), to: day("2026-12-07") } });
    const year = parseBackfillRequest({ mode: "history", preset: "1y" }, NOW);
    expect(year.ok && (year.request.to.getTime() - year.request.from.getTime()) / 86_400_000).toBe(365);
  });

  it("takes from–to dates with the end day included, and caps the end at today", () => {
    expect(parseBackfillRequest({ mode: "history", preset: "custom", from: "2026-01-01", to: "2026-01-31" }, NOW)).toEqual({
      ok: true,
      request: { mode: "history", from: day("2026-01-01"), to: day("2026-02-01") },
    });
    const capped = parseBackfillRequest({ mode: "history", from: "2026-11-01", to: "2027-03-01" }, NOW);
    expect(capped.ok && capped.request.to).toEqual(day("2026-12-07"));
  });

  it("answers each bad field with a code and a sentence", () => {
    const codes = (input: Record<string, unknown>) => {
      const result = parseBackfillRequest(input, NOW);
      return result.ok ? [] : result.errors.map((e) => `${e.field}:${e.code}`);
    };
    expect(codes({ mode: "spend", preset: "90d" })).toEqual(["mode:modeUnknown"]);
    expect(codes({ mode: "award", preset: "all" })).toEqual(["preset:presetUnknown"]);
    expect(codes({ mode: "award", preset: "custom", from: "2026-03-01", to: "2026-02-01" })).toEqual(["from:fromAfterTo"]);
    expect(codes({ mode: "award", preset: "custom", from: "2026-02-29", to: "2026-03-01" })).toEqual(["from:dateInvalid"]);
    expect(codes({ mode: "award", preset: "custom", from: "01/02/2026", to: "" })).toEqual(["from:dateInvalid", "to:dateInvalid"]);
    expect(codes({ mode: "award", preset: "custom", from: "2026-12-08", to: "2026-12-09" })).toEqual(["from:fromInFuture"]);
    expect(codes({ preset: "custom", from: "2022-01-01", to: "2026-12-01" })).toEqual(["mode:modeUnknown", "to:rangeTooLong"]);
  });

  it("accepts exactly the longest range and refuses one day more", () => {
    const to = day("2026-12-06");
    const from = (extra: number) => new Date(to.getTime() + 86_400_000 - (MAX_RANGE_DAYS + extra) * 86_400_000).toISOString().slice(0, 10);
    expect(parseBackfillRequest({ mode: "award", from: from(0), to: "2026-12-06" }, NOW).ok).toBe(true);
    expect(parseBackfillRequest({ mode: "award", from: from(1), to: "2026-12-06" }, NOW).ok).toBe(false);
  });
});

describe("the preview's figures", () => {
  it("adds net points of eligible orders only, clawback never above the award", () => {
    let totals = EMPTY_PREVIEW;
    totals = addToPreview(totals, { eligible: true, points: 120, clawback: 20 });
    totals = addToPreview(totals, { eligible: true, points: 50, clawback: 80 });
    totals = addToPreview(totals, { eligible: false, points: 999, clawback: 0, expired: true });
    expect(totals).toEqual({ ordersFound: 3, ordersEligible: 2, points: 100, expired: 0 });
    totals = addToPreview(totals, { eligible: true, points: 30, clawback: 10, expired: true });
    expect(totals).toEqual({ ordersFound: 4, ordersEligible: 3, points: 120, expired: 20 });
  });

  it("counts an order past the expiry window from its paid time, never without an expiry", () => {
    const paidAt = new Date(NOW.getTime() - 365 * 86_400_000);
    expect(isPastExpiry(paidAt, 365, NOW)).toBe(true);
    expect(isPastExpiry(paidAt, 366, NOW)).toBe(false);
    expect(isPastExpiry(paidAt, null, NOW)).toBe(false);
    expect(isPastExpiry(null, 30, NOW)).toBe(false);
  });

  it("prices the points at the point value, or says there is none", () => {
    expect(calculatePreviewValue(1250, { minorPerPoint: { numerator: 1, denominator: 1 } })).toBe(1250);
    expect(calculatePreviewValue(1250, { minorPerPoint: { numerator: 1, denominator: 8 } })).toBe(156);
    expect(calculatePreviewValue(1250, null)).toBeNull();
  });

  it("extrapolates the ETA from the rate since writing began", () => {
    const startedAt = new Date(NOW.getTime() - 60_000);
    expect(calculateBackfillProgress({ total: 400, done: 100, startedAt, now: NOW })).toEqual({ percent: 25, etaSeconds: 180 });
    expect(calculateBackfillProgress({ total: 0, done: 0, startedAt: null, now: NOW })).toEqual({ percent: 100, etaSeconds: 0 });
  });
});
