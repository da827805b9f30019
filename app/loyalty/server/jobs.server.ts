/**
 * Outbox job handlers: the only background calls to Shopify.
 * - sync-metafields: writes the member's current available balance, tier, progress and next expiring points to
 *   customer metafields, and the merchant's chosen mirrors and tier tag (customer-sync.server.ts; read at run time,
 *   so a coalesced job always writes the latest state).
 * - ensure-mirror-definitions: creates the merchant-owned mirror metafield definitions (customer-sync.server.ts).
 * - award-order: fetches product type/collections for an order that waits for them, caches them, completes the award.
 * - settle-redemption: resolves a redemption left pending (was the code created at Shopify or not?).
 * - resync-members: after a tier change, queues a storefront sync for every member, a batch at a time.
 * - expire-redemption: at a code's end date, returns its points when unused (shop setting) or marks it expired.
 * - expire-points: at an earned lot's expiry date, records what is left of the member's expired points.
 * - import-points: writes a confirmed points import, a chunk per transaction (points-import.server.ts).
 * - enrol-customers: enrols the shop's existing customers from a bulk operation's result (enrolment.server.ts).
 * - sync-program-facts: writes the program's status, earn rate and rewards for the storefront banner
 *   (program-facts.server.ts).
 * - refresh-insights: recomputes a stale insights snapshot (insights.server.ts).
 * - record-product-groups: records the product types members bought from, for the insights (product-groups.server.ts).
 * - birthday-daily, sync-birthday: birthday and anniversary bonuses, the birthday metafields (birthdays.server.ts);
 *   credit-social-follow: a social follow's points after the honour-system wait (actions.server.ts).
 * - flow-member-events, flow-daily, flow-send: Shopify Flow triggers (flow-triggers.server.ts); the storefront sync
 *   queues the member's Flow run after each ledger change.
 * - evaluate-engagement: badges earned, joined challenges' progress and completion, and bonus clawbacks for one member
 *   (engagement.server.ts); the storefront sync queues it after each ledger change, as it queues Flow's run.
 * - cashback-schedule, cashback-settle: cash-back as store credit (cashback.server.ts).
 * - referral-order, referral-vest, referral-reversal: a friend's first order decided after its award commits, the
 *   referrer's reward approved once it vests, or taken back after a refund or cancellation (referrals.server.ts).
 * Shopify errors propagate: the outbox retries them (throttling after the wait Shopify's cost figures give).
 */
import type { PrismaClient } from "@prisma/client";
import type { AdminGraphql } from "~/shopify/admin-graphql.server";
import { fetchProductData } from "~/shopify/graphql/products";
import { completeAwaitingAward, getAwaitingProductGids } from "./orders.server";
import { BACKFILL_ORDERS, backfillJobHandler } from "./backfill.server";
import { cashbackJobHandlers } from "./cashback.server";
import { ENROL_CUSTOMERS, enrolmentJobHandler } from "./enrolment.server";
import { queueInsightsRefresh, REFRESH_INSIGHTS, refreshInsightsJobHandler } from "./insights.server";
import { productGroupsJobHandler, RECORD_PRODUCT_GROUPS } from "./product-groups.server";
import { expireMemberPoints } from "./expiry.server";
import { AWARD_ORDER, EXPIRE_POINTS, METAFIELD_SYNC, PROGRAM_FACTS_SYNC, type JobHandler } from "./outbox.server";
import { ENSURE_MIRROR_DEFINITIONS, mirrorDefinitionsJobHandler, syncMember } from "./customer-sync.server";
import { programFactsJobHandler } from "./program-facts.server";
import { engagementJobHandlers, queueEngagementEvaluation } from "./engagement.server";
import { flowJobHandlers, queueMemberFlowEvents } from "./flow-triggers.server";
import { referralJobHandlers } from "./referrals.server";
import { actionJobHandlers } from "./actions.server";
import { birthdayJobHandlers } from "./birthdays.server";
import { EXPIRE_REDEMPTION, expireRedemption, SETTLE_REDEMPTION, settleRedemption } from "./redemptions.server";
import { storeProductData } from "./product-cache.server";
import { IMPORT_POINTS, runPointsImport } from "./points-import.server";
import { RESYNC_MEMBERS, resyncMembersBatch } from "./program-admin.server";

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
    [PROGRAM_FACTS_SYNC]: programFactsJobHandler(db, adminFor),
    [REFRESH_INSIGHTS]: refreshInsightsJobHandler(db),
    [RECORD_PRODUCT_GROUPS]: productGroupsJobHandler(db, adminFor, (shop, now) => queueInsightsRefresh(db, shop, now)),
    [BACKFILL_ORDERS]: backfillJobHandler(db, adminFor),
    ...flowJobHandlers(db, adminFor),
    ...engagementJobHandlers(db, adminFor),
    ...cashbackJobHandlers(db, adminFor),
    ...referralJobHandlers(db, adminFor),
    ...birthdayJobHandlers(db, adminFor),
    ...actionJobHandlers(db),
    [RESYNC_MEMBERS]: async (job, { now }) => {
      const { afterId } = JSON.parse(job.payload) as { afterId: string | null };
      await resyncMembersBatch(db, job.shop, afterId, now);
    },
    [METAFIELD_SYNC]: async (job, { now }) => {
      const { memberId } = JSON.parse(job.payload) as { memberId: string };
      const found = await db.member.findUnique({ where: { id: memberId }, select: { shop: true, redactedAt: true } });
      if (!found || found.redactedAt) return;
      await queueMemberFlowEvents(db, found.shop, memberId, now);
      await queueEngagementEvaluation(db, found.shop, memberId, now);
      await syncMember(db, adminFor, memberId, now);
    },
    [ENSURE_MIRROR_DEFINITIONS]: mirrorDefinitionsJobHandler(adminFor),
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
