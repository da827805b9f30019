/**
 * Shopify Flow triggers fired from the outbox against the fake Admin API (the dev store's endpoint: the real 2026-10
 * schema, and flowTriggerReceive checked against the app's trigger extensions and Flow's payload limit).
 * Orders arrive as signed webhooks through the real route; jobs run through the real outbox runner.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { FLOW_TRIGGERS, type FlowTrigger } from "~/loyalty/flow-events";
import { setMemberBirthday } from "~/loyalty/server/birthdays.server";
import { FLOW_DAILY, getFlowSettings, saveFlowSettings } from "~/loyalty/server/flow-settings.server";
import { FLOW_MEMBER_EVENTS, flowJobHandlers } from "~/loyalty/server/flow-triggers.server";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { redactCustomer, redactShop } from "~/loyalty/server/privacy.server";
import { enqueueJob, METAFIELD_SYNC, runDueJobs, type JobHandler } from "~/loyalty/server/outbox.server";
import { getShopProgram, saveProgramSettings } from "~/loyalty/server/program.server";
import { localDateOf, reportTimeZone } from "~/loyalty/reports/calendar";
import { DEFAULT_PROGRAM_SETTINGS } from "~/loyalty/program";
import { DEFAULT_REFERRAL_SETTINGS } from "~/loyalty/referrals";
import { getMemberReferral, REFERRAL_VEST, saveReferralSettings } from "~/loyalty/server/referrals.server";
import { action as ordersCancelled } from "~/routes/webhooks.orders.cancelled";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { flowTriggerCalls } from "../../devstore/admin-api";
import { flowTriggerDefinitions } from "../../devstore/admin-api/flow";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi();
const CUSTOMER_ID = "115310627314723954";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER_ID}`;
const DAY = 24 * 60 * 60 * 1000;

const handlers = createJobHandlers(prisma, adminGraphqlForShop);

/** Job clock: the webhook routes stamp rows with the real time. */
const at = (offsetMs = 1) => new Date(Date.now() + offsetMs);

async function payOrder(orderId: string) {
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.id = exactId(orderId);
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  order.name = `#${orderId.slice(-4)}`;
  // Placed now: points expiry counts from the order's date.
  order.created_at = order.processed_at = new Date().toISOString();
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
}

async function switchOn(on: FlowTrigger[], options: { expiringDays?: number; atRiskDays?: number; birthdayDays?: number; now?: Date } = {}) {
  await saveFlowSettings(
    prisma,
    TEST_SHOP,
    { on, expiringDays: options.expiringDays ?? 14, atRiskDays: options.atRiskDays ?? 120, birthdayDays: options.birthdayDays },
    options.now ?? new Date(Date.now() - 1000),
  );
}

/** Runs due jobs until none is left at `now` (jobs queued by jobs run in the next pass). */
async function drain(now: Date, use: Record<string, JobHandler> = handlers) {
  const total = { done: 0, retried: 0, dead: 0 };
  for (let pass = 0; pass < 10; pass++) {
    const result = await runDueJobs(prisma, use, { now });
    total.done += result.done;
    total.retried += result.retried;
    total.dead += result.dead;
    if (result.done + result.retried + result.dead === 0) break;
  }
  return total;
}

const calls = () => flowTriggerCalls(fake.state);
const accepted = (handle?: string) => calls().filter((call) => call.accepted && (!handle || call.handle === handle));

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID });
  calls().length = 0;
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("trigger extensions", () => {
  it("has one flow_trigger extension per trigger the app fires, each with the customer reference, and no other", () => {
    const definitions = flowTriggerDefinitions();
    expect([...definitions.keys()].sort()).toEqual(Object.values(FLOW_TRIGGERS).sort());
    for (const definition of definitions.values()) expect(definition.customerReference, definition.handle).toBe(true);
  });
});

describe("ledger triggers", () => {
  it("fires points earned, reward affordable and tier changed once each, with the customer and typed fields", async () => {
    await switchOn(["points_earned", "tier_changed", "reward_affordable"]);
    await payOrder("820982911946154508");
    await drain(at());
    // 404 points: earned, and the 300-point reward is now affordable; Bronze (threshold 0) stays Bronze.
    expect(calls().every((call) => call.accepted)).toBe(true);
    expect(accepted(FLOW_TRIGGERS.points_earned).map((c) => c.payload)).toEqual([
      expect.objectContaining({ customer_id: CUSTOMER_ID, points: 404, balance: 404, entry_type: "earn", order_name: "#4508" }),
    ]);
    expect(accepted(FLOW_TRIGGERS.reward_affordable).map((c) => c.payload)).toEqual([
      { customer_id: CUSTOMER_ID, reward_cost: 300, balance: 404, reward_name: "Free shipping" },
    ]);
    expect(accepted(FLOW_TRIGGERS.tier_changed)).toEqual([]);

    await payOrder("820982911946154509");
    await drain(at());
    expect(accepted(FLOW_TRIGGERS.points_earned)).toHaveLength(2);
    expect(accepted(FLOW_TRIGGERS.tier_changed).map((c) => c.payload)).toEqual([
      { customer_id: CUSTOMER_ID, direction: "up", balance: 808, previous_tier: "Bronze", new_tier: "Silver" },
    ]);
    expect(accepted(FLOW_TRIGGERS.reward_affordable).map((c) => (c.payload as { reward_name: string }).reward_name)).toEqual(["Free shipping", "$5 off your order"]);
    expect(await prisma.flowEvent.count({ where: { sentAt: null } })).toBe(0);
  });

  it("fires once however many jobs derive the same events again", async () => {
    await switchOn(["points_earned", "tier_changed", "reward_affordable"]);
    await payOrder("820982911946154508");
    await drain(at());
    const member = await prisma.member.findFirstOrThrow({ where: { customerGid: CUSTOMER_GID } });
    const sent = calls().length;
    expect(sent).toBe(2);
    // A duplicate storefront sync, a duplicate Flow job, and the cursor forgotten (as if a run died before moving it).
    await enqueueJob(prisma, { shop: TEST_SHOP, kind: METAFIELD_SYNC, dedupeKey: `dup:${member.id}`, payload: { memberId: member.id }, now: at() });
    await enqueueJob(prisma, { shop: TEST_SHOP, kind: FLOW_MEMBER_EVENTS, dedupeKey: member.id, payload: { memberId: member.id }, now: at() });
    await drain(at(10));
    await prisma.flowCursor.deleteMany();
    await enqueueJob(prisma, { shop: TEST_SHOP, kind: FLOW_MEMBER_EVENTS, dedupeKey: member.id, payload: { memberId: member.id }, now: at(20) });
    await drain(at(30));
    expect(calls()).toHaveLength(sent);
    expect(await prisma.flowEvent.count()).toBe(2);
  });

  it("retries a failed flowTriggerReceive and still sends once", async () => {
    await switchOn(["points_earned"]);
    await payOrder("820982911946154508");
    // First pass: the storefront sync runs and queues the Flow job.
    await runDueJobs(prisma, handlers, { now: at() });
    fake.failNext(1, "http500");
    expect(await runDueJobs(prisma, handlers, { now: at() })).toMatchObject({ retried: 1 });
    const waiting = await prisma.flowEvent.findFirstOrThrow();
    expect(waiting).toMatchObject({ sentAt: null, attempts: 1, lastError: expect.stringContaining("500") });
    expect(accepted()).toHaveLength(0);

    await drain(at(60_000));
    expect(accepted(FLOW_TRIGGERS.points_earned)).toHaveLength(1);
    expect(await prisma.flowEvent.findFirstOrThrow()).toMatchObject({ sentAt: expect.any(Date), attempts: 2, lastError: null });
    await drain(at(120_000));
    expect(calls()).toHaveLength(1);
  });

  it("fires nothing for a trigger that is off, nor history when it is switched on later", async () => {
    await switchOn(["points_redeemed"]);
    await payOrder("820982911946154508");
    await drain(at());
    expect(calls()).toEqual([]);
    expect(await prisma.flowEvent.count()).toBe(0);

    await switchOn(["points_earned"], { now: new Date() });
    const member = await prisma.member.findFirstOrThrow({ where: { customerGid: CUSTOMER_GID } });
    await enqueueJob(prisma, { shop: TEST_SHOP, kind: METAFIELD_SYNC, dedupeKey: member.id, payload: { memberId: member.id }, now: at() });
    await drain(at(10));
    expect(calls()).toEqual([]);

    await payOrder("820982911946154509");
    await drain(at(20));
    expect(accepted(FLOW_TRIGGERS.points_earned)).toHaveLength(1);
  });

  it("does not send an event whose trigger was switched off after it was stored", async () => {
    await switchOn(["points_earned"]);
    await payOrder("820982911946154508");
    await runDueJobs(prisma, handlers, { now: at() });
    fake.failNext(1, "http500");
    await runDueJobs(prisma, handlers, { now: at() });
    expect(await prisma.flowEvent.count({ where: { sentAt: null } })).toBe(1);
    await switchOn([]);
    await drain(at(60_000));
    expect(accepted()).toEqual([]);
    expect(await prisma.flowEvent.count()).toBe(0);
  });
});

describe("the payload limit", () => {
  it("cuts the reason to fit, says so, and sends a payload within the limit", async () => {
    const limit = 200;
    const small = { ...handlers, ...flowJobHandlers(prisma, adminGraphqlForShop, { payloadLimit: limit }) };
    await switchOn(["points_earned"]);
    await payOrder("820982911946154508");
    await drain(at(), small);
    const [call] = accepted(FLOW_TRIGGERS.points_earned);
    const payload = call?.payload as Record<string, unknown>;
    expect(call?.bytes).toBeLessThanOrEqual(limit);
    expect(payload).toMatchObject({ customer_id: CUSTOMER_ID, points: 404, balance: 404, entry_type: "earn", order_name: "#4508" });
    expect(String(payload.reason)).toMatch(/…$/);
    const event = await prisma.flowEvent.findFirstOrThrow();
    expect(event.trimmed).toBe(`cut to fit ${limit} bytes: reason`);
  });

  it("refuses, and never sends, a payload that cannot fit without its numbers", async () => {
    const tiny = { ...handlers, ...flowJobHandlers(prisma, adminGraphqlForShop, { payloadLimit: 40 }) };
    await switchOn(["points_earned"]);
    await payOrder("820982911946154508");
    await drain(at(), tiny);
    expect(calls()).toEqual([]);
    expect(await prisma.flowEvent.findFirstOrThrow()).toMatchObject({ sentAt: null, lastError: expect.stringContaining("over Flow's 40") });
  });
});

describe("scheduled triggers", () => {
  it("fires points expiring once per lot, within the days set, from the daily job", async () => {
    await prisma.$transaction((tx) => saveProgramSettings(tx, TEST_SHOP, { ...structuredClone(DEFAULT_PROGRAM_SETTINGS), expiryDays: 30 }));
    await payOrder("820982911946154508");
    await drain(at());
    await switchOn(["points_expiring"], { expiringDays: 14 });
    expect(await prisma.outboxJob.count({ where: { kind: FLOW_DAILY } })).toBe(1);
    // Day 1: the lot expires in 30 days, outside the 14.
    await drain(at());
    expect(calls()).toEqual([]);
    // Day 20: 10 days left. Day 21: the same lot, not again.
    await drain(at(20 * DAY));
    expect(accepted(FLOW_TRIGGERS.points_expiring).map((c) => c.payload)).toEqual([
      expect.objectContaining({ customer_id: CUSTOMER_ID, points_expiring: 404, days_left: 10, balance: 404 }),
    ]);
    await drain(at(21 * DAY + 1000));
    expect(calls()).toHaveLength(1);
  });

  it("fires member at risk once per quiet stretch", async () => {
    await payOrder("820982911946154508");
    await drain(at());
    await switchOn(["member_at_risk"], { atRiskDays: 60 });
    await drain(at());
    expect(calls()).toEqual([]);
    await drain(at(61 * DAY));
    expect(accepted(FLOW_TRIGGERS.member_at_risk).map((c) => c.payload)).toEqual([
      expect.objectContaining({ customer_id: CUSTOMER_ID, days_since_last_earn: 61, balance: 404 }),
    ]);
    await drain(at(62 * DAY + 1000));
    expect(calls()).toHaveLength(1);
  });

  it("fires birthday coming once per member and year, the days set before it, from the daily job", async () => {
    await payOrder("820982911946154508");
    await drain(at());
    // The birthday, 10 shop days from now (no year: a year-less birthday is never "in the future").
    const timeZone = reportTimeZone((await getShopProgram(prisma, TEST_SHOP)).timezone);
    const shopDay = (offset: number) => localDateOf(at(offset), timeZone);
    const birthday = shopDay(10 * DAY);
    await setMemberBirthday(prisma, { shop: TEST_SHOP, customerGid: CUSTOMER_GID, birthday: { month: Number(birthday.slice(5, 7)), day: Number(birthday.slice(8, 10)) }, now: at() });
    await switchOn(["birthday_coming"], { birthdayDays: 7 });
    expect((await getFlowSettings(prisma, TEST_SHOP)).birthdayDays).toBe(7);
    expect(await prisma.outboxJob.count({ where: { kind: FLOW_DAILY } })).toBe(1);
    // Today: 10 days ahead, outside the 7.
    await drain(at());
    expect(calls()).toEqual([]);
    // Three days on: 7 days left, fired; the days after (and a second run of one day's job), not again.
    await drain(at(3 * DAY));
    expect(accepted(FLOW_TRIGGERS.birthday_coming).map((c) => c.payload)).toEqual([
      { customer_id: CUSTOMER_ID, days_until: 7, birthday_on: `${birthday}T00:00:00.000Z`, birthday: birthday.slice(5), balance: 404 },
    ]);
    await enqueueJob(prisma, { shop: TEST_SHOP, kind: FLOW_DAILY, dedupeKey: `${TEST_SHOP}:again`, payload: {}, now: at(3 * DAY) });
    await drain(at(3 * DAY + 1000));
    for (const day of [4, 7, 10]) await drain(at(day * DAY + 2000));
    expect(calls()).toHaveLength(1);
    expect(await prisma.flowEvent.findMany({ select: { eventKey: true } })).toEqual([{ eventKey: `birthday-coming:${(await prisma.member.findFirstOrThrow()).id}:${birthday.slice(0, 4)}` }]);
  });

  it("stops rescheduling when the scheduled triggers are switched off", async () => {
    await switchOn(["member_at_risk"]);
    await drain(at());
    expect(await prisma.outboxJob.findFirstOrThrow({ where: { kind: FLOW_DAILY } })).toMatchObject({ doneAt: null });
    await switchOn([]);
    await drain(at(DAY + 1000));
    expect(await prisma.outboxJob.findFirstOrThrow({ where: { kind: FLOW_DAILY } })).toMatchObject({ doneAt: expect.any(Date) });
  });
});

describe("referral completed", () => {
  // The approval paths (vesting, no return window), a duplicate vest, the trigger off and a rejected referral are in
  // tests/referrals/referrals.test.ts; here: a referral taken back never fires, and what is sent is the toml's fields.
  const FRIEND_ID = "7002";

  /** The referrer (the test customer) is a member with a code; referrals on, rewards pending 30 days. */
  async function referrerWithCode(): Promise<string> {
    await saveReferralSettings(prisma, TEST_SHOP, { ...DEFAULT_REFERRAL_SETTINGS, enabled: true, referrerPoints: 500, pendingDays: 30 }, at());
    await payOrder("820982911946154508");
    await drain(at());
    const mine = await getMemberReferral(prisma, TEST_SHOP, CUSTOMER_GID, new Date());
    if (!mine) throw new Error("the referrer has no code");
    return mine.code;
  }

  /** A friend's order carrying the referrer's code as the cart attribute (as the storefront script sets it). */
  async function payFriendOrder(orderId: string, code: string) {
    const order = webhookExample<Record<string, unknown>>("orders/paid");
    order.id = exactId(orderId);
    order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
    order.name = `#${orderId}`;
    order.created_at = order.processed_at = new Date().toISOString();
    order.email = "friend@example.com";
    order.customer = {
      ...(order.customer as Record<string, unknown>),
      id: exactId(FRIEND_ID),
      admin_graphql_api_id: `gid://shopify/Customer/${FRIEND_ID}`,
      first_name: "Jo",
      last_name: "Friendly",
      email: "friend@example.com",
    };
    order.shipping_address = { ...(order.shipping_address as Record<string, unknown>), address1: "2 Friend Road" };
    order.browser_ip = null;
    order.note_attributes = [{ name: "_loyalty_referral", value: code }];
    expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
  }

  it("sends every field of its toml and nothing of the friend but the order name, within the limit", async () => {
    const code = await referrerWithCode();
    await switchOn(["referral_completed"]);
    await payFriendOrder("9101", code);
    await drain(at());
    expect(calls()).toEqual([]);
    await drain(at(31 * DAY));
    const [sent, ...others] = accepted(FLOW_TRIGGERS.referral_completed);
    expect(others).toEqual([]);
    const fields = flowTriggerDefinitions().get(FLOW_TRIGGERS.referral_completed)?.fields;
    expect(Object.keys(sent?.payload as object).sort()).toEqual(["customer_id", ...(fields?.keys() ?? [])].sort());
    expect(sent?.payload).toMatchObject({ customer_id: CUSTOMER_ID, order_name: "#9101", points: 500 });
    expect(JSON.stringify(sent?.payload)).not.toMatch(new RegExp(`${FRIEND_ID}|Jo|Friendly|friend@`));
    expect(sent?.bytes).toBeLessThanOrEqual(50_000);
  });

  it("never fires for a referral taken back by a cancellation within the window", async () => {
    const code = await referrerWithCode();
    await switchOn(["referral_completed"]);
    await payFriendOrder("9202", code);
    await drain(at());
    const cancelled = webhookExample<Record<string, unknown>>("orders/cancelled");
    cancelled.admin_graphql_api_id = "gid://shopify/Order/9202";
    cancelled.id = exactId("9202");
    cancelled.cancelled_at = new Date().toISOString();
    expect((await deliver(ordersCancelled, webhookRequest("orders/cancelled", toRawJson(cancelled)))).status).toBe(200);
    await drain(at(1000));
    expect(await prisma.referral.findFirstOrThrow()).toMatchObject({ status: "rejected", reason: "order_cancelled" });
    // The window passes; the vest job (run again, as a redelivery would) finds it taken back.
    const referral = await prisma.referral.findFirstOrThrow();
    await drain(at(31 * DAY));
    await enqueueJob(prisma, { shop: TEST_SHOP, kind: REFERRAL_VEST, dedupeKey: referral.id, payload: { referralId: referral.id }, now: at(32 * DAY) });
    await drain(at(32 * DAY + 1000));
    expect(calls()).toEqual([]);
    expect(await prisma.flowEvent.count()).toBe(0);
  });
});

describe("privacy", () => {
  it("erases a redacted customer's Flow events and cursor, and fires nothing more for them; a shop redact erases all", async () => {
    await switchOn(["points_earned"]);
    await payOrder("820982911946154508");
    await drain(at());
    expect(await prisma.flowEvent.count()).toBe(1);
    await redactCustomer(prisma, TEST_SHOP, { customerGid: CUSTOMER_GID, dataRequestId: null, orderGids: [] }, new Date());
    expect(await prisma.flowEvent.count()).toBe(0);
    expect(await prisma.flowCursor.count()).toBe(0);
    const member = await prisma.member.findFirstOrThrow();
    await enqueueJob(prisma, { shop: TEST_SHOP, kind: FLOW_MEMBER_EVENTS, dedupeKey: member.id, payload: { memberId: member.id }, now: at() });
    await drain(at(10));
    expect(await prisma.flowEvent.count()).toBe(0);
    await redactShop(prisma, TEST_SHOP);
    expect(await prisma.flowSettings.count()).toBe(0);
  });
});
