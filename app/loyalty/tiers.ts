/**
 * Tiers: which tier a member is in, what it multiplies, and how far the next one is.
 *
 * Rules:
 * - A member's metric (points earned, or spend in shop minor units, per `basis`) is summed over the window:
 *   lifetime (no start), calendarYear (from Jan 1 00:00 in the shop's IANA time zone), or rolling12Months
 *   (the same instant 12 calendar months earlier, in UTC; Feb 29 falls back to Feb 28).
 * - The current tier is the one with the highest threshold ≤ metric; without one the multiplier is ×1.
 * - A valid program has non-empty unique ids and names, integer thresholds ≥ 0 that are all different, and
 *   multipliers from ×1 to ×10 (1000..10000 milli). The lowest tier may start at 0.
 * - The editor lists tiers from lowest to highest: `validateTierOrder` refuses a tier that does not start above the
 *   one listed before it, with the error on that tier's field (a merchant typing Gold below Silver made a mistake).
 * - Time is passed in; nothing here reads the clock.
 */
import { LoyaltyError } from "./errors";
import { fieldErrorCode, type FieldErrorCodes, type FieldErrorKey } from "./field-error-codes";
import { formatMoney } from "./money";
import type { TierBasis, TierDefinition, TierMultiplier, TierProgram, TierWindow } from "./types";

export const MIN_TIER_MULTIPLIER_MILLI = 1000;
export const MAX_TIER_MULTIPLIER_MILLI = 10000;

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = zoneFormatters.get(timeZone);
  if (!formatter) {
    try {
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
    } catch (cause) {
      throw new LoyaltyError("INVALID_INPUT", `"${timeZone}" is not an IANA time zone`, { cause });
    }
    zoneFormatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(epochMs: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of zoneFormatter(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Milliseconds the zone's wall clock is ahead of UTC at an instant. */
function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const wall = wallClockAt(epochMs, timeZone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/** The instant when the zone's wall clock shows year-month-day 00:00:00. */
function startOfDayInZone(year: number, month: number, day: number, timeZone: string): number {
  const asUtc = Date.UTC(year, month - 1, day);
  const firstGuess = asUtc - zoneOffsetMs(asUtc, timeZone);
  // A second pass corrects the guess when an offset change lies between the two instants.
  return asUtc - zoneOffsetMs(firstGuess, timeZone);
}

function daysInUtcMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/** Start of the tier window containing `now`, or null for lifetime. */
export function tierWindowStart(window: TierWindow, now: Date, timeZone = "UTC"): Date | null {
  const epochMs = now.getTime();
  if (Number.isNaN(epochMs)) throw new LoyaltyError("INVALID_INPUT", "The current time is not a valid date");
  switch (window) {
    case "lifetime":
      return null;
    case "calendarYear":
      return new Date(startOfDayInZone(wallClockAt(epochMs, timeZone).year, 1, 1, timeZone));
    case "rolling12Months": {
      const year = now.getUTCFullYear() - 1;
      const month = now.getUTCMonth();
      const day = Math.min(now.getUTCDate(), daysInUtcMonth(year, month));
      return new Date(
        Date.UTC(year, month, day, now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()),
      );
    }
  }
}

/** Collects tier errors by path: the first per field wins; the English sentence and its code side by side. */
function tierErrors() {
  const fieldErrors: Record<string, string> = {};
  const fieldErrorCodes: FieldErrorCodes = {};
  return {
    fail(path: string, message: string, key: FieldErrorKey, values: Record<string, string | number>) {
      if (path in fieldErrors) return;
      fieldErrors[path] = message;
      fieldErrorCodes[path] = fieldErrorCode(key, values);
    },
    throwIfAny() {
      const messages = Object.values(fieldErrors);
      if (messages.length > 0) throw new LoyaltyError("INVALID_INPUT", `Invalid tier program: ${messages.join("; ")}`, { fieldErrors, fieldErrorCodes });
    },
  };
}

/** Throws INVALID_INPUT with `fieldErrors` keyed "tiers.<index>.<field>" when the program is not valid. */
export function validateTierProgram(program: TierProgram): void {
  const { fail, throwIfAny } = tierErrors();
  const ids = new Set<string>();
  const names = new Set<string>();
  const thresholds = new Map<number, string>();

  program.tiers.forEach((tier, index) => {
    const at = `tiers.${index}`;
    const name = tier.name.trim();
    const label = name || String(index + 1);
    if (tier.id.trim() === "") fail(`${at}.id`, `Tier ${index + 1} has no id`, "tierNoId", { number: index + 1 });
    else if (ids.has(tier.id)) fail(`${at}.id`, `Tier id "${tier.id}" is used twice`, "tierIdTwice", { id: tier.id });
    ids.add(tier.id);

    if (name === "") fail(`${at}.name`, `Tier ${index + 1} has no name`, "tierNoName", { number: index + 1 });
    else if (names.has(name.toLowerCase())) fail(`${at}.name`, `Tier name "${name}" is used twice`, "tierNameTwice", { tier: name });
    names.add(name.toLowerCase());

    if (!Number.isSafeInteger(tier.threshold) || tier.threshold < 0) {
      fail(`${at}.threshold`, `Threshold of tier "${name}" must be a whole number ≥ 0, got ${tier.threshold}`, "tierThresholdWhole", { tier: label });
    } else if (thresholds.has(tier.threshold)) {
      const other = thresholds.get(tier.threshold) ?? "";
      fail(`${at}.threshold`, `Tier “${name}” must start above “${other}” (both start at ${tier.threshold.toLocaleString("en-US")})`, "tierSameStart", {
        tier: label,
        other,
        threshold: tier.threshold,
      });
    } else {
      thresholds.set(tier.threshold, name);
    }

    const multiplier = tier.multiplierMilli;
    if (!Number.isInteger(multiplier) || multiplier < MIN_TIER_MULTIPLIER_MILLI || multiplier > MAX_TIER_MULTIPLIER_MILLI) {
      fail(`${at}.multiplierMilli`, `Multiplier of tier “${name}” must be from ×1 to ×10, got ×${multiplier / 1000}`, "tierMultiplierRange", { tier: label });
    }
  });
  throwIfAny();
}

/** Throws INVALID_INPUT keyed "tiers.<index>.threshold" when a tier does not start above the one listed before it. */
export function validateTierOrder(program: TierProgram): void {
  const { fail, throwIfAny } = tierErrors();
  program.tiers.forEach((tier, index) => {
    const previous = program.tiers[index - 1];
    if (previous && tier.threshold <= previous.threshold) {
      fail(
        `tiers.${index}.threshold`,
        `Tier “${tier.name.trim()}” must start above “${previous.name.trim()}” (${previous.threshold.toLocaleString("en-US")}): tiers go from lowest to highest`,
        "tierOrder",
        { tier: tier.name.trim(), previous: previous.name.trim(), threshold: previous.threshold },
      );
    }
  });
  throwIfAny();
}

export interface TierEvaluation {
  current: TierDefinition | null;
  next: TierDefinition | null;
  /** Points or minor units still needed for `next` (0 at the top tier). */
  remainingToNext: number;
  /** 0..1000: progress from the current tier's threshold (or 0) to the next one; 1000 at the top tier. */
  progressPermille: number;
}

export function sortTiers(program: TierProgram): TierDefinition[] {
  return [...program.tiers].sort((a, b) => a.threshold - b.threshold);
}

export function evaluateTier(program: TierProgram, metric: number): TierEvaluation {
  if (!Number.isSafeInteger(metric)) {
    throw new LoyaltyError("INVALID_INPUT", `Tier metric must be an integer, got ${metric}`);
  }
  let current: TierDefinition | null = null;
  let next: TierDefinition | null = null;
  for (const tier of sortTiers(program)) {
    if (tier.threshold <= metric) current = tier;
    else {
      next = tier;
      break;
    }
  }
  if (next === null) return { current, next, remainingToNext: 0, progressPermille: current ? 1000 : 0 };

  const base = current?.threshold ?? 0;
  const span = next.threshold - base;
  const progress = span > 0 ? Math.floor(((metric - base) * 1000) / span) : 0;
  return {
    current,
    next,
    remainingToNext: next.threshold - metric,
    progressPermille: Math.min(1000, Math.max(0, progress)),
  };
}

/** The multiplier a tier gives, read from the program (a stale tier object cannot smuggle in an old value). */
export function tierMultiplier(program: TierProgram, current: TierDefinition | null): TierMultiplier {
  if (current === null) return { tierName: null, multiplierMilli: 1000 };
  const tier = program.tiers.find((candidate) => candidate.id === current.id);
  if (!tier) throw new LoyaltyError("INVALID_INPUT", `Tier "${current.name}" is not part of the program`);
  return { tierName: tier.name, multiplierMilli: tier.multiplierMilli };
}

const integerFormatter = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** "Spend $40.00 more to reach Gold", "Earn 120 more points to reach Gold", "You are at the top tier". */
export function describeTierProgress(evaluation: TierEvaluation, basis: TierBasis, currency: string): string {
  const { next, current, remainingToNext } = evaluation;
  if (next === null) return current ? "You are at the top tier" : "This program has no tiers";
  if (basis === "spend") return `Spend ${formatMoney(remainingToNext, currency)} more to reach ${next.name}`;
  const unit = remainingToNext === 1 ? "point" : "points";
  return `Earn ${integerFormatter.format(remainingToNext)} more ${unit} to reach ${next.name}`;
}
