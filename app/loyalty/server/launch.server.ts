/**
 * The program's lifecycle and guided setup (docs/decisions/023-draft-then-launch.md).
 *
 * Rules:
 * - A new program is a draft (program.server.ts writes it so). Drafts and paused programs award nothing and
 *   redeem nothing; the award, signup and redeem paths check `status === "live"` and nothing else.
 * - Setup steps have real completion state, never pre-ticked: earning, rewards and tiers are done when the merchant
 *   has confirmed them (a stamp on the Program row, written only by `reviewSetupStep`); the storefront step is
 *   done when Shopify says the block or embed is active (App Bridge, in the browser) or a signed storefront request
 *   has been seen (`storefrontSeenAt`).
 * - A draft launches only once earning, rewards and tiers are confirmed and at least one reward is active; the
 *   storefront step is advised, not required (the block can be added after launch). A paused program can be
 *   launched again at any time. Only a live program can be paused.
 * - Status changes go through here; saving the program's settings never changes its status (program-admin).
 */
import type { PrismaClient } from "@prisma/client";
import { LoyaltyError } from "../errors";
import { fieldErrorCode } from "../field-error-codes";
import type { ProgramStatus } from "../program";
import { describeReward, type RewardKind } from "../rewards";
import { withSafeNumbers } from "../safe-integer";
import { requestEnrolment } from "./enrolment.server";
import { getShopProgram, saveProgramSettings } from "./program.server";
import { forgetStorefrontCatalog } from "./storefront-shop.server";

export const REVIEW_STEPS = ["earning", "rewards", "tiers"] as const;
export type ReviewStep = (typeof REVIEW_STEPS)[number];
export type SetupStepId = ReviewStep | "storefront";

export interface SetupStep {
  id: SetupStepId;
  done: boolean;
  /** When the merchant confirmed it (review steps), or when the storefront was first seen. */
  at: string | null;
}

const STAMP: Record<ReviewStep, "earningReviewedAt" | "rewardsReviewedAt" | "tiersReviewedAt"> = {
  earning: "earningReviewedAt",
  rewards: "rewardsReviewedAt",
  tiers: "tiersReviewedAt",
};

/** What the home page needs for the setup guide, the launch confirmation and the storefront preview. */
export async function getLaunchSetup(db: PrismaClient, shop: string) {
  const program = await getShopProgram(db, shop);
  const [row, rewards] = await Promise.all([
    db.program.findUniqueOrThrow({
      where: { shop },
      select: { earningReviewedAt: true, rewardsReviewedAt: true, tiersReviewedAt: true, launchedAt: true },
    }),
    db.reward.findMany({ where: { shop, active: true }, orderBy: { position: "asc" } }),
  ]);
  const currency = program.currency ?? "USD";
  const steps: SetupStep[] = [
    ...REVIEW_STEPS.map((id) => ({ id, done: row[STAMP[id]] !== null, at: row[STAMP[id]]?.toISOString() ?? null })),
    { id: "storefront", done: program.storefrontSeenAt !== null, at: program.storefrontSeenAt?.toISOString() ?? null },
  ];
  const { settings } = program;
  return {
    status: settings.status,
    launchedAt: row.launchedAt?.toISOString() ?? null,
    steps,
    currency,
    earning: {
      baseRateMilli: settings.baseRateMilli,
      productTypeRates: settings.productTypeRates.length,
      collectionRates: settings.collectionRates.length,
      signupBonusPoints: settings.signupBonusPoints,
      includeShipping: settings.includeShipping,
      includeTax: settings.includeTax,
    },
    tiers: settings.tierProgram.tiers.map((tier) => ({ name: tier.name, threshold: tier.threshold, multiplierMilli: tier.multiplierMilli })),
    tierBasis: settings.tierProgram.basis,
    rewards: rewards.map(withSafeNumbers).map((reward) => ({
      id: reward.id,
      name: reward.name,
      pointsCost: reward.pointsCost,
      kind: reward.kind,
      amountMinor: reward.amountMinor,
      percentBasisPoints: reward.percentBasisPoints,
      minimumOrderMinor: reward.minimumOrderMinor,
      /** English (logs, tests); the page words it in the admin's language from the fields above. */
      description: describeReward({ ...reward, kind: reward.kind as RewardKind }, currency),
    })),
  };
}

export type LaunchSetup = Awaited<ReturnType<typeof getLaunchSetup>>;

/** The merchant confirms a setup step. Confirming rewards needs at least one active reward. */
export async function reviewSetupStep(db: PrismaClient, shop: string, step: ReviewStep, now: Date): Promise<void> {
  await getShopProgram(db, shop);
  if (step === "rewards" && (await db.reward.count({ where: { shop, active: true } })) === 0) {
    throw new LoyaltyError("INVALID_INPUT", "Add at least one reward before confirming rewards", {
      fieldErrors: { step: "Add at least one reward before confirming rewards" },
    });
  }
  await db.program.update({ where: { shop }, data: { [STAMP[step]]: now } });
}

async function changeStatus(db: PrismaClient, shop: string, status: ProgramStatus, launchedAt: Date | null): Promise<void> {
  const { settings } = await getShopProgram(db, shop);
  await db.$transaction(async (tx) => {
    await saveProgramSettings(tx, shop, { ...settings, status });
    if (launchedAt) await tx.program.update({ where: { shop }, data: { launchedAt } });
  });
  // The storefront's cached catalog carries the program it was read with.
  forgetStorefrontCatalog(shop);
}

/** Draft or paused → live. A draft needs its review steps confirmed and an active reward. */
export async function launchProgram(db: PrismaClient, shop: string, now: Date): Promise<void> {
  const setup = await getLaunchSetup(db, shop);
  if (setup.status === "live") {
    throw new LoyaltyError("INVALID_INPUT", "The program is already live", { fieldErrors: { status: "The program is already live" }, messageCode: fieldErrorCode("alreadyLive") });
  }
  if (setup.status === "draft") {
    const missing = setup.steps.filter((step) => step.id !== "storefront" && !step.done).map((step) => step.id);
    if (missing.length > 0) {
      const message = `Confirm ${missing.join(", ")} before launching`;
      throw new LoyaltyError("INVALID_INPUT", message, { fieldErrors: { status: message }, messageCode: fieldErrorCode("launchNeedsSteps", { count: missing.length }) });
    }
    if (setup.rewards.length === 0) {
      throw new LoyaltyError("INVALID_INPUT", "Add at least one reward before launching", {
        fieldErrors: { status: "Add at least one reward before launching" },
        messageCode: fieldErrorCode("launchNeedsReward"),
      });
    }
  }
  await changeStatus(db, shop, "live", now);
  // The first launch enrols the shop's existing customers (ADR 027); a paused program launched again does not.
  if (setup.status === "draft") await requestEnrolment(db, { shop, trigger: "launch", actor: null, now });
}

/** Live → paused: shoppers keep their points and codes but earn and redeem nothing until it is launched again. */
export async function pauseProgram(db: PrismaClient, shop: string): Promise<void> {
  const { settings } = await getShopProgram(db, shop);
  if (settings.status !== "live") {
    throw new LoyaltyError("INVALID_INPUT", `Only a live program can be paused; this one is ${settings.status}`, {
      fieldErrors: { status: `Only a live program can be paused; this one is ${settings.status}` },
      messageCode: fieldErrorCode("pauseNotLive"),
    });
  }
  await changeStatus(db, shop, "paused", null);
}
