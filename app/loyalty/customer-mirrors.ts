/**
 * Mirrors of a member's loyalty data on the Shopify customer, for segments, Flow and other apps
 * (docs/decisions/031-on-site-reminders-and-mirrors.md). App-owned metafields cannot be read by other apps, so the
 * merchant can choose copies in their own namespace, and a tier tag.
 *
 * Rules:
 * - Metafields `loyalty.points_balance` (spendable points), `loyalty.tier` (absent without a tier) and
 *   `loyalty.lifetime_spend` (Σ spend on orders net of refunds, the spend-based tier metric over all time, in major
 *   units of the shop currency as a decimal, which segments can compare).
 * - One tier tag at a time, "Loyalty tier: <name>". The tag last written is remembered, so a tier change or turning
 *   the option off removes exactly it, even after the tier was renamed; the merchant's other tags are never touched.
 */
export const MIRROR_NAMESPACE = "loyalty";
export const TIER_TAG_PREFIX = "Loyalty tier: ";
/** Shopify's tag length limit. */
const MAX_TAG_LENGTH = 255;

export function tierTag(tierName: string | null): string | null {
  const name = (tierName ?? "").replace(/,/g, " ").replace(/\s+/g, " ").trim();
  return name === "" ? null : `${TIER_TAG_PREFIX}${name}`.slice(0, MAX_TAG_LENGTH);
}

export interface TierTagPlan {
  add: string[];
  remove: string[];
  /** What the member is tagged with once the plan is applied. */
  tagged: string | null;
}

/** What to add and remove so the customer carries `wanted` (null: no tier tag), given what was written last. */
export function planTierTags(previous: string | null, wanted: string | null): TierTagPlan {
  if (previous === wanted) return { add: [], remove: [], tagged: wanted };
  return { add: wanted ? [wanted] : [], remove: previous ? [previous] : [], tagged: wanted };
}
