/**
 * Badges and challenges on the storefront (`GET /proxy/engagement`, `POST /proxy/engagement/join`), for the signed
 * shopper only (docs/decisions/036-badges-and-challenges.md).
 *
 * Rules:
 * - The shopper sees their badges (icon, name, date earned), the challenges they joined (progress "1 of 2" as last
 *   evaluated, frozen once ended), and the open challenges they may join (not archived, not ended, their tier
 *   eligible).
 * - Joining is idempotent (unique (challenge, member)): joining twice is one participation. It refuses an unknown,
 *   archived or ended challenge and an ineligible tier, writing nothing. The join computes the progress already made
 *   inside the window, and queues the member's evaluation in the same transaction: completion and its reward are
 *   the job's, written once.
 * - Nothing is written while the program is not live.
 */
import type { PrismaClient } from "@prisma/client";
import { joinRefusal, type ChallengeStatus, challengeStatus, evaluateChallenge } from "../challenges";
import { goalOf, readCriteria, type CriteriaKind } from "../engagement-criteria";
import { LoyaltyError } from "../errors";
import { reportTimeZone } from "../reports/calendar";
import { toSafeNumber } from "../safe-integer";
import { getMemberBadges, type MemberBadgeView } from "./engagement-admin.server";
import { enqueueEngagementEvaluation, historyOf, readHistoryEntries, readOrderStates } from "./engagement.server";
import { lockMember } from "./ledger.server";
import { getShopProgram } from "./program.server";
import { transactionWithRollups } from "./rollups.server";

export interface StorefrontChallenge {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
  status: ChallengeStatus;
  kind: CriteriaKind;
  goal: number;
  rewardPoints: number;
  joined: boolean;
  progress: number;
  completed: boolean;
}

export interface StorefrontEngagement {
  /** The shop's currency, for spend goals (minor units). */
  currency: string;
  badges: MemberBadgeView[];
  challenges: StorefrontChallenge[];
}

export async function getStorefrontEngagement(db: PrismaClient, shop: string, customerGid: string, now: Date): Promise<StorefrontEngagement> {
  const member = await db.member.findUnique({ where: { shop_customerGid: { shop, customerGid } }, select: { id: true, tierId: true } });
  const [program, badges, joined, open] = await Promise.all([
    getShopProgram(db, shop),
    member ? getMemberBadges(db, shop, member.id) : Promise.resolve([]),
    member ? db.challengeMember.findMany({ where: { memberId: member.id } }) : Promise.resolve([]),
    db.challenge.findMany({ where: { shop, archivedAt: null, endsAt: { gt: now } }, orderBy: { endsAt: "asc" }, take: 20 }),
  ]);
  const joinedIds = new Set(joined.map((row) => row.challengeId));
  const joinedChallenges = joined.length ? await db.challenge.findMany({ where: { id: { in: [...joinedIds] } } }) : [];
  const rows = [...joinedChallenges, ...open.filter((row) => !joinedIds.has(row.id) && joinRefusal({ window: { start: row.startsAt, end: row.endsAt }, tierIds: JSON.parse(row.tierIds) as string[] }, member?.tierId ?? null, now) === null)];
  const challenges = rows.flatMap((row): StorefrontChallenge[] => {
    const goal = readCriteria(row.goal);
    if (!goal) return [];
    const participation = joined.find((p) => p.challengeId === row.id);
    return [
      {
        id: row.id,
        name: row.name,
        startsOn: row.startsOn,
        endsOn: row.endsOn,
        status: challengeStatus({ start: row.startsAt, end: row.endsAt }, now),
        kind: goal.kind,
        goal: participation ? toSafeNumber(participation.goal, "Challenge goal") : goalOf(goal),
        rewardPoints: toSafeNumber(row.rewardPoints, "Challenge reward"),
        joined: Boolean(participation),
        progress: participation ? toSafeNumber(participation.progress, "Challenge progress") : 0,
        completed: Boolean(participation?.completedAt),
      },
    ];
  });
  // Joined first (those still running before the ended ones), then the open ones by their end.
  const rank = (c: StorefrontChallenge) => (c.joined ? (c.status === "ended" ? 1 : 0) : 2);
  challenges.sort((a, b) => rank(a) - rank(b) || (a.endsOn < b.endsOn ? -1 : a.endsOn > b.endsOn ? 1 : 0));
  return { currency: program.currency ?? "USD", badges, challenges };
}

function refused(reason: "not_found" | "ended" | "tier" | "paused", message: string): LoyaltyError {
  return new LoyaltyError(reason === "paused" ? "PROGRAM_PAUSED" : "INVALID_INPUT", message, { fieldErrors: { challengeId: reason } });
}

/** Joins the shopper to a challenge (idempotent); answers their challenges and badges. */
export async function joinChallenge(db: PrismaClient, shop: string, customerGid: string, challengeId: string, now: Date): Promise<StorefrontEngagement> {
  const program = await getShopProgram(db, shop);
  if (program.settings.status !== "live") throw refused("paused", "The rewards program is not running right now");
  const challenge = await db.challenge.findFirst({ where: { id: challengeId, shop, archivedAt: null } });
  const goal = challenge ? readCriteria(challenge.goal) : null;
  if (!challenge || !goal) throw refused("not_found", "This challenge does not exist");
  const window = { start: challenge.startsAt, end: challenge.endsAt };
  await transactionWithRollups(db, async (tx) => {
    const member = await lockMember(tx, shop, customerGid);
    const refusal = joinRefusal({ window, tierIds: JSON.parse(challenge.tierIds) as string[] }, member.tierId, now);
    if (refusal) throw refused(refusal, refusal === "ended" ? "This challenge has ended" : "Your tier cannot join this challenge");
    const known = await tx.challengeMember.findUnique({ where: { challengeId_memberId: { challengeId, memberId: member.id } } });
    if (known) return;
    const entries = await readHistoryEntries(tx, member.id, goal.kind === "product_types");
    const orders = await readOrderStates(tx, shop, [...new Set(entries.flatMap((e) => (e.type === "earn" && e.orderGid ? [e.orderGid] : [])))]);
    const history = historyOf(entries, orders, new Map(), { program, tierId: member.tierId });
    const evaluation = evaluateChallenge({ goal, window }, history, { timeZone: reportTimeZone(program.timezone), now, completed: false });
    const progress = evaluation.frozen ? 0 : evaluation.progress.current;
    await tx.challengeMember.create({ data: { shop, challengeId, memberId: member.id, joinedAt: now, progress, goal: goalOf(goal) } });
    await enqueueEngagementEvaluation(tx, shop, member.id, now);
  });
  return getStorefrontEngagement(db, shop, customerGid, now);
}
