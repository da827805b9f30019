/**
 * Merchant-owned mirrors on the customer (app/loyalty/customer-mirrors.ts): metafield definitions in the merchant's
 * `loyalty` namespace (so the Customers list and segments can filter on them), the values (set with the app's own
 * metafields, in one metafieldsSet), and the tier tag.
 *
 * Rules:
 * - Definitions are created once per shop when the merchant turns the mirror on; one that exists (TAKEN) is fine.
 * - tagsAdd/tagsRemove touch only the tags named; userErrors are thrown so the outbox retries.
 */
import { MIRROR_NAMESPACE } from "~/loyalty/customer-mirrors";
import type { AdminGraphql } from "../admin-graphql.server";
import { throwIfUserErrors, type UserErrorDetail } from "../errors";
import type { MetafieldIdentifierInput, MetafieldsSetInput } from "./metafields";

export const MIRROR_DEFINITIONS = [
  { key: "points_balance", type: "number_integer", name: "Loyalty points balance", description: "Spendable loyalty points (written by the loyalty app)." },
  { key: "tier", type: "single_line_text_field", name: "Loyalty tier", description: "The member's loyalty tier; absent without a tier (written by the loyalty app)." },
  {
    key: "lifetime_spend",
    type: "number_decimal",
    name: "Loyalty lifetime spend",
    description: "Amount spent on orders, net of refunds, in the store currency (written by the loyalty app).",
  },
] as const;

export type MirrorKey = (typeof MIRROR_DEFINITIONS)[number]["key"];

export const MIRROR_DEFINITION_CREATE = `#graphql
  mutation CreateLoyaltyMirrorDefinition($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition { id }
      userErrors { field message code }
    }
  }
`;

export const TAGS_ADD = `#graphql
  mutation AddLoyaltyTierTag($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      userErrors { field message }
    }
  }
`;

export const TAGS_REMOVE = `#graphql
  mutation RemoveLoyaltyTierTag($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      userErrors { field message }
    }
  }
`;

export function buildMirrorDefinitionInput(definition: (typeof MIRROR_DEFINITIONS)[number]) {
  return {
    ownerType: "CUSTOMER",
    namespace: MIRROR_NAMESPACE,
    key: definition.key,
    type: definition.type,
    name: definition.name,
    description: definition.description,
    capabilities: { adminFilterable: { enabled: true } },
  };
}

interface DefinitionCreateResult {
  metafieldDefinitionCreate: { createdDefinition: { id: string } | null; userErrors: (UserErrorDetail & { code: string | null })[] } | null;
}

/** Creates the mirror definitions the shop lacks (one that exists answers TAKEN, which is what we want). */
export async function ensureMirrorDefinitions(admin: AdminGraphql): Promise<void> {
  for (const definition of MIRROR_DEFINITIONS) {
    const result = await admin<DefinitionCreateResult>(MIRROR_DEFINITION_CREATE, { definition: buildMirrorDefinitionInput(definition) });
    const errors = (result.metafieldDefinitionCreate?.userErrors ?? []).filter((error) => error.code !== "TAKEN");
    throwIfUserErrors("metafieldDefinitionCreate", errors);
  }
}

export interface MirrorValues {
  balance: number;
  tierName: string | null;
  /** Major units, as a decimal string. */
  lifetimeSpend: string;
}

/** The mirror metafields to set, and the tier one to delete when there is no tier (Shopify refuses a blank value). */
export function buildMirrorMetafields(customerGid: string, values: MirrorValues): { set: MetafieldsSetInput[]; remove: MetafieldIdentifierInput[] } {
  const typeOf = (key: MirrorKey) => MIRROR_DEFINITIONS.find((d) => d.key === key)?.type ?? "single_line_text_field";
  const field = (key: MirrorKey, value: string): MetafieldsSetInput => ({ ownerId: customerGid, namespace: MIRROR_NAMESPACE, key, type: typeOf(key), value });
  const tier = (values.tierName ?? "").replace(/\s+/g, " ").trim();
  const set = [field("points_balance", String(values.balance)), field("lifetime_spend", values.lifetimeSpend)];
  if (tier !== "") set.push(field("tier", tier));
  return { set, remove: tier === "" ? [{ ownerId: customerGid, namespace: MIRROR_NAMESPACE, key: "tier" }] : [] };
}

/** Every mirror metafield, for removal when the merchant turns the mirror off. */
export function allMirrorMetafields(customerGid: string): MetafieldIdentifierInput[] {
  return MIRROR_DEFINITIONS.map((d) => ({ ownerId: customerGid, namespace: MIRROR_NAMESPACE, key: d.key }));
}

interface TagsResult {
  tagsAdd?: { userErrors: UserErrorDetail[] } | null;
  tagsRemove?: { userErrors: UserErrorDetail[] } | null;
}

export async function applyTierTags(admin: AdminGraphql, customerGid: string, plan: { add: string[]; remove: string[] }): Promise<void> {
  if (plan.remove.length > 0) {
    const removed = await admin<TagsResult>(TAGS_REMOVE, { id: customerGid, tags: plan.remove });
    throwIfUserErrors("tagsRemove", removed.tagsRemove?.userErrors);
  }
  if (plan.add.length > 0) {
    const added = await admin<TagsResult>(TAGS_ADD, { id: customerGid, tags: plan.add });
    throwIfUserErrors("tagsAdd", added.tagsAdd?.userErrors);
  }
}
