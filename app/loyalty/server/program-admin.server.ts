/**
 * The merchant's program editor: load, validate and save settings, the rewards catalog, launch/pause, the rule
 * simulator and the tier-change preview.
 *
 * Rules:
 * - Input is validated by the core's zod schemas; a bad value answers field errors and writes nothing.
 * - While the program is live, a change of tier thresholds or multipliers first answers who would move; it is
 *   saved only when the merchant confirms. Saving re-assigns every member's tier from their cached metric in the
 *   same transaction and queues a storefront resync of the shop's members in the background.
 * - A change of tier basis or window takes effect for each member at their next ledger change (their cached
 *   metric is of the old basis/window until then); the editor says so.
 */
import { Prisma, type PrismaClient } from "@prisma/client";
import { LoyaltyError } from "../errors";
import { fieldErrorCode, prefixFieldErrors, type FieldErrorCodes } from "../field-error-codes";
import { describeTierMetric } from "../figures";
import { compareFractions, formatPointValueInput, toPointValue } from "../point-value";
import { evaluateProgramWarningCodes, parseProgramSettings, type ProgramSettings } from "../program";
import { formatPointWorth } from "../reports/valuation";
import { evaluateRewardGuardrails, OUTLIER_FACTOR, rewardValuePerPoint } from "../reward-guardrails";
import { rewardIssueCode, rewardSchema, type RewardKind, describeReward } from "../rewards";
import { toSafeNumber, withSafeNumbers } from "../safe-integer";
import { previewTierMoves, simulateEarnings, type PointValue, type ReplayableOrder, type TierMove } from "../simulator";
import { sortTiers } from "../tiers";
import type { Tx } from "./ledger.server";
import type { StoredEarnBreakdown } from "./orders.server";
import { enqueueJob, enqueueMetafieldSync, enqueueProgramFactsSync } from "./outbox.server";
import { getShopProgram, saveProgramSettings } from "./program.server";
import { ENSURE_MIRROR_DEFINITIONS } from "./customer-sync.server";
import { forgetStorefrontCatalog } from "./storefront-shop.server";

export const RESYNC_MEMBERS = "resync-members";
const DAY_MS = 24 * 60 * 60 * 1000;

/** Reward form errors, keyed "reward.<field>" so they never mark a program field of the same name. */
function invalidReward(issues: { path: PropertyKey[]; code: string; message: string }[]): LoyaltyError {
  const fieldErrors: Record<string, string> = {};
  const fieldErrorCodes: FieldErrorCodes = {};
  for (const issue of issues) {
    const path = `reward.${issue.path.map(String).join(".") || "name"}`;
    if (path in fieldErrors) continue;
    fieldErrors[path] = issue.message;
    const code = rewardIssueCode(issue);
    if (code) fieldErrorCodes[path] = code;
  }
  return new LoyaltyError("INVALID_INPUT", `Nothing was saved. ${[...new Set(Object.values(fieldErrors))].join("; ")}`, { fieldErrors, fieldErrorCodes });
}

function asRewardError(error: unknown): unknown {
  if (!(error instanceof LoyaltyError) || !error.fieldErrors) return error;
  return new LoyaltyError(error.code, error.message, {
    fieldErrors: prefixFieldErrors(error.fieldErrors, "reward."),
    fieldErrorCodes: prefixFieldErrors(error.fieldErrorCodes, "reward."),
    cause: error,
  });
}

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** The largest order total of the last year (shop money, minor units), or null without orders. */
async function largestRecentOrderMinor(db: PrismaClient, shop: string, now: Date): Promise<number | null> {
  const result = await db.orderRecord.aggregate({ where: { shop, paidAt: { gte: new Date(now.getTime() - YEAR_MS) } }, _max: { totalMinor: true } });
  return result._max.totalMinor === null ? null : toSafeNumber(result._max.totalMinor, "Largest order");
}

export async function getProgramEditor(db: PrismaClient, shop: string) {
  const program = await getShopProgram(db, shop);
  const currency = program.currency ?? "USD";
  const [rewards, members, redeemed] = await Promise.all([
    db.reward.findMany({ where: { shop }, orderBy: { position: "asc" } }),
    db.member.count({ where: { shop } }),
    db.redemption.groupBy({ by: ["rewardId"], where: { shop }, _count: { _all: true } }),
  ]);
  const redemptions = new Map(redeemed.map((row) => [row.rewardId, row._count._all]));
  const programValue = program.settings.pointValue ? toPointValue(program.settings.pointValue) : null;
  return {
    settings: program.settings,
    currency,
    members,
    warnings: evaluateProgramWarningCodes(program.settings),
    tierMetric: describeTierMetric(program.settings.tierProgram.basis, program.settings.tierCountsManualCredits),
    pointValueText: program.settings.pointValue ? formatPointValueInput(program.settings.pointValue, currency) : "",
    pointWorth: programValue ? formatPointWorth(programValue, currency) : null,
    rewards: rewards.map(withSafeNumbers).map((reward) => {
      const value = rewardValuePerPoint(reward);
      return {
        ...reward,
        archivedAt: reward.archivedAt?.toISOString() ?? null,
        redemptions: redemptions.get(reward.id) ?? 0,
        description: describeReward({ ...reward, kind: reward.kind as RewardKind }, currency),
        valuePerPoint: value ? formatPointWorth(value, currency) : null,
        outlier: value !== null && programValue !== null &&
          compareFractions(value.minorPerPoint, { numerator: programValue.minorPerPoint.numerator * OUTLIER_FACTOR, denominator: programValue.minorPerPoint.denominator }) > 0,
      };
    }),
  };
}

function tiersChanged(current: ProgramSettings, proposed: ProgramSettings): boolean {
  const shape = (settings: ProgramSettings) =>
    JSON.stringify(sortTiers(settings.tierProgram).map((tier) => [tier.id, tier.threshold, tier.multiplierMilli]));
  return shape(current) !== shape(proposed);
}

/** Members grouped by (current tier, metric), for the tier preview. */
async function tierMetrics(db: PrismaClient, shop: string, current: ProgramSettings) {
  const groups = await db.member.groupBy({ by: ["tierId", "tierMetric"], where: { shop }, _count: { _all: true } });
  const names = new Map(current.tierProgram.tiers.map((tier) => [tier.id, tier.name]));
  return groups.map((group) => ({
    currentTier: group.tierId ? (names.get(group.tierId) ?? null) : null,
    metric: toSafeNumber(group.tierMetric, "Tier metric"),
    members: group._count._all,
  }));
}

export async function previewTierChange(db: PrismaClient, shop: string, proposed: ProgramSettings): Promise<TierMove[]> {
  const { settings } = await getShopProgram(db, shop);
  return previewTierMoves(await tierMetrics(db, shop, settings), proposed);
}

/** Re-assigns every member's tier from their cached metric under the saved thresholds (range updates, not a loop). */
async function reassignTiers(tx: Tx, shop: string, settings: ProgramSettings): Promise<void> {
  const tiers = sortTiers(settings.tierProgram);
  const lowest = tiers[0];
  await tx.member.updateMany({ where: { shop, tierMetric: { lt: lowest?.threshold ?? Number.MAX_SAFE_INTEGER } }, data: { tierId: null } });
  for (const [index, tier] of tiers.entries()) {
    const next = tiers[index + 1];
    await tx.member.updateMany({
      where: { shop, tierMetric: next ? { gte: tier.threshold, lt: next.threshold } : { gte: tier.threshold } },
      data: { tierId: tier.id },
    });
  }
}

export type SaveProgramResult =
  | { status: "saved"; settings: ProgramSettings }
  | { status: "confirm_tier_change"; moves: TierMove[] };

export async function saveProgram(
  db: PrismaClient,
  shop: string,
  input: unknown,
  { confirmTierChange, now }: { confirmTierChange: boolean; now: Date },
): Promise<SaveProgramResult> {
  const { settings: current, currency } = await getShopProgram(db, shop);
  const proposed = parseProgramSettings(input, currency ?? "USD");
  // The status changes only by launch or pause (launch.server.ts): a form loaded before a launch must not undo it.
  proposed.status = current.status;
  const changedTiers = tiersChanged(current, proposed);
  if (changedTiers && current.status === "live" && !confirmTierChange) {
    return { status: "confirm_tier_change", moves: previewTierMoves(await tierMetrics(db, shop, current), proposed) };
  }
  const changedMirrors = current.mirrorMetafields !== proposed.mirrorMetafields || current.tierTags !== proposed.tierTags;
  await db.$transaction(async (tx) => {
    await saveProgramSettings(tx, shop, proposed);
    if (changedTiers) await reassignTiers(tx, shop, proposed);
    if (proposed.mirrorMetafields && !current.mirrorMetafields) {
      await enqueueJob(tx, { shop, kind: ENSURE_MIRROR_DEFINITIONS, dedupeKey: shop, now });
    }
    // Every member's sync writes (or removes) the mirrors and tags the merchant just chose.
    if (changedTiers || changedMirrors) {
      await enqueueJob(tx, { shop, kind: RESYNC_MEMBERS, dedupeKey: shop, payload: { afterId: null }, now });
    }
  });
  return { status: "saved", settings: proposed };
}

export async function setProgramStatus(db: PrismaClient, shop: string, status: ProgramSettings["status"]): Promise<void> {
  const { settings } = await getShopProgram(db, shop);
  await db.$transaction((tx) => saveProgramSettings(tx, shop, { ...settings, status }));
}

export interface SaveRewardOptions {
  /** The one-time key of the form that sent it: a new reward is created once per key. */
  clientKey: string | null;
  /** The merchant confirmed an outlier (more than OUTLIER_FACTOR × the program's value per point). */
  confirmed: boolean;
  now: Date;
}

const CLIENT_KEY = /^[A-Za-z0-9_-]{8,100}$/;

export async function saveReward(db: PrismaClient, shop: string, rewardId: string | null, input: unknown, given: Partial<SaveRewardOptions> = {}) {
  const options: SaveRewardOptions = { clientKey: given.clientKey ?? null, confirmed: given.confirmed ?? false, now: given.now ?? new Date() };
  const parsed = rewardSchema.safeParse(input);
  if (!parsed.success) throw invalidReward(parsed.error.issues);
  if (options.clientKey !== null && !CLIENT_KEY.test(options.clientKey)) {
    throw new LoyaltyError("INVALID_INPUT", "This form is stale: reload the page and try again", { messageCode: fieldErrorCode("formStale") });
  }
  const program = await getShopProgram(db, shop);
  try {
    evaluateRewardGuardrails({
      reward: parsed.data,
      pointValue: program.settings.pointValue,
      currency: program.currency ?? "USD",
      largestRecentOrderMinor: await largestRecentOrderMinor(db, shop, options.now),
      confirmed: options.confirmed,
    });
  } catch (error) {
    throw asRewardError(error);
  }
  try {
    if (rewardId) {
      const updated = await db.reward.updateMany({ where: { id: rewardId, shop, archivedAt: null }, data: parsed.data });
      if (updated.count === 0) throw new LoyaltyError("REWARD_NOT_FOUND", "This reward does not exist or is archived", { messageCode: fieldErrorCode("rewardMissing") });
      return { status: "saved" as const, reward: withSafeNumbers(await db.reward.findUniqueOrThrow({ where: { id: rewardId } })) };
    }
    // A double click or a resent form carries the same key: the first save's reward is the answer.
    const existing = options.clientKey ? await db.reward.findUnique({ where: { shop_clientKey: { shop, clientKey: options.clientKey } } }) : null;
    if (existing) return { status: "duplicate" as const, reward: withSafeNumbers(existing) };
    const position = await db.reward.count({ where: { shop } });
    try {
      return { status: "saved" as const, reward: withSafeNumbers(await db.reward.create({ data: { ...parsed.data, shop, position, clientKey: options.clientKey } })) };
    } catch (error) {
      // Two submits raced past the check: the unique (shop, clientKey) index kept one.
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") || !options.clientKey) throw error;
      const winner = await db.reward.findUniqueOrThrow({ where: { shop_clientKey: { shop, clientKey: options.clientKey } } });
      return { status: "duplicate" as const, reward: withSafeNumbers(winner) };
    }
  } finally {
    // Other instances see the save by the catalog's stamp; this one also forgets its copy once it is written
    // (a second save within the same millisecond might not move the stamp).
    await rewardsChanged(db, shop, options.now);
  }
}

/** After any reward write: this process forgets its catalog, and the storefront banner's copy is rewritten. */
async function rewardsChanged(db: PrismaClient, shop: string, now: Date): Promise<void> {
  forgetStorefrontCatalog(shop);
  await enqueueProgramFactsSync(db, shop, now);
}

/** Archives a reward: inactive for good, never offered to shoppers again, kept for its redemptions. */
export async function archiveReward(db: PrismaClient, shop: string, rewardId: string, now: Date) {
  try {
    const updated = await db.reward.updateMany({ where: { id: rewardId, shop, archivedAt: null }, data: { archivedAt: now, active: false } });
    if (updated.count === 0) {
      throw new LoyaltyError("REWARD_NOT_FOUND", "This reward does not exist or is already archived", { messageCode: fieldErrorCode("rewardMissing") });
    }
  } finally {
    await rewardsChanged(db, shop, now);
  }
}

/** Deletes a reward that was never redeemed; one that was must be archived (its redemptions name it). */
export async function deleteReward(db: PrismaClient, shop: string, rewardId: string) {
  try {
    await db.$transaction(async (tx) => {
      const reward = await tx.reward.findFirst({ where: { id: rewardId, shop }, select: { id: true, name: true } });
      if (!reward) throw new LoyaltyError("REWARD_NOT_FOUND", "This reward does not exist", { messageCode: fieldErrorCode("rewardMissing") });
      const redemptions = await tx.redemption.count({ where: { shop, rewardId } });
      if (redemptions > 0) {
        throw new LoyaltyError(
          "REWARD_REDEEMED",
          `“${reward.name}” was redeemed ${redemptions.toLocaleString("en-US")} time${redemptions === 1 ? "" : "s"}, so it can't be deleted: archive it instead`,
          { messageCode: fieldErrorCode("rewardRedeemedNoDelete", { name: reward.name, count: redemptions }) },
        );
      }
      await tx.reward.delete({ where: { id: rewardId } });
    });
  } finally {
    await rewardsChanged(db, shop, new Date());
  }
}

/** Orders earned in the last `days` days, as the simulator replays them, with what was clawed back from each. */
async function replayableOrders(db: PrismaClient, shop: string, since: Date): Promise<ReplayableOrder[]> {
  const entries = await db.ledgerEntry.findMany({
    where: { shop, type: "earn", createdAt: { gte: since } },
    select: { id: true, orderGid: true, points: true, breakdown: true },
  });
  const clawbacks = await db.ledgerEntry.groupBy({
    by: ["reversesId"],
    where: { shop, type: "clawback", reversesId: { in: entries.map((entry) => entry.id) } },
    _sum: { points: true },
  });
  const clawed = new Map(clawbacks.map((row) => [row.reversesId, -toSafeNumber(row._sum.points ?? 0, "Clawed back points")]));
  return entries.map((entry) => {
    const stored = entry.breakdown ? (JSON.parse(entry.breakdown) as Partial<StoredEarnBreakdown>) : null;
    return {
      orderGid: entry.orderGid ?? "",
      points: toSafeNumber(entry.points, "Earned points"),
      order: stored?.order ?? null,
      multiplier: stored?.multiplier ?? { tierName: null, multiplierMilli: 1000 },
      tierId: stored?.tierId ?? null,
      clawedBack: clawed.get(entry.id) ?? 0,
    };
  });
}

export async function simulateProgram(
  db: PrismaClient,
  shop: string,
  input: unknown,
  { days, now, pointValue }: { days: number; now: Date; pointValue: PointValue | null },
) {
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    throw new LoyaltyError("INVALID_INPUT", "Replay between 1 and 365 days", {
      fieldErrors: { days: "Replay between 1 and 365 days" },
      fieldErrorCodes: { days: fieldErrorCode("simulateDays", { max: 365 }) },
    });
  }
  const { currency } = await getShopProgram(db, shop);
  const proposed = parseProgramSettings(input, currency ?? "USD");
  const orders = await replayableOrders(db, shop, new Date(now.getTime() - days * DAY_MS));
  return { days, ...simulateEarnings(orders, proposed, pointValue) };
}

/** One batch of the background resync after a tier change: queue storefront syncs, then the next batch. */
export async function resyncMembersBatch(db: PrismaClient, shop: string, afterId: string | null, now: Date, batch = 500): Promise<void> {
  const members = await db.member.findMany({
    where: { shop, redactedAt: null, ...(afterId ? { id: { gt: afterId } } : {}) },
    orderBy: { id: "asc" },
    take: batch,
    select: { id: true },
  });
  const last = members.at(-1);
  await db.$transaction(async (tx) => {
    for (const member of members) {
      await enqueueMetafieldSync(tx, { shop, memberId: member.id, now });
    }
    if (last && members.length === batch) {
      await enqueueJob(tx, { shop, kind: RESYNC_MEMBERS, dedupeKey: `${shop}:${last.id}`, payload: { afterId: last.id }, now });
    }
  });
}
