/**
 * Resolvers of the Admin GraphQL API over a ShopState: what the app uses (shop, products with product types and
 * collections, customers, metafields, code discounts), executed by graphql-js on the real schema.
 *
 * Rules:
 * - A field a record does not hold fails loudly ("… is not modeled by the fake Admin API": the dev store's API is a
 *   fake of Shopify's too) instead of answering null, so neither a test nor the dev store ever passes on data made
 *   up here; so does an input field not modeled.
 * - Code discounts (discountCodeBasicCreate, discountCodeFreeShippingCreate, discountCodeDelete,
 *   codeDiscountNodeByCode): codes are unique and looked up case-insensitively, as Shopify does. The userErrors
 *   answered are the ones captured from a real store (2026-04): duplicate code (TAKEN); missing, empty, two-line or
 *   over-long code; blank title; percentage outside 0..1; negative amount; endsAt before startsAt; free shipping
 *   combining with shipping discounts (its own class). A basic discount applies to all items or to chosen products
 *   and variants (`customerGets.items.products`, PRODUCT class; an id the shop does not have is a user error whose
 *   wording is not captured). `productVariant(id)` answers a product's one variant with its price. Customer GIDs in `context.customers.add` are accepted without
 *   checking they exist (what Shopify answers for an unknown customer is not known here). `status` is derived from
 *   startsAt/endsAt at the request's time.
 * - metafieldsSet is atomic and checks values as Shopify does for the types modeled; "$app" resolves to the
 *   requesting app's namespace (`app--<app id>`).
 */
import { customerMirrorResolvers } from "./customer-mirrors";
import { standardMetafieldResolvers } from "./standard-metafields";
import { defaultFieldResolver, GraphQLError, type GraphQLFieldResolver } from "graphql";
import { flowRootValue } from "./flow";
import { storeCreditAccountsField, storeCreditRootValue } from "./store-credit";
import {
  discountStatusAt,
  type CollectionRecord,
  type CustomerRecord,
  type DiscountCombinesWith,
  type DiscountRecord,
  type DiscountValue,
  type MetafieldRecord,
  type ProductRecord,
  type ShopState,
} from "./state";
import { ordersConnection } from "./orders";

/** Who is asking and when: the shop domain (for `shop.myshopifyDomain`), the app's "$app" namespace, the time. */
export interface ResolverContext {
  shopDomain: string;
  appNamespace: string;
  now: string;
  /** Bulk operations (./bulk-operations.ts), when the endpoint serves them. */
  bulk?: {
    run(query: string): Promise<unknown>;
    get(id: string): unknown;
    current(): unknown;
  };
  /** Running a bulk query: connections answer every node, without pagination arguments. */
  bulkMode?: boolean;
  /** The access token's scopes, when the endpoint knows them (null: not checked). */
  scopes?: readonly string[] | null;
}

/** Resolves only what a record holds; anything else is an explicit error, not a silent null. */
export const strictFieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
  if (!isRecord(source) || !(info.fieldName in source)) {
    throw new GraphQLError(`${info.parentType.name}.${info.fieldName} is not modeled by the fake Admin API`);
  }
  return defaultFieldResolver(source, args, context, info);
};

// ---- Resolvers over the in-memory state -------------------------------------------------------------

const MODELED_METAFIELD_TYPES = new Set([
  "single_line_text_field",
  "multi_line_text_field",
  "number_integer",
  "number_decimal",
  "boolean",
  "json",
  "date",
]);
const MAX_METAFIELDS_PER_SET = 25;
const MAX_PAGE_SIZE = 250;

interface MetafieldsSetArg {
  ownerId: string;
  namespace?: string | null;
  key: string;
  type?: string | null;
  value: string;
  compareDigest?: string | null;
}

interface UserError {
  field: string[] | null;
  message: string;
  code: string;
  elementIndex: number | null;
}

/** The root of every operation (queries and mutations) over `state`, as seen by `context`. */
export function rootValue(state: ShopState, context: ResolverContext) {
  const { appNamespace } = context;
  const customerObject = (customer: CustomerRecord) => ({
    ...customerObjectIn(state, customer, appNamespace),
    storeCreditAccounts: storeCreditAccountsField(state, customer.id, context.scopes),
  });
  const node = (id: string) => {
    const product = state.products.get(id);
    if (product) return productObject(state, product);
    const collection = state.collections.get(id);
    if (collection) return collectionObject(collection);
    const customer = state.customers.get(id);
    if (customer) return customerObject(customer);
    const discount = state.discounts.get(id);
    if (discount) return codeDiscountNodeObject(state, discount, context);
    if (id.startsWith("gid://shopify/BulkOperation/")) return context.bulk?.get(id) ?? null;
    return null;
  };
  return {
    shop: () => shopObject(state, context.shopDomain),
    currentAppInstallation: () => ({
      __typename: "AppInstallation",
      id: state.appInstallationId,
      metafield: ({ namespace, key }: { namespace?: string | null; key: string }) => {
        const stored = state.metafield(state.appInstallationId, resolveNamespace(namespace, appNamespace), key);
        return stored ? metafieldObject(stored) : null;
      },
    }),
    nodes: ({ ids }: { ids: string[] }) => {
      if (ids.length > MAX_PAGE_SIZE) throw new GraphQLError(`nodes accepts at most ${MAX_PAGE_SIZE} ids`);
      return ids.map((id) => node(requireGidArgument(id)));
    },
    node: ({ id }: { id: string }) => node(requireGidArgument(id)),
    product: ({ id }: { id: string }) => {
      const product = state.products.get(requireGidArgument(id));
      return product ? productObject(state, product) : null;
    },
    collection: ({ id }: { id: string }) => {
      const collection = state.collections.get(requireGidArgument(id));
      return collection ? collectionObject(collection) : null;
    },
    // Only read in full, by a bulk query (pagination and search are not modeled for this connection).
    customers: (args: PageArgs) => {
      if (!context.bulkMode) throw new GraphQLError("QueryRoot.customers is modeled for bulk operations only by the fake Admin API");
      return allNodes([...state.customers.values()].map(customerObject), args);
    },
    products: (args: PageArgs) => {
      if (!context.bulkMode) throw new GraphQLError("QueryRoot.products is modeled for bulk operations only by the fake Admin API");
      return allNodes([...state.products.values()].map((product) => productObject(state, product)), args);
    },
    orders: (args: { query?: string | null; reverse?: boolean | null; sortKey?: string | null }) => ordersConnection(state, context.bulkMode === true, args),
    bulkOperationRunQuery: ({ query }: { query: string }) => {
      if (!context.bulk) throw new GraphQLError("Mutation.bulkOperationRunQuery is not modeled by this endpoint");
      return context.bulk.run(query);
    },
    currentBulkOperation: ({ type }: { type?: string | null }) => {
      if ((type ?? "QUERY") !== "QUERY") throw new GraphQLError("currentBulkOperation(type: MUTATION) is not modeled by the fake Admin API");
      return context.bulk?.current() ?? null;
    },
    customer: ({ id }: { id: string }) => {
      const customer = state.customers.get(requireGidArgument(id));
      return customer ? customerObject(customer) : null;
    },
    codeDiscountNode: ({ id }: { id: string }) => {
      const discount = state.discounts.get(requireGidArgument(id));
      return discount ? codeDiscountNodeObject(state, discount, context) : null;
    },
    productVariant: ({ id }: { id: string }) => variantObject(state, requireGidArgument(id)),
    codeDiscountNodeByCode: ({ code }: { code: string }) => {
      const discount = state.discountByCode(code);
      return discount ? codeDiscountNodeObject(state, discount, context) : null;
    },
    discountCodeBasicCreate: ({ basicCodeDiscount }: { basicCodeDiscount: Record<string, unknown> }) =>
      createCodeDiscount(state, "basic", "basicCodeDiscount", basicCodeDiscount, context),
    discountCodeFreeShippingCreate: (args: { freeShippingCodeDiscount: Record<string, unknown> }) =>
      createCodeDiscount(state, "free_shipping", "freeShippingCodeDiscount", args.freeShippingCodeDiscount, context),
    discountCodeDelete: ({ id }: { id: string }) =>
      state.deleteDiscount(requireGidArgument(id))
        ? { deletedCodeDiscountId: id, userErrors: [] }
        : {
            deletedCodeDiscountId: null,
            userErrors: [discountUserError(["id"], "Code discount does not exist.", "INVALID")],
          },
    metafieldsSet: ({ metafields }: { metafields: MetafieldsSetArg[] }) => metafieldsSet(state, metafields, context),
    ...customerMirrorResolvers(state, (namespace) => resolveNamespace(namespace, appNamespace)),
    ...standardMetafieldResolvers(state),
    metafieldsDelete: ({ metafields }: { metafields: { ownerId: string; namespace: string; key: string }[] }) => ({
      deletedMetafields: metafields.map((m) => {
        const namespace = resolveNamespace(m.namespace, appNamespace);
        return state.deleteMetafield(m.ownerId, namespace, m.key)
          ? { ownerId: m.ownerId, namespace, key: m.key }
          : null;
      }),
      userErrors: [],
    }),
    ...flowRootValue(state, context),
    ...storeCreditRootValue(state, context),
  };
}

/** The shop's settings: the currency always, the rest when the state holds it. */
function shopObject(state: ShopState, shopDomain: string) {
  return {
    __typename: "Shop",
    currencyCode: state.currencyCode,
    myshopifyDomain: shopDomain,
    ...defined({ id: state.shop.id, name: state.shop.name, email: state.shop.email, ianaTimezone: state.shop.ianaTimezone }),
  };
}

function productObject(state: ShopState, product: ProductRecord) {
  return {
    __typename: "Product",
    id: product.id,
    ...defined({ title: product.title, vendor: product.vendor }),
    productType: product.productType,
    collections: (args: PageArgs) =>
      connection(
        product.collectionIds.flatMap((id) => {
          const collection = state.collections.get(id);
          return collection ? [collectionObject(collection)] : [];
        }),
        args
      ),
  };
}

function collectionObject(collection: CollectionRecord) {
  return {
    __typename: "Collection",
    id: collection.id,
    title: collection.title,
    handle: collection.title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
  };
}

function customerObjectIn(state: ShopState, customer: CustomerRecord, appNamespace: string) {
  return {
    __typename: "Customer",
    id: customer.id,
    email: customer.email,
    defaultEmailAddress: customer.email === null ? null : { __typename: "CustomerEmailAddress", emailAddress: customer.email },
    ...defined({ firstName: customer.firstName, lastName: customer.lastName }),
    defaultAddress: customer.defaultAddress ? { __typename: "MailingAddress", address2: null, ...customer.defaultAddress } : null,
    // Orders live in the dev store's shop; a bare state (tests) has none.
    numberOfOrders: () => String(state.ordersOfCustomer?.(customer.id).length ?? 0),
    lastOrder: () => state.ordersOfCustomer?.(customer.id).at(-1) ?? null,
    metafield: ({ namespace, key }: { namespace?: string | null; key: string }) => {
      const stored = state.metafield(customer.id, resolveNamespace(namespace, appNamespace), key);
      return stored ? metafieldObject(stored) : null;
    },
  };
}

function metafieldObject(metafield: MetafieldRecord) {
  return {
    __typename: "Metafield",
    id: metafield.id,
    namespace: metafield.namespace,
    key: metafield.key,
    type: metafield.type,
    value: metafield.value,
    jsonValue: jsonValue(metafield),
    createdAt: metafield.createdAt,
    updatedAt: metafield.updatedAt,
  };
}

/** `jsonValue` is the value as JSON: parsed JSON, a number for integers, a boolean for booleans. */
function jsonValue(metafield: MetafieldRecord): unknown {
  switch (metafield.type) {
    case "json":
      return JSON.parse(metafield.value);
    case "number_integer":
      return Number(metafield.value);
    case "boolean":
      return metafield.value === "true";
    default:
      return metafield.value;
  }
}

function metafieldsSet(state: ShopState, inputs: MetafieldsSetArg[], { now, appNamespace }: ResolverContext) {
  if (inputs.some((m) => m.compareDigest !== undefined)) {
    throw new GraphQLError("compareDigest is not modeled by the fake Admin API");
  }
  const userErrors: UserError[] = [];
  if (inputs.length > MAX_METAFIELDS_PER_SET) {
    userErrors.push({
      field: ["metafields"],
      message: `Exceeded the maximum metafields input limit of ${MAX_METAFIELDS_PER_SET}.`,
      code: "LESS_THAN_OR_EQUAL_TO",
      elementIndex: null,
    });
  }
  const resolved = inputs.map((input, index) => {
    const error = (field: string, message: string, code: string) =>
      userErrors.push({ field: ["metafields", String(index), field], message, code, elementIndex: index });
    const namespace = resolveNamespace(input.namespace, appNamespace);
    if (!state.ownerExists(input.ownerId)) error("ownerId", "Owner does not exist.", "INVALID");
    if (!/^[A-Za-z0-9_-]{2,64}$/.test(input.key)) error("key", "Key is invalid.", "INVALID");
    const existing = state.metafield(input.ownerId, namespace, input.key);
    const type = input.type ?? existing?.type;
    if (!type) error("type", "Type can't be blank.", "BLANK");
    else if (existing && existing.type !== type)
      error("type", "Type does not match the existing metafield's type.", "INVALID_TYPE");
    else if (!MODELED_METAFIELD_TYPES.has(type)) error("type", `Type "${type}" is invalid.`, "INVALID_TYPE");
    else {
      const problem = metafieldValueProblem(type, input.value);
      if (problem) error("value", problem.message, problem.code);
    }
    return { ownerId: input.ownerId, namespace, key: input.key, type: type ?? "", value: input.value };
  });
  // metafieldsSet is atomic: one bad entry and nothing is written.
  if (userErrors.length > 0) return { metafields: [], userErrors };
  return { metafields: resolved.map((m) => metafieldObject(state.putMetafield(m, now))), userErrors };
}

/** Shopify's value checks for the types modeled here; null when the value is acceptable. */
export function metafieldValueProblem(type: string, value: string): { message: string; code: string } | null {
  if (value.trim() === "") return { message: "Value can't be blank.", code: "BLANK" };
  switch (type) {
    case "number_integer": {
      if (!/^[-+]?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
        return { message: "Value must be an integer.", code: "INVALID_VALUE" };
      }
      return null;
    }
    case "number_decimal":
      return /^[-+]?\d+(\.\d+)?$/.test(value) ? null : { message: "Value must be a decimal.", code: "INVALID_VALUE" };
    case "boolean":
      return value === "true" || value === "false"
        ? null
        : { message: "Value must be true or false.", code: "INVALID_VALUE" };
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value
        ? null
        : { message: "Value must be a date in ISO 8601 format (YYYY-MM-DD).", code: "INVALID_VALUE" };
    case "single_line_text_field":
      return /[\r\n]/.test(value) ? { message: "Value must be a single line of text.", code: "INVALID_VALUE" } : null;
    case "json":
      try {
        JSON.parse(value);
        return null;
      } catch (error) {
        return { message: `Value is invalid JSON: ${(error as Error).message}.`, code: "INVALID_VALUE" };
      }
    default:
      return null;
  }
}

// ---- Code discounts ----------------------------------------------------------------------------------------------

interface DiscountUserError {
  field: string[] | null;
  message: string;
  code: string;
  extraInfo: null;
}

function discountUserError(field: string[], message: string, code: string): DiscountUserError {
  return { field, message, code, extraInfo: null };
}

/** Input fields modeled here (`true`: a value; an object: its modeled fields). Anything else fails loudly. */
type InputShape = { readonly [field: string]: true | InputShape };

const COMMON_DISCOUNT_INPUT: InputShape = {
  code: true,
  title: true,
  startsAt: true,
  endsAt: true,
  usageLimit: true,
  appliesOncePerCustomer: true,
  context: { all: true, customers: { add: true } },
  combinesWith: { productDiscounts: true, orderDiscounts: true, shippingDiscounts: true },
  minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: true } },
};
const BASIC_DISCOUNT_INPUT: InputShape = {
  ...COMMON_DISCOUNT_INPUT,
  customerGets: {
    items: { all: true, products: { productsToAdd: true, productVariantsToAdd: true } },
    value: { percentage: true, discountAmount: { amount: true, appliesOnEachItem: true } },
  },
};
const FREE_SHIPPING_DISCOUNT_INPUT: InputShape = { ...COMMON_DISCOUNT_INPUT, destination: { all: true } };

function requireModeledInput(value: unknown, shape: InputShape, path: string): void {
  if (!isRecord(value)) return;
  for (const [field, fieldValue] of Object.entries(value)) {
    const modeled = shape[field];
    if (modeled === undefined) {
      if (fieldValue === undefined) continue;
      throw new GraphQLError(`Input ${path}.${field} is not modeled by the fake Admin API`);
    }
    if (modeled !== true) requireModeledInput(fieldValue, modeled, `${path}.${field}`);
  }
}

function notModeled(path: string, why: string): GraphQLError {
  return new GraphQLError(`Input ${path} ${why}: not modeled by the fake Admin API`);
}

/** A Decimal input as Shopify parses it (a JSON string or number); the original text is kept. */
function decimalArgument(value: unknown, path: string): string {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || !/^-?\d+(\.\d+)?$/.test(text)) {
    throw new GraphQLError(`Variable for ${path} was provided invalid value (invalid decimal '${String(value)}')`);
  }
  return text;
}

function dateTimeArgument(value: unknown, path: string): string {
  if (typeof value !== "string" || Number.isNaN(Date.parse(value))) {
    throw new GraphQLError(`Variable for ${path} was provided invalid value (invalid DateTime '${String(value)}')`);
  }
  return value;
}

/** Shopify answers Decimals in MoneyV2 without trailing zeros, keeping one fraction digit: "10.00" → "10.0". */
function shopifyDecimal(decimal: string): string {
  const [whole = "0", fraction = ""] = decimal.split(".");
  return `${whole}.${fraction.replace(/0+$/, "") || "0"}`;
}

function createCodeDiscount(
  state: ShopState,
  kind: DiscountRecord["kind"],
  argument: string,
  input: Record<string, unknown>,
  context: ResolverContext
) {
  const { now } = context;
  requireModeledInput(input, kind === "basic" ? BASIC_DISCOUNT_INPUT : FREE_SHIPPING_DISCOUNT_INPUT, argument);
  const userErrors: DiscountUserError[] = [];
  const error = (field: string[], message: string, code: string) =>
    userErrors.push(discountUserError([argument, ...field], message, code));

  const combinesWith = (input.combinesWith ?? {}) as Partial<DiscountCombinesWith>;
  // Shopify checks this first (a discount may not combine with its own class).
  if (kind === "free_shipping" && combinesWith.shippingDiscounts === true) {
    error(
      ["combinesWith"],
      "The combinesWith settings are not valid for the discount class.",
      "INVALID_COMBINES_WITH_FOR_DISCOUNT_CLASS"
    );
  }

  const title = typeof input.title === "string" ? input.title : "";
  if (title.trim() === "") error(["title"], "Title can't be blank", "BLANK");
  else if (title.length > 255) error(["title"], "Title is too long (maximum is 255 characters)", "TOO_LONG");

  const code = input.code;
  if (typeof code !== "string") error(["code"], "Code can't be blank", "BLANK");
  else if (code === "") error(["code"], "Code is too short (minimum is 1 character)", "TOO_SHORT");
  else if (/[\r\n]/.test(code)) error(["code"], "Code cannot contain newline characters.", "INVALID");
  else if (code.length > 255) error(["code"], "Code is too long (maximum is 255 characters)", "TOO_LONG");
  else if (state.discountByCode(code)) error(["code"], "Code must be unique. Please try a different code.", "TAKEN");

  if (input.startsAt == null) throw notModeled(`${argument}.startsAt`, "missing");
  const startsAt = dateTimeArgument(input.startsAt, `${argument}.startsAt`);
  const endsAt = input.endsAt == null ? null : dateTimeArgument(input.endsAt, `${argument}.endsAt`);
  if (endsAt !== null && Date.parse(endsAt) < Date.parse(startsAt)) {
    error(["endsAt"], "Ends at needs to be after starts_at", "INVALID");
  }

  const customerGids = discountCustomers(input.context, `${argument}.context`);
  const usageLimit = input.usageLimit ?? null;
  if (usageLimit !== null && (typeof usageLimit !== "number" || usageLimit < 1)) {
    throw notModeled(`${argument}.usageLimit`, `of ${String(usageLimit)}`);
  }

  let value: DiscountValue | null = null;
  let items: DiscountRecord["items"] = null;
  if (kind === "basic") {
    const customerGets = input.customerGets as
      | { items?: { all?: boolean; products?: { productsToAdd?: unknown; productVariantsToAdd?: unknown } }; value?: Record<string, unknown> }
      | undefined;
    const products = customerGets?.items?.products;
    if (customerGets?.items?.all === true && products === undefined) {
      items = null;
    } else if (products !== undefined && customerGets?.items?.all === undefined) {
      items = discountItems(state, products, (field, message) => error(["customerGets", "items", "products", field], message, "INVALID"));
    } else {
      throw notModeled(`${argument}.customerGets.items`, "other than { all: true } or { products }");
    }
    const given = customerGets?.value ?? {};
    if (typeof given.percentage === "number" && given.discountAmount === undefined) {
      value = { percentage: given.percentage };
      if (given.percentage < 0 || given.percentage > 1) {
        error(["customerGets", "value", "percentage"], "Value must be between 0.0 and 1.0", "VALUE_OUTSIDE_RANGE");
      }
    } else if (isRecord(given.discountAmount) && given.percentage === undefined) {
      const path = `${argument}.customerGets.value.discountAmount.amount`;
      value = {
        amount: decimalArgument(given.discountAmount.amount, path),
        appliesOnEachItem: given.discountAmount.appliesOnEachItem === true,
      };
      // Shopify's own wording for a negative amount (captured 2026-04).
      if (value.amount.startsWith("-")) {
        const field = ["customerGets", "value", "discountAmount", "amount"];
        error(field, "Value must be less than or equal to 0", "LESS_THAN_OR_EQUAL_TO");
      }
    } else {
      throw notModeled(`${argument}.customerGets.value`, "without exactly one of percentage or discountAmount");
    }
  } else if (!isRecord(input.destination) || input.destination.all !== true) {
    throw notModeled(`${argument}.destination`, "other than { all: true }");
  }

  const requirement = input.minimumRequirement as { subtotal?: { greaterThanOrEqualToSubtotal?: unknown } } | null;
  const subtotal = requirement?.subtotal?.greaterThanOrEqualToSubtotal;
  const minimum =
    subtotal == null ? null : { subtotal: decimalArgument(subtotal, `${argument}.minimumRequirement.subtotal`) };

  if (userErrors.length > 0) return { codeDiscountNode: null, userErrors };
  const discount = state.addDiscount(
    {
      code: code as string,
      title,
      kind,
      value,
      customerGids,
      usageLimit: usageLimit as number | null,
      appliesOncePerCustomer: input.appliesOncePerCustomer === true,
      startsAt,
      endsAt,
      minimum,
      items,
      combinesWith: {
        productDiscounts: combinesWith.productDiscounts === true,
        orderDiscounts: combinesWith.orderDiscounts === true,
        shippingDiscounts: combinesWith.shippingDiscounts === true,
      },
    },
    now
  );
  return { codeDiscountNode: codeDiscountNodeObject(state, discount, context), userErrors };
}

/** `customerGets.items.products`: the products and variants it adds, each one the shop has (else a user error). */
function discountItems(
  state: ShopState,
  products: { productsToAdd?: unknown; productVariantsToAdd?: unknown },
  error: (field: string, message: string) => void
): { productGids: string[]; variantGids: string[] } {
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((id): id is string => typeof id === "string") : []);
  const productGids = [...new Set(list(products.productsToAdd))];
  const variantGids = [...new Set(list(products.productVariantsToAdd))];
  if (productGids.length + variantGids.length === 0) {
    error("productsToAdd", "Items in 'customer get' must be provided");
  }
  for (const id of productGids) if (!state.products.has(id)) error("productsToAdd", `Product with id: ${id} is invalid`);
  for (const id of variantGids) if (!state.productOfVariant(id)) error("productVariantsToAdd", `Product variant with id: ${id} is invalid`);
  return { productGids, variantGids };
}

function variantObject(state: ShopState, variantGid: string) {
  const product = state.productOfVariant(variantGid);
  if (!product) return null;
  return {
    __typename: "ProductVariant",
    id: variantGid,
    price: money2(product.priceMinor ?? 0),
    title: "Default Title",
    displayName: `${product.title ?? ""} - Default Title`,
    product: productObject(state, product),
  };
}

/** Minor units (2-digit currencies, as the dev store's) as Shopify's Money scalar: "12.50". */
function money2(minor: number): string {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;
}

/** `context`: every buyer (null) or the customers it adds. */
function discountCustomers(context: unknown, path: string): string[] | null {
  if (!isRecord(context)) throw notModeled(path, "missing");
  if (context.all === "ALL") return null;
  const add = isRecord(context.customers) ? context.customers.add : undefined;
  if (!Array.isArray(add) || add.length === 0) throw notModeled(`${path}.customers.add`, "empty");
  for (const id of add) {
    if (typeof id !== "string" || !/^gid:\/\/shopify\/Customer\/\d+$/.test(id)) {
      throw notModeled(`${path}.customers.add`, `with "${String(id)}" (not a Customer GID)`);
    }
  }
  return [...new Set(add as string[])];
}

function codeDiscountNodeObject(state: ShopState, discount: DiscountRecord, context: ResolverContext) {
  return { __typename: "DiscountCodeNode", id: discount.id, codeDiscount: codeDiscountObject(state, discount, context) };
}

function codeDiscountObject(state: ShopState, discount: DiscountRecord, context: ResolverContext) {
  const { now } = context;
  discount.status = discountStatusAt(discount, Date.parse(now));
  const money = (amount: string) => ({
    __typename: "MoneyV2",
    amount: shopifyDecimal(amount),
    currencyCode: state.currencyCode,
  });
  const common = {
    title: discount.title,
    status: discount.status,
    startsAt: discount.startsAt,
    endsAt: discount.endsAt,
    createdAt: discount.createdAt,
    usageLimit: discount.usageLimit,
    appliesOncePerCustomer: discount.appliesOncePerCustomer,
    asyncUsageCount: discount.usageCount ?? 0,
    combinesWith: { ...discount.combinesWith },
    codes: (args: PageArgs) =>
      connection(
        [{ __typename: "DiscountRedeemCode", id: discount.redeemCodeId, code: discount.code, asyncUsageCount: discount.usageCount ?? 0 }],
        args
      ),
    context:
      discount.customerGids === null
        ? { __typename: "DiscountBuyerSelectionAll", all: "ALL" }
        : {
            __typename: "DiscountCustomers",
            customers: discount.customerGids.map((id) => {
              const customer = state.customers.get(id);
              return customer ? customerObjectIn(state, customer, context.appNamespace) : { __typename: "Customer", id };
            }),
          },
    minimumRequirement: discount.minimum
      ? { __typename: "DiscountMinimumSubtotal", greaterThanOrEqualToSubtotal: money(discount.minimum.subtotal) }
      : null,
  };
  if (discount.kind === "free_shipping") {
    return {
      ...common,
      __typename: "DiscountCodeFreeShipping",
      discountClasses: ["SHIPPING"],
      destinationSelection: { __typename: "DiscountCountryAll", allCountries: true },
    };
  }
  const value = discount.value;
  const items = discount.items;
  return {
    ...common,
    __typename: "DiscountCodeBasic",
    // All items: Shopify files it as an order discount; chosen products and variants are a product discount.
    discountClasses: items ? ["PRODUCT"] : ["ORDER"],
    customerGets: {
      items: items
        ? {
            __typename: "DiscountProducts",
            products: (args: PageArgs) =>
              connection(
                items.productGids.flatMap((id) => {
                  const product = state.products.get(id);
                  return product ? [productObject(state, product)] : [];
                }),
                args
              ),
            productVariants: (args: PageArgs) =>
              connection(items.variantGids.flatMap((id) => variantObject(state, id) ?? []), args),
          }
        : { __typename: "AllDiscountItems", allItems: true },
      value:
        value === null || "percentage" in value
          ? { __typename: "DiscountPercentage", percentage: value?.percentage ?? 0 }
          : { __typename: "DiscountAmount", amount: money(value.amount), appliesOnEachItem: value.appliesOnEachItem },
    },
  };
}

interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
  query?: string | null;
  sortKey?: string | null;
}

/** A Relay connection over `items` (which carry `id`), paged forward by opaque cursors as Shopify's are. */
function connection<T extends { id: string }>(items: T[], args: PageArgs) {
  // graphql-js fills in the schema defaults (reverse: false, sortKey: ID), which is the order the state keeps.
  if (
    args.last != null ||
    args.before != null ||
    args.reverse ||
    args.query != null ||
    (args.sortKey ?? "ID") !== "ID"
  ) {
    throw new GraphQLError("last/before/reverse/query/sortKey are not modeled by the fake Admin API");
  }
  if (args.first == null) throw new GraphQLError("you must provide one of first or last");
  if (args.first < 0 || args.first > MAX_PAGE_SIZE) {
    throw new GraphQLError(`first must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  let start = 0;
  if (args.after != null) {
    const afterId = decodeCursor(args.after);
    const index = items.findIndex((item) => item.id === afterId);
    if (index < 0) throw new GraphQLError(`Invalid cursor: ${args.after}`);
    start = index + 1;
  }
  const page = items.slice(start, start + args.first);
  const cursors = page.map((item) => encodeCursor(item.id));
  return {
    nodes: page,
    edges: page.map((node, i) => ({ cursor: cursors[i], node })),
    pageInfo: {
      hasNextPage: start + page.length < items.length,
      hasPreviousPage: start > 0,
      startCursor: cursors[0] ?? null,
      endCursor: cursors[cursors.length - 1] ?? null,
    },
  };
}

/** A bulk query's connection: every node, in the state's order (Shopify ignores `first` in bulk queries). */
function allNodes<T extends { id: string }>(items: T[], args: PageArgs) {
  if (args.query != null || args.reverse) throw new GraphQLError("query/reverse are not modeled by the fake Admin API in bulk queries");
  return { nodes: items, edges: items.map((node) => ({ cursor: encodeCursor(node.id), node })), pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
}

function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ last_id: id })).toString("base64");
}

function decodeCursor(cursor: string): string | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as unknown;
    return isRecord(parsed) && typeof parsed.last_id === "string" ? parsed.last_id : null;
  } catch {
    return null;
  }
}

function resolveNamespace(namespace: string | null | undefined, appNamespace: string): string {
  return namespace == null || namespace === "$app" ? appNamespace : namespace;
}

function requireGidArgument(id: string): string {
  if (!/^gid:\/\/shopify\/[A-Za-z]+\/\d+$/.test(id)) throw new GraphQLError(`Invalid global id '${id}'`);
  return id;
}

/** Only the keys whose value is set (an unset one stays "not modeled"). */
function defined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
