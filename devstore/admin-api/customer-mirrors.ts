/**
 * The fake Admin API's tags and metafield definitions, as the app's merchant-owned mirrors use them
 * (app/shopify/graphql/customer-mirrors.ts):
 * - tagsAdd/tagsRemove on a customer: tags trimmed, compared case-insensitively as Shopify does, at most 255
 *   characters each and 250 per customer; an unknown id is a userError, never a silent success.
 * - metafieldDefinitionCreate: the key and type checked, a second definition of the same owner type, namespace and
 *   key answers TAKEN, the reserved "$app" namespace resolved as the metafields themselves are.
 */
import type { ShopState } from "./state";

const MAX_TAG_LENGTH = 255;
const MAX_TAGS = 250;
const DEFINITION_TYPES = new Set(["single_line_text_field", "multi_line_text_field", "number_integer", "number_decimal", "boolean", "json"]);
const OWNER_TYPES = new Set(["CUSTOMER", "PRODUCT", "COLLECTION", "ORDER", "SHOP"]);

interface TagArgs {
  id: string;
  tags: string[];
}

interface DefinitionArgs {
  definition: { ownerType: string; namespace?: string | null; key: string; type: string; name: string };
}

export function customerMirrorResolvers(state: ShopState, resolveNamespace: (namespace: string | null | undefined) => string) {
  let nextDefinitionId = state.metafieldDefinitions.size + 1;
  const tagErrors = ({ id, tags }: TagArgs) => {
    if (!state.customers.has(id)) return [{ field: ["id"], message: "Resource not found" }];
    const long = tags.find((tag) => tag.trim().length > MAX_TAG_LENGTH);
    return long ? [{ field: ["tags"], message: `Tag "${long.slice(0, 20)}…" is too long (maximum is ${MAX_TAG_LENGTH} characters)` }] : [];
  };
  return {
    tagsAdd: (args: TagArgs) => {
      const userErrors = tagErrors(args);
      if (userErrors.length > 0) return { node: null, userErrors };
      const customer = state.customers.get(args.id);
      if (!customer) return { node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] };
      const tags = [...(customer.tags ?? [])];
      for (const raw of args.tags) {
        const tag = raw.trim();
        if (tag !== "" && !tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
      }
      if (tags.length > MAX_TAGS) return { node: null, userErrors: [{ field: ["tags"], message: `A customer can have at most ${MAX_TAGS} tags` }] };
      customer.tags = tags;
      return { node: { __typename: "Customer", id: customer.id }, userErrors: [] };
    },
    tagsRemove: (args: TagArgs) => {
      const userErrors = tagErrors(args);
      const customer = state.customers.get(args.id);
      if (userErrors.length > 0 || !customer) return { node: null, userErrors };
      const removed = new Set(args.tags.map((tag) => tag.trim().toLowerCase()));
      customer.tags = (customer.tags ?? []).filter((tag) => !removed.has(tag.toLowerCase()));
      return { node: { __typename: "Customer", id: customer.id }, userErrors: [] };
    },
    metafieldDefinitionCreate: ({ definition }: DefinitionArgs) => {
      const error = (field: string, message: string, code: string) => ({ createdDefinition: null, userErrors: [{ field: ["definition", field], message, code }] });
      const namespace = resolveNamespace(definition.namespace);
      if (!OWNER_TYPES.has(definition.ownerType)) return error("ownerType", "Owner type is not supported.", "INCLUSION");
      if (!/^[A-Za-z0-9_-]{2,64}$/.test(definition.key)) return error("key", "Key is invalid.", "INVALID_CHARACTER");
      if (!/^[A-Za-z0-9_-]{2,255}$/.test(namespace)) return error("namespace", "Namespace is invalid.", "INVALID_CHARACTER");
      if (!DEFINITION_TYPES.has(definition.type)) return error("type", `Type "${definition.type}" is not modeled.`, "INCLUSION");
      if (definition.name.trim() === "") return error("name", "Name can't be blank.", "BLANK");
      const id = `${definition.ownerType} ${namespace}.${definition.key}`;
      if (state.metafieldDefinitions.has(id)) return error("key", "Key is in use for this owner type and namespace.", "TAKEN");
      const stored = { id: `gid://shopify/MetafieldDefinition/${nextDefinitionId++}`, ownerType: definition.ownerType, namespace, key: definition.key, type: definition.type, name: definition.name };
      state.metafieldDefinitions.set(id, stored);
      return { createdDefinition: { __typename: "MetafieldDefinition", id: stored.id }, userErrors: [] };
    },
  };
}
