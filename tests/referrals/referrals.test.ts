/**
 * Referrals through the real routes: Shopify-signed app proxy requests open a referral link, signed orders/paid,
 * refunds/create and orders/cancelled webhooks carry the friend's order, the outbox decides it with Shopify's Admin
 * API faked faithfully (documents validated against the real schema), on a real SQLite database.
 */
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { runDueJobs } from "~/loyalty/server/outbox.server";
import { exportCustomerData, redactCustomer } from "~/loyalty/server/privacy.server";
import { saveFlowSettings } from "~/loyalty/server/flow-settings.server";
import { saveReferralSettings, vestReferral } from "~/loyalty/server/referrals.server";
import { DEFAULT_REFERRAL_SETTINGS } from "~/loyalty/referrals";
import { explainLedgerEntry } from "~/loyalty/ledger-explanation";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { action as ordersCancelled } from "~/routes/webhooks.orders.cancelled";
import { loader as accountReferral } from "~/routes/customer-account.referral";
import { action as claim, loader as myReferral } from "~/routes/proxy.referral";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { flowTriggerCalls } from "../../devstore/admin-api";
import { signJwt } from "../../devstore/signing";
import { proxyRequest } from "../support/app-proxy";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi();
const REFERRER_ID = "7001";
const REFERRER = `gid://shopify/Customer/${REFERRER_ID}`;
const FRIEND_ID = "7002";
const FRIEND = `gid://shopify/Customer/${FRIEND_ID}`;
const CLICK = "click-key-0123456789abcdef";
const DAY = 24 * 60 * 60 * 1000;

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<Response>;

async function call(handler: Handler, request: Request) {
  try {
    const response = await handler({ request, params: {}, context: {} });
    return { status: response.status, body: ((await response.json().catch(() => null)) ?? {}) as Record<string, unknown> };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: {} as Record<string, unknown> };
    throw thrown;
  }
}

interface OrderOptions {
  id: string;
  customerId: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  codes?: string[];
  attributes?: { name: string; value: string }[];
  browserIp?: string | null;
  address1?: string;
  city?: string;
  zip?: string;
  paidAt?: Date;
  name?: string;
}

function orderPayload(o: OrderOptions) {
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.admin_graphql_api_id = `gid://shopify/Order/${o.id}`;
  order.id = exactId(o.id);
  order.name = o.name ?? `#${o.id}`;
  order.processed_at = (o.paidAt ?? new Date()).toISOString();
  order.email = o.email ?? `${o.customerId}@example.com`;
  order.customer = {
    ...(order.customer as Record<string, unknown>),
    id: exactId(o.customerId),
    admin_graphql_api_id: `gid://shopify/Customer/${o.customerId}`,
    first_name: o.firstName ?? "Jo",
    last_name: o.lastName ?? "Lee",
    email: o.email ?? `${o.customerId}@example.com`,
  };
  order.discount_codes = (o.codes ?? []).map((code) => ({ code, amount: "10.00", type: "fixed_amount" }));
  order.note_attributes = o.attributes ?? [];
  order.browser_ip = o.browserIp ?? null;
  order.shipping_address = { ...(order.shipping_address as Record<string, unknown>), address1: o.address1 ?? `${o.customerId} Friend Road`, ...(o.city ? { city: o.city } : {}), ...(o.zip ? { zip: o.zip } : {}) };
  return order;
}

async function pay(o: OrderOptions) {
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(orderPayload(o))))).status).toBe(200);
}

async function runJobs(at = new Date(Date.now() + 60_000)) {
  return runDueJobs(prisma, createJobHandlers(prisma, adminGraphqlForShop), { now: at, limit: 500 });
}

async function referrerCode(): Promise<string> {
  const { status, body } = await call(myReferral, proxyRequest("referral", { customerId: REFERRER_ID }));
  expect(status).toBe(200);
  const referral = body.referral as { code: string; link: string };
  expect(referral.link).toBe(`https://${TEST_SHOP}/?ref=${referral.code}`);
  return referral.code;
}

async function claimCode(ref: string, options: { clickKey?: string; customerId?: string | null } = {}) {
  return call(
    claim,
    proxyRequest("referral", { customerId: options.customerId ?? null, method: "POST", body: { ref, clickKey: options.clickKey ?? CLICK } }),
  );
}

async function referralEntries() {
  const member = await prisma.member.findFirstOrThrow({ where: { customerGid: REFERRER } });
  return prisma.ledgerEntry.findMany({ where: { memberId: member.id, type: { in: ["referral", "clawback"] } }, orderBy: { createdAt: "asc" } });
}

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({
    id: REFERRER,
    email: "Ann.Ref@example.com",
    firstName: "Ann",
    lastName: "Ref",
    defaultAddress: { address1: "1 Referrer Street", city: "Springfield", zip: "12345", countryCodeV2: "US" },
  });
  fake.state.addCustomer({ id: FRIEND, email: "jo@example.com", firstName: "Jo", lastName: "Lee" });
  await saveReferralSettings(prisma, TEST_SHOP, { ...DEFAULT_REFERRAL_SETTINGS, enabled: true, referrerPoints: 500, pendingDays: 30 });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  // The referrer is a member: one order of their own.
  await pay({ id: "9001", customerId: REFERRER_ID, firstName: "Ann", lastName: "Ref", email: "ann.ref@example.com", address1: "1 Referrer Street" });
  await runJobs();
});

describe("the referral link", () => {
  it("gives the member a stable code and link, and a logged-out friend one single-use code per browser", async () => {
    const code = await referrerCode();
    expect(await referrerCode()).toBe(code);
    const first = await claimCode(code.toLowerCase());
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: "issued", kind: "fixed_amount", value: 1000, minimumOrderMinor: 5000 });
    const friendCode = first.body.code as string;
    expect(friendCode).toMatch(/^FRIEND-[0-9A-Z]{10}$/);
    // Reload: the same code, no second discount.
    expect((await claimCode(code)).body.code).toBe(friendCode);
    const discounts = [...fake.state.discounts.values()].filter((d) => d.code.startsWith("FRIEND-"));
    expect(discounts).toHaveLength(1);
    expect(discounts[0]).toMatchObject({ code: friendCode, usageLimit: 1, customerGids: null, minimum: { subtotal: "50.00" } });
    expect(await prisma.referral.count()).toBe(1);
  });

  it("ignores a forged or unknown code, refuses the referrer's own, and needs Shopify's signature", async () => {
    const code = await referrerCode();
    expect((await claimCode("NOT-A-CODE")).body).toEqual({ status: "ignored" });
    expect((await claimCode("ZZZZZZZZZZ")).body).toEqual({ status: "ignored" });
    expect((await claimCode(code, { customerId: REFERRER_ID })).body).toEqual({ status: "own_code" });
    const forged = await call(claim, proxyRequest("referral", { method: "POST", body: { ref: code, clickKey: CLICK }, secret: "wrong" }));
    expect(forged.status).toBe(400);
    expect((await claimCode(code, { clickKey: "short" })).status).toBe(400);
    expect(await prisma.referral.count()).toBe(0);
  });
});

describe("the customer account's referral link (session token)", () => {
  const accountRequest = (sub: string, secret = TEST_API_SECRET) => {
    const now = Math.floor(Date.now() / 1000);
    const token = signJwt({ aud: TEST_API_KEY, dest: TEST_SHOP, sub, exp: now + 300, nbf: now - 1, iat: now - 1, jti: randomUUID() }, secret);
    return new Request(`${TEST_APP_URL}/customer-account/referral`, { headers: { Origin: "null", Authorization: `Bearer ${token}` } });
  };

  it("answers the token's member the storefront's code and link, nothing for a non-member, and 401 for a forged token", async () => {
    const code = await referrerCode();
    const mine = await call(accountReferral, accountRequest(REFERRER));
    expect(mine).toMatchObject({ status: 200, body: { referral: { code, link: `https://${TEST_SHOP}/?ref=${code}`, referred: 0, pendingPoints: 0, referrerPoints: 500 } } });
    expect(await call(accountReferral, accountRequest(FRIEND))).toMatchObject({ status: 200, body: { referral: null } });
    expect((await call(accountReferral, accountRequest(REFERRER, "forged"))).status).toBe(401);
    expect(await prisma.referralCode.count()).toBe(1);
  });
});

describe("the friend's first order", () => {
  it("credits the referrer once, pending until the return window passes, then approved", async () => {
    const code = await referrerCode();
    const friendCode = (await claimCode(code)).body.code as string;
    const paidAt = new Date();
    await pay({ id: "9101", customerId: FRIEND_ID, codes: [friendCode], browserIp: "203.0.113.9", paidAt, name: "#1042" });
    // Delivered again under another webhook id: still one entry.
    await pay({ id: "9101", customerId: FRIEND_ID, codes: [friendCode], browserIp: "203.0.113.9", paidAt, name: "#1042" });
    await runJobs();
    await runJobs();
    const entries = await referralEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ type: "referral", explanation: "Referral: Jo L.'s first order #1042", idempotencyKey: "referral:gid://shopify/Order/9101" });
    expect(Number(entries[0]?.points)).toBe(500);
    const entry = entries[0];
    if (!entry) throw new Error("no referral entry");
    expect(explainLedgerEntry({ ...entry, points: 500, order: entry.orderName })).toMatchObject({ kind: "referral", friend: "Jo L.", order: "#1042" });
    expect(entries[0]?.vestsAt?.getTime()).toBe(paidAt.getTime() + 30 * DAY);
    const referral = await prisma.referral.findFirstOrThrow();
    expect(referral).toMatchObject({ status: "pending", friendCustomerGid: FRIEND, friendName: "Jo L.", orderName: "#1042" });
    expect(Number(referral.revenueMinor)).toBe(40495);

    await runJobs(new Date(paidAt.getTime() + 31 * DAY));
    expect(await prisma.referral.findFirstOrThrow()).toMatchObject({ status: "approved" });
  });

  it("fires Flow's \"referral completed\" once, when the referral is approved, and only while it is on", async () => {
    const earlier = flowTriggerCalls(fake.state).length;
    const completed = () => flowTriggerCalls(fake.state).slice(earlier).filter((c) => c.handle === "loyalty-referral-completed");
    await saveFlowSettings(prisma, TEST_SHOP, { on: ["referral_completed"], expiringDays: 14, atRiskDays: 120 }, new Date(Date.now() - 1000));
    const code = await referrerCode();
    const friendCode = (await claimCode(code)).body.code as string;
    const paidAt = new Date();
    await pay({ id: "9111", customerId: FRIEND_ID, codes: [friendCode], paidAt, name: "#1042" });
    await runJobs();
    // Pending: nothing yet.
    expect(completed()).toHaveLength(0);
    const vestAt = new Date(paidAt.getTime() + 31 * DAY);
    await runJobs(vestAt);
    await runJobs(vestAt);
    const referral = await prisma.referral.findFirstOrThrow();
    expect(referral.status).toBe("approved");
    expect(completed()).toHaveLength(1);
    expect(completed()[0]).toMatchObject({
      accepted: true,
      payload: { customer_id: REFERRER_ID, points: 500, order_name: "#1042", referral_revenue: 404.95, currency: "USD", approved_referrals: 1, approved_at: vestAt.toISOString() },
    });
    // Vesting again (a duplicate job run) stores and sends nothing more.
    await vestReferral(prisma, referral.id, new Date(vestAt.getTime() + 1000));
    await runJobs(new Date(vestAt.getTime() + 60_000));
    expect(completed()).toHaveLength(1);
    expect(await prisma.flowEvent.count({ where: { trigger: "referral_completed" } })).toBe(1);
  });

  it("fires no \"referral completed\" while the trigger is off, nor for a rejected referral", async () => {
    // The fake's record of calls outlives a test: count from here.
    const earlier = flowTriggerCalls(fake.state).length;
    const completed = () => flowTriggerCalls(fake.state).slice(earlier).filter((c) => c.handle === "loyalty-referral-completed");
    const code = await referrerCode();
    const friendCode = (await claimCode(code)).body.code as string;
    const paidAt = new Date();
    await pay({ id: "9121", customerId: FRIEND_ID, codes: [friendCode], paidAt });
    await runJobs();
    await runJobs(new Date(paidAt.getTime() + 31 * DAY));
    expect(await prisma.referral.findFirstOrThrow()).toMatchObject({ status: "approved" });
    // On now, but a self-referral (the referrer's email) is rejected: still nothing.
    await saveFlowSettings(prisma, TEST_SHOP, { on: ["referral_completed"], expiringDays: 14, atRiskDays: 120 }, new Date(Date.now() - 1000));
    await pay({ id: "9122", customerId: "7005", email: "ann.ref+x@Example.com", attributes: [{ name: "_loyalty_referral", value: code }] });
    await runJobs();
    await runJobs(new Date(paidAt.getTime() + 62 * DAY));
    expect((await prisma.referral.findMany({ where: { orderGid: "gid://shopify/Order/9122" } })).map((r) => r.status)).toEqual(["rejected"]);
    expect(completed()).toHaveLength(0);
    expect(await prisma.flowEvent.count()).toBe(0);
  });

  it("fires \"referral completed\" with the order's decision when there is no return window", async () => {
    const earlier = flowTriggerCalls(fake.state).length;
    await saveReferralSettings(prisma, TEST_SHOP, { ...DEFAULT_REFERRAL_SETTINGS, enabled: true, referrerPoints: 500, pendingDays: 0 });
    await saveFlowSettings(prisma, TEST_SHOP, { on: ["referral_completed"], expiringDays: 14, atRiskDays: 120 }, new Date(Date.now() - 1000));
    const code = await referrerCode();
    await pay({ id: "9131", customerId: FRIEND_ID, attributes: [{ name: "_loyalty_referral", value: code }], name: "#1043" });
    await runJobs();
    // The send queued by the decision runs next.
    await runJobs();
    expect(await prisma.referral.findFirstOrThrow()).toMatchObject({ status: "approved" });
    const calls = flowTriggerCalls(fake.state).slice(earlier).filter((c) => c.handle === "loyalty-referral-completed");
    expect(calls.map((c) => [c.accepted, (c.payload as { order_name: string }).order_name])).toEqual([[true, "#1043"]]);
  });

  it("attributes by the cart attribute when the order has no friend code, and ignores a forged attribute", async () => {
    const code = await referrerCode();
    await pay({ id: "9201", customerId: "7003", attributes: [{ name: "_loyalty_referral", value: "FORGED!!" }] });
    await pay({ id: "9202", customerId: "7004", attributes: [{ name: "_loyalty_referral", value: "ZZZZZZZZZZ" }] });
    await pay({ id: "9203", customerId: FRIEND_ID, attributes: [{ name: "_loyalty_referral", value: code }] });
    await runJobs();
    const referrals = await prisma.referral.findMany();
    expect(referrals.map((r) => [r.orderGid, r.status])).toEqual([["gid://shopify/Order/9203", "pending"]]);
    expect(await referralEntries()).toHaveLength(1);
  });

  it("rejects self-referrals with their reason and writes no points", async () => {
    const code = await referrerCode();
    // The same email as the referrer's (another spelling).
    await pay({ id: "9301", customerId: FRIEND_ID, email: "ann.ref+x@Example.com", attributes: [{ name: "_loyalty_referral", value: code }] });
    // The referrer's own order through their code.
    await pay({ id: "9302", customerId: REFERRER_ID, attributes: [{ name: "_loyalty_referral", value: code }] });
    // Shipping to the referrer's address (another spelling); the same street in another town is someone else.
    await pay({ id: "9304", customerId: "7006", address1: "1 Referrer Street", attributes: [{ name: "_loyalty_referral", value: code }] });
    await pay({ id: "9303", customerId: "7005", address1: "1 referrer st", city: "SPRINGFIELD", zip: "12 345", attributes: [{ name: "_loyalty_referral", value: code }] });
    await runJobs();
    const reasons = Object.fromEntries((await prisma.referral.findMany()).map((r) => [r.orderGid, [r.status, r.reason]]));
    expect(reasons).toEqual({
      "gid://shopify/Order/9301": ["rejected", "same_email"],
      "gid://shopify/Order/9302": ["rejected", "self_customer"],
      "gid://shopify/Order/9303": ["rejected", "same_address"],
      "gid://shopify/Order/9304": ["pending", null],
    });
    expect(await referralEntries()).toHaveLength(1);
  });

  it("rejects a friend who had ordered before", async () => {
    const code = await referrerCode();
    await pay({ id: "9401", customerId: FRIEND_ID, paidAt: new Date(Date.now() - 10 * DAY) });
    await pay({ id: "9402", customerId: FRIEND_ID, attributes: [{ name: "_loyalty_referral", value: code }] });
    await runJobs();
    expect(await prisma.referral.findFirstOrThrow()).toMatchObject({ status: "rejected", reason: "friend_not_new" });
  });

  it("takes the pending reward back when the order is refunded below the minimum, once, and on cancellation", async () => {
    const code = await referrerCode();
    await pay({ id: "9501", customerId: FRIEND_ID, attributes: [{ name: "_loyalty_referral", value: code }] });
    await runJobs();
    const before = Number((await prisma.member.findFirstOrThrow({ where: { customerGid: REFERRER } })).balance);
    const refund = webhookExample<Record<string, unknown>>("refunds/create");
    const order = orderPayload({ id: "9501", customerId: FRIEND_ID });
    const lines = order.line_items as { admin_graphql_api_id: string; id: unknown; quantity: number }[];
    refund.admin_graphql_api_id = "gid://shopify/Refund/88001";
    refund.id = exactId("88001");
    refund.order_id = exactId("9501");
    refund.created_at = new Date().toISOString();
    refund.refund_line_items = lines.map((line, i) => ({ id: i + 1, quantity: line.quantity, line_item_id: line.id, line_item: { admin_graphql_api_id: line.admin_graphql_api_id } }));
    const body = toRawJson(refund);
    expect((await deliver(refundsCreate, webhookRequest("refunds/create", body))).status).toBe(200);
    expect((await deliver(refundsCreate, webhookRequest("refunds/create", body))).status).toBe(200);
    await runJobs();
    await runJobs();
    const entries = await referralEntries();
    expect(entries.map((e) => [e.type, Number(e.points)])).toEqual([
      ["referral", 500],
      ["clawback", -500],
    ]);
    expect(entries[1]).toMatchObject({ reversesId: entries[0]?.id, explanation: "Referral taken back: Jo L.'s order #9501 was refunded" });
    expect(await prisma.referral.findFirstOrThrow()).toMatchObject({ status: "rejected", reason: "order_refunded" });
    const after = Number((await prisma.member.findFirstOrThrow({ where: { customerGid: REFERRER } })).balance);
    expect(after).toBe(before - 500);
    // Later vesting does not approve it.
    await runJobs(new Date(Date.now() + 40 * DAY));
    expect(await prisma.referral.findFirstOrThrow()).toMatchObject({ status: "rejected" });

    // A cancellation of another referral order within the window.
    await prisma.referral.deleteMany();
    await pay({ id: "9502", customerId: "7006", attributes: [{ name: "_loyalty_referral", value: code }] });
    await runJobs();
    const cancelled = webhookExample<Record<string, unknown>>("orders/cancelled");
    cancelled.admin_graphql_api_id = "gid://shopify/Order/9502";
    cancelled.id = exactId("9502");
    cancelled.cancelled_at = new Date().toISOString();
    expect((await deliver(ordersCancelled, webhookRequest("orders/cancelled", toRawJson(cancelled)))).status).toBe(200);
    await runJobs();
    expect(await prisma.referral.findFirstOrThrow()).toMatchObject({ status: "rejected", reason: "order_cancelled" });
  });
});

describe("privacy", () => {
  it("includes referrals in a data request and erases the friend on redact", async () => {
    const code = await referrerCode();
    await pay({ id: "9601", customerId: FRIEND_ID, attributes: [{ name: "_loyalty_referral", value: code }] });
    await runJobs();
    const now = new Date();
    const referrerData = await exportCustomerData(prisma, TEST_SHOP, { customerGid: REFERRER, dataRequestId: null, orderGids: [] }, now);
    expect(referrerData.referrals).toMatchObject({ code, referred: [{ status: "pending", friendName: "Jo L." }], referredBy: [] });
    const friendData = await exportCustomerData(prisma, TEST_SHOP, { customerGid: FRIEND, dataRequestId: null, orderGids: [] }, now);
    expect(friendData.referrals.referredBy).toHaveLength(1);
    await redactCustomer(prisma, TEST_SHOP, { customerGid: FRIEND, dataRequestId: null, orderGids: [] }, now);
    expect(await prisma.referral.findFirstOrThrow()).toMatchObject({ friendCustomerGid: null, friendName: null, status: "pending" });
    await redactCustomer(prisma, TEST_SHOP, { customerGid: REFERRER, dataRequestId: null, orderGids: [] }, now);
    expect(await prisma.referralCode.count()).toBe(0);
  });
});
