/**
 * The storefront features in the program facts, end to end: each merchant change that makes or unmakes a feature
 * (referral settings, bonus settings, the Flow "birthday coming" switch, badges and challenges) queues the facts job
 * in its own transaction; the job writes the flags to Shopify's app-data metafield (the faithful fake Admin API);
 * the storefront renders a feature's snippet only from what Shopify holds. A challenge that ends without any save
 * turns the flag off at its end (the job queued itself for that moment).
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_ENGAGEMENT_SETTINGS, type EngagementSettings } from "~/loyalty/actions";
import { DEFAULT_REFERRAL_SETTINGS } from "~/loyalty/referrals";
import type { StorefrontFeatures } from "~/loyalty/reminders";
import { removeBadge, removeChallenge, saveBadge, saveChallenge } from "~/loyalty/server/engagement-admin.server";
import { saveEngagementSettings } from "~/loyalty/server/engagement-settings.server";
import { saveFlowSettings } from "~/loyalty/server/flow-settings.server";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { PROGRAM_FACTS_SYNC, runDueJobs } from "~/loyalty/server/outbox.server";
import { challengeEndKey } from "~/loyalty/server/program-facts.server";
import { saveReferralSettings } from "~/loyalty/server/referrals.server";
import { addDays, localDateOf } from "~/loyalty/reports/calendar";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { PROGRAM_FACTS_KEY, PROGRAM_FACTS_NAMESPACE } from "~/shopify/graphql/app-metafields";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { renderPage } from "../support/storefront/liquid";
import { TEST_SHOP } from "../support/test-env";
import { deliver, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi();
const handlers = createJobHandlers(prisma, adminGraphqlForShop);
const OFF: StorefrontFeatures = { engagement: false, referrals: false, birthdays: false, follows: false };
let clock = Date.now();
const tick = (ms = 1000) => new Date((clock += ms));

beforeEach(async () => {
  clock = Date.now();
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

/** The shop's queued (not yet run) facts rewrites. */
const queued = () => prisma.outboxJob.count({ where: { kind: PROGRAM_FACTS_SYNC, doneAt: null, dedupeKey: TEST_SHOP } });

/** Runs the due jobs now and answers the flags Shopify holds. */
async function syncedFeatures(now = tick()): Promise<StorefrontFeatures> {
  expect(await runDueJobs(prisma, handlers, { now })).toMatchObject({ retried: 0, dead: 0 });
  const held = fake.metafieldsFor(fake.state.appInstallationId).find((m) => m.namespace === PROGRAM_FACTS_NAMESPACE && m.key === PROGRAM_FACTS_KEY);
  const facts = JSON.parse(held?.value ?? "null") as StorefrontFeatures | null;
  return { engagement: facts?.engagement, referrals: facts?.referrals, birthdays: facts?.birthdays, follows: facts?.follows } as StorefrontFeatures;
}

/** Shopify's example order paid: its customer becomes a member (and earns a first-order badge, if there is one). */
async function payOrder() {
  const order = webhookExample<{ customer: { admin_graphql_api_id: string } }>("orders/paid");
  fake.state.addCustomer({ id: order.customer.admin_graphql_api_id });
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
}

const bonuses = (change: Partial<EngagementSettings>) => saveEngagementSettings(prisma, TEST_SHOP, { ...DEFAULT_ENGAGEMENT_SETTINGS, ...change }, tick());

describe("the storefront features in the program facts", () => {
  it("are all off for a shop that uses none of them, written as false (not left out)", async () => {
    await saveReferralSettings(prisma, TEST_SHOP, DEFAULT_REFERRAL_SETTINGS, tick());
    expect(await syncedFeatures()).toEqual(OFF);
  });

  it("follow the referral switch, each save queuing the rewrite in its transaction", async () => {
    await saveReferralSettings(prisma, TEST_SHOP, { ...DEFAULT_REFERRAL_SETTINGS, enabled: true }, tick());
    expect(await queued()).toBe(1);
    expect(await syncedFeatures()).toEqual({ ...OFF, referrals: true });
    await saveReferralSettings(prisma, TEST_SHOP, { ...DEFAULT_REFERRAL_SETTINGS, enabled: false }, tick());
    expect(await syncedFeatures()).toEqual(OFF);
    // A refused save writes nothing and queues nothing.
    await expect(saveReferralSettings(prisma, TEST_SHOP, { ...DEFAULT_REFERRAL_SETTINGS, referrerPoints: -1 }, tick())).rejects.toThrow();
    expect(await queued()).toBe(0);
  });

  it("ask for the birthday while a bonus or Flow uses it, and show the follow links while a follow bonus is offered", async () => {
    await bonuses({ birthdayPoints: 250 });
    expect(await queued()).toBe(1);
    expect(await syncedFeatures()).toEqual({ ...OFF, birthdays: true });
    await bonuses({ profile: { points: 50 } });
    expect(await syncedFeatures()).toEqual({ ...OFF, birthdays: true });
    // The anniversary bonus needs no birthday.
    await bonuses({ anniversaryPoints: 100 });
    expect(await syncedFeatures()).toEqual(OFF);
    await bonuses({ social: { points: 25, cap: 1, networks: { instagram: "https://instagram.com/snowgear" } } });
    expect(await syncedFeatures()).toEqual({ ...OFF, follows: true });

    await saveFlowSettings(prisma, TEST_SHOP, { on: ["birthday_coming"], expiringDays: 14, atRiskDays: 120 }, tick());
    expect(await queued()).toBe(1);
    expect(await syncedFeatures()).toEqual({ ...OFF, birthdays: true, follows: true });
    await saveFlowSettings(prisma, TEST_SHOP, { on: ["points_earned"], expiringDays: 14, atRiskDays: 120 }, tick());
    expect(await syncedFeatures()).toEqual({ ...OFF, follows: true });
  });

  it("show badges while one can be earned or is held, even archived", async () => {
    const saved = await saveBadge(prisma, TEST_SHOP, null, { name: "First order", icon: "star", bonusPoints: "0", criteria: { kind: "first_order" } }, tick());
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    expect(await queued()).toBe(1);
    expect(await syncedFeatures()).toEqual({ ...OFF, engagement: true });
    expect(await removeBadge(prisma, TEST_SHOP, saved.id, tick())).toBe("deleted");
    expect(await syncedFeatures()).toEqual(OFF);

    // A badge somebody holds is archived, and its holders keep seeing it.
    const held = await saveBadge(prisma, TEST_SHOP, null, { name: "Loyal", icon: "crown", bonusPoints: "0", criteria: { kind: "first_order" } }, tick());
    if (!held.ok) throw new Error(JSON.stringify(held.errors));
    await payOrder();
    for (let i = 0; i < 5; i++) await syncedFeatures(tick(60_000)); // the award, then the badge's evaluation
    expect(await prisma.memberBadge.count({ where: { badgeId: held.id } })).toBe(1);
    expect(await removeBadge(prisma, TEST_SHOP, held.id, tick())).toBe("archived");
    expect(await syncedFeatures()).toEqual({ ...OFF, engagement: true });
  });

  it("show challenges while one is open, and turn off at its end without any save", async () => {
    const today = localDateOf(new Date(clock), "UTC");
    const saved = await saveChallenge(
      prisma,
      TEST_SHOP,
      null,
      { name: "Two orders", startsOn: today, endsOn: addDays(today, 2), tierIds: [], rewardPoints: "200", goal: { kind: "orders", count: "2" } },
      tick(),
    );
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    expect(await queued()).toBe(1);
    expect(await syncedFeatures()).toEqual({ ...OFF, engagement: true });

    // The job queued itself for the challenge's end (the first instant after endsOn, UTC here).
    const endsAt = (await prisma.challenge.findUniqueOrThrow({ where: { id: saved.id } })).endsAt;
    const atEnd = await prisma.outboxJob.findUniqueOrThrow({ where: { kind_dedupeKey: { kind: PROGRAM_FACTS_SYNC, dedupeKey: challengeEndKey(TEST_SHOP) } } });
    expect(atEnd.runAfter).toEqual(endsAt);
    expect(await syncedFeatures(new Date(endsAt.getTime() - 1000))).toEqual({ ...OFF, engagement: true });
    clock = endsAt.getTime();
    expect(await syncedFeatures(new Date(clock))).toEqual(OFF);
    // Nothing open any more: nothing queued for later.
    expect(await prisma.outboxJob.count({ where: { kind: PROGRAM_FACTS_SYNC, doneAt: null } })).toBe(0);

    // Removing one nobody joined deletes it, with the rewrite.
    const again = await saveChallenge(
      prisma,
      TEST_SHOP,
      null,
      { name: "Later", startsOn: addDays(today, 5), endsOn: addDays(today, 9), tierIds: [], rewardPoints: "100", goal: { kind: "orders", count: "1" } },
      tick(),
    );
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(await syncedFeatures()).toEqual({ ...OFF, engagement: true });
    expect(await removeChallenge(prisma, TEST_SHOP, again.id, tick())).toBe("deleted");
    expect(await syncedFeatures()).toEqual(OFF);
  });

  it("reach the storefront: a member's page renders only what Shopify's facts say is on", async () => {
    await saveReferralSettings(prisma, TEST_SHOP, { ...DEFAULT_REFERRAL_SETTINGS, enabled: true }, tick());
    await syncedFeatures();
    const html = await renderPage({
      customer: { id: "1", firstName: "Ana", metafields: [] },
      blocks: [{ name: "rewards", id: "main" }],
      appMetafields: fake.metafieldsFor(fake.state.appInstallationId),
    });
    expect(html).toContain("loyalty-referrals.js");
    expect(html).not.toContain("loyalty-engagement.js");
    expect(html).not.toContain("loyalty-birthday.js");
  });
});
