/**
 * The customer metafields the storefront block renders from: balance, tier and tier progress.
 *
 * Rules:
 * - Namespace "$app" (Shopify stores it as `app--<app id>`): only this app writes them; METAFIELD_DEFINITIONS
 *   is the contract that shopify.app.toml and the storefront are checked against.
 * - Points are integers: a fractional or unsafe balance is a bug upstream and is refused here.
 * - No tier: Shopify refuses a blank value for every metafield type (userError BLANK), so "" cannot be written.
 *   The `tier` metafield is deleted instead (metafieldsDelete), and Liquid tests `tier != blank`; tier_progress
 *   carries `"tier": null` too. A placeholder value ("none") would be shown or matched by mistake.
 * - metafieldsSet is atomic and takes at most 25 metafields; one customer's four fit in one call.
 * - userErrors are thrown as ShopifyUserError: a refused write must not pass for a synced storefront.
 */
import type { PointsExpiringJson } from "~/loyalty/reminders";
import type { AdminGraphql } from "../admin-graphql.server";
import { throwIfUserErrors, type UserErrorDetail } from "../errors";

export const LOYALTY_METAFIELD_NAMESPACE = "$app";

export interface MetafieldDefinitionSpec {
  ownerType: "CUSTOMER";
  namespace: typeof LOYALTY_METAFIELD_NAMESPACE;
  key: string;
  type: string;
  name: string;
  description: string;
  /** `access.admin` in shopify.app.toml: merchants see the values, only the app writes them. */
  adminAccess: "merchant_read";
  /** `access.storefront` in shopify.app.toml: the theme block reads these without a network request. */
  storefrontAccess: "public_read";
}

export const METAFIELD_DEFINITIONS = [
  {
    ownerType: "CUSTOMER",
    namespace: LOYALTY_METAFIELD_NAMESPACE,
    key: "points_balance",
    type: "number_integer",
    name: "Points balance",
    description: "Spendable loyalty points.",
    adminAccess: "merchant_read",
    storefrontAccess: "public_read",
  },
  {
    ownerType: "CUSTOMER",
    namespace: LOYALTY_METAFIELD_NAMESPACE,
    key: "tier",
    type: "single_line_text_field",
    name: "Loyalty tier",
    description: "Current tier name; absent when the customer has no tier.",
    adminAccess: "merchant_read",
    storefrontAccess: "public_read",
  },
  {
    ownerType: "CUSTOMER",
    namespace: LOYALTY_METAFIELD_NAMESPACE,
    key: "tier_progress",
    type: "json",
    name: "Tier progress",
    description: "Progress to the next tier and pending points, for the storefront block.",
    adminAccess: "merchant_read",
    storefrontAccess: "public_read",
  },
  {
    ownerType: "CUSTOMER",
    namespace: LOYALTY_METAFIELD_NAMESPACE,
    key: "points_expiring",
    type: "json",
    name: "Points expiring",
    description: "The member's next expiring points and their date, for the storefront reminder banner.",
    adminAccess: "merchant_read",
    storefrontAccess: "public_read",
  },
  {
    ownerType: "CUSTOMER",
    namespace: LOYALTY_METAFIELD_NAMESPACE,
    key: "birthday",
    type: "single_line_text_field",
    name: "Birthday",
    description: "The birthday the shopper gave for the birthday bonus, as --MM-DD (the year, when given, is in facts.birth_date).",
    adminAccess: "merchant_read",
    storefrontAccess: "public_read",
  },
] as const satisfies readonly MetafieldDefinitionSpec[];

export type LoyaltyMetafieldKey = (typeof METAFIELD_DEFINITIONS)[number]["key"];

export const METAFIELDS_SET = `#graphql
  mutation SetLoyaltyMetafields($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { id namespace key }
      userErrors { field message code }
    }
  }
`;

export const METAFIELDS_DELETE = `#graphql
  mutation DeleteLoyaltyMetafields($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields { ownerId namespace key }
      userErrors { field message }
    }
  }
`;

export interface MetafieldsSetInput {
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export interface MetafieldIdentifierInput {
  ownerId: string;
  namespace: string;
  key: string;
}

export interface MetafieldsSetResult {
  metafieldsSet: {
    metafields: { id: string; namespace: string; key: string }[] | null;
    userErrors: (UserErrorDetail & { field: string[] | null; code: string | null })[];
  } | null;
}

export interface MetafieldsDeleteResult {
  metafieldsDelete: {
    deletedMetafields: (MetafieldIdentifierInput | null)[] | null;
    userErrors: (UserErrorDetail & { field: string[] | null })[];
  } | null;
}

export interface TierProgressInput {
  nextTierName: string | null;
  /** Points (or minor units, per the tier rule) still needed for the next tier. */
  remaining: number;
  /** 0–1000 towards the next tier. */
  progressPermille: number;
  message: string;
  /** What `remaining` counts (points, or minor units spent): the storefront words the progress from it. */
  basis?: "points" | "spend";
}

export interface LoyaltyMetafieldsInput {
  customerGid: string;
  balance: number;
  /** Points awarded but not yet spendable (return window). */
  pending: number;
  /** "" or null: no tier. */
  tierName: string | null;
  progress: TierProgressInput;
  /** The next expiring points (app/loyalty/reminders.ts); absent: none ahead. */
  expiring?: PointsExpiringJson;
}

/** The `tier_progress` value, snake_case for Liquid (`metafield.value.next_tier`). */
export interface TierProgressJson {
  tier: string | null;
  next_tier: string | null;
  remaining: number;
  progress_permille: number;
  message: string;
  /** "points" or "spend" (minor units of the shop's currency); absent in values written before it existed. */
  basis?: "points" | "spend";
  pending_points: number;
}

export function buildLoyaltyMetafields(input: LoyaltyMetafieldsInput): MetafieldsSetInput[] {
  requireInteger("balance", input.balance);
  requireInteger("pending", input.pending, 0);
  requireInteger("progress.remaining", input.progress.remaining, 0);
  requireInteger("progress.progressPermille", input.progress.progressPermille, 0, 1000);

  const tier = normalizeTierName(input.tierName);
  const progress: TierProgressJson = {
    tier,
    next_tier: normalizeTierName(input.progress.nextTierName),
    remaining: input.progress.remaining,
    progress_permille: input.progress.progressPermille,
    message: input.progress.message,
    ...(input.progress.basis ? { basis: input.progress.basis } : {}),
    pending_points: input.pending,
  };
  const metafields: MetafieldsSetInput[] = [
    metafield(input.customerGid, "points_balance", String(input.balance)),
    metafield(input.customerGid, "tier_progress", JSON.stringify(progress)),
    metafield(input.customerGid, "points_expiring", JSON.stringify(pointsExpiring(input.expiring))),
  ];
  if (tier !== null) metafields.push(metafield(input.customerGid, "tier", tier));
  return metafields;
}

/** Metafields to delete so the storefront sees "no tier" (empty when the customer has one). */
export function buildLoyaltyMetafieldDeletions(
  input: Pick<LoyaltyMetafieldsInput, "customerGid" | "tierName">
): MetafieldIdentifierInput[] {
  return normalizeTierName(input.tierName) === null
    ? [{ ownerId: input.customerGid, namespace: LOYALTY_METAFIELD_NAMESPACE, key: "tier" }]
    : [];
}

/**
 * Writes one customer's loyalty metafields; throws ShopifyUserError when Shopify refuses them. `also` adds other
 * metafields of the same customer to the same calls (the merchant-owned mirrors, customer-mirrors.ts).
 */
export async function syncLoyaltyMetafields(
  admin: AdminGraphql,
  input: LoyaltyMetafieldsInput,
  also: { set: MetafieldsSetInput[]; remove: MetafieldIdentifierInput[] } = { set: [], remove: [] },
): Promise<void> {
  const set = await admin<MetafieldsSetResult>(METAFIELDS_SET, { metafields: [...buildLoyaltyMetafields(input), ...also.set] });
  throwIfUserErrors("metafieldsSet", set.metafieldsSet?.userErrors);

  const deletions = [...buildLoyaltyMetafieldDeletions(input), ...also.remove];
  // metafieldsDelete requires at least one identifier.
  if (deletions.length === 0) return;
  const deleted = await admin<MetafieldsDeleteResult>(METAFIELDS_DELETE, { metafields: deletions });
  throwIfUserErrors("metafieldsDelete", deleted.metafieldsDelete?.userErrors);
}

function metafield(ownerId: string, key: LoyaltyMetafieldKey, value: string): MetafieldsSetInput {
  const definition = METAFIELD_DEFINITIONS.find((d) => d.key === key);
  if (!definition) throw new Error(`No metafield definition for ${key}`);
  return { ownerId, namespace: definition.namespace, key, type: definition.type, value };
}

/** Always written (Shopify refuses a blank value): `{ points: 0 }` replaces an expiry that has passed or was spent. */
function pointsExpiring(expiring: PointsExpiringJson | undefined): PointsExpiringJson {
  if (!expiring || expiring.points <= 0) return { points: 0 };
  requireInteger("expiring.points", expiring.points, 1);
  return expiring;
}

/** single_line_text_field refuses line breaks; merchants' tier names are one line anyway. */
function normalizeTierName(name: string | null): string | null {
  const normalized = (name ?? "").replace(/\s+/g, " ").trim();
  return normalized === "" ? null : normalized;
}

function requireInteger(name: string, value: number, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer between ${min} and ${max}, got ${value}`);
  }
}
