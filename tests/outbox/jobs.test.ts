/**
 * The outbox against a faithful fake of Shopify's Admin API (real 2026-10 schema, cost-based throttling):
 * awards that wait for product data, storefront metafield sync, and Shopify failures that must lose nothing.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { runDueJobs } from "~/loyalty/server/outbox.server";
import { saveProgramSettings } from "~/loyalty/server/program.server";
import { DEFAULT_PROGRAM_SETTINGS } from "~/loyalty/program";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { forgetProgramFactsSync, prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi(); // already listening (tests/support/setup-env.ts); returns the running fake
const handlers = createJobHandlers(prisma, adminGraphqlForShop);
const CUSTOMER_GID = "gid://shopify/Customer/115310627314723954";
const PRODUCT_GID = "gid://shopify/Product/788032119674292922";
const ORDER_GID = "gid://shopify/Order/820982911946154508";

function paidOrderBody(orderId = "820982911946154508"): string {
  const order = webhookExample<Record<string, unknown> & { line_items: Record<string, unknown>[] }>("orders/paid");
  order.id = exactId(orderId);
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  for (const line of order.line_items) if (line.product_id) line.product_id = exactId("788032119674292922");
  return toRawJson(order);
}

async function payOrder(orderId?: string) {
  const response = await deliver(ordersPaid, webhookRequest("orders/paid", paidOrderBody(orderId)));
  expect(response.status).toBe(200);
}

async function useProductTypeRate() {
  await prisma.$transaction((tx) =>
    saveProgramSettings(tx, TEST_SHOP, {
      ...structuredClone(DEFAULT_PROGRAM_SETTINGS),
      productTypeRates: [{ productType: "Sunglasses", rateMilli: 3000 }],
      tierProgram: { ...DEFAULT_PROGRAM_SETTINGS.tierProgram, tiers: [] },
    }),
  );
  await forgetProgramFactsSync(TEST_SHOP);
}

/** Job clock: the webhook routes stamp jobs with the real time, so the runner's "now" is measured from it. */
const at = (offsetMs = 1) => new Date(Date.now() + offsetMs);

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("an award that needs product data", () => {
  it("waits for the product type, then awards at the product-type rate", async () => {
    await useProductTypeRate();
    fake.state.addProduct({ id: PRODUCT_GID, productType: "Sunglasses", collectionIds: ["gid://shopify/Collection/1"] });

    await payOrder();
    expect(await prisma.ledgerEntry.count()).toBe(0);
    expect((await prisma.orderRecord.findFirst())?.status).toBe("awaiting_product_data");

    const result = await runDueJobs(prisma, handlers, { now: at() });
    // The award runs; the storefront sync it queues is due now too but was not in this batch's snapshot.
    expect(result).toMatchObject({ done: 1, retried: 0 });
    const earn = await prisma.ledgerEntry.findFirstOrThrow({ where: { type: "earn" } });
    // Product lines (87.82 + 156.13 + 117.10 after the spread discount) at 3 pts/$ = 1083.15,
    // custom lines (19.51 + 24.39) at 1 pt/$ = 43.90: floor(1127.05) = 1127.
    expect(earn.points).toBe(1127n);
    expect(earn.explanation).toContain("product type Sunglasses, 3 pts/$");
    expect(await prisma.productCache.count()).toBe(1);
    expect(fake.operations.every((op) => op.outcome === "ok")).toBe(true);
  });

  it("loses nothing when Shopify fails: the job is retried with backoff and completes later", async () => {
    await useProductTypeRate();
    fake.state.addProduct({ id: PRODUCT_GID, productType: "Sunglasses" });
    await payOrder();

    fake.failNext(1, "http500");
    const failedAt = at();
    const first = await runDueJobs(prisma, handlers, { now: failedAt });
    expect(first).toMatchObject({ done: 0, retried: 1 });
    expect(await prisma.ledgerEntry.count()).toBe(0);
    const job = await prisma.outboxJob.findFirstOrThrow();
    expect(job.lastError).toMatch(/Unavailable|500/i);
    expect(job.runAfter.getTime()).toBeGreaterThan(failedAt.getTime());

    // Not due yet: nothing runs.
    expect(await runDueJobs(prisma, handlers, { now: new Date(failedAt.getTime() + 500) })).toMatchObject({ done: 0, retried: 0 });
    const later = await runDueJobs(prisma, handlers, { now: at(5 * 60_000) });
    expect(later.done).toBeGreaterThanOrEqual(1);
    expect((await prisma.ledgerEntry.findFirstOrThrow()).points).toBe(1127n);
  });

  it("waits as long as Shopify's cost figures say when throttled", async () => {
    await useProductTypeRate();
    fake.state.addProduct({ id: PRODUCT_GID, productType: "Sunglasses" });
    await payOrder();

    fake.failNext(1, "throttled");
    const now = at();
    expect(await runDueJobs(prisma, handlers, { now })).toMatchObject({ retried: 1 });
    const job = await prisma.outboxJob.findFirstOrThrow();
    expect(job.lastError).toMatch(/Throttled/i);
    const waitMs = job.runAfter.getTime() - now.getTime();
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(20_000);
  });

  it("does not queue a second award when the order is delivered again while it waits", async () => {
    await useProductTypeRate();
    await payOrder();
    await payOrder();
    expect(await prisma.outboxJob.count({ where: { kind: "award-order" } })).toBe(1);
    expect(await prisma.ledgerEntry.count()).toBe(0);
  });
});

describe("storefront metafield sync", () => {
  it("writes balance, tier and progress to the customer's app metafields after an award", async () => {
    fake.state.addCustomer({ id: CUSTOMER_GID });
    await payOrder();
    expect(await prisma.outboxJob.count({ where: { kind: "sync-metafields" } })).toBe(1);

    expect(await runDueJobs(prisma, handlers, { now: at() })).toMatchObject({ done: 1 });
    const metafields = Object.fromEntries(fake.metafieldsFor(CUSTOMER_GID).map((m) => [m.key, m.value]));
    expect(metafields.points_balance).toBe("404");
    expect(metafields.tier).toBe("Bronze");
    expect(JSON.parse(metafields.tier_progress ?? "{}")).toMatchObject({
      tier: "Bronze",
      next_tier: "Silver",
      remaining: 96,
      message: "Earn 96 more points to reach Silver",
    });
    const sent = fake.operations.filter((op) => op.outcome === "ok");
    expect(sent.length).toBeGreaterThan(0);
  });

  it("shows unvested points as pending, not spendable", async () => {
    fake.state.addCustomer({ id: CUSTOMER_GID });
    await prisma.program.upsert({ where: { shop: TEST_SHOP }, create: { shop: TEST_SHOP, vestingDays: 14 }, update: { vestingDays: 14 } });
    const order = JSON.parse(paidOrderBody("1003")) as Record<string, unknown>;
    order.processed_at = new Date().toISOString();
    expect((await deliver(ordersPaid, webhookRequest("orders/paid", JSON.stringify(order)))).status).toBe(200);

    await runDueJobs(prisma, handlers, { now: at() });
    const values = Object.fromEntries(fake.metafieldsFor(CUSTOMER_GID).map((m) => [m.key, m.value]));
    expect(values.points_balance).toBe("0");
    expect(JSON.parse(values.tier_progress ?? "{}")).toMatchObject({ pending_points: 404 });

    // Fifteen days later the vesting sync runs and the points are spendable.
    await runDueJobs(prisma, handlers, { now: at(15 * 24 * 60 * 60 * 1000) });
    expect(fake.metafieldsFor(CUSTOMER_GID).find((m) => m.key === "points_balance")?.value).toBe("404");
  });

  it("coalesces several changes of one member into one sync of the latest state", async () => {
    fake.state.addCustomer({ id: CUSTOMER_GID });
    await payOrder("1001");
    await payOrder("1002");
    expect(await prisma.outboxJob.count({ where: { kind: "sync-metafields" } })).toBe(1);
    await runDueJobs(prisma, handlers, { now: at() });
    const balance = fake.metafieldsFor(CUSTOMER_GID).find((m) => m.key === "points_balance");
    // Both orders earned 404 at Bronze ×1 (404 < Silver's 500 when the second was paid): the one sync writes 808.
    expect(balance?.value).toBe("808");
    expect((await prisma.member.findFirstOrThrow()).balance).toBe(808n);
  });

  it("never blocks or loses points when Shopify refuses the sync; it retries", async () => {
    fake.state.addCustomer({ id: CUSTOMER_GID });
    await payOrder();
    fake.failNext(1, "network");
    expect(await runDueJobs(prisma, handlers, { now: at() })).toMatchObject({ retried: 1 });
    expect((await prisma.member.findFirstOrThrow()).balance).toBe(404n);
    expect(await runDueJobs(prisma, handlers, { now: at(60 * 60_000) })).toMatchObject({ done: 1 });
    expect(fake.metafieldsFor(CUSTOMER_GID).find((m) => m.key === "points_balance")?.value).toBe("404");
  });
});

describe("the order GID used by jobs", () => {
  it("is the exact GID from the payload", async () => {
    await useProductTypeRate();
    await payOrder();
    const job = await prisma.outboxJob.findFirstOrThrow({ where: { kind: "award-order" } });
    expect(JSON.parse(job.payload)).toEqual({ orderGid: ORDER_GID });
  });
});
