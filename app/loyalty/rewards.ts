/**
 * Rewards: what points can be turned into, and the rules of turning them.
 *
 * Rules:
 * - A reward is a fixed amount off (shop minor units), a percentage off (basis points: 1000 = 10%), free
 *   shipping, or an amount of Shopify store credit (shop minor units, issued with storeCreditAccountCredit: ADR 038),
 *   with an optional minimum order and a code lifetime in days. Its cost is a whole number of points.
 * - Archived rewards are inactive for good: never offered to shoppers, kept for the redemptions that name them. A
 *   reward never redeemed may be deleted instead.
 * - Only available points can be redeemed: balance minus points still pending (vesting). A paused or draft program
 *   redeems nothing; an inactive or unknown reward is "not found".
 * - Codes are `PTS-XXXX-XXXX` from an alphabet without look-alikes (no 0/O, 1/I/L), uppercase (Shopify matches
 *   codes case-insensitively). Randomness is passed in, so the function stays pure and testable.
 */
import { z } from "zod";
import { LoyaltyError } from "./errors";
import { fieldErrorCode, type FieldErrorCode } from "./field-error-codes";
import { formatMoney, formatPoints } from "./money";
import type { ProgramStatus } from "./program";

export const REWARD_KINDS = ["fixed_amount", "percentage", "free_shipping", "store_credit"] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

export const rewardSchema = z
  .object({
    name: z.string("Give the reward a name").trim().min(1, "Give the reward a name").max(80, "Keep the name to 80 characters"),
    kind: z.enum(REWARD_KINDS, "Choose amount off, percentage off, free shipping or store credit"),
    pointsCost: z.int("The cost must be a whole number of points").min(1, "The cost must be at least 1 point").max(10_000_000, "The cost can be at most 10,000,000 points"),
    amountMinor: z.int("Enter the amount off as money, e.g. 5 or 5.00").min(1, "The amount off must be above zero").nullable().default(null),
    percentBasisPoints: z.int("Enter a percentage from 0.01 to 100, e.g. 10").min(1, "The percentage must be above 0").max(10_000, "The percentage can be at most 100%").nullable().default(null),
    minimumOrderMinor: z.int("Enter the minimum order as money, e.g. 20 or 20.00").min(0, "The minimum order cannot be negative").nullable().default(null),
    expiryDays: z.int("Enter the number of days the code stays valid, from 1 to 365").min(1, "The code must stay valid at least 1 day").max(365, "The code can stay valid at most 365 days"),
    active: z.boolean().default(true),
  })
  .superRefine((reward, ctx) => {
    if ((reward.kind === "fixed_amount" || reward.kind === "store_credit") && reward.amountMinor === null) {
      ctx.addIssue({ code: "custom", path: ["amountMinor"], message: reward.kind === "store_credit" ? "A store credit reward needs an amount" : "A fixed-amount reward needs an amount" });
    }
    if (reward.kind === "percentage" && reward.percentBasisPoints === null) {
      ctx.addIssue({ code: "custom", path: ["percentBasisPoints"], message: "A percentage reward needs a percentage" });
    }
  });

/**
 * The code for a reward schema issue, by field and kind of issue (field-error-codes.ts); the schema's own
 * sentences above stay the English. Null for an issue the form has no words for (it shows the sentence).
 */
export function rewardIssueCode(issue: { path: PropertyKey[]; code: string }): FieldErrorCode | null {
  const field = String(issue.path[0] ?? "name");
  const wrongType = issue.code === "invalid_type";
  const low = issue.code === "too_small";
  const high = issue.code === "too_big";
  const needed = issue.code === "custom";
  switch (field) {
    case "name":
      return high ? fieldErrorCode("rewardNameLength", { max: 80 }) : fieldErrorCode("rewardName");
    case "kind":
      return fieldErrorCode("rewardKind");
    case "pointsCost":
      return low ? fieldErrorCode("rewardCostMin") : high ? fieldErrorCode("rewardCostMax", { max: 10_000_000 }) : fieldErrorCode("rewardCostWhole");
    case "amountMinor":
      return needed ? fieldErrorCode("rewardAmountRequired") : low ? fieldErrorCode("rewardAmountPositive") : wrongType ? fieldErrorCode("rewardAmountFormat") : null;
    case "percentBasisPoints":
      if (needed) return fieldErrorCode("rewardPercentRequired");
      return low ? fieldErrorCode("rewardPercentPositive") : high ? fieldErrorCode("rewardPercentMax", { max: 100 }) : wrongType ? fieldErrorCode("rewardPercentFormat") : null;
    case "minimumOrderMinor":
      return low ? fieldErrorCode("rewardMinimumNegative") : wrongType ? fieldErrorCode("rewardMinimumFormat") : null;
    case "expiryDays":
      return low ? fieldErrorCode("rewardExpiryMin") : high ? fieldErrorCode("rewardExpiryMax", { max: 365 }) : fieldErrorCode("rewardExpiryFormat", { max: 365 });
    default:
      return null;
  }
}

export type RewardInput = z.input<typeof rewardSchema>;
export type RewardDefinition = z.output<typeof rewardSchema>;

/** The catalog a new shop starts with (the merchant edits it in admin). */
export const DEFAULT_REWARDS: readonly RewardDefinition[] = [
  { name: "$5 off your order", kind: "fixed_amount", pointsCost: 500, amountMinor: 500, percentBasisPoints: null, minimumOrderMinor: null, expiryDays: 30, active: true },
  { name: "10% off your order", kind: "percentage", pointsCost: 1000, amountMinor: null, percentBasisPoints: 1000, minimumOrderMinor: 2000, expiryDays: 30, active: true },
  { name: "Free shipping", kind: "free_shipping", pointsCost: 300, amountMinor: null, percentBasisPoints: null, minimumOrderMinor: null, expiryDays: 30, active: true },
];

type Describable = Pick<RewardDefinition, "kind" | "amountMinor" | "percentBasisPoints" | "minimumOrderMinor">;

/** "$5.00 off", "10% off orders of $20.00 or more", "Free shipping", "$5.00 in store credit". */
export function describeReward(reward: Describable, currency: string): string {
  const what =
    reward.kind === "fixed_amount"
      ? `${formatMoney(reward.amountMinor ?? 0, currency)} off`
      : reward.kind === "percentage"
        ? `${(reward.percentBasisPoints ?? 0) / 100}% off`
        : reward.kind === "store_credit"
          ? `${formatMoney(reward.amountMinor ?? 0, currency)} in store credit`
          : "Free shipping";
  return reward.minimumOrderMinor ? `${what} orders of ${formatMoney(reward.minimumOrderMinor, currency)} or more` : what;
}

export interface RedemptionCheck {
  programStatus: ProgramStatus;
  reward: { name: string; pointsCost: number; active: boolean } | null;
  balance: number;
  pending: number;
}

/** Throws the reason a redemption cannot happen; returns the points it costs. */
export function evaluateRedemption({ programStatus, reward, balance, pending }: RedemptionCheck): number {
  if (programStatus !== "live") throw new LoyaltyError("PROGRAM_PAUSED", "The rewards program is paused: points cannot be redeemed right now");
  if (!reward || !reward.active) throw new LoyaltyError("REWARD_NOT_FOUND", "This reward is no longer available");
  const available = balance - Math.max(0, pending);
  if (available < reward.pointsCost) {
    const pendingNote = pending > 0 ? ` (${formatPoints(pending)} still pending)` : "";
    throw new LoyaltyError(
      "INSUFFICIENT_POINTS",
      `Cannot redeem ${formatPoints(reward.pointsCost)} for ${reward.name}: balance is ${formatPoints(Math.max(0, available))}${pendingNote}`,
    );
  }
  return reward.pointsCost;
}

const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CODE_RANDOM_BYTES = 8;

/** `PTS-XXXX-XXXX` from 8 random bytes (31^8 ≈ 8.5 × 10^11 codes per shop). */
export function generateDiscountCode(random: Uint8Array): string {
  if (random.length < CODE_RANDOM_BYTES) throw new LoyaltyError("INVALID_INPUT", `A code needs ${CODE_RANDOM_BYTES} random bytes`);
  const chars = Array.from(random.slice(0, CODE_RANDOM_BYTES), (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]);
  return `PTS-${chars.slice(0, 4).join("")}-${chars.slice(4).join("")}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function redemptionExpiry(now: Date, expiryDays: number): Date {
  return new Date(now.getTime() + expiryDays * DAY_MS);
}

export type RedemptionStatus = "pending" | "issued" | "failed" | "used" | "expired" | "returned";

/** What the shopper sees for a code: a code past its end date that was not used is expired. */
export function shopperCodeStatus(status: RedemptionStatus, expiresAt: Date | null, now: Date): "unused" | "used" | "expired" {
  if (status === "used") return "used";
  if (status === "expired" || status === "returned") return "expired";
  return expiresAt && expiresAt <= now ? "expired" : "unused";
}
