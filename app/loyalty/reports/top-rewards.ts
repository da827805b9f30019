/**
 * Top rewards: what members turned their points into during the range.
 *
 * Rules:
 * - A redemption counts on the date it was made (Redemption.createdAt) when its code was or may still be used:
 *   pending, issued, used or expired. Failed codes and returned points (code expired unused, points given back)
 *   do not count: no points were spent on them in the end.
 * - Points spent = Σ points cost of the counted redemptions; usage rate = used ÷ counted.
 * - A reward is named as the catalog names it today, else by the name it had when redeemed.
 * - Order: most redemptions first, then most points, then name.
 */
import { ratioBasisPoints } from "./rates";

export const COUNTED_REDEMPTION_STATUSES = ["pending", "issued", "used", "expired"] as const;

export interface RedemptionGroup {
  rewardId: string;
  rewardName: string;
  status: string;
  redemptions: number;
  points: number;
}

export interface TopReward {
  rewardId: string;
  name: string;
  redemptions: number;
  used: number;
  points: number;
  usageRateBasisPoints: number | null;
}

export function rankTopRewards(groups: readonly RedemptionGroup[], currentNames: ReadonlyMap<string, string>): TopReward[] {
  const counted = new Set<string>(COUNTED_REDEMPTION_STATUSES);
  const byReward = new Map<string, Omit<TopReward, "usageRateBasisPoints">>();
  for (const group of groups) {
    if (!counted.has(group.status)) continue;
    const reward = byReward.get(group.rewardId) ?? {
      rewardId: group.rewardId,
      name: currentNames.get(group.rewardId) ?? group.rewardName,
      redemptions: 0,
      used: 0,
      points: 0,
    };
    reward.redemptions += group.redemptions;
    reward.points += group.points;
    if (group.status === "used") reward.used += group.redemptions;
    byReward.set(group.rewardId, reward);
  }
  return [...byReward.values()]
    .sort((a, b) => b.redemptions - a.redemptions || b.points - a.points || a.name.localeCompare(b.name))
    .map((reward) => ({ ...reward, usageRateBasisPoints: ratioBasisPoints(reward.used, reward.redemptions) }));
}
