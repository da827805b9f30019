/**
 * Backfilling past orders (docs/decisions/028-backfill-past-orders.md): the pure part.
 *
 * Rules:
 * - A range is a preset (the last 90 days, the last year, the last two years) or from–to dates (YYYY-MM-DD,
 *   both included). Days are UTC days: the range is [from 00:00Z, to + 1 day 00:00Z). `to` is never in the
 *   future (it is capped at today), `from` is not after `to`, and a range spans at most MAX_RANGE_DAYS days.
 * - The mode is "award" (points, as if each order had been paid with the program live) or "history" (the orders
 *   are recorded for reports, no points). Nothing else is accepted.
 * - A bad input is answered per field with a code (the admin says it in the merchant's language) and an English
 *   sentence; nothing is guessed.
 * - The preview adds up, over the orders found, what the calculator rates them and what refunds and cancellations
 *   would take back, and prices the net at the point value (pointsToMinor, once per total). Points of orders paid
 *   longer ago than the program's expiry are counted apart too: the expiry run takes them back at once.
 * - Progress is orders written over orders eligible; the ETA extrapolates the rate since writing began.
 */
import { calculateEnrolmentProgress, type EnrolmentProgress } from "./enrolment";
import { pointsToMinor } from "./point-value";
import type { PointValue } from "./simulator";

export const BACKFILL_MODES = ["award", "history"] as const;
export type BackfillMode = (typeof BACKFILL_MODES)[number];
export const BACKFILL_PRESETS = ["90d", "1y", "2y", "custom"] as const;
export type BackfillPreset = (typeof BACKFILL_PRESETS)[number];

/** The longest range one backfill reads (Shopify keeps every order, but a bigger read is two backfills). */
export const MAX_RANGE_DAYS = 3 * 366;
const DAY_MS = 24 * 60 * 60 * 1000;
const PRESET_DAYS: Record<Exclude<BackfillPreset, "custom">, number> = { "90d": 90, "1y": 365, "2y": 730 };

export type BackfillErrorCode = "modeUnknown" | "presetUnknown" | "dateInvalid" | "fromAfterTo" | "rangeTooLong" | "fromInFuture";

export interface BackfillFieldError {
  field: "mode" | "preset" | "from" | "to";
  code: BackfillErrorCode;
  message: string;
}

export interface BackfillRequest {
  mode: BackfillMode;
  /** Inclusive start (UTC midnight). */
  from: Date;
  /** Exclusive end (UTC midnight after the last day). */
  to: Date;
}

function utcDay(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  // 2026-02-30 rolls over: refuse it instead.
  return date.toISOString().slice(0, 10) === text.trim() ? date : null;
}

function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** The form's fields → a backfill request, or the errors per field. */
export function parseBackfillRequest(
  input: { mode?: unknown; preset?: unknown; from?: unknown; to?: unknown },
  now: Date,
): { ok: true; request: BackfillRequest } | { ok: false; errors: BackfillFieldError[] } {
  const errors: BackfillFieldError[] = [];
  const mode = BACKFILL_MODES.find((m) => m === input.mode);
  if (!mode) errors.push({ field: "mode", code: "modeUnknown", message: `Choose "award" or "history": "${String(input.mode ?? "")}" is not a mode` });
  const preset = BACKFILL_PRESETS.find((p) => p === (input.preset ?? "custom"));
  const endOfToday = new Date(startOfUtcDay(now).getTime() + DAY_MS);
  let from: Date | null = null;
  let to: Date | null = null;
  if (!preset) {
    errors.push({ field: "preset", code: "presetUnknown", message: `"${String(input.preset)}" is not a range: choose 90 days, 1 year, 2 years or dates` });
  } else if (preset !== "custom") {
    to = endOfToday;
    from = new Date(to.getTime() - PRESET_DAYS[preset] * DAY_MS);
  } else {
    from = typeof input.from === "string" ? utcDay(input.from) : null;
    const last = typeof input.to === "string" ? utcDay(input.to) : null;
    if (!from) errors.push({ field: "from", code: "dateInvalid", message: "The start date must be a date (YYYY-MM-DD)" });
    if (!last) errors.push({ field: "to", code: "dateInvalid", message: "The end date must be a date (YYYY-MM-DD)" });
    if (last) to = new Date(Math.min(last.getTime() + DAY_MS, endOfToday.getTime()));
    if (from && to) {
      if (from.getTime() >= endOfToday.getTime()) {
        errors.push({ field: "from", code: "fromInFuture", message: "The start date is in the future: there are no orders to read yet" });
      } else if (from.getTime() >= to.getTime()) {
        errors.push({ field: "from", code: "fromAfterTo", message: "The start date is after the end date" });
      } else if ((to.getTime() - from.getTime()) / DAY_MS > MAX_RANGE_DAYS) {
        errors.push({ field: "to", code: "rangeTooLong", message: `A backfill reads at most ${MAX_RANGE_DAYS} days: split the range in two` });
      }
    }
  }
  if (errors.length > 0 || !mode || !from || !to) return { ok: false, errors };
  return { ok: true, request: { mode, from, to } };
}

export interface BackfillPreviewTotals {
  /** Orders the bulk query found in the range (paid or not). */
  ordersFound: number;
  /** Paid, non-test orders with a customer: what the backfill writes. */
  ordersEligible: number;
  /** Net points: rated points minus what refunds and cancellations take back. */
  points: number;
  /** Of `points`: those of orders paid before the expiry window, which expire at the next expiry run. */
  expired: number;
}

/** One order's contribution to the preview: the points rated, and the share refunds or cancellation take back. */
export function addToPreview(
  totals: BackfillPreviewTotals,
  order: { eligible: boolean; points: number; clawback: number; expired?: boolean },
): BackfillPreviewTotals {
  const net = order.eligible ? Math.max(0, order.points - Math.min(order.points, order.clawback)) : 0;
  return {
    ordersFound: totals.ordersFound + 1,
    ordersEligible: totals.ordersEligible + (order.eligible ? 1 : 0),
    points: totals.points + net,
    expired: totals.expired + (order.expired ? net : 0),
  };
}

export const EMPTY_PREVIEW: BackfillPreviewTotals = { ordersFound: 0, ordersEligible: 0, points: 0, expired: 0 };

/** Whether points of an order paid at `paidAt` are past the program's expiry (days) at `now` (never when none). */
export function isPastExpiry(paidAt: Date | null, expiryDays: number | null, now: Date): boolean {
  return paidAt !== null && expiryDays !== null && paidAt.getTime() + expiryDays * DAY_MS <= now.getTime();
}

/** The net points' money value at the program's point value (null when the shop has none). */
export function calculatePreviewValue(points: number, value: PointValue | null): number | null {
  return value ? pointsToMinor(points, value) : null;
}

export function calculateBackfillProgress(input: { total: number; done: number; startedAt: Date | null; now: Date }): EnrolmentProgress {
  return calculateEnrolmentProgress(input);
}
