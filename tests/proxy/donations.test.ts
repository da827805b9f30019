/**
 * Donating points and the two new reward kinds through the storefront's app proxy: Shopify-signed requests through
 * the real route handlers, a real SQLite database, and the fake Admin API (discounts checked against the real schema).
 */
import fc from "fast-check";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { archiveCause, getDonationsReport, saveCause } from "~/loyalty/server/donations.server";
import { saveReward } from "~/loyalty/server/program-admin.server";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { action as donationsAction, loader as donationsLoader } from "~/routes/proxy.donations";
import { action as redeem } from "~/routes/proxy.redeem";
import { proxyRequest, type ProxyRequestOptions } from "../support/app-proxy";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi();
const CUSTOMER_ID = "115310627314723954";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER_ID}`;
const ORDER_ID = "820982911946154508";

/** The JSON answers of the routes, as the tests read them. */
interface Body {
  code?: string;
  error?: string;
  fieldErrors?: Record<string, string>;
  replayed?: boolean;
  donation?: { causeName: string; points: number; amountMinor: number; currency: string };
  causes?: unknown[];
  member: { balance: number };
  redemption: { code: string };
}

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<Response>;

async function call(handler: Handler, request: Request) {
  try {
    const response = await handler({ request, params: {}, context: {} });
    return { status: response.status, body: ((await response.json().catch(() => null)) ?? {}) as Body };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: {} as Body };
    throw thrown;
  }
}

const donate = (body: unknown, options: ProxyRequestOptions = {}) =>
  call(donationsAction, proxyRequest("donations", { customerId: CUSTOMER_ID, method: "POST", body, ...options }));
const postRedeem = (body: unknown) => call(redeem, proxyRequest("redeem", { customerId: CUSTOMER_ID, method: "POST", body }));

/** Shopify's example order for our customer: 404 points at the default 1 pt/$. */
async function earn404(orderId = ORDER_ID) {
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  order.id = exactId(orderId);
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
}

async function balance() {
  return Number((await prisma.member.findFirstOrThrow({ where: { customerGid: CUSTOMER_GID } })).balance);
}

async function counts() {
  return { donations: await prisma.donation.count(), entries: await prisma.ledgerEntry.count({ where: { type: "donate" } }) };
}

async function newCause(name = "Trees for All", extra: object = {}) {
  const saved = await saveCause(prisma, TEST_SHOP, null, { name, description: "One tree per dollar", pointsPerUnit: 100, minimumPoints: 100, multiplePoints: 50, ...extra });
  return saved.cause;
}

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("POST /apps/loyalty/donations", () => {
  it("spends the points once per client key, writes one donate entry and the money owed at the cause's rate", async () => {
    await earn404();
    const cause = await newCause();
    const first = await donate({ causeId: cause.id, points: 250, idempotencyKey: "click-1" });
    expect(first.status).toBe(200);
    expect(first.body.donation).toMatchObject({ causeName: "Trees for All", points: 250, amountMinor: 250, currency: "USD" });
    expect(first.body.member.balance).toBe(154);
    // The same click again (a retry, a double click): the first donation, nothing more spent.
    const again = await donate({ causeId: cause.id, points: 250, idempotencyKey: "click-1" });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, donation: { points: 250 } });
    expect(await counts()).toEqual({ donations: 1, entries: 1 });
    expect(await balance()).toBe(154);
    const entry = await prisma.ledgerEntry.findFirstOrThrow({ where: { type: "donate" } });
    expect(Number(entry.points)).toBe(-250);
    expect(entry.explanation).toBe("Donated 250 pts to Trees for All ($2.50)");
  });

  it("refuses above the balance, zero, not a multiple, below the minimum, an unknown or archived cause: clear errors, nothing written", async () => {
    await earn404();
    const cause = await newCause();
    const archived = await newCause("Old cause");
    await archiveCause(prisma, TEST_SHOP, archived.id, new Date());
    const cases: [unknown, number, string][] = [
      [{ causeId: cause.id, points: 450, idempotencyKey: "k1" }, 409, "INSUFFICIENT_POINTS"],
      [{ causeId: cause.id, points: 0, idempotencyKey: "k2" }, 400, "INVALID_INPUT"],
      [{ causeId: cause.id, points: 120, idempotencyKey: "k3" }, 400, "INVALID_INPUT"],
      [{ causeId: cause.id, points: 50, idempotencyKey: "k4" }, 400, "INVALID_INPUT"],
      [{ causeId: cause.id, points: "100", idempotencyKey: "k5" }, 400, "INVALID_INPUT"],
      [{ causeId: "nope", points: 100, idempotencyKey: "k6" }, 404, "CAUSE_NOT_FOUND"],
      [{ causeId: archived.id, points: 100, idempotencyKey: "k7" }, 404, "CAUSE_NOT_FOUND"],
      [{ points: 100, idempotencyKey: "k8" }, 400, "INVALID_INPUT"],
    ];
    for (const [body, status, code] of cases) {
      const answer = await donate(body);
      expect([answer.status, answer.body.code], JSON.stringify(body)).toEqual([status, code]);
      expect(typeof answer.body.error).toBe("string");
    }
    expect((await donate({ causeId: cause.id, points: 120, idempotencyKey: "k3" })).body.fieldErrors).toEqual({ points: "Donations to Trees for All go in steps of 50 pts" });
    expect(await counts()).toEqual({ donations: 0, entries: 0 });
    expect(await balance()).toBe(404);
  });

  it("trusts only the signed shopper: logged out is 401, a forged signature 400", async () => {
    const cause = await newCause();
    expect((await donate({ causeId: cause.id, points: 100, idempotencyKey: "k" }, { customerId: null })).status).toBe(401);
    expect((await donate({ causeId: cause.id, points: 100, idempotencyKey: "k" }, { secret: "not-the-secret" })).status).toBe(400);
    expect(await counts()).toEqual({ donations: 0, entries: 0 });
  });

  it("lists the active causes with the shopper's standing", async () => {
    await earn404();
    const cause = await newCause();
    const archived = await newCause("Old cause");
    await archiveCause(prisma, TEST_SHOP, archived.id, new Date());
    const { status, body } = await call(donationsLoader, proxyRequest("donations", { customerId: CUSTOMER_ID }));
    expect(status).toBe(200);
    expect(body.causes).toEqual([{ id: cause.id, name: "Trees for All", description: "One tree per dollar", pointsPerUnit: 100, minimumPoints: 100, multiplePoints: 50 }]);
    expect(body.member.balance).toBe(404);
  });

  it("donated points never come back on a refund: the refund claws back from the balance by the usual policy", async () => {
    await earn404();
    const cause = await newCause();
    await donate({ causeId: cause.id, points: 400, idempotencyKey: "all-of-it" });
    const refund = webhookExample<Record<string, unknown>>("refunds/create");
    refund.order_id = exactId(ORDER_ID);
    expect((await deliver(refundsCreate, webhookRequest("refunds/create", toRawJson(refund)))).status).toBe(200);
    const donated = await prisma.ledgerEntry.findMany({ where: { type: "donate" } });
    expect(donated.map((e) => Number(e.points))).toEqual([-400]);
    // No entry reverses the donation; the member's balance never goes below zero (clamped clawback).
    expect(await prisma.ledgerEntry.count({ where: { reversesId: donated[0]?.id ?? "none" } })).toBe(0);
    expect(await balance()).toBeGreaterThanOrEqual(0);
    expect((await getDonationsReport(prisma, TEST_SHOP, { start: "2000-01-01", end: "2100-01-01" })).totals).toEqual({ donations: 1, points: 400, amountMinor: 400 });
  });

  it("property: Σ donations per cause (report and payout) equals the cause's donate entries in the ledger", async () => {
    await earn404();
    const causes = [await newCause("A"), await newCause("B", { pointsPerUnit: 200, minimumPoints: 2, multiplePoints: 2 })];
    let key = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ cause: fc.constantFrom(0, 1), points: fc.integer({ min: -10, max: 300 }) }), { maxLength: 8 }), async (attempts) => {
        for (const attempt of attempts) await donate({ causeId: causes[attempt.cause]?.id ?? "none", points: attempt.points, idempotencyKey: `p-${key++}` });
        const report = await getDonationsReport(prisma, TEST_SHOP, { start: "2000-01-01", end: "2100-01-01" });
        const entries = await prisma.ledgerEntry.findMany({ where: { type: "donate" } });
        for (const cause of causes) {
          const ledger = entries.filter((e) => JSON.parse(e.breakdown ?? "{}").causeId === cause.id).reduce((sum, e) => sum - Number(e.points), 0);
          expect(report.payouts.find((p) => p.causeId === cause.id)?.points ?? 0).toBe(ledger);
          expect(report.months.filter((m) => m.causeId === cause.id).reduce((sum, m) => sum + m.points, 0)).toBe(ledger);
        }
        const member = await prisma.member.findFirstOrThrow({ where: { customerGid: CUSTOMER_GID } });
        const sum = await prisma.ledgerEntry.aggregate({ where: { memberId: member.id }, _sum: { points: true } });
        expect(Number(member.balance)).toBe(Number(sum._sum.points));
        expect(Number(member.balance)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 15 },
    );
  });
});

describe("points slider and free product rewards", () => {
  it("a slider spends the chosen points for a proportional fixed amount off; a bad choice writes nothing", async () => {
    await earn404();
    const { reward } = await saveReward(prisma, TEST_SHOP, null, {
      name: "Points slider", kind: "points_slider", pointsCost: 100, amountMinor: 100, sliderMinPoints: 100, sliderMaxPoints: 1000, expiryDays: 30,
    });
    for (const points of [50, 150, 1100, 500, undefined]) {
      const refused = await postRedeem({ rewardId: reward.id, idempotencyKey: `bad-${points}`, points });
      expect(refused.status, String(points)).toBe(points === 500 ? 409 : 400);
    }
    expect(await prisma.redemption.count()).toBe(0);
    const { status, body } = await postRedeem({ rewardId: reward.id, idempotencyKey: "slide-1", points: 300 });
    expect(status).toBe(200);
    expect(body.member.balance).toBe(104);
    const discount = fake.discountByCode(body.redemption.code);
    expect(discount).toMatchObject({ kind: "basic", value: { amount: "3.00", appliesOnEachItem: false }, customerGids: [CUSTOMER_GID], usageLimit: 1 });
    const redemption = await prisma.redemption.findFirstOrThrow();
    expect([Number(redemption.pointsCost), Number(redemption.amountMinor)]).toEqual([300, 300]);
    // Exactly once: the same click again answers the same code.
    const again = await postRedeem({ rewardId: reward.id, idempotencyKey: "slide-1", points: 300 });
    expect(again.body.redemption.code).toBe(body.redemption.code);
    expect(await prisma.ledgerEntry.count({ where: { type: "redeem" } })).toBe(1);
  });

  it("a free product is one unit of its variant at the price of the day; a variant Shopify no longer has gives the points back", async () => {
    await earn404();
    fake.state.addProduct({ id: "gid://shopify/Product/77", productType: "Hats", title: "Beanie", priceMinor: 1800, variantId: "7700" });
    const { reward } = await saveReward(prisma, TEST_SHOP, null, {
      name: "Free beanie", kind: "free_product", pointsCost: 300, productGid: "gid://shopify/Product/77", variantGid: "gid://shopify/ProductVariant/7700", productTitle: "Beanie", expiryDays: 30,
    });
    const { status, body } = await postRedeem({ rewardId: reward.id, idempotencyKey: "free-1" });
    expect(status).toBe(200);
    const discount = fake.discountByCode(body.redemption.code);
    expect(discount).toMatchObject({ value: { amount: "18.00", appliesOnEachItem: false }, items: { productGids: [], variantGids: ["gid://shopify/ProductVariant/7700"] } });

    const { reward: gone } = await saveReward(prisma, TEST_SHOP, null, {
      name: "Free ghost", kind: "free_product", pointsCost: 100, productGid: "gid://shopify/Product/78", variantGid: "gid://shopify/ProductVariant/7800", productTitle: "Ghost", expiryDays: 30,
    });
    const failed = await postRedeem({ rewardId: gone.id, idempotencyKey: "free-2" });
    expect([failed.status, failed.body.code]).toEqual([502, "DISCOUNT_FAILED"]);
    expect(await balance()).toBe(104);
    expect(await prisma.ledgerEntry.count({ where: { type: "redeem_rollback" } })).toBe(1);
  });
});
