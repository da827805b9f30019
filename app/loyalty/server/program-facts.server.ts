/**
 * The program facts job: writes the shop-wide facts the storefront banner reads (status, base earn rate, active
 * rewards by cost, whether a survey is published) to the app-data metafield `loyalty.program` (app/shopify/graphql/app-metafields.ts).
 * Queued by every program save, launch, pause and reward change (enqueueProgramFactsSync), coalesced per shop, and
 * read at run time, so a late or repeated job always writes the latest program.
 */
import type { PrismaClient } from "@prisma/client";
import { syncProgramFacts } from "~/shopify/graphql/app-metafields";
import { buildProgramFacts, type ProgramFactsJson } from "../reminders";
import { withSafeNumbers } from "../safe-integer";
import type { AdminFor } from "./jobs.server";
import type { JobHandler } from "./outbox.server";
import { getShopProgram } from "./program.server";

export async function getProgramFacts(db: PrismaClient, shop: string): Promise<ProgramFactsJson> {
  const program = await getShopProgram(db, shop);
  const rewards = await db.reward.findMany({
    where: { shop, active: true, archivedAt: null },
    select: { name: true, pointsCost: true, kind: true, amountMinor: true, percentBasisPoints: true, active: true },
  });
  const surveyLive = (await db.survey.count({ where: { shop, status: "live" } })) > 0;
  return buildProgramFacts({
    status: program.settings.status,
    surveyLive,
    baseRateMilli: program.settings.baseRateMilli,
    currency: program.currency,
    rewards: rewards.map((reward) => {
      const safe = withSafeNumbers(reward);
      return { ...safe, kind: safe.kind as ProgramFactsJson["rewards"][number]["kind"] };
    }),
  });
}

export function programFactsJobHandler(db: PrismaClient, adminFor: AdminFor): JobHandler {
  return async (job) => {
    const installed = await db.program.findUnique({ where: { shop: job.shop }, select: { shop: true } });
    if (!installed) return; // uninstalled or redacted since it was queued
    await syncProgramFacts(await adminFor(job.shop), await getProgramFacts(db, job.shop));
  };
}
