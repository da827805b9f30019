/**
 * Every `#graphql` document exported from this folder is valid against the real Admin 2026-10 schema, with
 * representative variables, and stays under Shopify's 1,000-point single-query cap. Documents are discovered,
 * so a new one fails here until it has variables below.
 */
import { describe, expect, it } from "vitest";
import { parse, type OperationDefinitionNode } from "graphql";
import { adminSchema, validateAdminOperation } from "../../../tests/support/admin-schema";
import { calculateQueryCost, MAX_SINGLE_QUERY_COST } from "../../../tests/support/query-cost";
import { buildBasicDiscountInput, buildFreeShippingDiscountInput, DISCOUNT_CODE_BASIC_CREATE, type RewardDiscountInput } from "./discounts";
import {
  buildLoyaltyMetafieldDeletions,
  buildLoyaltyMetafields,
  METAFIELDS_SET,
  type LoyaltyMetafieldsInput,
} from "./metafields";
import { CUSTOMERS_BULK_QUERY } from "./bulk-customers";
import { buildMirrorDefinitionInput, MIRROR_DEFINITIONS } from "./customer-mirrors";
import { PRODUCT_BATCH_SIZE, PRODUCTS_FOR_EARNING } from "./products";
import { buildMoneyInput, STORE_CREDIT_BALANCES } from "./store-credit";
import { buildBirthdayMetafields } from "./birthday";

const modules = import.meta.glob<Record<string, unknown>>(["./*.ts", "!./*.test.ts"], { eager: true });

const documents = Object.entries(modules).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter(
      (entry): entry is [string, string] => typeof entry[1] === "string" && entry[1].trimStart().startsWith("#graphql")
    )
    .map(([name, source]) => ({ file, name, source }))
);

const member: LoyaltyMetafieldsInput = {
  customerGid: "gid://shopify/Customer/1",
  balance: 1250,
  pending: 40,
  tierName: "",
  progress: { nextTierName: "Silver", remaining: 250, progressPermille: 800, message: "250 points to Silver" },
};

const percentReward: RewardDiscountInput = {
  code: "PTS-ABCD-EFGH",
  title: "Loyalty reward: 10% off (PTS-ABCD-EFGH)",
  customerGid: "gid://shopify/Customer/1",
  kind: "percentage",
  percentBasisPoints: 1000,
  currency: "USD",
  minimumOrderMinor: 2000,
  startsAt: new Date("2026-11-23T00:00:00Z"),
  endsAt: new Date("2026-12-23T00:00:00Z"),
};

const productIds = Array.from({ length: PRODUCT_BATCH_SIZE }, (_, i) => `gid://shopify/Product/${i + 1}`);

/** Representative variables per exported document name, from the modules' own builders where they exist. */
const variablesFor: Record<string, Record<string, unknown>> = {
  PRODUCTS_FOR_EARNING: { ids: productIds },
  BULK_OPERATION_RUN_QUERY: { query: CUSTOMERS_BULK_QUERY },
  BULK_OPERATION_STATUS: { id: "gid://shopify/BulkOperation/1" },
  PRODUCT_COLLECTIONS_PAGE: { id: "gid://shopify/Product/1", after: "eyJsYXN0X2lkIjoxfQ==" },
  METAFIELDS_SET: { metafields: buildLoyaltyMetafields({ ...member, tierName: "Gold" }) },
  METAFIELDS_DELETE: { metafields: buildLoyaltyMetafieldDeletions(member) },
  DISCOUNT_CODE_BASIC_CREATE: { basicCodeDiscount: buildBasicDiscountInput(percentReward) },
  DISCOUNT_CODE_FREE_SHIPPING_CREATE: {
    freeShippingCodeDiscount: buildFreeShippingDiscountInput({ ...percentReward, kind: "free_shipping" }),
  },
  DISCOUNT_BY_CODE: { code: "PTS-ABCD-EFGH" },
  FREE_PRODUCT_VARIANT: { id: "gid://shopify/ProductVariant/7700" },
  DISCOUNT_CODE_DELETE: { id: "gid://shopify/DiscountCodeNode/1" },
  SHOP_SETTINGS: {},
  CURRENT_APP_INSTALLATION: {},
  MIRROR_DEFINITION_CREATE: { definition: buildMirrorDefinitionInput(MIRROR_DEFINITIONS[2]) },
  TAGS_ADD: { id: "gid://shopify/Customer/1", tags: ["Loyalty tier: Gold"] },
  TAGS_REMOVE: { id: "gid://shopify/Customer/1", tags: ["Loyalty tier: Silver"] },
  STORE_CREDIT_ACCOUNT_CREDIT: { id: "gid://shopify/Customer/1", creditInput: { creditAmount: buildMoneyInput(250, "USD"), notify: false } },
  STORE_CREDIT_ACCOUNT_DEBIT: { id: "gid://shopify/Customer/1", debitInput: { debitAmount: buildMoneyInput(100, "USD") } },
  STORE_CREDIT_ACCOUNTS: { id: "gid://shopify/Customer/1", query: "currency_code:USD" },
  STORE_CREDIT_BALANCES: { id: "gid://shopify/Customer/1" },
  REFERRAL_PARTIES: { referrer: "gid://shopify/Customer/1", friend: "gid://shopify/Customer/2" },
  STANDARD_BIRTH_DATE_ENABLE: { ownerType: "CUSTOMER", namespace: "facts", key: "birth_date" },
  FLOW_TRIGGER_RECEIVE: { handle: "loyalty-points-earned", payload: { customer_id: "1", points: 40, balance: 440, reason: "Order #1001" } },
};

describe("Admin GraphQL documents", () => {
  it("finds the documents of every module in the folder", () => {
    expect(documents.map((d) => d.name)).toEqual(expect.arrayContaining(Object.keys(variablesFor)));
  });

  it.each(documents)("$file $name is valid against the 2026-10 schema", ({ name, source }) => {
    const variables = variablesFor[name];
    if (!variables) throw new Error(`Add representative variables for ${name} to variablesFor`);
    expect(validateAdminOperation(source, variables)).toEqual([]);
  });

  it.each(documents)("$file $name requests at most 1,000 points", ({ name, source }) => {
    const document = parse(source);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const cost = calculateQueryCost(adminSchema(), document, operation, variablesFor[name] ?? {});
    expect(cost).toBeLessThanOrEqual(MAX_SINGLE_QUERY_COST);
  });

  it("accepts a referral friend's code for any buyer (context all)", () => {
    const input = buildBasicDiscountInput({ ...percentReward, code: "FRIEND-0123456789", customerGid: null });
    expect(input.context).toEqual({ all: "ALL" });
    expect(validateAdminOperation(DISCOUNT_CODE_BASIC_CREATE, { basicCodeDiscount: input })).toEqual([]);
  });

  it("writes a birthday (facts.birth_date and the app's own) with a valid metafieldsSet", () => {
    const metafields = buildBirthdayMetafields({ customerGid: "gid://shopify/Customer/1", appOwned: "--12-24", standard: "1990-12-24" }, true);
    expect(metafields.map((m) => `${m.namespace}.${m.key}:${m.type}`)).toEqual(["$app.birthday:single_line_text_field", "facts.birth_date:date"]);
    expect(validateAdminOperation(METAFIELDS_SET, { metafields })).toEqual([]);
  });

  it("prices the shopper's store credit balances at 23 points", () => {
    const document = parse(STORE_CREDIT_BALANCES);
    const operation = document.definitions[0] as OperationDefinitionNode;
    expect(calculateQueryCost(adminSchema(), document, operation, variablesFor.STORE_CREDIT_BALANCES ?? {})).toBe(23);
  });

  it("prices a full product batch at 480 points, under half the cap", () => {
    const document = parse(PRODUCTS_FOR_EARNING);
    const operation = document.definitions[0] as OperationDefinitionNode;
    expect(calculateQueryCost(adminSchema(), document, operation, { ids: productIds })).toBe(480);
  });
});

describe("reward kinds", () => {
  it("a free product's code (one variant, its unit price once) is valid against the 2026-10 schema", () => {
    const freeProduct = buildBasicDiscountInput({ ...percentReward, kind: "free_product", variantGid: "gid://shopify/ProductVariant/7700", amountMinor: 1800 });
    expect(freeProduct.customerGets).toEqual({
      items: { products: { productVariantsToAdd: ["gid://shopify/ProductVariant/7700"] } },
      value: { discountAmount: { amount: "18.00", appliesOnEachItem: false } },
    });
    expect(validateAdminOperation(DISCOUNT_CODE_BASIC_CREATE, { basicCodeDiscount: freeProduct })).toEqual([]);
    expect(() => buildBasicDiscountInput({ ...percentReward, kind: "free_product", amountMinor: 1800 })).toThrow(/ProductVariant GID/);
  });
});

describe("validation bites", () => {
  it("rejects a misspelled field", () => {
    const misspelled = PRODUCTS_FOR_EARNING.replace("productType", "productTyp");
    expect(validateAdminOperation(misspelled, { ids: productIds })).toEqual([
      expect.stringContaining('Cannot query field "productTyp" on type "Product"'),
    ]);
  });

  it("rejects a variable of the wrong type", () => {
    expect(validateAdminOperation(PRODUCTS_FOR_EARNING, { ids: [123, { id: 1 }] })).toEqual([
      expect.stringContaining('Variable "$ids" got invalid value { id: 1 } at "ids[1]"; ID cannot represent value'),
    ]);
  });

  it("rejects a missing required input field and an unknown one", () => {
    const [withoutType] = buildLoyaltyMetafields({ ...member, tierName: "Gold" });
    const errors = validateAdminOperation(METAFIELDS_SET, {
      metafields: [{ ...withoutType, ownerId: undefined, colour: "red" }],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Field "ownerId" of required type "ID!" was not provided'),
        expect.stringContaining('Field "colour" is not defined by type "MetafieldsSetInput"'),
      ])
    );
  });

  it("rejects a variable declared with the wrong type", () => {
    const wrongDeclaration = PRODUCTS_FOR_EARNING.replace("$ids: [ID!]!", "$ids: [String!]!");
    expect(validateAdminOperation(wrongDeclaration, { ids: productIds })).toEqual([
      expect.stringContaining('Variable "$ids" of type "[String!]!" used in position expecting type "[ID!]!"'),
    ]);
  });
});
