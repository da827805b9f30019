/**
 * The criteria vocabulary of badges and challenges (issue 12; docs/decisions/036-badges-and-challenges.md), evaluated
 * by one pure function over a member's history.
 *
 * Rules:
 * - Kinds: first order; N orders; spent X (shop money, integer minor units); bought from K different product types;
 *   reached a tier; made N referrals; answered N surveys; ordered in N consecutive calendar months (shop time zone).
 * - A criterion is met when its `current` reaches its `goal`. A badge counts the whole history; a challenge counts
 *   only what happened inside its window (`start <= at < end`).
 * - An order counts while it is not undone: a cancelled order, or one refunded down to no points (its clawback
 *   target reached what it earned), does not count. Its spend is its net spend (earn − refunds, figures.ts'
 *   "lifetime spend" definition), so a partial refund lowers "spent X" and leaves "N orders" alone.
 * - The qualifying order is the counted order at which, replaying the counted orders in time order, the criterion
 *   first became met (order kinds only; referrals, surveys and tiers have none). Bonuses are tied to it, so a
 *   refund of that order claws the bonus back in the same proportion (engagementClawback).
 * - Contradictory input is refused with field errors, never clamped: K = 0, N = 0, a spend of 0, an unknown tier.
 * - Pure: history and time are passed in.
 */
import { localDateOf } from "./reports/calendar";
import { toMinorUnits } from "./money";
import { isLoyaltyError } from "./errors";

export const CRITERIA_KINDS = ["first_order", "orders", "spend", "product_types", "tier", "referral", "survey", "order_streak"] as const;
export type CriteriaKind = (typeof CRITERIA_KINDS)[number];

export type Criteria =
  | { kind: "first_order" }
  | { kind: "orders"; count: number }
  | { kind: "spend"; amountMinor: number }
  | { kind: "product_types"; count: number }
  | { kind: "tier"; tierId: string }
  | { kind: "referral"; count: number }
  | { kind: "survey"; count: number }
  | { kind: "order_streak"; months: number };

/** Kinds whose progress comes from orders (and so may have a qualifying order). */
const ORDER_KINDS: ReadonlySet<CriteriaKind> = new Set(["first_order", "orders", "spend", "product_types", "order_streak"]);

export const MAX_CRITERIA_COUNT = 1000;
export const MAX_STREAK_MONTHS = 36;
/** 10 billion minor units: far above any real goal, well inside a safe integer. */
export const MAX_SPEND_MINOR = 10_000_000_000;

export interface HistoryOrder {
  orderGid: string;
  /** When the order was awarded (its earn entry). */
  at: Date;
  /** Net of refunds, shop minor units. */
  spendMinor: number;
  productTypes: readonly string[];
  /** False once cancelled or refunded down to no points. */
  counted: boolean;
}

export interface MemberHistory {
  orders: readonly HistoryOrder[];
  referrals: readonly Date[];
  surveys: readonly Date[];
  /** The member's current tier and every tier below it (a member "reached" each of them). */
  tiersReached: ReadonlySet<string>;
}

export interface Window {
  start: Date;
  /** Exclusive. */
  end: Date;
}

export interface CriteriaProgress {
  current: number;
  goal: number;
  met: boolean;
  /** The order that met the criterion (order kinds only), else null. */
  qualifyingOrderGid: string | null;
}

export function goalOf(criteria: Criteria): number {
  switch (criteria.kind) {
    case "first_order":
    case "tier":
      return 1;
    case "spend":
      return criteria.amountMinor;
    case "order_streak":
      return criteria.months;
    default:
      return criteria.count;
  }
}

const inWindow = (at: Date, window: Window | null) => !window || (at >= window.start && at < window.end);

function byTime(a: HistoryOrder, b: HistoryOrder): number {
  return a.at.getTime() - b.at.getTime() || (a.orderGid < b.orderGid ? -1 : a.orderGid > b.orderGid ? 1 : 0);
}

/** "2026-12" → 2026 × 12 + 11: consecutive months are consecutive numbers. */
function monthIndex(month: string): number {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return year * 12 + (m - 1);
}

/** The longest run of consecutive months in a set of month indexes. */
function longestRun(months: ReadonlySet<number>): number {
  let best = 0;
  for (const month of months) {
    if (months.has(month - 1)) continue;
    let length = 1;
    while (months.has(month + length)) length += 1;
    best = Math.max(best, length);
  }
  return best;
}

/** Folds counted orders one at a time; `value()` is the criterion's current after the orders so far. */
function orderAccumulator(criteria: Criteria, timeZone: string): { add(order: HistoryOrder): void; value(): number } {
  let orders = 0;
  let spend = 0;
  const types = new Set<string>();
  const months = new Set<number>();
  return {
    add(order) {
      orders += 1;
      spend += order.spendMinor;
      for (const type of order.productTypes) types.add(type);
      months.add(monthIndex(localDateOf(order.at, timeZone).slice(0, 7)));
    },
    value() {
      switch (criteria.kind) {
        case "spend":
          return Math.max(0, spend);
        case "product_types":
          return types.size;
        case "order_streak":
          return longestRun(months);
        default:
          return orders;
      }
    },
  };
}

/** Where the member stands on a criterion, over the whole history or inside a window. */
export function evaluateCriteria(criteria: Criteria, history: MemberHistory, options: { timeZone: string; window?: Window | null }): CriteriaProgress {
  const window = options.window ?? null;
  const goal = goalOf(criteria);
  if (criteria.kind === "tier") {
    const current = history.tiersReached.has(criteria.tierId) ? 1 : 0;
    return { current, goal, met: current >= goal, qualifyingOrderGid: null };
  }
  if (criteria.kind === "referral" || criteria.kind === "survey") {
    const events = criteria.kind === "referral" ? history.referrals : history.surveys;
    const current = events.filter((at) => inWindow(at, window)).length;
    return { current, goal, met: current >= goal, qualifyingOrderGid: null };
  }
  const orders = history.orders.filter((order) => order.counted && inWindow(order.at, window)).sort(byTime);
  const accumulator = orderAccumulator(criteria, options.timeZone);
  let qualifyingOrderGid: string | null = null;
  for (const order of orders) {
    accumulator.add(order);
    if (qualifyingOrderGid === null && accumulator.value() >= goal) qualifyingOrderGid = order.orderGid;
  }
  const current = accumulator.value();
  const met = current >= goal;
  return { current, goal, met, qualifyingOrderGid: met && ORDER_KINDS.has(criteria.kind) ? qualifyingOrderGid : null };
}

/** A form's criteria fields, as text. */
export interface CriteriaInput {
  kind?: string | null;
  count?: string | null;
  amount?: string | null;
  tierId?: string | null;
  months?: string | null;
}

/** A field error: the form field and a message key of the admin's `engagement.errors` group, with its values. */
export interface FieldProblem {
  key: string;
  values?: Record<string, string | number>;
}

export type FieldProblems = Record<string, FieldProblem>;

function wholeNumber(text: string | null | undefined, min: number, max: number): number | null {
  const trimmed = (text ?? "").trim();
  if (!/^\d{1,12}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : null;
}

export function isCriteriaKind(value: string): value is CriteriaKind {
  return (CRITERIA_KINDS as readonly string[]).includes(value);
}

/**
 * Parses and checks a criterion. `tierIds` are the program's tiers; `currency` the shop's. Field names are
 * prefixed (`criteria.count`, `goal.count`) so a form shows each error under its field.
 */
export function parseCriteria(
  input: CriteriaInput,
  context: { tierIds: readonly string[]; currency: string; prefix: string },
): { ok: true; criteria: Criteria } | { ok: false; errors: FieldProblems } {
  const field = (name: string) => `${context.prefix}.${name}`;
  const fail = (name: string, key: string, values?: FieldProblem["values"]) => ({ ok: false as const, errors: { [field(name)]: { key, ...(values ? { values } : {}) } } });
  const kind = (input.kind ?? "").trim();
  if (!isCriteriaKind(kind)) return fail("kind", "criteriaKind");
  switch (kind) {
    case "first_order":
      return { ok: true, criteria: { kind } };
    case "orders":
    case "product_types":
    case "referral":
    case "survey": {
      const count = wholeNumber(input.count, 1, MAX_CRITERIA_COUNT);
      if (count === null) return fail("count", "countRange", { max: MAX_CRITERIA_COUNT });
      return { ok: true, criteria: { kind, count } };
    }
    case "order_streak": {
      const months = wholeNumber(input.months, 1, MAX_STREAK_MONTHS);
      if (months === null) return fail("months", "monthsRange", { max: MAX_STREAK_MONTHS });
      return { ok: true, criteria: { kind, months } };
    }
    case "spend": {
      let amountMinor: number;
      try {
        // A decimal comma ("49,99", as French merchants write it) is read as the point.
        amountMinor = toMinorUnits((input.amount ?? "").trim().replace(",", "."), context.currency);
      } catch (error) {
        if (isLoyaltyError(error)) return fail("amount", "amountFormat");
        throw error;
      }
      if (amountMinor <= 0 || amountMinor > MAX_SPEND_MINOR) return fail("amount", "amountRange");
      return { ok: true, criteria: { kind, amountMinor } };
    }
    case "tier": {
      const tierId = (input.tierId ?? "").trim();
      if (!context.tierIds.includes(tierId)) return fail("tierId", "tierUnknown");
      return { ok: true, criteria: { kind, tierId } };
    }
  }
}

/** Reads a stored criterion (JSON); anything unreadable is null (the rule is then skipped, never a crash). */
export function readCriteria(json: string): Criteria | null {
  try {
    const value = JSON.parse(json) as Record<string, unknown>;
    const kind = typeof value.kind === "string" && isCriteriaKind(value.kind) ? value.kind : null;
    const positive = (n: unknown) => (typeof n === "number" && Number.isSafeInteger(n) && n > 0 ? n : null);
    switch (kind) {
      case "first_order":
        return { kind };
      case "orders":
      case "product_types":
      case "referral":
      case "survey": {
        const count = positive(value.count);
        return count === null ? null : { kind, count };
      }
      case "order_streak": {
        const months = positive(value.months);
        return months === null ? null : { kind, months };
      }
      case "spend": {
        const amountMinor = positive(value.amountMinor);
        return amountMinor === null ? null : { kind, amountMinor };
      }
      case "tier":
        return typeof value.tierId === "string" ? { kind, tierId: value.tierId } : null;
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/**
 * A bonus tied to an order follows that order's clawback: the share of what the order still had when the bonus was
 * written (`baselineClawedTarget`: its clawback target then) that refunds took since is taken back, all of it for a
 * cancellation, keyed by the target so each step is written once. Never more than the bonus.
 */
export function engagementClawback(input: {
  bonusPoints: number;
  orderEarnedPoints: number;
  orderClawedTarget: number;
  baselineClawedTarget?: number;
  cancelled: boolean;
  alreadyClawedTarget: number;
}): { target: number; delta: number } {
  const { bonusPoints, orderEarnedPoints, orderClawedTarget, cancelled, alreadyClawedTarget } = input;
  const baseline = Math.min(input.baselineClawedTarget ?? 0, orderEarnedPoints);
  const remaining = orderEarnedPoints - baseline;
  let target = 0;
  if (cancelled) target = bonusPoints;
  else if (remaining > 0) {
    const lost = Math.max(0, Math.min(orderClawedTarget, orderEarnedPoints) - baseline);
    target = Number((BigInt(bonusPoints) * BigInt(lost)) / BigInt(remaining));
  }
  return { target, delta: Math.max(0, target - alreadyClawedTarget) };
}
