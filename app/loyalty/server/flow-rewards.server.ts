/**
 * Shopify Flow's "Give a loyalty reward code" action: a workflow redeems one of the program's rewards for a customer
 * (docs/decisions/030-flow-triggers.md).
 *
 * Rules:
 * - It is an ordinary redemption (redemptions.server.ts): the customer's available points pay for it, the program
 *   must be live, the code is single-use and locked to the customer. A merchant who wants to give a code for free
 *   credits the points first (the "Adjust loyalty points" action) — one way to issue a code, one ledger story.
 * - The customer must already be a member (Flow never enrols anyone here); the reward is named by its id or by its
 *   name (case-insensitive) among the shop's active rewards.
 * - Flow's `action_run_id` is the redemption's client key: a retried run answers the same code, never a second one.
 */
import { createHash } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { LoyaltyError } from "../errors";
import { formatPoints } from "../money";
import type { AdminFor } from "./jobs.server";
import { findMemberIdOf } from "./members.server";
import { redeemReward } from "./redemptions.server";

export interface FlowRewardInput {
  shop: string;
  customerGid: string;
  /** The reward's id, or its name as on the Program page. */
  reward: string;
  actionRunId: string;
  now: Date;
}

/** The redemption's client key for a Flow run (redemption keys are at most 100 characters). */
export function flowClientKey(actionRunId: string): string {
  const key = `flow:${actionRunId}`;
  return key.length <= 100 ? key : `flow:${createHash("sha256").update(actionRunId).digest("hex")}`;
}

export async function giveRewardFromFlow(db: PrismaClient, adminFor: AdminFor, input: FlowRewardInput) {
  const memberId = await findMemberIdOf(db, input.shop, input.customerGid);
  if (!memberId) throw new LoyaltyError("MEMBER_NOT_FOUND", `Customer ${input.customerGid.split("/").pop()} is not a member of the loyalty program`);
  const wanted = input.reward.trim();
  const rewards = await db.reward.findMany({ where: { shop: input.shop, active: true, archivedAt: null }, select: { id: true, name: true } });
  const reward = rewards.find((r) => r.id === wanted) ?? rewards.find((r) => r.name.trim().toLowerCase() === wanted.toLowerCase());
  if (!reward) throw new LoyaltyError("REWARD_NOT_FOUND", `No active reward is named "${wanted}": use a reward's name as on the Program page`);
  const { redemption, replayed } = await redeemReward(db, adminFor, {
    shop: input.shop,
    customerGid: input.customerGid,
    rewardId: reward.id,
    clientKey: flowClientKey(input.actionRunId),
    now: input.now,
  });
  return {
    code: redemption.code,
    replayed,
    message: `Issued code ${redemption.code} for ${redemption.rewardName} (${formatPoints(redemption.pointsCost)})${replayed ? " (already done for this run)" : ""}`,
  };
}
