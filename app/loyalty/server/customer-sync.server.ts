/**
 * The member sync (outbox job `sync-metafields`): everything Shopify holds about a member's loyalty, written from the
 * member's current state when the job runs.
 * - The app's own metafields the storefront reads: balance, tier, tier progress, next expiring points.
 * - When the merchant turns them on (ADR 031): merchant-owned mirrors in the same metafieldsSet, and the tier tag.
 * - When the merchant turns them on (ADR 035): the member's survey interests as tags, "Interest: <choice>".
 * What the last sync left (Member.mirroredMetafields, Member.taggedTier, Member.interestTags) is recorded after
 * Shopify accepted it, so a mirror turned off is removed, a tier change swaps exactly the old tag, interest tags
 * turned off remove exactly those the app wrote, and a failed call is simply retried.
 */
import type { PrismaClient } from "@prisma/client";
import { planTierTags, tierTag } from "~/loyalty/customer-mirrors";
import { interestTags as interestTagsOf, planInterestTags } from "~/loyalty/surveys";
import { currencyExponent, minorToDecimalString } from "~/loyalty/money";
import { allMirrorMetafields, applyTierTags, buildMirrorMetafields, ensureMirrorDefinitions } from "~/shopify/graphql/customer-mirrors";
import { syncLoyaltyMetafields } from "~/shopify/graphql/metafields";
import type { AdminFor } from "./jobs.server";
import type { JobHandler } from "./outbox.server";
import { getPointsExpiring } from "./points-expiring.server";
import { getShopProgram } from "./program.server";
import { getStorefrontMember } from "./storefront-account.server";
import { getMemberInterests, getSurveySettings } from "./survey-interests.server";

/** Creates the merchant-owned metafield definitions when the merchant turns the mirror on. */
export const ENSURE_MIRROR_DEFINITIONS = "ensure-mirror-definitions";

export async function syncMember(db: PrismaClient, adminFor: AdminFor, memberId: string, now: Date): Promise<void> {
  const found = await db.member.findUnique({
    where: { id: memberId },
    select: { shop: true, customerGid: true, redactedAt: true, mirroredMetafields: true, taggedTier: true, interestTags: true },
  });
  if (!found || found.redactedAt) return;
  const program = await getShopProgram(db, found.shop);
  const { view } = await getStorefrontMember(db, program, found.customerGid, now);
  const expiring = await getPointsExpiring(db, memberId, program.timezone, now);
  const { mirrorMetafields, tierTags } = program.settings;

  const mirrors = mirrorMetafields
    ? buildMirrorMetafields(found.customerGid, {
        balance: view.balance,
        tierName: view.tier,
        lifetimeSpend: minorToDecimalString(await lifetimeSpendMinor(db, memberId), currencyExponent(program.currency ?? "USD")),
      })
    : { set: [], remove: found.mirroredMetafields ? allMirrorMetafields(found.customerGid) : [] };

  const admin = await adminFor(found.shop);
  await syncLoyaltyMetafields(
    admin,
    {
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
      expiring,
    },
    mirrors,
  );
  const tags = planTierTags(found.taggedTier, tierTags ? tierTag(view.tier) : null);
  const previousInterests = found.interestTags ? (JSON.parse(found.interestTags) as string[]) : [];
  const wantedInterests = (await getSurveySettings(db, found.shop)).interestTags ? interestTagsOf(await getMemberInterests(db, memberId)) : [];
  const interests = planInterestTags(previousInterests, wantedInterests);
  // One tagsRemove and one tagsAdd at most, for the tier tag and the interest tags together.
  await applyTierTags(admin, found.customerGid, { add: [...tags.add, ...interests.add], remove: [...tags.remove, ...interests.remove] });
  const interestsTagged = interests.tagged.length > 0 ? JSON.stringify(interests.tagged) : null;
  if (found.mirroredMetafields !== mirrorMetafields || found.taggedTier !== tags.tagged || found.interestTags !== interestsTagged) {
    await db.member.updateMany({
      where: { id: memberId },
      data: { mirroredMetafields: mirrorMetafields, taggedTier: tags.tagged, interestTags: interestsTagged },
    });
  }
}

/** Lifetime spend (app/loyalty/figures.ts): Σ spendMinor of the member's entries. */
async function lifetimeSpendMinor(db: PrismaClient, memberId: string): Promise<number> {
  const { _sum } = await db.ledgerEntry.aggregate({ where: { memberId }, _sum: { spendMinor: true } });
  return Number(_sum.spendMinor ?? 0n);
}

export function mirrorDefinitionsJobHandler(adminFor: AdminFor): JobHandler {
  return async (job) => {
    await ensureMirrorDefinitions(await adminFor(job.shop));
  };
}
