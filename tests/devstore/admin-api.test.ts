/**
 * The dev store's Admin GraphQL API over real HTTP: addressed by Host as the app's requests arrive, refused without
 * a token it issued, an invalid operation refused as Shopify refuses it (and logged), a valid one executed against
 * the seeded catalog with Shopify's cost answer; and its data survives a restart (tmp/devstore).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_APP_ID } from "../../devstore/admin-api";
import { readAppConfig } from "../../devstore/app-config";
import { startDevStore } from "../../devstore/server";
import { startTestDevStore } from "../support/devstore";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "../support/test-env";

const { devstore, shop, origin, logs, close } = await startTestDevStore();
afterAll(() => close());

const OFFLINE = "urn:shopify:params:oauth:token-type:offline-access-token";

/** An access token the way the app gets one: token exchange of an admin session token. */
async function accessToken(): Promise<string> {
  const response = await fetch(`https://${shop.domain}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      client_id: TEST_API_KEY,
      client_secret: TEST_API_SECRET,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: devstore.sessionToken(shop.domain),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: OFFLINE,
      expiring: "1",
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function graphql(query: string, variables: Record<string, unknown> = {}, token: string | null = null) {
  // https://<shop>/… reaches the dev store through devstore/network.mjs, as the app's requests do.
  const response = await fetch(`https://${shop.domain}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { "X-Shopify-Access-Token": token } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- asserting on Shopify's loosely shaped JSON
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe("the dev store's Admin GraphQL API", () => {
  it("refuses a request without a token it issued (401)", async () => {
    expect((await graphql("{ shop { name } }")).status).toBe(401);
    expect((await graphql("{ shop { name } }", {}, "shpat_made_up")).status).toBe(401);
  });

  it("refuses an invalid operation with Shopify's errors, executes nothing, and logs it", async () => {
    const token = await accessToken();
    const { status, body } = await graphql(
      `mutation SetPoints($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { id } userErrors { message } } }`,
      { m: [{ ownerId: "gid://shopify/Customer/1", namespace: "$app", key: "points_balance", type: "number_integer" }] },
      token,
    );
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toContain('Field "value" of required type "String!" was not provided');
    expect(shop.admin.metafieldsFor("gid://shopify/Customer/1")).toEqual([]);
    expect(shop.endpoint.operations.at(-1)).toMatchObject({ name: "SetPoints", outcome: "invalid" });
    expect(logs.some((line) => line.includes("REJECTED invalid Admin API operation SetPoints"))).toBe(true);
  });

  it("executes a valid operation against the seeded catalog, with the cost extension", async () => {
    const token = await accessToken();
    const { status, body } = await graphql(
      `query Catalog($ids: [ID!]!) {
        shop { name currencyCode ianaTimezone myshopifyDomain }
        nodes(ids: $ids) { ... on Product { id productType collections(first: 5) { nodes { id title } } } }
      }`,
      { ids: ["gid://shopify/Product/103", "gid://shopify/Product/999"] },
      token,
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.shop).toEqual({ name: shop.name, currencyCode: "USD", ianaTimezone: "America/New_York", myshopifyDomain: shop.domain });
    expect(body.data.nodes).toEqual([
      {
        id: "gid://shopify/Product/103",
        productType: "Snowboards",
        collections: {
          nodes: [
            { id: "gid://shopify/Collection/303", title: "Beginner Gear" },
            { id: "gid://shopify/Collection/301", title: "Winter Sale" },
          ],
        },
      },
      null,
    ]);
    expect(body.extensions.cost).toMatchObject({ throttleStatus: { maximumAvailable: 2000, restoreRate: 100 } });
    expect(body.extensions.cost.requestedQueryCost).toBeGreaterThan(body.extensions.cost.actualQueryCost);
  });

  it("throttles by cost, as Shopify does", async () => {
    const token = await accessToken();
    shop.endpoint.setBucket(0);
    // A query whose requested cost (about 250 points) takes the bucket seconds to restore at 100 points/s, so the
    // request is throttled however long it takes to arrive on a loaded machine.
    const { body } = await graphql(`{ products(first: 250) { nodes { id } } }`, {}, token);
    expect(body.errors[0].extensions.code).toBe("THROTTLED");
    const { requestedQueryCost, throttleStatus } = body.extensions.cost;
    expect(requestedQueryCost).toBeGreaterThan(200);
    expect(throttleStatus.currentlyAvailable).toBeLessThan(requestedQueryCost);
    expect(throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
    shop.endpoint.resetTraffic();
  });

  it("answers the admin, the storefront and the automation API on the same origin", async () => {
    expect((await fetch(`${origin}/store/${shop.handle}/orders`)).status).toBe(200);
    expect((await fetch(`${origin}/storefront?shop=${shop.domain}&customer=guest`)).status).toBe(200);
    const summary = (await (await fetch(`${origin}/devstore/api/shops/${shop.domain}/summary`)).json()) as Record<string, unknown>;
    expect(summary).toMatchObject({ shop: shop.domain, customers: 12, products: 12, collections: 4 });
  });
});

describe("persistence", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "devstore-data-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const options = {
    port: 0,
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    appUrl: TEST_APP_URL,
    app: readAppConfig(),
    appId: DEFAULT_APP_ID,
    defaultShop: "persisted.myshopify.com",
    dataDir,
    log: () => undefined,
  };

  it("keeps a shop's data, its counters and the tokens it issued across a restart", async () => {
    const first = await startDevStore(options);
    const before = first.state.shop("persisted.myshopify.com");
    before.admin.putMetafield(
      { ownerId: "gid://shopify/Customer/2", namespace: "app--1234567", key: "points_balance", type: "number_integer", value: "120" },
      new Date().toISOString(),
    );
    first.state.save(before);
    await first.close();

    const second = await startDevStore(options);
    const after = second.state.shop("persisted.myshopify.com");
    expect(after.admin.metafield("gid://shopify/Customer/2", "app--1234567", "points_balance")?.value).toBe("120");
    expect(after.toJSON()).toEqual(before.toJSON());
    await second.close();
  });
});
