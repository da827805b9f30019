/**
 * Badges: pure rules (issue 12; docs/decisions/036-badges-and-challenges.md).
 *
 * Rules:
 * - A badge has a name (1–60 characters), an icon from the built-in set (BADGE_ICONS), a criterion of the shared
 *   vocabulary (engagement-criteria.ts) over the member's whole history, and an optional points bonus (0–100,000).
 * - A member earns a badge once: `evaluateBadges` never returns a badge the member holds, and holding is recorded
 *   with a unique (member, badge) row and a ledger key `badge:<badgeId>:<memberId>`. An archived badge is not earned.
 * - A badge is never revoked: changing its criterion or refunding the qualifying order leaves it held; the bonus's
 *   points follow the qualifying order's clawback (engagementClawback).
 */
import {
  evaluateCriteria,
  parseCriteria,
  type Criteria,
  type CriteriaInput,
  type FieldProblems,
  type MemberHistory,
} from "./engagement-criteria";

export const BADGE_ICONS = ["star", "trophy", "heart", "flame", "gift", "crown", "leaf", "rocket"] as const;
export type BadgeIcon = (typeof BADGE_ICONS)[number];

export const MAX_BADGE_NAME = 60;
export const MAX_BONUS_POINTS = 100_000;

export function isBadgeIcon(value: string): value is BadgeIcon {
  return (BADGE_ICONS as readonly string[]).includes(value);
}

export interface BadgeRule {
  id: string;
  criteria: Criteria;
  bonusPoints: number;
}

export interface BadgeDefinition {
  name: string;
  icon: BadgeIcon;
  bonusPoints: number;
  criteria: Criteria;
}

export interface BadgeInput {
  name?: string | null;
  icon?: string | null;
  bonusPoints?: string | null;
  criteria: CriteriaInput;
}

/** A name of 1..max characters after trimming, or null. */
export function cleanName(text: string | null | undefined, max: number): string | null {
  const name = (text ?? "").trim().replace(/\s+/g, " ");
  return name.length >= 1 && name.length <= max ? name : null;
}

/** Whole points 0..max ("" is 0), or null. */
export function parsePoints(text: string | null | undefined, min: number, max: number): number | null {
  const trimmed = (text ?? "").trim() || (min === 0 ? "0" : "");
  if (!/^\d{1,9}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : null;
}

export function validateBadge(
  input: BadgeInput,
  context: { tierIds: readonly string[]; currency: string },
): { ok: true; badge: BadgeDefinition } | { ok: false; errors: FieldProblems } {
  const errors: FieldProblems = {};
  const name = cleanName(input.name, MAX_BADGE_NAME);
  if (name === null) errors.name = { key: "nameLength", values: { max: MAX_BADGE_NAME } };
  const icon = (input.icon ?? "").trim();
  if (!isBadgeIcon(icon)) errors.icon = { key: "icon" };
  const bonusPoints = parsePoints(input.bonusPoints, 0, MAX_BONUS_POINTS);
  if (bonusPoints === null) errors.bonusPoints = { key: "bonusRange", values: { max: MAX_BONUS_POINTS } };
  const criteria = parseCriteria(input.criteria, { ...context, prefix: "criteria" });
  if (!criteria.ok) Object.assign(errors, criteria.errors);
  if (Object.keys(errors).length > 0 || name === null || !isBadgeIcon(icon) || bonusPoints === null || !criteria.ok) {
    return { ok: false, errors };
  }
  return { ok: true, badge: { name, icon, bonusPoints, criteria: criteria.criteria } };
}

export interface EarnedBadge {
  badgeId: string;
  bonusPoints: number;
  /** The order that met the criterion, when it is an order criterion: the bonus follows its refunds. */
  orderGid: string | null;
}

/** The badges a member earns now: met, and not held already. Each badge at most once, in the rules' order. */
export function evaluateBadges(
  rules: readonly BadgeRule[],
  history: MemberHistory,
  held: ReadonlySet<string>,
  timeZone: string,
): EarnedBadge[] {
  const earned: EarnedBadge[] = [];
  const seen = new Set(held);
  for (const rule of rules) {
    if (seen.has(rule.id)) continue;
    const progress = evaluateCriteria(rule.criteria, history, { timeZone });
    if (!progress.met) continue;
    seen.add(rule.id);
    earned.push({ badgeId: rule.id, bonusPoints: rule.bonusPoints, orderGid: progress.qualifyingOrderGid });
  }
  return earned;
}

export function badgeBonusKey(badgeId: string, memberId: string): string {
  return `badge:${badgeId}:${memberId}`;
}
