/**
 * Across product groups, through the real webhook route, the outbox and the faithful fake Admin API: the
 * product-groups job reads the earn entries, fetches the product types the award never needed (no type rules),
 * records each member's groups per month once, and the insights show the share of cross-group buyers.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getInsightsView } from "~/loyalty/server/insights.server";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { runDueJobs } from "~/loyalty/server/outbox.server";
import { enqueueProductGroups, RECORD_PRODUCT_GROUPS } from "~/loyalty/server/product-groups.server";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi();
const all = createJobHandlers(prisma, adminGraphqlForShop);
/** Only the job under test runs (the awards' storefront syncs are other tests' business). */
const handlers = { [RECORD_PRODUCT_GROUPS]: all[RECORD_PRODUCT_GROUPS] } as typeof all;
const BOARD = "788032119674292922";
const WAX = "788032119674292923";
const at = (offsetMs = 1) => new Date(Date.now() + offsetMs);

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addProduct({ id: `gid://shopify/Product/${BOARD}`, productType: "Snowboards" });
  fake.state.addProduct({ id: `gid://shopify/Product/${WAX}`, productType: "Wax" });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

/** Shopify's example order, its lines bought from the given products (the last one repeated). */
async function payOrder(orderId: string, products: string[]) {
  const order = webhookExample<Record<string, unknown> & { line_items: Record<string, unknown>[] }>("orders/paid");
  order.id = exactId(orderId);
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  order.processed_at = new Date().toISOString();
  order.line_items.forEach((line, index) => {
    if (line.product_id) line.product_id = exactId(products[Math.min(index, products.length - 1)] ?? BOARD);
  });
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
}

async function runGroupsJob() {
  await enqueueProductGroups(prisma, TEST_SHOP, at());
  const result = await runDueJobs(prisma, handlers, { now: at(10) });
  expect(result).toMatchObject({ retried: 0, dead: 0 });
}

describe("across product groups", () => {
  it("records a member's product types per month from the ledger, fetching the types the award did not need", async () => {
    await payOrder("1001", [BOARD, WAX]);
    expect(await prisma.productCache.count()).toBe(0); // no type rules: the award never asked Shopify
    await runGroupsJob();

    const rows = await prisma.memberProductGroups.findMany();
    expect(rows.map((row) => [row.month, JSON.parse(row.groups)])).toEqual([[new Date().toISOString().slice(0, 7), ["Snowboards", "Wax"]]]);
    expect(await prisma.productCache.count()).toBe(2);
    expect(fake.operations.filter((op) => op.name === "ProductsForEarning")).toHaveLength(1);

    // Caught up: a second run reads nothing new, asks Shopify nothing, changes nothing.
    const before = fake.operations.length;
    await runGroupsJob();
    expect(await prisma.memberProductGroups.findMany()).toEqual(rows);
    expect(fake.operations.slice(before).filter((op) => op.name === "ProductsForEarning")).toHaveLength(0);
  });

  it("merges later orders of the month, and the insights show the share of members buying from 2+ types", async () => {
    await payOrder("1001", [BOARD]);
    await runGroupsJob();
    let view = await getInsightsView(prisma, TEST_SHOP, { months: 3, marginBasisPoints: null }, at(20));
    expect(view.state === "ready" && view.page.productGroups?.window).toEqual({ buyers: 1, crossBuyers: 0, crossBasisPoints: 0 });

    await payOrder("1002", [WAX]);
    await runGroupsJob();
    expect(JSON.parse((await prisma.memberProductGroups.findFirstOrThrow()).groups)).toEqual(["Snowboards", "Wax"]);
    await prisma.insightsSnapshot.deleteMany();
    view = await getInsightsView(prisma, TEST_SHOP, { months: 3, marginBasisPoints: null }, at(30));
    expect(view.state === "ready" && view.page.productGroups?.window).toEqual({ buyers: 1, crossBuyers: 1, crossBasisPoints: 10000 });
    expect(view.state === "ready" && view.page.productGroups?.groups).toEqual([
      { name: "Snowboards", members: 1 },
      { name: "Wax", members: 1 },
    ]);
  });

  it("resumes from its cursor when Shopify fails: nothing is recorded twice", async () => {
    await payOrder("1001", [BOARD, WAX]);
    fake.failNext(1, "http500");
    await enqueueProductGroups(prisma, TEST_SHOP, at());
    expect(await runDueJobs(prisma, handlers, { now: at(10) })).toMatchObject({ retried: 1 });
    expect(await prisma.memberProductGroups.count()).toBe(0);
    expect(await prisma.productGroupsCursor.count()).toBe(0);
    expect(await runDueJobs(prisma, handlers, { now: at(60_000) })).toMatchObject({ retried: 0, dead: 0 });
    expect(JSON.parse((await prisma.memberProductGroups.findFirstOrThrow()).groups)).toEqual(["Snowboards", "Wax"]);
    expect(await prisma.outboxJob.count({ where: { kind: RECORD_PRODUCT_GROUPS, doneAt: null } })).toBe(0);
  });
});
