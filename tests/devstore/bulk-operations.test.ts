/**
 * The dev store's bulk query operations over real HTTP, as the app meets them: `bulkOperationRunQuery` validated
 * against the real schema (an invalid query is a userError), the operation polled by `node(id:)` and
 * `currentBulkOperation`, its JSONL result downloaded from the operation's `url` (one line per node, nested
 * connections flattened with `__parentId`), a failure reported with its errorCode, an expired file refused (403).
 */
import { afterAll, describe, expect, it } from "vitest";
import { BULK_OPERATION_RUN_QUERY, BULK_OPERATION_STATUS, CUSTOMERS_BULK_QUERY } from "~/shopify/graphql/bulk-customers";
import { exchangeOfflineToken, startTestDevStore } from "../support/devstore";

const { devstore, shop, close } = await startTestDevStore();
afterAll(() => close());


const { accessToken: token } = await exchangeOfflineToken({ devstore, shop });

async function graphql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`https://${shop.domain}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- asserting on Shopify's loosely shaped JSON
  return (await response.json()) as Record<string, any>;
}

describe("the dev store's bulk operations", () => {
  it("runs the customers' query, reports it, and serves its JSONL at the operation's url", async () => {
    const customers = [...shop.admin.customers.values()];
    expect(customers.length).toBeGreaterThan(0);
    const started = await graphql(BULK_OPERATION_RUN_QUERY, { query: CUSTOMERS_BULK_QUERY });
    expect(started.errors).toBeUndefined();
    expect(started.data.bulkOperationRunQuery.userErrors).toEqual([]);
    const { id, status } = started.data.bulkOperationRunQuery.bulkOperation;
    expect(id).toMatch(/^gid:\/\/shopify\/BulkOperation\/\d+$/);
    expect(status).toBe("CREATED");

    const polled = await graphql(BULK_OPERATION_STATUS, { id });
    expect(polled.data.node).toMatchObject({ id, status: "COMPLETED", errorCode: null, objectCount: String(customers.length) });
    const current = await graphql("query { currentBulkOperation { id status url } }");
    expect(current.data.currentBulkOperation).toEqual({ id, status: "COMPLETED", url: polled.data.node.url });

    const file = await fetch(polled.data.node.url);
    expect(file.status).toBe(200);
    const lines = (await file.text()).trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual(
      customers.map((c) => ({
        id: c.id,
        firstName: c.firstName,
        lastName: c.lastName,
        defaultEmailAddress: c.email === null ? null : { emailAddress: c.email },
      })),
    );

    shop.endpoint.bulk.expire(id);
    expect((await graphql(BULK_OPERATION_STATUS, { id })).data.node).toMatchObject({ status: "EXPIRED", url: null });
    expect((await fetch(polled.data.node.url)).status).toBe(403);
  });

  it("flattens a nested connection into lines naming their parent", async () => {
    const started = await graphql(BULK_OPERATION_RUN_QUERY, {
      query: "{ products { edges { node { id productType collections(first: 10) { edges { node { id title } } } } } } }",
    });
    const id = started.data.bulkOperationRunQuery.bulkOperation.id;
    const { url } = (await graphql(BULK_OPERATION_STATUS, { id })).data.node;
    const lines = (await (await fetch(url)).text()).trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    const expected = [...shop.admin.products.values()].flatMap((product) => [
      { id: product.id, productType: product.productType },
      ...product.collectionIds.map((collectionId) => ({ id: collectionId, title: shop.admin.collections.get(collectionId)?.title, __parentId: product.id })),
    ]);
    expect(lines).toEqual(expected);
    expect(lines.some((line) => "__parentId" in line)).toBe(true);
  });

  it("refuses an invalid bulk query with a userError, and reports a failed operation's errorCode", async () => {
    const invalid = await graphql(BULK_OPERATION_RUN_QUERY, { query: "{ customers { edges { node { id nope } } } }" });
    expect(invalid.data.bulkOperationRunQuery).toMatchObject({ bulkOperation: null, userErrors: [{ field: ["query"], code: "INVALID" }] });
    const noConnection = await graphql(BULK_OPERATION_RUN_QUERY, { query: "{ shop { name } }" });
    expect(noConnection.data.bulkOperationRunQuery.userErrors[0].message).toContain("top-level connection");

    shop.endpoint.bulk.failNext("ACCESS_DENIED");
    const started = await graphql(BULK_OPERATION_RUN_QUERY, { query: CUSTOMERS_BULK_QUERY });
    const id = started.data.bulkOperationRunQuery.bulkOperation.id;
    expect((await graphql(BULK_OPERATION_STATUS, { id })).data.node).toMatchObject({ status: "FAILED", errorCode: "ACCESS_DENIED", url: null });
  });
});
