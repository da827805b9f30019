/**
 * The storefront's app proxy: Shopify-signed requests through the real route handlers, a real SQLite database,
 * and Shopify's Admin API faked faithfully (discounts validated against the real schema and kept in its state).
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { runDueJobs } from "~/loyalty/server/outbox.server";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { loader as account } from "~/routes/proxy.account";
import { action as redeem } from "~/routes/proxy.redeem";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { proxyRequest, type ProxyRequestOptions } from "../support/app-proxy";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";
import type { StorefrontAccount } from "~/loyalty/server/storefront-account.server";

const fake = startFakeAdminApi();
const CUSTOMER_ID = "115310627314723954";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER_ID}`;
const OTHER_ID = "999";

/** The account as the app answers it (JSON: the same shape, strings for dates). */
type AccountBody = StorefrontAccount;
interface RedeemBody {
  redemption?: { code: string; rewardName: string; status: string; expiresAt: string | null };
  member?: { balance: number };
  error?: string;
  code?: string;
}

async function call(handler: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<Response>, request: Request) {
  try {
    return await handler({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function getAccount(options: ProxyRequestOptions = {}) {
  const response = await call(account, proxyRequest("account", { customerId: CUSTOMER_ID, ...options }));
  return { status: response.status, body: (await response.json().catch(() => null)) as AccountBody };
}

async function postRedeem(body: unknown, options: ProxyRequestOptions = {}) {
  const response = await call(redeem, proxyRequest("redeem", { customerId: CUSTOMER_ID, method: "POST", body, ...options }));
  return { status: response.status, body: (await response.json().catch(() => null)) as RedeemBody };
}

/** Shopify's example order for our customer: 404 points at the default 1 pt/$. */
async function earn404(orderId = "820982911946154508", discountCodes: string[] = []) {
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  order.id = exactId(orderId);
  order.discount_codes = discountCodes.map((code) => ({ code, amount: "5.00", type: "fixed_amount" }));
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
}

async function rewardNamed(name: string) {
  return prisma.reward.findFirstOrThrow({ where: { shop: TEST_SHOP, name } });
}

/** The member's balance as a number (the column is BigInt). */
async function balance() {
  return Number((await prisma.member.findFirstOrThrow({ where: { customerGid: CUSTOMER_GID } })).balance);
}

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("GET /apps/loyalty/account", () => {
  it("answers the signed-in shopper's balance, progress, catalog, codes and activity", async () => {
    await earn404();
    const { status, body } = await getAccount();
    expect(status).toBe(200);
    expect(body.member).toMatchObject({ balance: 404, pending: 0, tier: "Bronze" });
    expect(body.member.progress.message).toBe("Earn 96 more points to reach Silver");
    expect(body.rewards.map((r) => [r.name, r.pointsCost, r.affordable])).toEqual([
      ["$5 off your order", 500, false],
      ["10% off your order", 1000, false],
      ["Free shipping", 300, true],
    ]);
    // Facts, not English: the storefront words a reward and what it misses in the shopper's language.
    expect(body.rewards[1]).not.toHaveProperty("description");
    expect(body.rewards[1]).toMatchObject({ kind: "percentage", percentBasisPoints: 1000, minimumOrderMinor: 2000, amountMinor: null });
    expect(body.rewards.map((r) => r.missing)).toEqual([96, 596, 0]);
    expect(body.program).toEqual({ status: "live", currency: "USD", earnRateMilli: 1000 });
    expect(body.member.progress).toMatchObject({ nextTier: "Silver", remaining: 96, basis: "points", currency: "USD" });
    // The history: the stored explanation the admin's member page shows for the same entry.
    const entry = await prisma.ledgerEntry.findFirstOrThrow({ where: { type: "earn" } });
    expect(body.activity).toEqual([
      { type: "earn", points: 404, explanation: entry.explanation, createdAt: entry.createdAt.toISOString() },
    ]);
  });

  it("answers 401 with a sentence when nobody is signed in", async () => {
    const { status, body } = await getAccount({ customerId: null });
    expect(status).toBe(401);
    expect(body).toMatchObject({ code: "NOT_LOGGED_IN", error: "Sign in to see and use your points" });
  });

  it("rejects a forged signature or a customer id swapped after signing", async () => {
    expect((await getAccount({ secret: "not-the-secret" })).status).toBe(400);
    const swapped = await getAccount({ tamper: (params) => params.set("logged_in_customer_id", OTHER_ID) });
    expect(swapped.status).toBe(400);
  });
});

describe("POST /apps/loyalty/redeem", () => {
  it("spends the points and issues a single-use code locked to the shopper", async () => {
    await earn404();
    const reward = await rewardNamed("Free shipping");
    const { status, body } = await postRedeem({ rewardId: reward.id, idempotencyKey: "click-1" });
    expect(status).toBe(200);
    expect(body.redemption?.code).toMatch(/^PTS-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(body.redemption).toMatchObject({ rewardName: "Free shipping", status: "unused" });
    expect(body.member?.balance).toBe(104);

    const discount = fake.discountByCode(body.redemption?.code ?? "");
    expect(discount).toMatchObject({ kind: "free_shipping", customerGids: [CUSTOMER_GID], usageLimit: 1, appliesOncePerCustomer: true });
    expect(new Date(discount?.endsAt ?? 0).toISOString()).toBe(body.redemption?.expiresAt);

    const entries = await prisma.ledgerEntry.findMany({ orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => [e.type, Number(e.points)])).toEqual([
      ["earn", 404],
      ["redeem", -300],
    ]);
    expect(entries[1]?.explanation).toBe(`Redeemed 300 pts for Free shipping (code ${body.redemption?.code})`);
    expect((await getAccount()).body.codes).toEqual([expect.objectContaining({ code: body.redemption?.code, status: "unused" })]);
  });

  it("refuses when the balance is short, with the numbers, and writes nothing", async () => {
    await earn404();
    const reward = await rewardNamed("$5 off your order");
    const { status, body } = await postRedeem({ rewardId: reward.id, idempotencyKey: "click-1" });
    expect(status).toBe(409);
    expect(body).toMatchObject({ code: "INSUFFICIENT_POINTS", error: "Cannot redeem 500 pts for $5 off your order: balance is 404 pts" });
    expect(await prisma.redemption.count()).toBe(0);
    expect(await balance()).toBe(404);
    expect(fake.state.discounts.size).toBe(0);
  });

  it("uses only the signed customer: an id in the body is ignored, a forged signature changes nothing", async () => {
    await earn404();
    const reward = await rewardNamed("Free shipping");
    const forged = await postRedeem({ rewardId: reward.id, idempotencyKey: "x" }, { secret: "guess" });
    expect(forged.status).toBe(400);
    expect(await prisma.redemption.count()).toBe(0);

    const other = await postRedeem({ rewardId: reward.id, idempotencyKey: "y", customerId: CUSTOMER_ID }, { customerId: OTHER_ID });
    expect(other.status).toBe(409); // the signed shopper (999) has no points; the body's id is not used
    expect(await balance()).toBe(404);
  });

  it("answers a retried or double-clicked request with the same code", async () => {
    await earn404();
    const reward = await rewardNamed("Free shipping");
    const first = await postRedeem({ rewardId: reward.id, idempotencyKey: "same-click" });
    const again = await postRedeem({ rewardId: reward.id, idempotencyKey: "same-click" });
    expect(again.status).toBe(200);
    expect(again.body.redemption?.code).toBe(first.body.redemption?.code);
    expect(fake.state.discounts.size).toBe(1);
    expect(await prisma.ledgerEntry.count({ where: { type: "redeem" } })).toBe(1);
    expect(await balance()).toBe(104);
  });

  it("gives exactly one code when concurrent redeems have balance for one", async () => {
    await earn404();
    const reward = await rewardNamed("Free shipping");
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => postRedeem({ rewardId: reward.id, idempotencyKey: `tab-${i}` })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(fake.state.discounts.size).toBe(1);
    expect(await balance()).toBe(104);
  });

  it("restores the points with a rollback entry when Shopify fails, and says so", async () => {
    await earn404();
    const reward = await rewardNamed("Free shipping");
    fake.failNext(1, "http500"); // the create fails; the lookup that follows finds no code
    const { status, body } = await postRedeem({ rewardId: reward.id, idempotencyKey: "click-1" });
    expect(status).toBe(502);
    expect(body).toMatchObject({ code: "DISCOUNT_FAILED", error: "We could not create your code: your 300 pts are back in your balance" });
    const entries = await prisma.ledgerEntry.findMany({ orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => [e.type, Number(e.points)])).toEqual([
      ["earn", 404],
      ["redeem", -300],
      ["redeem_rollback", 300],
    ]);
    expect(entries[2]?.reversesId).toBe(entries[1]?.id);
    expect(await balance()).toBe(404);
    expect((await prisma.redemption.findFirstOrThrow()).status).toBe("failed");
  });

  it("issues the code when Shopify created it but its answer was lost", async () => {
    await earn404();
    const reward = await rewardNamed("Free shipping");
    fake.failNext(1, "lost-response"); // the discount is created, the answer never arrives; the lookup finds it
    const { status, body } = await postRedeem({ rewardId: reward.id, idempotencyKey: "click-1" });
    expect(status).toBe(200);
    expect(fake.discountByCode(body.redemption?.code ?? "")).toBeDefined();
    expect(await prisma.redemption.findFirstOrThrow()).toMatchObject({ status: "issued" });
    expect(await balance()).toBe(104);
  });

  it("keeps the points safe when Shopify cannot answer at all, and settles later", async () => {
    await earn404();
    const reward = await rewardNamed("Free shipping");
    fake.failNext(2, "network"); // neither the create nor the lookup gets through
    const { status, body } = await postRedeem({ rewardId: reward.id, idempotencyKey: "click-1" });
    expect(status).toBe(503);
    expect(body.code).toBe("DISCOUNT_PENDING");
    expect((await prisma.redemption.findFirstOrThrow()).status).toBe("pending");

    const handlers = createJobHandlers(prisma, adminGraphqlForShop);
    await runDueJobs(prisma, handlers, { now: new Date(Date.now() + 5 * 60_000) });
    expect((await prisma.redemption.findFirstOrThrow()).status).toBe("failed");
    expect(await balance()).toBe(404);
  });

  it("rejects a body without a reward or key with field errors", async () => {
    const { status, body } = await postRedeem({ idempotencyKey: "" });
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: "INVALID_INPUT" });
    expect(await prisma.redemption.count()).toBe(0);
  });
});

describe("after a code is issued", () => {
  async function issueFreeShipping() {
    await earn404();
    const reward = await rewardNamed("Free shipping");
    const { body } = await postRedeem({ rewardId: reward.id, idempotencyKey: "click-1" });
    return body.redemption?.code ?? "";
  }

  it("marks the code used when a paid order shows it", async () => {
    const code = await issueFreeShipping();
    await earn404("1002", [code.toLowerCase()]);
    expect(await prisma.redemption.findFirstOrThrow()).toMatchObject({ status: "used", usedOrderGid: "gid://shopify/Order/1002" });
    expect((await getAccount()).body.codes[0]?.status).toBe("used");
  });

  it("returns an unused expired code's points when the shop says so", async () => {
    await issueFreeShipping();
    await prisma.program.update({ where: { shop: TEST_SHOP }, data: { returnExpiredCodes: true } });
    const handlers = createJobHandlers(prisma, adminGraphqlForShop);
    await runDueJobs(prisma, handlers, { now: new Date(Date.now() + 31 * 24 * 60 * 60 * 1000) });
    expect((await prisma.redemption.findFirstOrThrow()).status).toBe("returned");
    expect(await balance()).toBe(404);
    const rollback = await prisma.ledgerEntry.findFirstOrThrow({ where: { type: "redeem_rollback" } });
    expect(rollback.explanation).toMatch(/expired unused/);
  });

  it("only marks it expired when the shop keeps the points", async () => {
    await issueFreeShipping();
    const handlers = createJobHandlers(prisma, adminGraphqlForShop);
    await runDueJobs(prisma, handlers, { now: new Date(Date.now() + 31 * 24 * 60 * 60 * 1000) });
    expect((await prisma.redemption.findFirstOrThrow()).status).toBe("expired");
    expect(await balance()).toBe(104);
  });
});
