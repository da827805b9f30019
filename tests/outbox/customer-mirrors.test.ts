/**
 * Merchant-owned mirrors (ADR 031) through the real services and outbox against the faithful fake Admin API:
 * turning them on creates the definitions and writes every member's copies and tier tag; a tier change swaps the
 * tag; turning them off removes exactly what the app wrote; a refused call is retried and leaves the record true.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { runDueJobs } from "~/loyalty/server/outbox.server";
import { saveProgram } from "~/loyalty/server/program-admin.server";
import { getShopProgram } from "~/loyalty/server/program.server";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi();
const handlers = createJobHandlers(prisma, adminGraphqlForShop);
const CUSTOMER_GID = "gid://shopify/Customer/115310627314723954";
let clock = Date.now();
const tick = () => new Date((clock += 60 * 60_000));

beforeEach(async () => {
  clock = Date.now();
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID, tags: ["VIP", "wholesale"] });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

async function payOrder(orderId: string) {
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.id = exactId(orderId);
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
}

async function chooseMirrors(mirrors: { mirrorMetafields: boolean; tierTags: boolean }) {
  const { settings } = await getShopProgram(prisma, TEST_SHOP);
  expect(await saveProgram(prisma, TEST_SHOP, { ...settings, ...mirrors }, { confirmTierChange: false, now: new Date(clock) })).toMatchObject({ status: "saved" });
}

/** Runs the outbox until nothing is due (the resync fans out a job per member). */
async function drain() {
  for (let i = 0; i < 10; i++) {
    const result = await runDueJobs(prisma, handlers, { now: tick() });
    expect(result.dead).toBe(0);
    if (result.done + result.retried === 0) return;
  }
}

const mirror = () =>
  Object.fromEntries(fake.metafieldsFor(CUSTOMER_GID).filter((m) => m.namespace === "loyalty").map((m) => [m.key, `${m.type}:${m.value}`]));
const tags = () => fake.state.customers.get(CUSTOMER_GID)?.tags;

describe("merchant-owned mirrors", () => {
  it("are off by default: only the app's own metafields are written", async () => {
    await payOrder("820982911946154508");
    await drain();
    expect(mirror()).toEqual({});
    expect(tags()).toEqual(["VIP", "wholesale"]);
    expect(fake.state.metafieldDefinitions.size).toBe(0);
  });

  it("once on, define the metafields, copy balance, tier and lifetime spend, and tag the tier", async () => {
    await payOrder("820982911946154508");
    await drain();
    await chooseMirrors({ mirrorMetafields: true, tierTags: true });
    await drain();

    expect([...fake.state.metafieldDefinitions.values()].map((d) => `${d.ownerType} ${d.namespace}.${d.key} ${d.type}`).sort()).toEqual([
      "CUSTOMER loyalty.lifetime_spend number_decimal",
      "CUSTOMER loyalty.points_balance number_integer",
      "CUSTOMER loyalty.tier single_line_text_field",
    ]);
    const member = await prisma.member.findFirstOrThrow();
    const spend = await prisma.ledgerEntry.aggregate({ where: { memberId: member.id }, _sum: { spendMinor: true } });
    const spendMinor = Number(spend._sum.spendMinor);
    expect(spendMinor).toBeGreaterThan(0);
    expect(mirror()).toEqual({
      points_balance: `number_integer:${member.balance}`,
      tier: "single_line_text_field:Bronze",
      lifetime_spend: `number_decimal:${(spendMinor / 100).toFixed(2)}`,
    });
    expect(tags()).toEqual(["VIP", "wholesale", "Loyalty tier: Bronze"]);
    expect(member).toMatchObject({ mirroredMetafields: true, taggedTier: "Loyalty tier: Bronze" });
    // The app's own metafields are still written alongside.
    expect(fake.metafieldsFor(CUSTOMER_GID).filter((m) => m.namespace !== "loyalty").map((m) => m.key).sort()).toEqual([
      "points_balance",
      "points_expiring",
      "tier",
      "tier_progress",
    ]);
  });

  it("swap the tier tag when the tier changes, and follow the balance", async () => {
    await chooseMirrors({ mirrorMetafields: true, tierTags: true });
    await payOrder("820982911946154508");
    await drain();
    expect(tags()).toContain("Loyalty tier: Bronze");
    await payOrder("1002");
    await drain();
    const member = await prisma.member.findFirstOrThrow();
    expect(tags()).toEqual(["VIP", "wholesale", "Loyalty tier: Silver"]);
    expect(mirror()).toMatchObject({ points_balance: `number_integer:${member.balance}`, tier: "single_line_text_field:Silver" });
  });

  it("once off again, remove exactly what the app wrote, and nothing of the merchant's", async () => {
    await chooseMirrors({ mirrorMetafields: true, tierTags: true });
    await payOrder("820982911946154508");
    await drain();
    await chooseMirrors({ mirrorMetafields: false, tierTags: false });
    await drain();
    expect(mirror()).toEqual({});
    expect(tags()).toEqual(["VIP", "wholesale"]);
    expect(await prisma.member.findFirstOrThrow()).toMatchObject({ mirroredMetafields: false, taggedTier: null });
  });

  it("retry a tag Shopify refuses, recording it only once it is written", async () => {
    await payOrder("820982911946154508");
    await drain();
    // The customer is at Shopify's 250-tag limit: tagsAdd answers a userError.
    const full = Array.from({ length: 250 }, (_, n) => `tag-${n}`);
    const customer = fake.state.customers.get(CUSTOMER_GID);
    if (customer) customer.tags = [...full];
    await chooseMirrors({ mirrorMetafields: true, tierTags: true });
    await runDueJobs(prisma, handlers, { now: tick() }); // definitions and the resync
    const failed = await runDueJobs(prisma, handlers, { now: tick() }); // the member's sync
    expect(failed).toMatchObject({ done: 0, retried: 1 });
    const job = await prisma.outboxJob.findFirstOrThrow({ where: { kind: "sync-metafields", doneAt: null } });
    expect(job.lastError).toMatch(/tagsAdd.*250 tags/);
    expect(await prisma.member.findFirstOrThrow()).toMatchObject({ taggedTier: null });
    expect(tags()).toEqual(full);

    // The merchant makes room; the retry writes the tag and records it.
    if (customer) customer.tags = full.slice(0, 10);
    await drain();
    expect(tags()).toEqual([...full.slice(0, 10), "Loyalty tier: Bronze"]);
    expect(await prisma.member.findFirstOrThrow()).toMatchObject({ taggedTier: "Loyalty tier: Bronze", mirroredMetafields: true });
  });

  it("create each definition once, however often the merchant turns the mirror on", async () => {
    await chooseMirrors({ mirrorMetafields: true, tierTags: false });
    await drain();
    await chooseMirrors({ mirrorMetafields: false, tierTags: false });
    await chooseMirrors({ mirrorMetafields: true, tierTags: false });
    await drain();
    expect(fake.state.metafieldDefinitions.size).toBe(3);
    expect(await prisma.outboxJob.count({ where: { kind: "ensure-mirror-definitions", deadAt: { not: null } } })).toBe(0);
  });
});
