/**
 * The fake Admin API's standard metafield definitions (birthdays, issue 11): `standardMetafieldDefinitionEnable`
 * for the templates the app uses, as Shopify answers it.
 * - A template it knows (owner type, namespace, key) becomes a definition of the template's type; enabling one that
 *   exists answers TAKEN; an unknown template answers TEMPLATE_NOT_FOUND.
 * - Only what the app enables is modeled: the customer's `facts.birth_date` (type `date`, "Birth date").
 */
import type { ShopState } from "./state";

const TEMPLATES = [{ ownerType: "CUSTOMER", namespace: "facts", key: "birth_date", type: "date", name: "Birth date" }];

interface EnableArgs {
  ownerType: string;
  namespace?: string | null;
  key?: string | null;
  id?: string | null;
}

export function standardMetafieldResolvers(state: ShopState) {
  return {
    standardMetafieldDefinitionEnable: (args: EnableArgs) => {
      const template = TEMPLATES.find((t) => t.ownerType === args.ownerType && t.namespace === args.namespace && t.key === args.key);
      if (!template) {
        return { createdDefinition: null, userErrors: [{ field: null, message: "A standard definition wasn't found for the specified owner type, namespace, and key.", code: "TEMPLATE_NOT_FOUND" }] };
      }
      const id = `${template.ownerType} ${template.namespace}.${template.key}`;
      if (state.metafieldDefinitions.has(id)) {
        return { createdDefinition: null, userErrors: [{ field: null, message: "Key is in use for this owner type and namespace.", code: "TAKEN" }] };
      }
      const stored = { id: `gid://shopify/MetafieldDefinition/${state.metafieldDefinitions.size + 1001}`, ...template };
      state.metafieldDefinitions.set(id, stored);
      return { createdDefinition: { __typename: "MetafieldDefinition", id: stored.id }, userErrors: [] };
    },
  };
}
