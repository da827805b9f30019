/**
 * On-site reminders: the facts the theme embed's banner renders in Liquid, with no request
 * (docs/decisions/031-on-site-reminders-and-mirrors.md).
 *
 * Rules:
 * - Points expiring: the member's next expiry date still ahead of `now`, and every point of theirs that expires on
 *   that same shop day (lots replayed as the expiry job replays them, so a point already spent, clawed back or
 *   expired is never announced). The day is the shop's calendar day; Liquid shows it only within the window the
 *   merchant picks, and never once it has passed, so a value written weeks ago cannot mislead.
 * - No expiry ahead is `{ points: 0 }`, not a missing value: Shopify refuses a blank metafield, and a stale value
 *   would otherwise survive.
 * - The program facts (shop-wide): status, base earn rate and the active rewards by cost, so the banner can say
 *   which reward a balance affords and what a guest's cart would earn without a per-member write when a reward
 *   changes. At most MAX_PROGRAM_REWARDS rewards, cheapest first (the banner names the dearest one afforded).
 * - The storefront features (`evaluateStorefrontFeatures`): whether the panel's badges and challenges, referrals,
 *   birthday form and follow links can show anything, so Liquid renders their snippet (and its script asks the app
 *   proxy) only then. Written as explicit booleans; a value written before they existed lacks them, and Liquid treats
 *   an absent flag as on (`!= false`), i.e. asks as it always did.
 */
import { replayLots, type ExpiryEntry } from "./expiry";
import type { EngagementSettings } from "./actions";
import { localDateOf } from "./reports/calendar";
import type { RewardKind } from "./rewards";

export interface PointsExpiringJson {
  points: number;
  /** The shop day ("2027-01-04") the points expire on; absent when points is 0. */
  expires_on?: string;
  /** Epoch seconds of the expiry instant (Liquid compares it with `'now' | date: '%s'`). */
  expires_at_s?: number;
}

/** The member's next expiring points at `now`, for the `points_expiring` customer metafield. */
export function calculatePointsExpiring(entries: readonly ExpiryEntry[], now: Date, timeZone: string): PointsExpiringJson {
  let next: { at: number; day: string } | null = null;
  const ahead: { at: number; day: string; points: number }[] = [];
  for (const lot of replayLots(entries).lots.values()) {
    if (!lot.expiresAt || lot.remaining <= 0 || lot.expiresAt.getTime() <= now.getTime()) continue;
    const entry = { at: lot.expiresAt.getTime(), day: localDateOf(lot.expiresAt, timeZone), points: lot.remaining };
    ahead.push(entry);
    if (!next || entry.at < next.at) next = entry;
  }
  if (!next) return { points: 0 };
  const day = next.day;
  const sameDay = ahead.filter((lot) => lot.day === day);
  return {
    points: sameDay.reduce((sum, lot) => sum + lot.points, 0),
    expires_on: day,
    expires_at_s: Math.floor(Math.min(...sameDay.map((lot) => lot.at)) / 1000),
  };
}

export const MAX_PROGRAM_REWARDS = 20;

export interface ProgramFactsReward {
  name: string;
  pointsCost: number;
  kind: RewardKind;
  amountMinor: number | null;
  percentBasisPoints: number | null;
  active: boolean;
}

/** The `program` app-data metafield, snake_case for Liquid (`app.metafields.loyalty.program.value`). */
export interface ProgramFactsJson {
  status: "draft" | "live" | "paused";
  /** Milli-points per major unit of the shop currency (1 point per $1 = 1000). */
  earn_milli_per_major: number;
  currency: string;
  rewards: { name: string; cost: number; kind: RewardKind; amount_minor: number | null; percent: number | null }[];
  /** Present (true) while a survey is published: the Rewards block asks for it only then (docs/decisions/035-surveys.md). */
  survey?: true;
  /**
   * The storefront features (StorefrontFeatures), false when off. Optional: a value written before they existed
   * lacks them, and the theme treats an absent flag as on.
   */
  engagement?: boolean;
  referrals?: boolean;
  birthdays?: boolean;
  follows?: boolean;
}

/** Which of the panel's own sections (each a snippet with a script asking the app proxy) can show anything. */
export interface StorefrontFeatures {
  /** Badges and challenges (GET /apps/loyalty/engagement). */
  engagement: boolean;
  /** The member's referral link and a friend's code (GET/POST /apps/loyalty/referral). */
  referrals: boolean;
  /** The birthday form (POST /apps/loyalty/birthday on submit). */
  birthdays: boolean;
  /** The social follow links (GET /apps/loyalty/birthday for the offers). */
  follows: boolean;
}

export interface StorefrontFeatureFacts {
  /** Badges not archived (members can earn them). */
  activeBadges: number;
  /** Badges held by members (archived ones included: holders keep seeing theirs). */
  heldBadges: number;
  /** Challenges not archived whose window has not ended (upcoming ones are shown and joinable). */
  openChallenges: number;
  /** Members who joined a challenge (ended and archived ones included: they keep seeing it). */
  challengeJoins: number;
  referralsEnabled: boolean;
  engagement: EngagementSettings;
  /** The Flow trigger "birthday coming" is on (it reads the birthdays members give). */
  birthdayFlowOn: boolean;
}

/**
 * Which storefront sections can show anything:
 * - engagement: a badge to earn or held, a challenge open (not ended, not archived) or joined; the storefront shows
 *   a member the badges they hold and the challenges they joined even once archived (ADR 036).
 * - referrals: the merchant's switch (off, the app answers no link and ignores every ?ref= claim).
 * - birthdays: something uses the birthday a member gives: the birthday bonus, the profile bonus (complete only
 *   with a birthday) or the Flow trigger "birthday coming".
 * - follows: a follow bonus with at least one network (the app's answer lists no network otherwise).
 */
export function evaluateStorefrontFeatures(facts: StorefrontFeatureFacts): StorefrontFeatures {
  const { engagement } = facts;
  return {
    engagement: facts.activeBadges > 0 || facts.heldBadges > 0 || facts.openChallenges > 0 || facts.challengeJoins > 0,
    referrals: facts.referralsEnabled,
    birthdays: engagement.birthdayPoints > 0 || engagement.profile.points > 0 || facts.birthdayFlowOn,
    follows: engagement.social.points > 0 && Object.values(engagement.social.networks).some(Boolean),
  };
}

export function buildProgramFacts(input: {
  status: ProgramFactsJson["status"];
  baseRateMilli: number;
  currency: string | null;
  rewards: readonly ProgramFactsReward[];
  surveyLive?: boolean;
  features?: StorefrontFeatures;
}): ProgramFactsJson {
  const rewards = input.rewards
    .filter((reward) => reward.active)
    .sort((a, b) => a.pointsCost - b.pointsCost)
    .slice(0, MAX_PROGRAM_REWARDS)
    .map((reward) => ({
      name: reward.name,
      cost: reward.pointsCost,
      kind: reward.kind,
      amount_minor: reward.kind === "fixed_amount" ? reward.amountMinor : null,
      // Basis points to a percentage Liquid can print: 1000 → 10, 1250 → 12.5.
      percent: reward.kind === "percentage" && reward.percentBasisPoints !== null ? reward.percentBasisPoints / 100 : null,
    }));
  const facts: ProgramFactsJson = { status: input.status, earn_milli_per_major: input.baseRateMilli, currency: input.currency ?? "USD", rewards };
  const withSurvey = input.surveyLive ? { ...facts, survey: true as const } : facts;
  return input.features ? { ...withSurvey, ...input.features } : withSurvey;
}

/** The dearest active reward `spendable` points afford (what the member banner names), or null. */
export function chooseAffordableReward<R extends { cost: number }>(rewards: readonly R[], spendable: number): R | null {
  let best: R | null = null;
  for (const reward of rewards) if (reward.cost <= spendable && (!best || reward.cost > best.cost)) best = reward;
  return best;
}
