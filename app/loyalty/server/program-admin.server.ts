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
import type { PrismaClient } from "@prisma/client";
import { LoyaltyError } from "../errors";
import { parseProgramSettings, type ProgramSettings } from "../program";
import { rewardSchema, type RewardKind, describeReward } from "../rewards";
import { toSafeNumber, withSafeNumbers } from "../safe-integer";
import { previewTierMoves, simulateEarnings, type PointValue, type ReplayableOrder, type TierMove } from "../simulator";
import { sortTiers } from "../tiers";
import type { Tx } from "./ledger.server";
import type { StoredEarnBreakdown } from "./orders.server";
import { enqueueJob, enqueueMetafieldSync } from "./outbox.server";
import { getShopProgram, saveProgramSettings } from "./program.server";
import { forgetStorefrontCatalog } from "./storefront-shop.server";

export const RESYNC_MEMBERS = "resync-members";
const DAY_MS = 24 * 60 * 60 * 1000;

function invalid(issues: { path: PropertyKey[]; message: string }[], what: string): LoyaltyError {
  const fieldErrors = Object.fromEntries(issues.map((issue) => [issue.path.map(String).join(".") || what, issue.message]));
  return new LoyaltyError("INVALID_INPUT", `Invalid ${what}: ${Object.values(fieldErrors).join("; ")}`, { fieldErrors });
}

export async function getProgramEditor(db: PrismaClient, shop: string) {
  const program = await getShopProgram(db, shop);
  const [rewards, members] = await Promise.all([
    db.reward.findMany({ where: { shop }, orderBy: { position: "asc" } }),
    db.member.count({ where: { shop } }),
  ]);
  return {
    settings: program.settings,
    currency: program.currency ?? "USD",
    members,
    rewards: rewards.map(withSafeNumbers).map((reward) => ({
      ...reward,
      description: describeReward({ ...reward, kind: reward.kind as RewardKind }, program.currency ?? "USD"),
    })),
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
  const proposed = parseProgramSettings(input);
  const { settings: current } = await getShopProgram(db, shop);
  // The status changes only by launch or pause (launch.server.ts): a form loaded before a launch must not undo it.
  proposed.status = current.status;
  const changedTiers = tiersChanged(current, proposed);
  if (changedTiers && current.status === "live" && !confirmTierChange) {
    return { status: "confirm_tier_change", moves: previewTierMoves(await tierMetrics(db, shop, current), proposed) };
  }
  await db.$transaction(async (tx) => {
    await saveProgramSettings(tx, shop, proposed);
    if (changedTiers) {
      await reassignTiers(tx, shop, proposed);
      await enqueueJob(tx, { shop, kind: RESYNC_MEMBERS, dedupeKey: shop, payload: { afterId: null }, now });
    }
  });
  return { status: "saved", settings: proposed };
}

export async function setProgramStatus(db: PrismaClient, shop: string, status: ProgramSettings["status"]): Promise<void> {
  const { settings } = await getShopProgram(db, shop);
  await db.$transaction((tx) => saveProgramSettings(tx, shop, { ...settings, status }));
}

export async function saveReward(db: PrismaClient, shop: string, rewardId: string | null, input: unknown) {
  const parsed = rewardSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues, "reward");
  try {
    if (rewardId) {
      const updated = await db.reward.updateMany({ where: { id: rewardId, shop }, data: parsed.data });
      if (updated.count === 0) throw new LoyaltyError("REWARD_NOT_FOUND", "This reward does not exist");
      return withSafeNumbers(await db.reward.findUniqueOrThrow({ where: { id: rewardId } }));
    }
    const position = await db.reward.count({ where: { shop } });
    return withSafeNumbers(await db.reward.create({ data: { ...parsed.data, shop, position } }));
  } finally {
    // Other instances see the save by the catalog's stamp; this one also forgets its copy once it is written
    // (a second save within the same millisecond might not move the stamp).
    forgetStorefrontCatalog(shop);
  }
}

/** Orders earned in the last `days` days, as the simulator replays them. */
async function replayableOrders(db: PrismaClient, shop: string, since: Date): Promise<ReplayableOrder[]> {
  const entries = await db.ledgerEntry.findMany({
    where: { shop, type: "earn", createdAt: { gte: since } },
    select: { orderGid: true, points: true, breakdown: true },
  });
  return entries.map((entry) => {
    const stored = entry.breakdown ? (JSON.parse(entry.breakdown) as Partial<StoredEarnBreakdown>) : null;
    return {
      orderGid: entry.orderGid ?? "",
      points: toSafeNumber(entry.points, "Earned points"),
      order: stored?.order ?? null,
      multiplier: stored?.multiplier ?? { tierName: null, multiplierMilli: 1000 },
      tierId: stored?.tierId ?? null,
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
    throw new LoyaltyError("INVALID_INPUT", "Replay between 1 and 365 days", { fieldErrors: { days: "Replay between 1 and 365 days" } });
  }
  const proposed = parseProgramSettings(input);
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
