/**
 * The "Badges & challenges" admin page's service: badges and challenges defined, changed and removed, with holders,
 * joins and completions counted (docs/decisions/036-badges-and-challenges.md).
 *
 * Rules:
 * - Every save is validated by the pure rules (badges.ts, challenges.ts) against the program's tiers, currency and
 *   time zone; a refused save writes nothing and answers field errors.
 * - Changing a badge's criterion never revokes it: holders keep it (MemberBadge rows are never deleted here).
 * - Saving a badge queues the shop-wide sweep (engagement.server.ts) with the save, so members who already meet the
 *   criterion earn it without waiting for their next points change.
 * - Removing a badge or challenge nobody holds or joined deletes it; otherwise it is archived: no longer earned or
 *   joinable, still shown to those who hold or joined it.
 */
import type { PrismaClient } from "@prisma/client";
import { validateBadge, type BadgeInput } from "../badges";
import { challengeStatus, validateChallenge, type ChallengeInput } from "../challenges";
import { readCriteria, type Criteria, type FieldProblems } from "../engagement-criteria";
import { localDateOf, reportTimeZone } from "../reports/calendar";
import { toSafeNumber } from "../safe-integer";
import { queueEngagementSweep } from "./engagement.server";
import { getShopProgram } from "./program.server";

export type SaveResult = { ok: true; id: string } | { ok: false; errors: FieldProblems };

async function programContext(db: PrismaClient, shop: string, now: Date) {
  const program = await getShopProgram(db, shop);
  const timeZone = reportTimeZone(program.timezone);
  return {
    tiers: program.settings.tierProgram.tiers.map((tier) => ({ id: tier.id, name: tier.name })),
    tierIds: program.settings.tierProgram.tiers.map((tier) => tier.id),
    currency: program.currency ?? "USD",
    timeZone,
    today: localDateOf(now, timeZone),
  };
}

const NOT_FOUND: FieldProblems = { id: { key: "notFound" } };

export async function saveBadge(db: PrismaClient, shop: string, id: string | null, input: BadgeInput, now: Date): Promise<SaveResult> {
  const context = await programContext(db, shop, now);
  const result = validateBadge(input, context);
  if (!result.ok) return result;
  const data = { name: result.badge.name, icon: result.badge.icon, bonusPoints: result.badge.bonusPoints, criteria: JSON.stringify(result.badge.criteria) };
  return db.$transaction(async (tx): Promise<SaveResult> => {
    let saved = id;
    if (id) {
      const updated = await tx.badge.updateMany({ where: { id, shop }, data: { ...data, archivedAt: null } });
      if (updated.count !== 1) return { ok: false, errors: NOT_FOUND };
    } else {
      saved = (await tx.badge.create({ data: { shop, ...data }, select: { id: true } })).id;
    }
    await queueEngagementSweep(tx, shop, now);
    return { ok: true, id: saved as string };
  });
}

export async function saveChallenge(db: PrismaClient, shop: string, id: string | null, input: ChallengeInput, now: Date): Promise<SaveResult> {
  const context = await programContext(db, shop, now);
  const result = validateChallenge(input, context);
  if (!result.ok) return result;
  const { challenge } = result;
  const data = {
    name: challenge.name,
    goal: JSON.stringify(challenge.goal),
    startsOn: challenge.startsOn,
    endsOn: challenge.endsOn,
    startsAt: challenge.startsAt,
    endsAt: challenge.endsAt,
    tierIds: JSON.stringify(challenge.tierIds),
    rewardPoints: challenge.rewardPoints,
  };
  if (id) {
    const updated = await db.challenge.updateMany({ where: { id, shop }, data: { ...data, archivedAt: null } });
    return updated.count === 1 ? { ok: true, id } : { ok: false, errors: NOT_FOUND };
  }
  const created = await db.challenge.create({ data: { shop, ...data }, select: { id: true } });
  return { ok: true, id: created.id };
}

/** Deletes a badge nobody holds, archives one somebody does. */
export async function removeBadge(db: PrismaClient, shop: string, id: string, now: Date): Promise<"deleted" | "archived" | "not_found"> {
  return db.$transaction(async (tx) => {
    const badge = await tx.badge.findFirst({ where: { id, shop }, select: { id: true } });
    if (!badge) return "not_found";
    if (await tx.memberBadge.findFirst({ where: { shop, badgeId: id }, select: { id: true } })) {
      await tx.badge.update({ where: { id }, data: { archivedAt: now } });
      return "archived";
    }
    await tx.badge.delete({ where: { id } });
    return "deleted";
  });
}

/** Deletes a challenge nobody joined, archives one somebody did. */
export async function removeChallenge(db: PrismaClient, shop: string, id: string, now: Date): Promise<"deleted" | "archived" | "not_found"> {
  return db.$transaction(async (tx) => {
    const challenge = await tx.challenge.findFirst({ where: { id, shop }, select: { id: true } });
    if (!challenge) return "not_found";
    if (await tx.challengeMember.findFirst({ where: { challengeId: id }, select: { id: true } })) {
      await tx.challenge.update({ where: { id }, data: { archivedAt: now } });
      return "archived";
    }
    await tx.challenge.delete({ where: { id } });
    return "deleted";
  });
}

export interface BadgeRow {
  id: string;
  name: string;
  icon: string;
  criteria: Criteria | null;
  bonusPoints: number;
  archived: boolean;
  holders: number;
}

export interface ChallengeRow {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
  status: "upcoming" | "active" | "ended";
  tierIds: string[];
  goal: Criteria | null;
  rewardPoints: number;
  archived: boolean;
  joined: number;
  completed: number;
}

/** The page: badges with holders, challenges with joins and completions (three grouped counts, no per-row query). */
export async function getEngagementPage(db: PrismaClient, shop: string, now: Date) {
  const context = await programContext(db, shop, now);
  const [badges, challenges, holders, joined, completed] = await Promise.all([
    db.badge.findMany({ where: { shop }, orderBy: { createdAt: "asc" } }),
    db.challenge.findMany({ where: { shop }, orderBy: { startsAt: "desc" } }),
    db.memberBadge.groupBy({ by: ["badgeId"], where: { shop }, _count: { _all: true } }),
    db.challengeMember.groupBy({ by: ["challengeId"], where: { shop }, _count: { _all: true } }),
    db.challengeMember.groupBy({ by: ["challengeId"], where: { shop, completedAt: { not: null } }, _count: { _all: true } }),
  ]);
  const count = <K extends string>(rows: ({ _count: { _all: number } } & Record<K, string>)[], key: K, id: string) =>
    rows.find((row) => row[key] === id)?._count._all ?? 0;
  return {
    currency: context.currency,
    timeZone: context.timeZone,
    today: context.today,
    tiers: context.tiers,
    badges: badges.map(
      (badge): BadgeRow => ({
        id: badge.id,
        name: badge.name,
        icon: badge.icon,
        criteria: readCriteria(badge.criteria),
        bonusPoints: toSafeNumber(badge.bonusPoints, "Badge bonus"),
        archived: badge.archivedAt !== null,
        holders: count(holders, "badgeId", badge.id),
      }),
    ),
    challenges: challenges.map(
      (challenge): ChallengeRow => ({
        id: challenge.id,
        name: challenge.name,
        startsOn: challenge.startsOn,
        endsOn: challenge.endsOn,
        status: challengeStatus({ start: challenge.startsAt, end: challenge.endsAt }, now),
        tierIds: JSON.parse(challenge.tierIds) as string[],
        goal: readCriteria(challenge.goal),
        rewardPoints: toSafeNumber(challenge.rewardPoints, "Challenge reward"),
        archived: challenge.archivedAt !== null,
        joined: count(joined, "challengeId", challenge.id),
        completed: count(completed, "challengeId", challenge.id),
      }),
    ),
  };
}

export interface MemberBadgeView {
  badgeId: string;
  name: string;
  icon: string;
  earnedAt: string;
}

/** The badges a member holds, newest first (member page, storefront). */
export async function getMemberBadges(db: PrismaClient, shop: string, memberId: string): Promise<MemberBadgeView[]> {
  const held = await db.memberBadge.findMany({ where: { shop, memberId }, orderBy: { earnedAt: "desc" } });
  if (held.length === 0) return [];
  const badges = await db.badge.findMany({ where: { id: { in: held.map((row) => row.badgeId) } }, select: { id: true, name: true, icon: true } });
  const byId = new Map(badges.map((badge) => [badge.id, badge]));
  return held.flatMap((row) => {
    const badge = byId.get(row.badgeId);
    return badge ? [{ badgeId: badge.id, name: badge.name, icon: badge.icon, earnedAt: row.earnedAt.toISOString() }] : [];
  });
}
