/**
 * Rewards: what points can be turned into, and the rules of turning them.
 *
 * Rules:
 * - A reward is a fixed amount off (shop minor units), a percentage off (basis points: 1000 = 10%), free
 *   shipping, a points slider, a free product, or an amount of Shopify store credit (shop minor units, issued with
 *   storeCreditAccountCredit: ADR 038), with an optional minimum order and a code lifetime in days. Its
 *   cost is a whole number of points.
 * - A points slider lets the shopper choose how many points to spend, from `sliderMinPoints` to `sliderMaxPoints`
 *   in steps of `pointsCost`, for `amountMinor` off per step (proportional, exact: no rounding). Both bounds are
 *   multiples of the step. Its code is a fixed amount off of the chosen amount.
 * - A free product is one unit of a chosen variant free (`variantGid`, of `productGid`): its cost is `pointsCost`.
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

const PRODUCT_GID = /^gid:\/\/shopify\/Product\/\d+$/;
const VARIANT_GID = /^gid:\/\/shopify\/ProductVariant\/\d+$/;

export const REWARD_KINDS = ["fixed_amount", "percentage", "free_shipping", "points_slider", "free_product", "store_credit"] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

export const rewardSchema = z
  .object({
    name: z.string("Give the reward a name").trim().min(1, "Give the reward a name").max(80, "Keep the name to 80 characters"),
    kind: z.enum(REWARD_KINDS, "Choose amount off, percentage off, free shipping, points slider, free product or store credit"),
    pointsCost: z.int("The cost must be a whole number of points").min(1, "The cost must be at least 1 point").max(10_000_000, "The cost can be at most 10,000,000 points"),
    amountMinor: z.int("Enter the amount off as money, e.g. 5 or 5.00").min(1, "The amount off must be above zero").nullable().default(null),
    percentBasisPoints: z.int("Enter a percentage from 0.01 to 100, e.g. 10").min(1, "The percentage must be above 0").max(10_000, "The percentage can be at most 100%").nullable().default(null),
    minimumOrderMinor: z.int("Enter the minimum order as money, e.g. 20 or 20.00").min(0, "The minimum order cannot be negative").nullable().default(null),
    expiryDays: z.int("Enter the number of days the code stays valid, from 1 to 365").min(1, "The code must stay valid at least 1 day").max(365, "The code can stay valid at most 365 days"),
    active: z.boolean().default(true),
    sliderMinPoints: z.int("Enter the fewest points as a whole number").min(1, "The fewest points must be at least 1").max(10_000_000, "The slider can take at most 10,000,000 points").nullable().default(null),
    sliderMaxPoints: z.int("Enter the most points as a whole number").min(1, "The most points must be at least 1").max(10_000_000, "The slider can take at most 10,000,000 points").nullable().default(null),
    productGid: z.string().regex(PRODUCT_GID, "Pick a product").nullable().default(null),
    variantGid: z.string().regex(VARIANT_GID, "Pick a product").nullable().default(null),
    productTitle: z.string().trim().max(255, "Keep the product title to 255 characters").nullable().default(null),
  })
  .superRefine((reward, ctx) => {
    if ((reward.kind === "fixed_amount" || reward.kind === "points_slider" || reward.kind === "store_credit") && reward.amountMinor === null) {
      ctx.addIssue({ code: "custom", path: ["amountMinor"], message: reward.kind === "fixed_amount" ? "A fixed-amount reward needs an amount" : reward.kind === "store_credit" ? "A store credit reward needs an amount" : "A points slider needs an amount off per step" });
    }
    if (reward.kind === "points_slider") {
      const { sliderMinPoints: min, sliderMaxPoints: max, pointsCost: step } = reward;
      if (min === null || max === null) {
        ctx.addIssue({ code: "custom", path: [min === null ? "sliderMinPoints" : "sliderMaxPoints"], message: "A points slider needs the fewest and the most points" });
      } else if (min > max) {
        ctx.addIssue({ code: "custom", path: ["sliderMaxPoints"], message: "The most points must be at least the fewest" });
      } else if (min % step !== 0 || max % step !== 0) {
        ctx.addIssue({ code: "custom", path: [min % step !== 0 ? "sliderMinPoints" : "sliderMaxPoints"], message: `The fewest and the most points must be multiples of the step (${step})` });
      }
    }
    if (reward.kind === "free_product" && (reward.productGid === null || reward.variantGid === null)) {
      ctx.addIssue({ code: "custom", path: ["productGid"], message: "A free-product reward needs a product" });
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
    case "sliderMinPoints":
    case "sliderMaxPoints":
      return fieldErrorCode("rewardSliderRange", { max: 10_000_000 });
    case "productGid":
    case "variantGid":
      return fieldErrorCode("rewardProductRequired");
    default:
      return null;
  }
}

export type RewardInput = z.input<typeof rewardSchema>;
export type RewardDefinition = z.output<typeof rewardSchema>;

/** The fields of the slider and free-product kinds, empty (the other kinds leave them null). */
const NO_KIND_EXTRAS = { sliderMinPoints: null, sliderMaxPoints: null, productGid: null, variantGid: null, productTitle: null } as const;

/** The catalog a new shop starts with (the merchant edits it in admin). */
export const DEFAULT_REWARDS: readonly RewardDefinition[] = [
  { name: "$5 off your order", kind: "fixed_amount", pointsCost: 500, amountMinor: 500, percentBasisPoints: null, minimumOrderMinor: null, expiryDays: 30, active: true, ...NO_KIND_EXTRAS },
  { name: "10% off your order", kind: "percentage", pointsCost: 1000, amountMinor: null, percentBasisPoints: 1000, minimumOrderMinor: 2000, expiryDays: 30, active: true, ...NO_KIND_EXTRAS },
  { name: "Free shipping", kind: "free_shipping", pointsCost: 300, amountMinor: null, percentBasisPoints: null, minimumOrderMinor: null, expiryDays: 30, active: true, ...NO_KIND_EXTRAS },
];

type Describable = Pick<RewardDefinition, "kind" | "amountMinor" | "percentBasisPoints" | "minimumOrderMinor"> &
  Partial<Pick<RewardDefinition, "pointsCost" | "sliderMaxPoints" | "productTitle">>;

/** "$5.00 off", "10% off orders of $20.00 or more", "Free shipping", "Up to $10.00 off ($1.00 per 100 points)", "Free Beanie", "$5.00 in store credit". */
export function describeReward(reward: Describable, currency: string): string {
  const what =
    reward.kind === "fixed_amount"
      ? `${formatMoney(reward.amountMinor ?? 0, currency)} off`
      : reward.kind === "percentage"
        ? `${(reward.percentBasisPoints ?? 0) / 100}% off`
        : reward.kind === "points_slider"
          ? `Up to ${formatMoney(sliderAmount(reward.sliderMaxPoints ?? 0, reward.pointsCost ?? 1, reward.amountMinor ?? 0), currency)} off (${formatMoney(reward.amountMinor ?? 0, currency)} per ${formatPoints(reward.pointsCost ?? 0)})`
          : reward.kind === "free_product"
            ? `Free ${reward.productTitle || "product"}`
            : reward.kind === "store_credit"
              ? `${formatMoney(reward.amountMinor ?? 0, currency)} in store credit`
              : "Free shipping";
  return reward.minimumOrderMinor ? `${what} orders of ${formatMoney(reward.minimumOrderMinor, currency)} or more` : what;
}

export interface RedemptionCheck {
  programStatus: ProgramStatus;
  /** pointsCost: what this redemption costs (a slider's chosen points). */
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

/** The amount off `points` buy on a slider of `step` points per `amountPerStep` (points a multiple of step). */
export function sliderAmount(points: number, step: number, amountPerStep: number): number {
  return step > 0 ? (points / step) * amountPerStep : 0;
}

export interface SliderReward {
  name: string;
  pointsCost: number;
  amountMinor: number | null;
  sliderMinPoints: number | null;
  sliderMaxPoints: number | null;
}

/**
 * The points and amount off a shopper's choice on a points slider: refuses a choice that is not a whole number, is
 * outside [min, max] or not a step of the slider (INVALID_INPUT with a `points` field error), before anything is spent.
 */
export function evaluateSliderChoice(reward: SliderReward, points: unknown): { points: number; amountMinor: number } {
  const { pointsCost: step, sliderMinPoints: min, sliderMaxPoints: max, amountMinor } = reward;
  if (min === null || max === null || amountMinor === null) throw new LoyaltyError("REWARD_NOT_FOUND", "This reward is no longer available");
  const refuse = (message: string) => new LoyaltyError("INVALID_INPUT", message, { fieldErrors: { points: message } });
  if (typeof points !== "number" || !Number.isSafeInteger(points)) throw refuse(`Choose how many points to spend on ${reward.name}`);
  if (points < min || points > max) throw refuse(`Spend from ${formatPoints(min)} to ${formatPoints(max)} on ${reward.name}`);
  if (points % step !== 0) throw refuse(`Spend points on ${reward.name} in steps of ${formatPoints(step)}`);
  return { points, amountMinor: sliderAmount(points, step, amountMinor) };
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
