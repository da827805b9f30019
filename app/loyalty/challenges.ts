/**
 * Challenges: pure rules (issue 12; docs/decisions/036-badges-and-challenges.md).
 *
 * Rules:
 * - A challenge is a goal of the shared criteria vocabulary counted only inside its window, a points reward (1 to
 *   100,000), and optionally the tiers whose members may join. Its window runs from the first instant of its start
 *   date to the first instant of the day after its end date, both in the shop's time zone.
 * - Refused with field errors: an end date before the start date, an end date already past, a window longer than
 *   a year, a tier goal (a tier is a state, not something that happens inside a window: use tier eligibility),
 *   an unknown eligible tier, and every criteria error (K = 0 …).
 * - Members join before or during the window; not after it, and only from an eligible tier. Progress counts every
 *   event inside the window, joined or not (an order placed on the first day before joining counts).
 * - Before the end, progress follows the history (a refund undoes progress); the first time it reaches the goal
 *   the challenge is completed and its reward is written once (key `challenge:<challengeId>:<memberId>`). Completion
 *   is never undone; the reward follows its qualifying order's clawback (engagementClawback).
 * - Once ended, a challenge is frozen: progress and completion no longer change.
 */
import { addDays, isCalendarDate, startOfLocalDay } from "./reports/calendar";
import {
  evaluateCriteria,
  parseCriteria,
  type Criteria,
  type CriteriaInput,
  type CriteriaProgress,
  type FieldProblems,
  type MemberHistory,
  type Window,
} from "./engagement-criteria";
import { cleanName, MAX_BONUS_POINTS, parsePoints } from "./badges";

export const MAX_CHALLENGE_NAME = 80;
export const MAX_CHALLENGE_DAYS = 366;

export interface ChallengeDefinition {
  name: string;
  startsOn: string;
  endsOn: string;
  startsAt: Date;
  endsAt: Date;
  tierIds: string[];
  rewardPoints: number;
  goal: Criteria;
}

export interface ChallengeInput {
  name?: string | null;
  startsOn?: string | null;
  endsOn?: string | null;
  tierIds?: readonly string[];
  rewardPoints?: string | null;
  goal: CriteriaInput;
}

/** The window of a challenge: start of its first day to the start of the day after its last, on the shop's clock. */
export function challengeWindow(startsOn: string, endsOn: string, timeZone: string): Window {
  return { start: startOfLocalDay(startsOn, timeZone), end: startOfLocalDay(addDays(endsOn, 1), timeZone) };
}

function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function validateChallenge(
  input: ChallengeInput,
  context: { tierIds: readonly string[]; currency: string; timeZone: string; today: string },
): { ok: true; challenge: ChallengeDefinition } | { ok: false; errors: FieldProblems } {
  const errors: FieldProblems = {};
  const name = cleanName(input.name, MAX_CHALLENGE_NAME);
  if (name === null) errors.name = { key: "nameLength", values: { max: MAX_CHALLENGE_NAME } };
  const startsOn = (input.startsOn ?? "").trim();
  const endsOn = (input.endsOn ?? "").trim();
  if (!isCalendarDate(startsOn)) errors.startsOn = { key: "date" };
  if (!isCalendarDate(endsOn)) errors.endsOn = { key: "date" };
  else if (isCalendarDate(startsOn) && endsOn < startsOn) errors.endsOn = { key: "endBeforeStart" };
  else if (endsOn < context.today) errors.endsOn = { key: "endPast" };
  else if (isCalendarDate(startsOn) && daysFrom(startsOn, endsOn) >= MAX_CHALLENGE_DAYS) errors.endsOn = { key: "tooLong", values: { max: MAX_CHALLENGE_DAYS } };
  const tierIds = [...new Set(input.tierIds ?? [])];
  if (tierIds.some((id) => !context.tierIds.includes(id))) errors.tierIds = { key: "tierUnknown" };
  const rewardPoints = parsePoints(input.rewardPoints, 1, MAX_BONUS_POINTS);
  if (rewardPoints === null) errors.rewardPoints = { key: "rewardRange", values: { max: MAX_BONUS_POINTS } };
  const goal = parseCriteria(input.goal, { tierIds: context.tierIds, currency: context.currency, prefix: "goal" });
  if (!goal.ok) Object.assign(errors, goal.errors);
  else if (goal.criteria.kind === "tier") errors["goal.kind"] = { key: "goalTier" };
  if (Object.keys(errors).length > 0 || name === null || rewardPoints === null || !goal.ok) return { ok: false, errors };
  const window = challengeWindow(startsOn, endsOn, context.timeZone);
  return { ok: true, challenge: { name, startsOn, endsOn, startsAt: window.start, endsAt: window.end, tierIds, rewardPoints, goal: goal.criteria } };
}

export type ChallengeStatus = "upcoming" | "active" | "ended";

export function challengeStatus(window: Window, now: Date): ChallengeStatus {
  if (now < window.start) return "upcoming";
  return now < window.end ? "active" : "ended";
}

export interface ChallengeRule {
  id: string;
  goal: Criteria;
  window: Window;
  rewardPoints: number;
  tierIds: readonly string[];
}

/** Why a member may not join, or null: ended, or not in an eligible tier (no tiers listed: everyone). */
export function joinRefusal(challenge: Pick<ChallengeRule, "window" | "tierIds">, memberTierId: string | null, now: Date): "ended" | "tier" | null {
  if (challengeStatus(challenge.window, now) === "ended") return "ended";
  if (challenge.tierIds.length > 0 && (memberTierId === null || !challenge.tierIds.includes(memberTierId))) return "tier";
  return null;
}

export type ChallengeEvaluation =
  | { frozen: true }
  | { frozen: false; progress: CriteriaProgress; completes: boolean };

/**
 * Where a joined member stands. Frozen once ended (nothing changes); before the start nothing counts. `completes`
 * is true only the first time the goal is met (a completed participation never completes again).
 */
export function evaluateChallenge(
  challenge: Pick<ChallengeRule, "goal" | "window">,
  history: MemberHistory,
  context: { timeZone: string; now: Date; completed: boolean },
): ChallengeEvaluation {
  if (challengeStatus(challenge.window, context.now) === "ended") return { frozen: true };
  const progress = evaluateCriteria(challenge.goal, history, { timeZone: context.timeZone, window: challenge.window });
  return { frozen: false, progress, completes: progress.met && !context.completed };
}

export function challengeRewardKey(challengeId: string, memberId: string): string {
  return `challenge:${challengeId}:${memberId}`;
}
