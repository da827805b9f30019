/**
 * The banner's data, end to end: program and reward changes queue the program-facts job, the member's sync writes
 * their next expiring points, both land in Shopify (the faithful fake Admin API), and the launcher embed renders the
 * banner from exactly what Shopify holds.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { pauseProgram } from "~/loyalty/server/launch.server";
import { PROGRAM_FACTS_SYNC, runDueJobs } from "~/loyalty/server/outbox.server";
import { archiveReward, saveReward } from "~/loyalty/server/program-admin.server";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { PROGRAM_FACTS_KEY, PROGRAM_FACTS_NAMESPACE } from "~/shopify/graphql/app-metafields";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { renderBlock } from "../support/storefront/liquid";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi();
const handlers = createJobHandlers(prisma, adminGraphqlForShop);
const CUSTOMER_GID = "gid://shopify/Customer/115310627314723954";
const at = (offsetMs = 1) => new Date(Date.now() + offsetMs);

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  await prisma.reward.deleteMany({ where: { shop: TEST_SHOP } });
  fake.state.addCustomer({ id: CUSTOMER_GID });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

const programFactsHeld = () => fake.metafieldsFor(fake.state.appInstallationId);
const expiringHeld = () => JSON.parse(fake.metafieldsFor(CUSTOMER_GID).find((m) => m.key === "points_expiring")?.value ?? "null") as unknown;

async function banner(): Promise<string | null> {
  const html = await renderBlock(
    { name: "launcher", id: "embed", settings: { banner_expiry_days: 31 } },
    { customer: { id: "115310627314723954", firstName: "Bob", metafields: fake.metafieldsFor(CUSTOMER_GID) }, appMetafields: programFactsHeld() },
  );
  const text = /<p class="lr-banner__text">([\s\S]*?)<\/p>/.exec(html)?.[1];
  return text ? text.replace(/\s+/g, " ").trim() : null;
}

async function payOrderToday() {
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.id = exactId("820982911946154508");
  order.processed_at = new Date().toISOString();
  const response = await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)));
  expect(response.status).toBe(200);
}

describe("program facts", () => {
  it("follows reward changes and the program's status, once per change, in Shopify's app-data metafield", async () => {
    const reward = { name: "$4 off", kind: "fixed_amount", pointsCost: 400, amountMinor: 400, percentBasisPoints: null, minimumOrderMinor: null, expiryDays: 30 };
    const saved = await saveReward(prisma, TEST_SHOP, null, reward, { clientKey: "reward-key-1", now: at() });
    await saveReward(prisma, TEST_SHOP, null, { ...reward, name: "$9 off", pointsCost: 900, amountMinor: 900 }, { clientKey: "reward-key-2", now: at() });
    // Two saves, one coalesced job.
    expect(await prisma.outboxJob.count({ where: { kind: PROGRAM_FACTS_SYNC, doneAt: null } })).toBe(1);
    expect(programFactsHeld()).toEqual([]);

    expect(await runDueJobs(prisma, handlers, { now: at(10) })).toMatchObject({ done: 1, retried: 0 });
    const held = programFactsHeld()[0] ?? null;
    expect(held).toMatchObject({ namespace: PROGRAM_FACTS_NAMESPACE, key: PROGRAM_FACTS_KEY, type: "json" });
    expect(JSON.parse(held?.value ?? "null")).toEqual({
      status: "live",
      earn_milli_per_major: 1000,
      currency: "USD",
      rewards: [
        { name: "$4 off", cost: 400, kind: "fixed_amount", amount_minor: 400, percent: null },
        { name: "$9 off", cost: 900, kind: "fixed_amount", amount_minor: 900, percent: null },
      ],
      // The storefront features (tests/storefront/storefront-features-sync.test.ts): none used by this shop.
      engagement: false,
      referrals: false,
      birthdays: false,
      follows: false,
    });

    await archiveReward(prisma, TEST_SHOP, saved.reward.id, at(20));
    await pauseProgram(prisma, TEST_SHOP);
    expect(await runDueJobs(prisma, handlers, { now: at(5000) })).toMatchObject({ done: 1 });
    expect(JSON.parse(programFactsHeld()[0]?.value ?? "null")).toMatchObject({ status: "paused", rewards: [{ name: "$9 off" }] });
  });

  it("is retried when Shopify refuses, and the banner waits for it", async () => {
    await saveReward(prisma, TEST_SHOP, null, { name: "Free shipping", kind: "free_shipping", pointsCost: 100, expiryDays: 30 }, { clientKey: "reward-key-3", now: at() });
    fake.failNext(1, "http500");
    expect(await runDueJobs(prisma, handlers, { now: at(10) })).toMatchObject({ done: 0, retried: 1 });
    expect(await banner()).toBeNull();
    expect(await runDueJobs(prisma, handlers, { now: at(10 * 60_000) })).toMatchObject({ done: 1 });
    expect(programFactsHeld()).toHaveLength(1);
  });
});

describe("points expiring", () => {
  it("writes the member's next expiring points with the award's sync, and the banner announces them", async () => {
    await prisma.program.update({ where: { shop: TEST_SHOP }, data: { expiryDays: 30 } });
    await saveReward(prisma, TEST_SHOP, null, { name: "$2 off", kind: "fixed_amount", pointsCost: 200, amountMinor: 200, expiryDays: 30 }, { clientKey: "reward-key-4", now: at() });
    await payOrderToday();
    await runDueJobs(prisma, handlers, { now: at(10) });

    const lot = await prisma.ledgerEntry.findFirstOrThrow({ where: { type: "earn" } });
    const expiresAt = lot.expiresAt ?? new Date(0);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(expiringHeld()).toEqual({
      points: Number(lot.points),
      expires_on: expiresAt.toISOString().slice(0, 10), // the test shop's zone is UTC
      expires_at_s: Math.floor(expiresAt.getTime() / 1000),
    });
    expect(await banner()).toMatch(new RegExp(`^${Number(lot.points)} points expire on [A-Z][a-z]{2} \\d{1,2}\\. Use them before then\\.$`));
  });

  it("writes { points: 0 } once nothing is left to expire, so the banner turns to the reward", async () => {
    await payOrderToday();
    await saveReward(prisma, TEST_SHOP, null, { name: "$2 off", kind: "fixed_amount", pointsCost: 200, amountMinor: 200, expiryDays: 30 }, { clientKey: "reward-key-5", now: at() });
    await runDueJobs(prisma, handlers, { now: at(10) });
    expect(expiringHeld()).toEqual({ points: 0 });
    expect(await banner()).toMatch(/^You have \d[\d,]* points: enough for \$2\.00 off\.$/);
  });
});
