/**
 * The fake Admin API behaves like Shopify's endpoint, and the app's Admin layer works through the real
 * library stack against it: unauthenticated.admin → @shopify/shopify-api GraphqlClient → admin-api-client →
 * fetch → msw.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ADMIN_SCHEMA_VERSION } from "./support/admin-schema";
import { FAKE_APP_NAMESPACE, startFakeAdminApi } from "./support/fake-admin-api";
import { TEST_SHOP } from "./support/test-env";

// Listening before the app is imported (setup-env.ts has usually started it already; then this returns it).
const fake = startFakeAdminApi();
const { adminGraphqlForShop } = await import("~/shopify/admin-graphql.server");
const { storeOfflineSession, TEST_ACCESS_TOKEN } = await import("./support/sessions");
const { fetchProductData, PRODUCTS_FOR_EARNING, PRODUCT_BATCH_SIZE } = await import("~/shopify/graphql/products");
const { METAFIELDS_SET, syncLoyaltyMetafields } = await import("~/shopify/graphql/metafields");
const errors = await import("~/shopify/errors");
const discounts = await import("~/shopify/graphql/discounts");

const ENDPOINT = `https://${TEST_SHOP}/admin/api/${ADMIN_SCHEMA_VERSION}/graphql.json`;
const product = (n: number) => `gid://shopify/Product/${n}`;
const collection = (n: number) => `gid://shopify/Collection/${n}`;
const CUSTOMER = "gid://shopify/Customer/7";

async function postGraphql(body: unknown, token: string | null = "shpat_x") {
  const response = await fetch(ENDPOINT, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { "x-shopify-access-token": token } : {}) },
    body: JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- asserting on Shopify's loosely shaped JSON
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error
  );
}

beforeEach(async () => {
  await storeOfflineSession(TEST_SHOP);
});

describe("the fake endpoint", () => {
  it("refuses an invalid document with HTTP 200 and errors, executing nothing", async () => {
    const { status, body } = await postGraphql({
      query: PRODUCTS_FOR_EARNING.replace("productType", "productTyp"),
      variables: { ids: [] },
    });
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toContain('Cannot query field "productTyp" on type "Product"');
    expect(fake.operations.map((o) => o.outcome)).toEqual(["invalid"]);
  });

  it("refuses variables of the wrong shape", async () => {
    const { body } = await postGraphql({ query: METAFIELDS_SET, variables: { metafields: { ownerId: CUSTOMER } } });
    expect(body.errors.map((e: { message: string }) => e.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('Field "key" of required type "String!" was not provided')])
    );
  });

  it("refuses a request without an access token (401)", async () => {
    expect((await postGraphql({ query: "{ shop { id } }" }, null)).status).toBe(401);
  });

  it("refuses a query over 1,000 points", async () => {
    const expensive = `query { products(first: 250) { nodes { collections(first: 250) { nodes { id } } } } }`;
    const { body } = await postGraphql({ query: expensive });
    expect(body.errors[0].extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", maxCost: 1000 });
  });

  it("fails loudly on a field it does not model instead of inventing null", async () => {
    fake.state.addProduct({ id: product(1) });
    const { body } = await postGraphql({ query: `{ product(id: "${product(1)}") { id title } }` });
    expect(body.errors[0].message).toBe("Product.title is not modeled by the fake Admin API");
  });

  it("reports extensions.cost like Shopify and refunds the unused part", async () => {
    fake.state.addProduct({ id: product(1), productType: "Snowboards", collectionIds: [collection(1)] });
    const { body } = await postGraphql({ query: PRODUCTS_FOR_EARNING, variables: { ids: [product(1), product(2)] } });
    expect(body.extensions.cost).toEqual({
      requestedQueryCost: 48, // 2 ids × (Product 1 + connection 2 + PageInfo 1 + 20 collections)
      actualQueryCost: 5, // one product, one collection; the deleted one costs nothing
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1995, restoreRate: 100 },
    });
  });
});

describe("adminGraphqlForShop through the real Shopify client", () => {
  it("executes PRODUCTS_FOR_EARNING with the shop's offline token", async () => {
    fake.state.addProduct({ id: product(1), productType: "Snowboards", collectionIds: [collection(1), collection(2)] });
    fake.state.addCollection({ id: collection(3) });
    const admin = await adminGraphqlForShop(TEST_SHOP);

    const data = await admin<{ nodes: unknown[] }>(PRODUCTS_FOR_EARNING, {
      ids: [product(1), product(404), collection(3)],
    });

    expect(data.nodes).toEqual([
      {
        id: product(1),
        productType: "Snowboards",
        collections: {
          nodes: [{ id: collection(1) }, { id: collection(2) }],
          pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
        },
      },
      null, // deleted product
      {}, // not a product
    ]);
    expect(fake.operations[0]).toMatchObject({
      shop: TEST_SHOP,
      accessToken: TEST_ACCESS_TOKEN,
      name: "ProductsForEarning",
    });
  });

  it("syncs loyalty metafields with METAFIELDS_SET and deletes the tier when there is none", async () => {
    fake.state.addCustomer({ id: CUSTOMER });
    const admin = await adminGraphqlForShop(TEST_SHOP);
    const member = {
      customerGid: CUSTOMER,
      balance: 320,
      pending: 15,
      tierName: "Gold",
      progress: { nextTierName: "Platinum", remaining: 680, progressPermille: 320, message: "680 points to Platinum" },
    };

    await syncLoyaltyMetafields(admin, member);
    expect(fake.metafieldsFor(CUSTOMER).map((m) => [m.namespace, m.key, m.type, m.value])).toEqual([
      [FAKE_APP_NAMESPACE, "points_balance", "number_integer", "320"],
      [FAKE_APP_NAMESPACE, "tier_progress", "json", expect.stringContaining('"next_tier":"Platinum"')],
      [FAKE_APP_NAMESPACE, "points_expiring", "json", '{"points":0}'],
      [FAKE_APP_NAMESPACE, "tier", "single_line_text_field", "Gold"],
    ]);

    await syncLoyaltyMetafields(admin, { ...member, tierName: "" });
    expect(fake.metafieldsFor(CUSTOMER).map((m) => m.key)).toEqual(["points_balance", "tier_progress", "points_expiring"]);
    expect(fake.operations.map((o) => o.name)).toEqual([
      "SetLoyaltyMetafields",
      "SetLoyaltyMetafields",
      "DeleteLoyaltyMetafields",
    ]);
  });

  it("turns metafieldsSet userErrors into ShopifyUserError, writing nothing (atomic)", async () => {
    fake.state.addCustomer({ id: CUSTOMER });
    const admin = await adminGraphqlForShop(TEST_SHOP);
    const data = await admin<{ metafieldsSet: { userErrors: unknown[] } }>(METAFIELDS_SET, {
      metafields: [
        { ownerId: CUSTOMER, namespace: "$app", key: "points_balance", type: "number_integer", value: "12" },
        { ownerId: CUSTOMER, namespace: "$app", key: "tier", type: "single_line_text_field", value: "" },
        { ownerId: CUSTOMER, namespace: "$app", key: "tier_progress", type: "json", value: "{not json" },
      ],
    });
    expect(data.metafieldsSet.userErrors).toEqual([
      { field: ["metafields", "1", "value"], message: "Value can't be blank.", code: "BLANK" },
      {
        field: ["metafields", "2", "value"],
        message: expect.stringContaining("Value is invalid JSON"),
        code: "INVALID_VALUE",
      },
    ]);
    expect(fake.metafieldsFor(CUSTOMER)).toEqual([]);

    const unknownOwner = {
      customerGid: "gid://shopify/Customer/999",
      balance: 1,
      pending: 0,
      tierName: null,
      progress: { nextTierName: null, remaining: 0, progressPermille: 1000, message: "" },
    };
    const error = await rejection(syncLoyaltyMetafields(admin, unknownOwner));
    expect(error).toBeInstanceOf(errors.ShopifyUserError);
    expect((error as Error).message).toContain("metafields.0.ownerId: Owner does not exist.");
  });

  it("classifies a THROTTLED answer with Shopify's cost numbers", async () => {
    const admin = await adminGraphqlForShop(TEST_SHOP);
    fake.failNext(1, "throttled", { currentlyAvailable: 80 });

    const error = await rejection(
      admin(PRODUCTS_FOR_EARNING, { ids: Array.from({ length: 20 }, (_, i) => product(i + 1)) })
    );

    expect(error).toBeInstanceOf(errors.ShopifyThrottledError);
    expect((error as InstanceType<typeof errors.ShopifyThrottledError>).retryAfterMs).toBe(4000); // (480 − 80) / 100 s
    expect(errors.isRetryableShopifyError(error)).toBe(true);
  });

  it("throttles for real when the bucket is short, and recovers once it has refilled", async () => {
    const admin = await adminGraphqlForShop(TEST_SHOP);
    vi.useFakeTimers({ toFake: ["Date"] }); // the bucket refills on Date.now: freeze it so the numbers are exact
    try {
      fake.setBucket(30);
      const ids = [product(1), product(2)]; // requests 48 points

      const error = await rejection(admin(PRODUCTS_FOR_EARNING, { ids }));
      const retryAfterMs = (error as InstanceType<typeof errors.ShopifyThrottledError>).retryAfterMs;
      expect(retryAfterMs).toBe(180); // (48 − 30) / 100 s

      vi.advanceTimersByTime(retryAfterMs);
      await expect(admin(PRODUCTS_FOR_EARNING, { ids })).resolves.toEqual({ nodes: [null, null] });
    } finally {
      vi.useRealTimers();
    }
  });

  it("classifies HTTP 429 (Retry-After), 500 and network failures", async () => {
    const admin = await adminGraphqlForShop(TEST_SHOP);
    const query = `query { shop { id } }`;
    fake.failNext(1, "http429", { retryAfter: "2.0" });
    fake.failNext(1, "http500");
    fake.failNext(1, "network");

    const throttled = await rejection(admin(query));
    expect(throttled).toBeInstanceOf(errors.ShopifyThrottledError);
    expect((throttled as InstanceType<typeof errors.ShopifyThrottledError>).retryAfterMs).toBe(2000);

    const serverError = await rejection(admin(query));
    expect(serverError).toBeInstanceOf(errors.ShopifyUnavailableError);
    expect((serverError as InstanceType<typeof errors.ShopifyUnavailableError>).status).toBe(500);

    const network = await rejection(admin(query));
    expect(network).toBeInstanceOf(errors.ShopifyUnavailableError);
    expect((network as InstanceType<typeof errors.ShopifyUnavailableError>).status).toBeNull();
  });

  it("classifies an invalid operation as a non-retryable ShopifyGraphqlError", async () => {
    const admin = await adminGraphqlForShop(TEST_SHOP);
    const error = await rejection(admin(PRODUCTS_FOR_EARNING, { ids: "gid://shopify/Product/1x" }));
    expect(error).toBeInstanceOf(errors.ShopifyGraphqlError);
    expect(errors.isRetryableShopifyError(error)).toBe(false);
  });

  it("needs the shop's offline session", async () => {
    await expect(adminGraphqlForShop("not-installed.myshopify.com")).rejects.toThrow(
      "Could not find a session for shop not-installed.myshopify.com"
    );
  });
});

describe("fetchProductData through the real Shopify client", () => {
  it("batches, follows collection pages, dedupes ids, and maps deleted products to no data", async () => {
    const many = Array.from({ length: 130 }, (_, i) => collection(1000 + i));
    for (let n = 1; n <= 45; n++)
      fake.state.addProduct({ id: product(n), productType: n % 2 ? "Snowboards" : "", collectionIds: [collection(n)] });
    fake.state.addProduct({
      id: product(7),
      productType: "Wax",
      collectionIds: [collection(1), ...many, collection(1)],
    });
    fake.state.deleteProduct(product(44));
    const admin = await adminGraphqlForShop(TEST_SHOP);

    const ids = Array.from({ length: 45 }, (_, i) => product(i + 1));
    const products = await fetchProductData(admin, [...ids, product(7), product(3)]);

    expect(products.map((p) => p.productGid)).toEqual(ids);
    expect(products[0]).toEqual({ productGid: product(1), productType: "Snowboards", collectionGids: [collection(1)] });
    expect(products[1]).toEqual({ productGid: product(2), productType: null, collectionGids: [collection(2)] });
    expect(products[6]).toEqual({
      productGid: product(7),
      productType: "Wax",
      collectionGids: [collection(1), ...many],
    });
    expect(products[43]).toEqual({ productGid: product(44), productType: null, collectionGids: [] });

    const log = fake.operations.map((o) => [o.name, o.requestedQueryCost]);
    expect(log).toEqual([
      ["ProductsForEarning", 480],
      ["ProductCollectionsPage", 104], // collections 21–120 of product 7
      ["ProductCollectionsPage", 104], // 121–131
      ["ProductsForEarning", 480],
      ["ProductsForEarning", 120], // the last 5
    ]);
    expect(PRODUCT_BATCH_SIZE).toBe(20);
  });

  it("refuses a malformed id before calling Shopify", async () => {
    const admin = await adminGraphqlForShop(TEST_SHOP);
    await expect(fetchProductData(admin, ["gid://shopify/ProductVariant/1"])).rejects.toThrow(
      'Not a Product GID: "gid://shopify/ProductVariant/1"'
    );
    expect(fake.operations).toEqual([]);
  });
});

describe("reward discounts through the real Shopify client", () => {
  const NOW = new Date("2026-11-23T10:00:00Z");
  const DAY = 24 * 60 * 60 * 1000;
  const reward = (overrides: Partial<import("~/shopify/graphql/discounts").RewardDiscountInput> = {}) => ({
    code: "PTS-AAAA-BBBB",
    title: "Loyalty reward: $5 off (PTS-AAAA-BBBB)",
    customerGid: CUSTOMER,
    kind: "fixed_amount" as const,
    amountMinor: 500,
    currency: "USD",
    minimumOrderMinor: null,
    startsAt: NOW,
    endsAt: new Date(NOW.getTime() + 30 * DAY),
    ...overrides,
  });
  const takenBy = (argument: string) => [
    { field: [argument, "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" },
  ];

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] }); // the fake's clock: timestamps and status are exact
    vi.setSystemTime(NOW);
    return () => vi.useRealTimers();
  });

  it("creates a fixed amount off, single use, for one customer", async () => {
    fake.state.addCustomer({ id: CUSTOMER });
    const admin = await adminGraphqlForShop(TEST_SHOP);

    await expect(discounts.createRewardDiscount(admin, reward())).resolves.toEqual({
      discountGid: "gid://shopify/DiscountCodeNode/1",
      code: "PTS-AAAA-BBBB",
    });

    expect(fake.discountByCode("PTS-AAAA-BBBB")).toEqual({
      id: "gid://shopify/DiscountCodeNode/1",
      redeemCodeId: "gid://shopify/DiscountRedeemCode/1",
      code: "PTS-AAAA-BBBB",
      title: "Loyalty reward: $5 off (PTS-AAAA-BBBB)",
      kind: "basic",
      value: { amount: "5.00", appliesOnEachItem: false },
      customerGids: [CUSTOMER],
      usageLimit: 1,
      appliesOncePerCustomer: true,
      startsAt: "2026-11-23T10:00:00.000Z",
      endsAt: "2026-12-23T10:00:00.000Z",
      minimum: null,
      combinesWith: { productDiscounts: false, orderDiscounts: false, shippingDiscounts: true },
      status: "ACTIVE",
      createdAt: "2026-11-23T10:00:00.000Z",
    });
    expect(fake.operations.map((o) => [o.name, o.outcome, o.requestedQueryCost])).toEqual([
      ["CreateRewardBasicDiscount", "ok", 10],
    ]);
  });

  it("creates a percentage off with a minimum order, scheduled until it starts", async () => {
    const admin = await adminGraphqlForShop(TEST_SHOP);
    const startsAt = new Date(NOW.getTime() + DAY);
    const input = reward({ kind: "percentage", amountMinor: undefined, percentBasisPoints: 1250, startsAt });

    await discounts.createRewardDiscount(admin, { ...input, minimumOrderMinor: 2000 });

    expect(fake.discountByCode("PTS-AAAA-BBBB")).toMatchObject({
      kind: "basic",
      value: { percentage: 0.125 },
      minimum: { subtotal: "20.00" },
      startsAt: "2026-11-24T10:00:00.000Z",
      status: "SCHEDULED",
    });
    vi.setSystemTime(startsAt);
    expect(fake.discountByCode("PTS-AAAA-BBBB")?.status).toBe("ACTIVE");
  });

  it("creates free shipping with discountCodeFreeShippingCreate", async () => {
    const admin = await adminGraphqlForShop(TEST_SHOP);

    const input = reward({ kind: "free_shipping", amountMinor: undefined });
    const created = await discounts.createRewardDiscount(admin, input);

    expect(created).toEqual({ discountGid: "gid://shopify/DiscountCodeNode/1", code: "PTS-AAAA-BBBB" });
    expect(fake.discountByCode("PTS-AAAA-BBBB")).toMatchObject({
      kind: "free_shipping",
      value: null,
      customerGids: [CUSTOMER],
      usageLimit: 1,
      appliesOncePerCustomer: true,
      combinesWith: { productDiscounts: false, orderDiscounts: true, shippingDiscounts: false },
    });
    expect(fake.operations.map((o) => o.name)).toEqual(["CreateRewardFreeShippingDiscount"]);
  });

  it("answers a created discount back like Shopify (union types, MoneyV2, customers)", async () => {
    fake.state.addCustomer({ id: CUSTOMER, email: "ada@example.com" });
    const admin = await adminGraphqlForShop(TEST_SHOP);
    await discounts.createRewardDiscount(admin, reward({ minimumOrderMinor: 2050 }));

    const data = await admin<{ codeDiscountNodeByCode: unknown }>(
      `query Read($code: String!) {
        codeDiscountNodeByCode(code: $code) {
          id
          codeDiscount {
            __typename
            ... on DiscountCodeBasic {
              title status discountClasses usageLimit appliesOncePerCustomer
              codes(first: 1) { nodes { code } }
              context { __typename ... on DiscountCustomers { customers { id email } } }
              customerGets {
                items { __typename }
                value { __typename ... on DiscountAmount { amount { amount currencyCode } appliesOnEachItem } }
              }
              minimumRequirement { ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } } }
            }
          }
        }
      }`,
      { code: "pts-aaaa-bbbb" }
    );

    expect(data.codeDiscountNodeByCode).toEqual({
      id: "gid://shopify/DiscountCodeNode/1",
      codeDiscount: {
        __typename: "DiscountCodeBasic",
        title: "Loyalty reward: $5 off (PTS-AAAA-BBBB)",
        status: "ACTIVE",
        discountClasses: ["ORDER"],
        usageLimit: 1,
        appliesOncePerCustomer: true,
        codes: { nodes: [{ code: "PTS-AAAA-BBBB" }] },
        context: { __typename: "DiscountCustomers", customers: [{ id: CUSTOMER, email: "ada@example.com" }] },
        customerGets: {
          items: { __typename: "AllDiscountItems" },
          value: {
            __typename: "DiscountAmount",
            amount: { amount: "5.0", currencyCode: "USD" },
            appliesOnEachItem: false,
          },
        },
        minimumRequirement: { greaterThanOrEqualToSubtotal: { amount: "20.5" } },
      },
    });
  });

  it("refuses a code that exists, whatever its case, as ShopifyUserError TAKEN", async () => {
    const admin = await adminGraphqlForShop(TEST_SHOP);
    await discounts.createRewardDiscount(admin, reward());
    fake.state.addDiscount({ code: "pts-cccc-dddd", title: "A merchant's own code" });

    const again = await rejection(discounts.createRewardDiscount(admin, reward({ code: "pts-aaaa-bbbb" })));
    expect(again).toBeInstanceOf(errors.ShopifyUserError);
    expect((again as InstanceType<typeof errors.ShopifyUserError>).userErrors).toEqual(takenBy("basicCodeDiscount"));
    expect(errors.isRetryableShopifyError(again)).toBe(false);

    const shipping = reward({ code: "PTS-CCCC-DDDD", kind: "free_shipping", amountMinor: undefined });
    const clash = await rejection(discounts.createRewardDiscount(admin, shipping));
    expect((clash as InstanceType<typeof errors.ShopifyUserError>).userErrors).toEqual(
      takenBy("freeShippingCodeDiscount")
    );
    expect(fake.state.discounts.size).toBe(2);
  });

  it("classifies an HTTP 500 as ShopifyUnavailableError, with nothing created", async () => {
    const admin = await adminGraphqlForShop(TEST_SHOP);
    fake.failNext(1, "http500");

    const error = await rejection(discounts.createRewardDiscount(admin, reward()));

    expect(error).toBeInstanceOf(errors.ShopifyUnavailableError);
    expect((error as InstanceType<typeof errors.ShopifyUnavailableError>).status).toBe(500);
    expect(fake.state.discounts.size).toBe(0);
    await expect(discounts.findDiscountByCode(admin, "PTS-AAAA-BBBB")).resolves.toBeNull();
  });

  it("recovers a create whose answer was lost: the lookup finds it, a second create is TAKEN", async () => {
    const admin = await adminGraphqlForShop(TEST_SHOP);
    fake.failNext(1, "lost-response");

    const lost = await rejection(discounts.createRewardDiscount(admin, reward()));
    expect(lost).toBeInstanceOf(errors.ShopifyUnavailableError);
    expect(errors.isRetryableShopifyError(lost)).toBe(true);

    await expect(discounts.findDiscountByCode(admin, "pts-aaaa-bbbb")).resolves.toEqual({
      discountGid: "gid://shopify/DiscountCodeNode/1",
    });
    await expect(discounts.createRewardDiscount(admin, reward())).rejects.toBeInstanceOf(errors.ShopifyUserError);
    expect(fake.operations.map((o) => [o.name, o.outcome, o.requestedQueryCost])).toEqual([
      ["CreateRewardBasicDiscount", "lost-response", 10],
      ["RewardDiscountByCode", "ok", 1],
      ["CreateRewardBasicDiscount", "ok", 10],
    ]);
  });

  it("deletes a code, and answers false when it is already gone", async () => {
    const admin = await adminGraphqlForShop(TEST_SHOP);
    const { discountGid } = await discounts.createRewardDiscount(admin, reward());

    await expect(discounts.deleteRewardDiscount(admin, discountGid)).resolves.toBe(true);
    await expect(discounts.deleteRewardDiscount(admin, discountGid)).resolves.toBe(false);
    await expect(discounts.findDiscountByCode(admin, "PTS-AAAA-BBBB")).resolves.toBeNull();
  });

  it("answers Shopify's userErrors for input Shopify refuses", async () => {
    const admin = await adminGraphqlForShop(TEST_SHOP);
    const basic = discounts.buildBasicDiscountInput(reward());
    const shipping = discounts.buildFreeShippingDiscountInput(reward({ kind: "free_shipping" }));
    type Payload = { codeDiscountNode: unknown; userErrors: unknown[] };
    const createBasic = (input: unknown) =>
      admin<{ discountCodeBasicCreate: Payload }>(discounts.DISCOUNT_CODE_BASIC_CREATE, { basicCodeDiscount: input });

    const refused = await admin<{ discountCodeFreeShippingCreate: Payload }>(
      discounts.DISCOUNT_CODE_FREE_SHIPPING_CREATE,
      { freeShippingCodeDiscount: { ...shipping, title: " ", combinesWith: { shippingDiscounts: true } } }
    );
    expect(refused.discountCodeFreeShippingCreate).toEqual({
      codeDiscountNode: null,
      userErrors: [
        {
          field: ["freeShippingCodeDiscount", "combinesWith"],
          message: "The combinesWith settings are not valid for the discount class.",
          code: "INVALID_COMBINES_WITH_FOR_DISCOUNT_CLASS",
        },
        { field: ["freeShippingCodeDiscount", "title"], message: "Title can't be blank", code: "BLANK" },
      ],
    });

    const outOfRange = await createBasic({
      ...basic,
      endsAt: "2026-11-22T00:00:00Z",
      customerGets: { items: { all: true }, value: { percentage: 1.5 } },
    });
    expect(outOfRange.discountCodeBasicCreate.userErrors).toEqual([
      {
        field: ["basicCodeDiscount", "endsAt"],
        message: "Ends at needs to be after starts_at",
        code: "INVALID",
      },
      {
        field: ["basicCodeDiscount", "customerGets", "value", "percentage"],
        message: "Value must be between 0.0 and 1.0",
        code: "VALUE_OUTSIDE_RANGE",
      },
    ]);
    expect(fake.state.discounts.size).toBe(0);
  });

  it("fails loudly on discount input it does not model", async () => {
    const admin = await adminGraphqlForShop(TEST_SHOP);
    const basic = discounts.buildBasicDiscountInput(reward());
    // Products and variants are modeled (the free-product reward); collections are not.
    const byCollection = {
      ...basic,
      customerGets: { ...basic.customerGets, items: { collections: { add: ["gid://shopify/Collection/1"] } } },
    };

    const error = await rejection(admin(discounts.DISCOUNT_CODE_BASIC_CREATE, { basicCodeDiscount: byCollection }));

    expect(error).toBeInstanceOf(errors.ShopifyGraphqlError);
    expect((error as Error).message).toContain(
      "Input basicCodeDiscount.customerGets.items.collections is not modeled by the fake Admin API"
    );
  });
});
