/**
 * What the storefront block shows a signed-in shopper: balance, tier progress, the rewards catalog with what they
 * can afford, their codes and recent activity. Read-only; a shopper we have never seen gets an empty account.
 *
 * Every storefront page view asks for this (through the app proxy), so each query reads only the columns the
 * answer shows: a ledger entry's breakdown (the rated order, kilobytes) is never read here.
 */
import type { PrismaClient } from "@prisma/client";
import { describeReward, shopperCodeStatus, type RedemptionStatus, type RewardKind } from "../rewards";
import { toSafeNumber, withSafeNumbers } from "../safe-integer";
import { describeTierProgress, evaluateTier } from "../tiers";
import type { ShopProgram } from "./program.server";

const SHOWN_CODES = 20;
const SHOWN_ACTIVITY = 10;

export interface StorefrontMember {
  balance: number;
  pending: number;
  tier: string | null;
  progress: { nextTier: string | null; remaining: number; progressPermille: number; message: string };
}

export function describeMemberProgress(program: ShopProgram, member: { balance: number; tierMetric: number }, pending: number): StorefrontMember {
  const { tierProgram } = program.settings;
  const evaluation = evaluateTier(tierProgram, member.tierMetric);
  return {
    balance: member.balance - pending,
    pending,
    tier: evaluation.current?.name ?? null,
    progress: {
      nextTier: evaluation.next?.name ?? null,
      remaining: evaluation.remainingToNext,
      progressPermille: evaluation.progressPermille,
      message: describeTierProgress(evaluation, tierProgram.basis, program.currency ?? "USD"),
    },
  };
}

export async function getStorefrontMember(db: PrismaClient, program: ShopProgram, customerGid: string, now: Date) {
  const found = await db.member.findUnique({
    where: { shop_customerGid: { shop: program.shop, customerGid } },
    select: { id: true, balance: true, tierMetric: true },
  });
  if (!found) return { member: null, view: describeMemberProgress(program, { balance: 0, tierMetric: 0 }, 0) };
  const member = withSafeNumbers(found);
  const unvested = await db.ledgerEntry.aggregate({ where: { memberId: member.id, vestsAt: { gt: now } }, _sum: { points: true } });
  return { member, view: describeMemberProgress(program, member, Math.max(0, toSafeNumber(unvested._sum.points ?? 0, "Pending points"))) };
}

/** The shopper's account in the shop whose (already loaded) program is `program`. */
export async function getStorefrontAccount(db: PrismaClient, program: ShopProgram, customerGid: string, now: Date) {
  const { shop } = program;
  const { member, view } = await getStorefrontMember(db, program, customerGid, now);
  const [rewards, redemptions, activity] = await Promise.all([
    db.reward.findMany({
      where: { shop, active: true },
      orderBy: { position: "asc" },
      select: { id: true, name: true, kind: true, pointsCost: true, amountMinor: true, percentBasisPoints: true, minimumOrderMinor: true },
    }),
    member
      ? db.redemption.findMany({
          where: { memberId: member.id, status: { in: ["issued", "used", "expired", "returned"] } },
          orderBy: { createdAt: "desc" },
          take: SHOWN_CODES,
          select: { code: true, rewardName: true, status: true, expiresAt: true, createdAt: true },
        })
      : [],
    member
      ? db.ledgerEntry.findMany({
          where: { memberId: member.id },
          orderBy: { createdAt: "desc" },
          take: SHOWN_ACTIVITY,
          select: { type: true, points: true, explanation: true, createdAt: true },
        })
      : [],
  ]);
  return {
    member: view,
    rewards: rewards.map(withSafeNumbers).map((reward) => ({
      id: reward.id,
      name: reward.name,
      description: describeReward({ ...reward, kind: reward.kind as RewardKind }, program.currency ?? "USD"),
      pointsCost: reward.pointsCost,
      affordable: program.settings.status === "live" && view.balance >= reward.pointsCost,
    })),
    codes: redemptions.map((redemption) => ({
      code: redemption.code,
      rewardName: redemption.rewardName,
      status: shopperCodeStatus(redemption.status as RedemptionStatus, redemption.expiresAt, now),
      expiresAt: redemption.expiresAt?.toISOString() ?? null,
      createdAt: redemption.createdAt.toISOString(),
    })),
    activity: activity.map((entry) => ({
      type: entry.type,
      points: toSafeNumber(entry.points, "Entry points"),
      explanation: entry.explanation,
      createdAt: entry.createdAt.toISOString(),
    })),
  };
}

export type StorefrontAccount = Awaited<ReturnType<typeof getStorefrontAccount>>;
