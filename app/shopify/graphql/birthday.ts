/**
 * The shopper's birthday at Shopify (docs/decisions/034-birthdays-and-actions.md).
 *
 * Rules:
 * - Always the app's own customer metafield `$app.birthday` ("--MM-DD", single_line_text_field), which the theme
 *   block reads in Liquid; with a year, also Shopify's standard `facts.birth_date` (type `date`), whose definition
 *   is enabled from Shopify's template first (standardMetafieldDefinitionEnable; one already enabled is fine).
 * - When the shop has no such template (the standard definition does not exist there), the app's own is the only
 *   copy: the write goes on without it.
 * - userErrors of metafieldsSet are thrown (ShopifyUserError), so the outbox retries.
 */
import type { AdminGraphql } from "../admin-graphql.server";
import { throwIfUserErrors, type UserErrorDetail } from "../errors";
import { LOYALTY_METAFIELD_NAMESPACE, METAFIELDS_SET, type MetafieldsSetResult } from "./metafields";

export const BIRTH_DATE_NAMESPACE = "facts";
export const BIRTH_DATE_KEY = "birth_date";

export const STANDARD_BIRTH_DATE_ENABLE = `#graphql
  mutation EnableStandardBirthDate($ownerType: MetafieldOwnerType!, $namespace: String!, $key: String!) {
    standardMetafieldDefinitionEnable(ownerType: $ownerType, namespace: $namespace, key: $key) {
      createdDefinition { id }
      userErrors { field message code }
    }
  }
`;

interface EnableResult {
  standardMetafieldDefinitionEnable: { createdDefinition: { id: string } | null; userErrors: (UserErrorDetail & { code?: string | null })[] } | null;
}

/** Enables `facts.birth_date`; false when Shopify has no such template for the shop. */
export async function enableStandardBirthDate(admin: AdminGraphql): Promise<boolean> {
  const result = await admin<EnableResult>(STANDARD_BIRTH_DATE_ENABLE, { ownerType: "CUSTOMER", namespace: BIRTH_DATE_NAMESPACE, key: BIRTH_DATE_KEY });
  const errors = result.standardMetafieldDefinitionEnable?.userErrors ?? [];
  if (errors.length === 0) return true;
  // Enabled before (by the merchant or an earlier run): the definition exists, which is all the write needs.
  if (errors.every((error) => error.code === "TAKEN" || error.code === "UNSTRUCTURED_ALREADY_EXISTS")) return true;
  if (errors.every((error) => error.code === "TEMPLATE_NOT_FOUND")) return false;
  throwIfUserErrors("standardMetafieldDefinitionEnable", errors);
  return true;
}

export interface BirthdayMetafieldsInput {
  customerGid: string;
  appOwned: string;
  standard: string | null;
}

export function buildBirthdayMetafields(input: BirthdayMetafieldsInput, withStandard: boolean) {
  const metafields = [{ ownerId: input.customerGid, namespace: LOYALTY_METAFIELD_NAMESPACE, key: "birthday", type: "single_line_text_field", value: input.appOwned }];
  if (withStandard && input.standard) {
    metafields.push({ ownerId: input.customerGid, namespace: BIRTH_DATE_NAMESPACE, key: BIRTH_DATE_KEY, type: "date", value: input.standard });
  }
  return metafields;
}

/** Writes the birthday to the customer's metafields (see the rules above). */
export async function writeBirthdayMetafields(admin: AdminGraphql, input: BirthdayMetafieldsInput): Promise<{ standard: boolean }> {
  const withStandard = input.standard !== null && (await enableStandardBirthDate(admin));
  const set = await admin<MetafieldsSetResult>(METAFIELDS_SET, { metafields: buildBirthdayMetafields(input, withStandard) });
  throwIfUserErrors("metafieldsSet", set.metafieldsSet?.userErrors);
  return { standard: withStandard };
}
