/**
 * Outbox job handlers: the only background calls to Shopify.
 * - sync-metafields: writes the member's current available balance, tier and progress to customer metafields
 *   (read at run time, so a coalesced job always writes the latest state).
 * - award-order: fetches product type/collections for an order that waits for them, caches them, completes the award.
 * - settle-redemption: resolves a redemption left pending (was the code created at Shopify or not?).
 * - resync-members: after a tier change, queues a storefront sync for every member, a batch at a time.
 * - expire-redemption: at a code's end date, returns its points when unused (shop setting) or marks it expired.
 * - expire-points: at an earned lot's expiry date, records what is left of the member's expired points.
 * - import-points: writes a confirmed points import, a chunk per transaction (points-import.server.ts).
 * - enrol-customers: enrols the shop's existing customers from a bulk operation's result (enrolment.server.ts).
 * - flow-member-events, flow-daily, flow-send: Shopify Flow triggers (flow-triggers.server.ts); the storefront sync
 *   queues the member's Flow run after each ledger change.
 * Shopify errors propagate: the outbox retries them (throttling after the wait Shopify's cost figures give).
 */
import type { PrismaClient } from "@prisma/client";
import type { AdminGraphql } from "~/shopify/admin-graphql.server";
import { syncLoyaltyMetafields } from "~/shopify/graphql/metafields";
import { fetchProductData } from "~/shopify/graphql/products";
import { completeAwaitingAward, getAwaitingProductGids } from "./orders.server";
import { ENROL_CUSTOMERS, enrolmentJobHandler } from "./enrolment.server";
import { expireMemberPoints } from "./expiry.server";
import { flowJobHandlers, queueMemberFlowEvents } from "./flow-triggers.server";
import { AWARD_ORDER, EXPIRE_POINTS, METAFIELD_SYNC, type JobHandler } from "./outbox.server";
import { EXPIRE_REDEMPTION, expireRedemption, SETTLE_REDEMPTION, settleRedemption } from "./redemptions.server";
import { storeProductData } from "./product-cache.server";
import { IMPORT_POINTS, runPointsImport } from "./points-import.server";
import { getShopProgram } from "./program.server";
import { RESYNC_MEMBERS, resyncMembersBatch } from "./program-admin.server";
import { getStorefrontMember } from "./storefront-account.server";

export type AdminFor = (shop: string) => Promise<AdminGraphql>;

export function createJobHandlers(db: PrismaClient, adminFor: AdminFor): Record<string, JobHandler> {
  const redemptionIdOf = (payload: string) => (JSON.parse(payload) as { redemptionId: string }).redemptionId;
  return {
    [SETTLE_REDEMPTION]: async (job, { now }) => {
      await settleRedemption(db, adminFor, redemptionIdOf(job.payload), now);
    },
    [EXPIRE_REDEMPTION]: async (job, { now }) => {
      await expireRedemption(db, redemptionIdOf(job.payload), now);
    },
    [EXPIRE_POINTS]: async (job, { now }) => {
      const { memberId } = JSON.parse(job.payload) as { memberId: string };
      await expireMemberPoints(db, memberId, now);
    },
    [IMPORT_POINTS]: async (job, { now }) => {
      await runPointsImport(db, (JSON.parse(job.payload) as { importId: string }).importId, now);
    },
    [ENROL_CUSTOMERS]: enrolmentJobHandler(db, adminFor),
    ...flowJobHandlers(db, adminFor),
    [RESYNC_MEMBERS]: async (job, { now }) => {
      const { afterId } = JSON.parse(job.payload) as { afterId: string | null };
      await resyncMembersBatch(db, job.shop, afterId, now);
    },
    [METAFIELD_SYNC]: async (job, { now }) => {
      const { memberId } = JSON.parse(job.payload) as { memberId: string };
      const found = await db.member.findUnique({ where: { id: memberId }, select: { shop: true, customerGid: true, redactedAt: true } });
      if (!found || found.redactedAt) return;
      await queueMemberFlowEvents(db, found.shop, memberId, now);
      const program = await getShopProgram(db, found.shop);
      const { view } = await getStorefrontMember(db, program, found.customerGid, now);
      await syncLoyaltyMetafields(await adminFor(found.shop), {
        customerGid: found.customerGid,
        balance: view.balance,
        pending: view.pending,
        tierName: view.tier,
        progress: {
          nextTierName: view.progress.nextTier,
          remaining: view.progress.remaining,
          progressPermille: view.progress.progressPermille,
          message: view.progress.message,
          basis: view.progress.basis,
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
