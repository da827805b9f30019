/**
 * Badges and challenges, evaluated in the background (docs/decisions/036-badges-and-challenges.md).
 *
 * Rules:
 * - Nothing here runs inside an award or refund transaction. After a member's ledger changes, the storefront sync job
 *   that the ledger writer already queues calls `queueEngagementEvaluation`, which queues `evaluate-engagement` for
 *   the member (one row per member: coalesced) when the shop has a badge or the member joined a challenge. The award
 *   path gains no statement. Joining a challenge queues it too. Saving a badge (new, changed or restored) queues
 *   `sweep-engagement` for the shop, which queues every member's evaluation a batch at a time, so members who already
 *   qualify earn it within minutes rather than at their next points change.
 * - The job reads the member's history from the ledger (earn, clawback, referral, survey entries) and the orders'
 *   records (what was clawed back, cancellations), then in ONE transaction, under the member's lock: records each
 *   newly earned badge (unique (member, badge)) with its bonus entry, updates each joined challenge's progress
 *   (not once ended: frozen), completes the ones that reached their goal with their reward entry, and claws back the
 *   bonuses whose qualifying order was refunded. Every entry goes through the ledger writer with its own key
 *   (`badge:<badgeId>:<memberId>`, `challenge:<challengeId>:<memberId>`, `clawback:<bonus key>:<target>`), so a job
 *   run twice writes nothing the second time.
 * - A program that is not live awards nothing: the job does nothing until it is.
 * - Product types come from the earn entries' stored lines, else the product cache, else Shopify (fetched here, as
 *   the product-groups job does): the same groups the insights count.
 */
import type { PrismaClient } from "@prisma/client";
import { applyRefundPolicy } from "../clawback";
import { badgeBonusKey, evaluateBadges, type BadgeRule } from "../badges";
import { challengeRewardKey, evaluateChallenge } from "../challenges";
import { engagementClawback, readCriteria, type Criteria, type HistoryOrder, type MemberHistory } from "../engagement-criteria";
import { orderLabel } from "../members";
import { formatPoints } from "../money";
import { reportTimeZone } from "../reports/calendar";
import { groupsOfLines } from "../reports/product-groups";
import { toSafeNumber, withSafeNumbers } from "../safe-integer";
import { sortTiers } from "../tiers";
import type { AdminFor } from "./jobs.server";
import { appendEntries, lockMemberById, type EntryDraft, type Tx } from "./ledger.server";
import { enqueueJob, enqueueJobs, type JobHandler } from "./outbox.server";
import { linesOfBreakdown, productTypes } from "./product-groups.server";
import { getShopProgram, type ShopProgram } from "./program.server";
import { transactionWithRollups } from "./rollups.server";

export const EVALUATE_ENGAGEMENT = "evaluate-engagement";
export const SWEEP_ENGAGEMENT = "sweep-engagement";
const SWEEP_BATCH = 500;

/** Ledger entry types the history reads (referral and survey entries are written by their own features). */
const HISTORY_TYPES = ["earn", "clawback", "referral", "survey", "badge", "challenge"];

/** Called by the storefront sync job: queues the member's evaluation when there is anything to evaluate. */
export async function queueEngagementEvaluation(db: PrismaClient, shop: string, memberId: string, now: Date): Promise<void> {
  const [badge, joined] = await Promise.all([
    db.badge.findFirst({ where: { shop }, select: { id: true } }),
    db.challengeMember.findFirst({ where: { memberId }, select: { id: true } }),
  ]);
  if (!badge && !joined) return;
  await enqueueEngagementEvaluation(db as unknown as Tx, shop, memberId, now);
}

export function enqueueEngagementEvaluation(tx: Tx, shop: string, memberId: string, now: Date): Promise<void> {
  return enqueueJob(tx, { shop, kind: EVALUATE_ENGAGEMENT, dedupeKey: memberId, payload: { memberId }, now });
}

/** A badge was saved: every member is evaluated, in batches (one coalesced sweep per shop; a newer save restarts it). */
export function queueEngagementSweep(db: PrismaClient | Tx, shop: string, now: Date): Promise<void> {
  return enqueueJob(db as Tx, { shop, kind: SWEEP_ENGAGEMENT, dedupeKey: shop, payload: { afterId: null }, now });
}

/** One batch of the sweep: queues these members' evaluations and, when more remain, the next batch, together. */
export async function sweepEngagementBatch(db: PrismaClient, shop: string, afterId: string | null, now: Date, batch = SWEEP_BATCH): Promise<void> {
  const members = await db.member.findMany({
    where: { shop, redactedAt: null, ...(afterId ? { id: { gt: afterId } } : {}) },
    orderBy: { id: "asc" },
    take: batch,
    select: { id: true },
  });
  const last = members.at(-1);
  await db.$transaction(async (tx) => {
    await enqueueJobs(tx, members.map((member) => ({ shop, kind: EVALUATE_ENGAGEMENT, dedupeKey: member.id, payload: { memberId: member.id } })), now);
    if (last && members.length === batch) await enqueueJob(tx, { shop, kind: SWEEP_ENGAGEMENT, dedupeKey: shop, payload: { afterId: last.id }, now });
  });
}

interface HistoryEntry {
  id: string;
  type: string;
  points: number;
  idempotencyKey: string;
  orderGid: string | null;
  orderName: string | null;
  reversesId: string | null;
  spendMinor: number;
  createdAt: Date;
  breakdown: string | null;
}

interface OrderState {
  earnedPoints: number;
  clawedTarget: number;
  cancelled: boolean;
}

/** The member's ledger entries the history needs (earn breakdowns only when a product-types rule needs them). */
export async function readHistoryEntries(db: PrismaClient | Tx, memberId: string, withLines: boolean): Promise<HistoryEntry[]> {
  const rows = await db.ledgerEntry.findMany({
    where: { memberId, type: { in: HISTORY_TYPES } },
    select: { id: true, type: true, points: true, idempotencyKey: true, orderGid: true, orderName: true, reversesId: true, spendMinor: true, createdAt: true, breakdown: withLines },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => {
    const safe = withSafeNumbers(row);
    return { ...safe, breakdown: withLines && safe.type === "earn" ? (safe.breakdown ?? null) : null };
  });
}

export async function readOrderStates(db: PrismaClient | Tx, shop: string, orderGids: readonly string[]): Promise<Map<string, OrderState>> {
  const states = new Map<string, OrderState>();
  for (let start = 0; start < orderGids.length; start += 500) {
    const records = await db.orderRecord.findMany({
      where: { shop, orderGid: { in: orderGids.slice(start, start + 500) } },
      select: { orderGid: true, earnedPoints: true, clawedTarget: true, cancelledAt: true },
    });
    for (const record of records) {
      states.set(record.orderGid, {
        earnedPoints: toSafeNumber(record.earnedPoints, "Earned points"),
        clawedTarget: toSafeNumber(record.clawedTarget, "Clawed target"),
        cancelled: record.cancelledAt !== null,
      });
    }
  }
  return states;
}

/**
 * The member's history: an order per earn entry (net spend = earn + its clawbacks; counted until cancelled or
 * clawed back to its whole earn), referral and survey entries, and the tiers at or below the member's.
 */
export function historyOf(
  entries: readonly HistoryEntry[],
  orders: ReadonlyMap<string, OrderState>,
  knownTypes: ReadonlyMap<string, string>,
  tiers: { program: ShopProgram; tierId: string | null },
): MemberHistory {
  const clawedSpend = new Map<string, number>();
  for (const entry of entries) {
    if (entry.type === "clawback" && entry.reversesId) clawedSpend.set(entry.reversesId, (clawedSpend.get(entry.reversesId) ?? 0) + entry.spendMinor);
  }
  const history: HistoryOrder[] = [];
  for (const entry of entries) {
    if (entry.type !== "earn" || !entry.orderGid) continue;
    const state = orders.get(entry.orderGid);
    const undone = state ? state.cancelled || (state.earnedPoints > 0 && state.clawedTarget >= state.earnedPoints) : false;
    history.push({
      orderGid: entry.orderGid,
      at: entry.createdAt,
      spendMinor: entry.spendMinor + (clawedSpend.get(entry.id) ?? 0),
      productTypes: groupsOfLines(linesOfBreakdown(entry.breakdown), knownTypes),
      counted: !undone,
    });
  }
  const eventsOf = (type: string) => entries.filter((entry) => entry.type === type && entry.points > 0).map((entry) => entry.createdAt);
  const tiersReached = new Set<string>();
  if (tiers.tierId) {
    for (const tier of sortTiers(tiers.program.settings.tierProgram)) {
      tiersReached.add(tier.id);
      if (tier.id === tiers.tierId) break;
    }
  }
  return { orders: history, referrals: eventsOf("referral"), surveys: eventsOf("survey"), tiersReached };
}

/** Product GIDs of earn lines with no stored type (their type comes from the cache or Shopify). */
function untypedProducts(entries: readonly HistoryEntry[]): string[] {
  const gids = new Set<string>();
  for (const entry of entries) {
    for (const line of linesOfBreakdown(entry.breakdown)) if (!line.giftCard && line.productGid && !line.productType) gids.add(line.productGid);
  }
  return [...gids];
}

interface ActiveRules {
  badges: (BadgeRule & { name: string })[];
  needsLines: boolean;
}

function parseBadges(rows: { id: string; name: string; criteria: string; bonusPoints: bigint }[]): ActiveRules["badges"] {
  return rows.flatMap((row) => {
    const criteria = readCriteria(row.criteria);
    return criteria ? [{ id: row.id, name: row.name, criteria, bonusPoints: toSafeNumber(row.bonusPoints, "Badge bonus") }] : [];
  });
}

/** Evaluates one member: badges, joined challenges, linked clawbacks. Returns what it wrote (for tests and logs). */
export async function evaluateMemberEngagement(
  db: PrismaClient,
  adminFor: AdminFor,
  memberId: string,
  now: Date,
): Promise<{ badges: string[]; completed: string[]; clawedBack: number }> {
  const nothing = { badges: [], completed: [], clawedBack: 0 };
  const found = await db.member.findUnique({ where: { id: memberId }, select: { shop: true, redactedAt: true } });
  if (!found || found.redactedAt) return nothing;
  const shop = found.shop;
  const program = await getShopProgram(db, shop);
  if (program.settings.status !== "live") return nothing;
  const timeZone = reportTimeZone(program.timezone);

  const [badgeRows, joinedRows] = await Promise.all([
    db.badge.findMany({ where: { shop, archivedAt: null }, select: { id: true, name: true, criteria: true, bonusPoints: true }, orderBy: { createdAt: "asc" } }),
    db.challengeMember.findMany({ where: { memberId }, select: { challengeId: true } }),
  ]);
  const challengeRows = joinedRows.length
    ? await db.challenge.findMany({ where: { id: { in: joinedRows.map((row) => row.challengeId) } } })
    : [];
  const badges = parseBadges(badgeRows);
  const goals = new Map(challengeRows.flatMap((row) => {
    const goal = readCriteria(row.goal);
    return goal ? [[row.id, goal] as const] : [];
  }));
  const needsLines = [...badges.map((b) => b.criteria), ...goals.values()].some((criteria: Criteria) => criteria.kind === "product_types");

  // Product types the stored lines lack, looked up before the transaction (it may ask Shopify).
  let knownTypes = new Map<string, string>();
  if (needsLines) {
    const untyped = untypedProducts(await readHistoryEntries(db, memberId, true));
    knownTypes = await productTypes(db, adminFor, shop, untyped, now);
  }

  return transactionWithRollups(db, async (tx) => {
    let member = await lockMemberById(tx, memberId);
    const entries = await readHistoryEntries(tx, memberId, needsLines);
    const orderGids = [...new Set(entries.flatMap((entry) => (entry.type === "earn" && entry.orderGid ? [entry.orderGid] : [])))];
    const orders = await readOrderStates(tx, shop, orderGids);
    const history = historyOf(entries, orders, knownTypes, { program, tierId: member.tierId });
    const orderNames = new Map(entries.flatMap((entry) => (entry.type === "earn" && entry.orderGid ? [[entry.orderGid, entry.orderName] as const] : [])));
    const byKey = new Map(entries.map((entry) => [entry.idempotencyKey, entry]));
    // A bonus follows what its order loses after the bonus, not what it had lost before.
    const clawedAtEarn = (orderGid: string | null) => (orderGid ? (orders.get(orderGid)?.clawedTarget ?? 0) : 0);
    const written = { badges: [] as string[], completed: [] as string[], clawedBack: 0 };
    const context = { now, program };

    // 1. Badges: earned once.
    const held = await tx.memberBadge.findMany({ where: { memberId }, select: { badgeId: true } });
    const earned = evaluateBadges(badges, history, new Set(held.map((row) => row.badgeId)), timeZone);
    for (const badge of earned) {
      const name = badges.find((rule) => rule.id === badge.badgeId)?.name ?? "";
      let entryId: string | null = null;
      if (badge.bonusPoints > 0) {
        const drafts: EntryDraft[] = [
          {
            type: "badge",
            points: badge.bonusPoints,
            idempotencyKey: badgeBonusKey(badge.badgeId, memberId),
            explanation: `Badge "${name}" earned: ${formatPoints(badge.bonusPoints)} bonus`,
            breakdown: { badgeId: badge.badgeId, badgeName: name, orderClawedTarget: clawedAtEarn(badge.orderGid) },
            orderGid: badge.orderGid,
            orderName: badge.orderGid ? (orderNames.get(badge.orderGid) ?? null) : null,
          },
        ];
        const result = await appendEntries(tx, member, drafts, context);
        member = result.member;
        entryId = result.written[0]?.id ?? byKey.get(badgeBonusKey(badge.badgeId, memberId))?.id ?? null;
      }
      await tx.memberBadge.create({ data: { shop, memberId, badgeId: badge.badgeId, earnedAt: now, orderGid: badge.orderGid, entryId } });
      written.badges.push(badge.badgeId);
    }

    // 2. Joined challenges: progress until the end, completion once.
    const participations = await tx.challengeMember.findMany({ where: { memberId } });
    for (const row of challengeRows) {
      const participation = participations.find((p) => p.challengeId === row.id);
      const goal = goals.get(row.id);
      if (!participation || !goal || row.archivedAt) continue;
      const evaluation = evaluateChallenge({ goal, window: { start: row.startsAt, end: row.endsAt } }, history, {
        timeZone,
        now,
        completed: participation.completedAt !== null,
      });
      if (evaluation.frozen) continue;
      const { progress } = evaluation;
      const rewardPoints = toSafeNumber(row.rewardPoints, "Challenge reward");
      let completion: { completedAt: Date; orderGid: string | null; entryId: string | null } | null = null;
      if (evaluation.completes) {
        const key = challengeRewardKey(row.id, memberId);
        const result = await appendEntries(
          tx,
          member,
          [
            {
              type: "challenge",
              points: rewardPoints,
              idempotencyKey: key,
              explanation: `Challenge "${row.name}" completed: ${formatPoints(rewardPoints)}`,
              breakdown: { challengeId: row.id, challengeName: row.name, goal: progress.goal, orderClawedTarget: clawedAtEarn(progress.qualifyingOrderGid) },
              orderGid: progress.qualifyingOrderGid,
              orderName: progress.qualifyingOrderGid ? (orderNames.get(progress.qualifyingOrderGid) ?? null) : null,
            },
          ],
          context,
        );
        member = result.member;
        completion = { completedAt: now, orderGid: progress.qualifyingOrderGid, entryId: result.written[0]?.id ?? byKey.get(key)?.id ?? null };
        written.completed.push(row.id);
      }
      // A completed challenge keeps showing its goal reached, even if a later refund lowers the count.
      const shown = participation.completedAt || completion ? Math.max(progress.current, progress.goal) : progress.current;
      if (completion || BigInt(shown) !== participation.progress) {
        await tx.challengeMember.update({ where: { id: participation.id }, data: { progress: shown, goal: progress.goal, ...(completion ?? {}) } });
      }
    }

    // 3. Bonuses tied to an order follow its clawback.
    const linked = [
      ...(await tx.memberBadge.findMany({ where: { memberId, entryId: { not: null }, orderGid: { not: null } }, select: { entryId: true, orderGid: true } })),
      ...(await tx.challengeMember.findMany({ where: { memberId, entryId: { not: null }, orderGid: { not: null } }, select: { entryId: true, orderGid: true } })),
    ];
    const bonusRows = linked.length
      ? await tx.ledgerEntry.findMany({ where: { id: { in: linked.map((row) => row.entryId as string) } }, select: { id: true, breakdown: true } })
      : [];
    const baselines = new Map(bonusRows.map((row) => [row.id, baselineOf(row.breakdown)]));
    const bonusEntries = new Map(entries.map((entry) => [entry.id, entry]));
    const linkedOrders = await readOrderStates(tx, shop, linked.map((row) => row.orderGid as string).filter((gid) => !orders.has(gid)));
    for (const row of linked) {
      const bonus = bonusEntries.get(row.entryId as string);
      const order = orders.get(row.orderGid as string) ?? linkedOrders.get(row.orderGid as string);
      if (!bonus || !order) continue;
      const already = Math.max(0, ...entries.filter((entry) => entry.reversesId === bonus.id && entry.type === "clawback").map((entry) => targetOfKey(entry.idempotencyKey)));
      const { target, delta } = engagementClawback({
        bonusPoints: bonus.points,
        orderEarnedPoints: order.earnedPoints,
        orderClawedTarget: order.clawedTarget,
        baselineClawedTarget: baselines.get(bonus.id) ?? 0,
        cancelled: order.cancelled,
        alreadyClawedTarget: already,
      });
      if (delta <= 0) continue;
      const policy = applyRefundPolicy({ delta, balance: member.balance, policy: program.settings.refundPolicy });
      if (policy.points <= 0) continue;
      const label = orderLabel(row.orderGid as string, bonus.orderName);
      const result = await appendEntries(
        tx,
        member,
        [
          {
            type: "clawback",
            points: policy.points,
            idempotencyKey: `clawback:${bonus.idempotencyKey}:${target}`,
            explanation: `Clawback of ${formatPoints(policy.points)} of the ${formatPoints(bonus.points)} ${bonus.type} bonus: ${label} refunded`,
            breakdown: { target, delta, shortfall: policy.shortfall, cancelled: order.cancelled, bonusKey: bonus.idempotencyKey },
            orderGid: row.orderGid,
            orderName: bonus.orderName,
            reversesId: bonus.id,
          },
        ],
        context,
      );
      member = result.member;
      written.clawedBack += result.written.reduce((sum, entry) => sum - entry.points, 0);
    }
    return written;
  });
}

/** What the order had already clawed back when the bonus was written (its breakdown's `orderClawedTarget`). */
function baselineOf(breakdown: string | null): number {
  try {
    const value = (JSON.parse(breakdown ?? "{}") as { orderClawedTarget?: unknown }).orderClawedTarget;
    return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : 0;
  } catch {
    return 0;
  }
}

/** `clawback:<bonus key>:<target>` → target. */
function targetOfKey(key: string): number {
  const target = Number(key.slice(key.lastIndexOf(":") + 1));
  return Number.isSafeInteger(target) ? target : 0;
}

export function engagementJobHandlers(db: PrismaClient, adminFor: AdminFor): Record<string, JobHandler> {
  return {
    [EVALUATE_ENGAGEMENT]: async (job, { now }) => {
      const { memberId } = JSON.parse(job.payload) as { memberId: string };
      await evaluateMemberEngagement(db, adminFor, memberId, now);
    },
    [SWEEP_ENGAGEMENT]: async (job, { now }) => {
      const { afterId } = JSON.parse(job.payload) as { afterId: string | null };
      await sweepEngagementBatch(db, job.shop, afterId, now);
    },
  };
}
