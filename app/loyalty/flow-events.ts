/**
 * Shopify Flow trigger events, derived from the ledger (docs/decisions/030-flow-triggers.md). Pure: inputs in,
 * events out; the shell (server/flow-triggers.server.ts) loads, stores and sends them.
 *
 * Rules:
 * - Every event has a deterministic key, so deriving it again (a retry, a duplicate job) yields the same key and the
 *   FlowEvent table's unique index keeps one:
 *     points earned    `earned:<entry id>`    one per earn, bonus or manual_credit entry (LIFETIME_EARNED_TYPES)
 *     points redeemed  `redeemed:<entry id>`  one per redeem entry
 *     tier changed     `tier:<anchor>:<old>><new>`  only when the tier id differs and the old one is known
 *     reward affordable `affordable:<reward id>:<anchor>`  available balance went from below a reward's cost to at
 *                      or above it
 *     points expiring  `expiring:<lot id>:<expiry ISO>`  a lot with points left expiring within N days
 *     member at risk   `at-risk:<last earn entry id | joined:member id>`  no points earned for N days, points left
 *     birthday coming  `birthday-coming:<member id>:<year celebrated>`  the birthday is within N shop days (0 =
 *                      today; Feb 29 on Feb 28 in other years): once per member per birthday year
 *     referral completed  `referral-completed:<referral id>`  a friend's first order made the referrer's reward final
 *                      (approved after the return window, or at once without one): once per referral
 *   The anchor is the newest ledger entry the run read (or the cursor's entry when it read none).
 * - A trigger fires only if it is on and the event happened at or after the moment it was switched on
 *   (`selectEnabled`): switching a trigger on never replays history.
 * - Payloads are small flat objects: `customer_id` (the customer reference Flow and Shopify Email use) plus typed
 *   fields named as in the trigger extensions' toml. `fitPayload` keeps one under Flow's size limit by cutting text
 *   fields, never ids, numbers or dates; a payload that cannot fit is refused, never sent half-built.
 */
import { daysUntilBirthday } from "./birthdays";
import { currencyExponent, minorToDecimalString } from "./money";
import { LIFETIME_EARNED_TYPES } from "./figures";
import type { LedgerEntryType } from "./ledger-rules";

/** The triggers, by their id in settings, with the extension handle Flow knows (≤ 30 characters). */
export const FLOW_TRIGGERS = {
  points_earned: "loyalty-points-earned",
  points_redeemed: "loyalty-points-redeemed",
  tier_changed: "loyalty-tier-changed",
  reward_affordable: "loyalty-reward-affordable",
  points_expiring: "loyalty-points-expiring",
  member_at_risk: "loyalty-member-at-risk",
  birthday_coming: "loyalty-birthday-coming",
  referral_completed: "loyalty-referral-completed",
} as const;

export type FlowTrigger = keyof typeof FLOW_TRIGGERS;
export const FLOW_TRIGGER_IDS = Object.keys(FLOW_TRIGGERS) as FlowTrigger[];
/** Triggers fired from a member's ledger changes; the others come from the daily job. */
export const LEDGER_TRIGGERS: readonly FlowTrigger[] = ["points_earned", "points_redeemed", "tier_changed", "reward_affordable"];
export const SCHEDULED_TRIGGERS: readonly FlowTrigger[] = ["points_expiring", "member_at_risk", "birthday_coming"];
/** Triggers fired by a feature's own decision, in its transaction (a referral approved). */
export const DECISION_TRIGGERS: readonly FlowTrigger[] = ["referral_completed"];

export function isFlowTrigger(value: string): value is FlowTrigger {
  return Object.hasOwn(FLOW_TRIGGERS, value);
}

/**
 * Flow's payload limit for `flowTriggerReceive`, in bytes of JSON (shopify.dev "Flow trigger reference": 50 KB; not
 * verified against a live store here). The dev store enforces the same number.
 */
export const FLOW_PAYLOAD_LIMIT_BYTES = 50_000;

export const MIN_EXPIRING_DAYS = 1;
export const MAX_EXPIRING_DAYS = 90;
export const MIN_AT_RISK_DAYS = 30;
export const MAX_AT_RISK_DAYS = 730;
export const MIN_BIRTHDAY_DAYS = 0;
export const MAX_BIRTHDAY_DAYS = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

export type FlowPayloadValue = string | number;
export type FlowPayload = Record<string, FlowPayloadValue>;

export interface FlowEventDraft {
  trigger: FlowTrigger;
  key: string;
  /** When the event happened (the entry's time, or the daily run's): compared with when its trigger was switched on. */
  at: Date;
  payload: FlowPayload;
}

export interface FlowLedgerEntry {
  id: string;
  type: LedgerEntryType;
  /** Signed, as stored. */
  points: number;
  createdAt: Date;
  explanation: string;
  orderName: string | null;
  /** Redeem entries: the reward and the code, from the entry's breakdown. */
  rewardName?: string | null;
  code?: string | null;
}

export interface FlowTierInfo {
  id: string;
  name: string;
  threshold: number;
}

export interface FlowRewardInfo {
  id: string;
  name: string;
  pointsCost: number;
}

export interface FlowMemberSnapshot {
  tierId: string | null;
  /** Available points (balance − pending), as the storefront shows them. */
  available: number;
}

export interface LedgerFlowInput {
  /** The customer's numeric id (what Flow's customer reference takes). */
  customerId: string;
  /** The state the previous run saw; `tierKnown` false when no run saw this member before. */
  previous: FlowMemberSnapshot & { tierKnown: boolean };
  current: FlowMemberSnapshot;
  /** Entries after the cursor, oldest first. */
  entries: readonly FlowLedgerEntry[];
  /** The cursor's entry, when there is one: the anchor when no entry is new. */
  cursorEntry: { id: string; createdAt: Date } | null;
  tiers: readonly FlowTierInfo[];
  rewards: readonly FlowRewardInfo[];
}

const EARNED = new Set<LedgerEntryType>(LIFETIME_EARNED_TYPES);

/** The events of a member's ledger changes since the previous run. */
export function deriveLedgerFlowEvents(input: LedgerFlowInput): FlowEventDraft[] {
  const { customerId, previous, current, entries } = input;
  const events: FlowEventDraft[] = [];
  for (const entry of entries) {
    if (EARNED.has(entry.type) && entry.points > 0) {
      events.push({
        trigger: "points_earned",
        key: `earned:${entry.id}`,
        at: entry.createdAt,
        payload: {
          customer_id: customerId,
          points: entry.points,
          balance: current.available,
          entry_type: entry.type,
          order_name: entry.orderName ?? "",
          reason: entry.explanation,
        },
      });
    } else if (entry.type === "redeem") {
      events.push({
        trigger: "points_redeemed",
        key: `redeemed:${entry.id}`,
        at: entry.createdAt,
        payload: {
          customer_id: customerId,
          points: -entry.points,
          balance: current.available,
          discount_code: entry.code ?? "",
          reward_name: entry.rewardName ?? "",
        },
      });
    }
  }

  const anchor = entries.at(-1) ?? input.cursorEntry;
  if (!anchor) return events;

  if (previous.tierKnown && previous.tierId !== current.tierId) {
    const tierOf = (id: string | null) => (id === null ? null : (input.tiers.find((tier) => tier.id === id) ?? null));
    const before = tierOf(previous.tierId);
    const after = tierOf(current.tierId);
    events.push({
      trigger: "tier_changed",
      key: `tier:${anchor.id}:${previous.tierId ?? "none"}>${current.tierId ?? "none"}`,
      at: anchor.createdAt,
      payload: {
        customer_id: customerId,
        direction: (after?.threshold ?? -1) > (before?.threshold ?? -1) ? "up" : "down",
        balance: current.available,
        previous_tier: before?.name ?? "",
        new_tier: after?.name ?? "",
      },
    });
  }

  for (const reward of input.rewards) {
    if (previous.available < reward.pointsCost && current.available >= reward.pointsCost) {
      events.push({
        trigger: "reward_affordable",
        key: `affordable:${reward.id}:${anchor.id}`,
        at: anchor.createdAt,
        payload: { customer_id: customerId, reward_cost: reward.pointsCost, balance: current.available, reward_name: reward.name },
      });
    }
  }
  return events;
}

export interface ExpiringLot {
  lotId: string;
  remaining: number;
  expiresAt: Date;
}

/** One event per lot with points left that expires within `days` of `now` (not yet expired). */
export function deriveExpiringEvents(input: {
  customerId: string;
  available: number;
  lots: readonly ExpiringLot[];
  now: Date;
  days: number;
}): FlowEventDraft[] {
  const until = input.now.getTime() + input.days * DAY_MS;
  return input.lots
    .filter((lot) => lot.remaining > 0 && lot.expiresAt.getTime() > input.now.getTime() && lot.expiresAt.getTime() <= until)
    .map((lot) => ({
      trigger: "points_expiring" as const,
      key: `expiring:${lot.lotId}:${lot.expiresAt.toISOString()}`,
      at: input.now,
      payload: {
        customer_id: input.customerId,
        points_expiring: lot.remaining,
        days_left: Math.ceil((lot.expiresAt.getTime() - input.now.getTime()) / DAY_MS),
        balance: input.available,
        expires_at: lot.expiresAt.toISOString(),
      },
    }));
}

/**
 * A member with points left who has earned nothing for `days` (since joining, when they never earned) is at risk;
 * once per quiet stretch: the key names the last earn, so the next earn starts a new stretch.
 */
export function deriveAtRiskEvent(input: {
  customerId: string;
  memberId: string;
  joinedAt: Date;
  lastEarn: { id: string; createdAt: Date } | null;
  available: number;
  now: Date;
  days: number;
}): FlowEventDraft | null {
  if (input.available <= 0) return null;
  const since = input.lastEarn?.createdAt ?? input.joinedAt;
  const quietDays = Math.floor((input.now.getTime() - since.getTime()) / DAY_MS);
  if (quietDays < input.days) return null;
  return {
    trigger: "member_at_risk",
    key: `at-risk:${input.lastEarn ? input.lastEarn.id : `joined:${input.memberId}`}`,
    at: input.now,
    payload: { customer_id: input.customerId, days_since_last_earn: quietDays, balance: input.available, last_earned_at: since.toISOString() },
  };
}

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The months (1–12) a birthday celebrated within `days` shop days of `today` can fall in: the daily query's filter. */
export function birthdayMonthsWithin(today: string, days: number): number[] {
  const months = new Set<number>();
  for (let day = today; day <= addDays(today, days); day = addDays(day, 28)) months.add(Number(day.slice(5, 7)));
  months.add(Number(addDays(today, days).slice(5, 7)));
  return [...months].sort((a, b) => a - b);
}

/**
 * A member whose birthday is celebrated within `days` shop days of `today` (0 = today): one event per birthday year,
 * keyed by the year it is celebrated in, so the daily runs of the days before it fire it once.
 */
export function deriveBirthdayComingEvent(input: {
  customerId: string;
  memberId: string;
  birthday: { month: number; day: number };
  /** The shop's day, YYYY-MM-DD, in its time zone. */
  today: string;
  days: number;
  available: number;
  now: Date;
}): FlowEventDraft | null {
  const daysUntil = daysUntilBirthday(input.birthday, input.today);
  if (daysUntil > input.days) return null;
  const on = addDays(input.today, daysUntil);
  return {
    trigger: "birthday_coming",
    key: `birthday-coming:${input.memberId}:${on.slice(0, 4)}`,
    at: input.now,
    payload: {
      customer_id: input.customerId,
      days_until: daysUntil,
      birthday_on: `${on}T00:00:00.000Z`,
      birthday: `${String(input.birthday.month).padStart(2, "0")}-${String(input.birthday.day).padStart(2, "0")}`,
      balance: input.available,
    },
  };
}

/**
 * A referral approved: the referrer (the customer reference) earned `points` for a friend's first order. Carries the
 * friend's order name only (no friend's name or email), the order's revenue and how many referrals of this referrer
 * are now approved, so a workflow can thank, tag or reward the member ("after 5 friends…").
 */
export function deriveReferralCompletedEvent(input: {
  referralId: string;
  customerId: string;
  orderName: string | null;
  points: number;
  revenueMinor: number;
  currency: string;
  approvedReferrals: number;
  at: Date;
}): FlowEventDraft {
  return {
    trigger: "referral_completed",
    key: `referral-completed:${input.referralId}`,
    at: input.at,
    payload: {
      customer_id: input.customerId,
      points: input.points,
      order_name: input.orderName ?? "",
      referral_revenue: Number(minorToDecimalString(input.revenueMinor, currencyExponent(input.currency))),
      currency: input.currency,
      approved_referrals: input.approvedReferrals,
      approved_at: input.at.toISOString(),
    },
  };
}

/** The events whose trigger is on and that happened at or after it was switched on. */
export function selectEnabled(events: readonly FlowEventDraft[], enabledSince: Partial<Record<FlowTrigger, Date>>): FlowEventDraft[] {
  return events.filter((event) => {
    const since = enabledSince[event.trigger];
    return since !== undefined && event.at.getTime() >= since.getTime();
  });
}

/** The text fields a payload may have cut, last-listed first when it is too big. Everything else is never cut. */
export const TRIMMABLE_TEXT_FIELDS: readonly string[] = ["reward_name", "previous_tier", "new_tier", "order_name", "reason"];
const ELLIPSIS = "…";

export function payloadBytes(payload: FlowPayload): number {
  return Buffer.byteLength(JSON.stringify(payload), "utf8");
}

export type FittedPayload = { ok: true; payload: FlowPayload; trimmed: string[] } | { ok: false; reason: string };

/**
 * Keeps a payload within `limit` bytes of JSON. Rule: while it is too big, the trimmable text field listed last
 * (`reason` first, then `order_name`, tiers, `reward_name`) that still has text is cut to what fits, ending with
 * "…" (cut at a code point, never inside a character), or emptied if nothing of it fits. Ids, numbers, dates and
 * the discount code are never cut. If emptying every trimmable field is not enough, the payload is refused.
 */
export function fitPayload(payload: FlowPayload, limit = FLOW_PAYLOAD_LIMIT_BYTES): FittedPayload {
  const result: FlowPayload = { ...payload };
  const trimmed: string[] = [];
  for (const field of [...TRIMMABLE_TEXT_FIELDS].reverse()) {
    const over = payloadBytes(result) - limit;
    if (over <= 0) break;
    const value = result[field];
    if (typeof value !== "string" || value === "") continue;
    const chars = Array.from(value);
    // Bytes to shed from this field, plus room for the ellipsis; escapes make JSON longer than UTF-8, so re-check.
    let keep = chars.length;
    let cut = value;
    while (keep > 0) {
      keep = Math.max(0, keep - Math.max(1, Math.ceil((payloadBytes({ ...result, [field]: cut }) - limit) / 4)));
      cut = keep > 0 ? chars.slice(0, keep).join("") + ELLIPSIS : "";
      if (payloadBytes({ ...result, [field]: cut }) <= limit) break;
    }
    result[field] = cut;
    trimmed.push(field);
  }
  const size = payloadBytes(result);
  if (size > limit) return { ok: false, reason: `The payload is ${size} bytes without its text, over Flow's ${limit}` };
  return { ok: true, payload: result, trimmed };
}
