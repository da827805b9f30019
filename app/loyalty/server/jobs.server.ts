/**
 * Outbox job handlers: the only background calls to Shopify.
 * - sync-metafields: writes the member's current available balance, tier and progress to customer metafields
 *   (read at run time, so a coalesced job always writes the latest state).
 * - award-order: fetches product type/collections for an order that waits for them, caches them, completes the award.
 * Shopify errors propagate: the outbox retries them (throttling after the wait Shopify's cost figures give).
 */
import type { PrismaClient } from "@prisma/client";
import type { AdminGraphql } from "~/shopify/admin-graphql.server";
import { syncLoyaltyMetafields } from "~/shopify/graphql/metafields";
import { fetchProductData } from "~/shopify/graphql/products";
import { describeTierProgress, evaluateTier } from "../tiers";
import { completeAwaitingAward, getAwaitingProductGids } from "./orders.server";
import { AWARD_ORDER, METAFIELD_SYNC, type JobHandler } from "./outbox.server";
import { storeProductData } from "./product-cache.server";
import { getShopProgram } from "./program.server";

export type AdminFor = (shop: string) => Promise<AdminGraphql>;

export function createJobHandlers(db: PrismaClient, adminFor: AdminFor): Record<string, JobHandler> {
  return {
    [METAFIELD_SYNC]: async (job, { now }) => {
      const { memberId } = JSON.parse(job.payload) as { memberId: string };
      const member = await db.member.findUnique({ where: { id: memberId } });
      if (!member || member.redactedAt) return;
      const program = await getShopProgram(db, member.shop);
      const unvested = await db.ledgerEntry.aggregate({ where: { memberId, vestsAt: { gt: now } }, _sum: { points: true } });
      const pending = Math.max(0, unvested._sum.points ?? 0);
      const { tierProgram } = program.settings;
      const evaluation = evaluateTier(tierProgram, member.tierMetric);
      await syncLoyaltyMetafields(await adminFor(member.shop), {
        customerGid: member.customerGid,
        balance: member.balance - pending,
        pending,
        tierName: evaluation.current?.name ?? null,
        progress: {
          nextTierName: evaluation.next?.name ?? null,
          remaining: evaluation.remainingToNext,
          progressPermille: evaluation.progressPermille,
          message: describeTierProgress(evaluation, tierProgram.basis, program.currency ?? "USD"),
        },
      });
    },
    [AWARD_ORDER]: async (job, { now }) => {
      const { orderGid } = JSON.parse(job.payload) as { orderGid: string };
      const productGids = await getAwaitingProductGids(db, job.shop, orderGid);
      if (productGids === null) return;
      const products = await fetchProductData(await adminFor(job.shop), productGids);
      await storeProductData(db, job.shop, products, now);
      await completeAwaitingAward(db, job.shop, orderGid, now);
    },
  };
}
