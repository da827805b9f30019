/**
 * The program facts job: writes the shop-wide facts the storefront reads (status, base earn rate, active rewards by
 * cost, whether a survey is published, which of the panel's own sections can show anything) to the app-data
 * metafield `loyalty.program` (app/shopify/graphql/app-metafields.ts).
 * Queued by every program save, launch, pause and reward change, survey publish and pause, and every change to what
 * the storefront features are made of (referral, bonus and Flow settings, badges and challenges) through
 * enqueueProgramFactsSync, coalesced per shop, and read at run time, so a late or repeated job always writes the
 * latest program. While a challenge is open, the job also queues itself for the moment the next one ends (a
 * challenge ends without any save), so the features follow the calendar too.
 */
import type { PrismaClient } from "@prisma/client";
import { syncProgramFacts } from "~/shopify/graphql/app-metafields";
import { buildProgramFacts, evaluateStorefrontFeatures, type ProgramFactsJson, type StorefrontFeatures } from "../reminders";
import { withSafeNumbers } from "../safe-integer";
import { getEngagementSettings } from "./engagement-settings.server";
import { getFlowSettings } from "./flow-settings.server";
import type { AdminFor } from "./jobs.server";
import { enqueueJob, PROGRAM_FACTS_SYNC, type JobHandler } from "./outbox.server";
import { getShopProgram } from "./program.server";
import { getReferralSettings } from "./referrals.server";

/** What the storefront features are made of, read at `now` (open challenges are those not ended by then). */
export async function getStorefrontFeatures(db: PrismaClient, shop: string, now: Date): Promise<StorefrontFeatures> {
  const [activeBadges, heldBadges, openChallenges, challengeJoins, referrals, engagement, flow] = await Promise.all([
    db.badge.count({ where: { shop, archivedAt: null } }),
    db.memberBadge.count({ where: { shop } }),
    db.challenge.count({ where: { shop, archivedAt: null, endsAt: { gt: now } } }),
    db.challengeMember.count({ where: { shop } }),
    getReferralSettings(db, shop),
    getEngagementSettings(db, shop),
    getFlowSettings(db, shop),
  ]);
  return evaluateStorefrontFeatures({
    activeBadges,
    heldBadges,
    openChallenges,
    challengeJoins,
    referralsEnabled: referrals.enabled,
    engagement,
    birthdayFlowOn: flow.enabledSince.birthday_coming !== undefined,
  });
}

export async function getProgramFacts(db: PrismaClient, shop: string, now: Date): Promise<ProgramFactsJson> {
  const program = await getShopProgram(db, shop);
  const rewards = await db.reward.findMany({
    where: { shop, active: true, archivedAt: null },
    select: { name: true, pointsCost: true, kind: true, amountMinor: true, percentBasisPoints: true, active: true },
  });
  const surveyLive = (await db.survey.count({ where: { shop, status: "live" } })) > 0;
  return buildProgramFacts({
    status: program.settings.status,
    surveyLive,
    features: await getStorefrontFeatures(db, shop, now),
    baseRateMilli: program.settings.baseRateMilli,
    currency: program.currency,
    rewards: rewards.map((reward) => {
      const safe = withSafeNumbers(reward);
      return { ...safe, kind: safe.kind as ProgramFactsJson["rewards"][number]["kind"] };
    }),
  });
}

/** The dedupe key of the rewrite queued for the next challenge's end (apart from the shop's coalesced one). */
export const challengeEndKey = (shop: string) => `${shop}:challenge-end`;

export function programFactsJobHandler(db: PrismaClient, adminFor: AdminFor): JobHandler {
  return async (job, { now }) => {
    const installed = await db.program.findUnique({ where: { shop: job.shop }, select: { shop: true } });
    if (!installed) return; // uninstalled or redacted since it was queued
    await syncProgramFacts(await adminFor(job.shop), await getProgramFacts(db, job.shop, now));
    const next = await db.challenge.findFirst({ where: { shop: job.shop, archivedAt: null, endsAt: { gt: now } }, orderBy: { endsAt: "asc" }, select: { endsAt: true } });
    if (next) await enqueueJob(db, { shop: job.shop, kind: PROGRAM_FACTS_SYNC, dedupeKey: challengeEndKey(job.shop), now, runAfter: next.endsAt });
  };
}
