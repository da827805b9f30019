/**
 * A member's page through `authenticate.admin`, with a history made by Shopify's signed example webhooks
 * (orders/paid, refunds/create, customers/redact), a redemption through the app proxy, and a manual credit.
 *
 * Rules proven here:
 * - The header shows name, email, tier and progress, balance, pending, available and lifetime figures.
 * - The ledger is newest first, each entry with its explanation, note, who did it and the order it belongs to
 *   (numeric id for the admin link); pages of 50 walked both ways show every entry once.
 * - Reward codes are listed with their status.
 * - A redacted member shows as "Redacted customer", without email, customer link or notes.
 * - A member of another shop, or an unknown id, is 404; a bad cursor is 400.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { recordManualAdjustment } from "~/loyalty/server/adjustments.server";
import { formatShopDate } from "~/loyalty/shop-time";
import { getShopProgram } from "~/loyalty/server/program.server";
import { LEDGER_PAGE_SIZE, type MemberDetail } from "~/loyalty/server/members-admin.server";
import { action as redeem } from "~/routes/proxy.redeem";
import { action, loader } from "~/routes/app.members.$id";
import { proxyRequest } from "../support/app-proxy";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { TEST_SHOP } from "../support/test-env";
import {
  answerOf,
  callAs,
  DEFAULT_STAFF_ID,
  EXAMPLE_CUSTOMER_GID,
  EXAMPLE_ORDER_ID,
  EXAMPLE_ORDER_POINTS,
  memberOf,
  payExampleOrder,
  redactCustomer,
  refundExampleOrder,
} from "./support";

const fake = startFakeAdminApi();
const OTHER_SHOP = "other-shop.myshopify.com";
const CUSTOMER_ID = EXAMPLE_CUSTOMER_GID.replace("gid://shopify/Customer/", "");

type Page = MemberDetail & { formKey: string };

async function memberPage(id: string, query: Record<string, string> = {}) {
  const search = new URLSearchParams(query).toString();
  return answerOf<Page & { error?: string; fieldErrors?: Record<string, string> }>(
    await callAs(loader, `/app/members/${id}${search ? `?${search}` : ""}`, { id }),
  );
}

async function credit(memberId: string, points: number, note: string, clientKey = "page-test-key-1") {
  const result = await callAs(action, `/app/members/${memberId}`, { id: memberId }, { form: { direction: "credit", points: String(points), note, clientKey } });
  expect((await answerOf(result)).status).toBe(200);
}

async function redeemFreeShipping(): Promise<string> {
  const reward = await prisma.reward.findFirstOrThrow({ where: { shop: TEST_SHOP, name: "Free shipping" } });
  const request = proxyRequest("redeem", { customerId: CUSTOMER_ID, method: "POST", body: { rewardId: reward.id, idempotencyKey: "click-1" } });
  const response = await redeem({ request, params: {}, context: {} });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(200);
  return ((await response.json()) as { redemption: { code: string } }).redemption.code;
}

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  fake.state.addCustomer({ id: EXAMPLE_CUSTOMER_GID });
});

describe("a member's page", () => {
  it("shows the header, the explained ledger with order links, and the reward codes", async () => {
    await payExampleOrder();
    await refundExampleOrder();
    const member = await memberOf(EXAMPLE_CUSTOMER_GID);
    await credit(member.id, 350, "Birthday gesture, see ticket #42");
    const code = await redeemFreeShipping();

    const { status, body } = await memberPage(member.id);
    expect(status).toBe(200);
    const after = await memberOf(EXAMPLE_CUSTOMER_GID);
    expect(body.member).toEqual({
      id: member.id,
      name: "John Smith",
      email: "john@example.com",
      redacted: false,
      customerId: CUSTOMER_ID,
      tier: "Bronze",
      tierProgress: `${500 - after.tierMetric} pts to Silver`,
      balance: after.balance,
      pending: 0,
      available: after.balance,
      lifetimeEarned: after.lifetimeEarned,
      lifetimeRedeemed: 300,
      joinedAt: after.createdAt.toISOString(),
      joinedOnLabel: formatShopDate(after.createdAt, "UTC"),
      redactedAt: null,
      redactedOnLabel: null,
      tierMetric: "Tiers count points earned from orders and bonuses, net of clawbacks. Manual credits and debits don't count.",
      tierStanding: { next: "Silver", remaining: 500 - after.tierMetric },
      tierBasis: "points",
      tierCountsManualCredits: false,
    });

    const entries = body.ledger.entries;
    expect(entries.map((entry) => entry.type)).toEqual(["redeem", "manual_credit", "clawback", "earn"]);
    const [redeemed, manual, clawback, earn] = entries;
    expect(earn).toMatchObject({
      typeLabel: "Earned",
      points: EXAMPLE_ORDER_POINTS,
      orderGid: `gid://shopify/Order/${EXAMPLE_ORDER_ID}`,
      orderId: EXAMPLE_ORDER_ID,
      note: null,
      actor: null,
      pending: false,
    });
    expect(earn?.explanation).toContain("1 × Aviator sunglasses");
    expect(clawback).toMatchObject({ typeLabel: "Clawed back", orderId: EXAMPLE_ORDER_ID });
    expect(clawback?.points).toBeLessThan(0);
    expect(clawback?.explanation).toMatch(/^Clawback of /);
    expect(manual).toMatchObject({
      typeLabel: "Manual credit",
      points: 350,
      note: "Birthday gesture, see ticket #42",
      actor: `staff member ${DEFAULT_STAFF_ID}`,
      explanation: `Manual credit of 350 pts by staff member ${DEFAULT_STAFF_ID}`,
      orderId: null,
    });
    expect(redeemed).toMatchObject({ typeLabel: "Redeemed", points: -300, explanation: `Redeemed 300 pts for Free shipping (code ${code})` });
    // The same explanations as kinds and variables, for the page to word in the merchant's language.
    expect(earn?.explain).toEqual({ kind: "earn", points: EXAMPLE_ORDER_POINTS, order: expect.stringMatching(/^#|^order /) });
    expect(clawback?.explain).toMatchObject({ kind: "clawback", points: -(clawback?.points ?? 0), cancelled: false, shortfall: 0 });
    expect(manual?.explain).toEqual({ kind: "manual_credit", points: 350, actor: { kind: "staff", id: String(DEFAULT_STAFF_ID), name: "Dana Admin" } });
    expect(redeemed?.explain).toEqual({ kind: "redeem", points: 300, reward: "Free shipping", code });
    expect(entries.reduce((sum, entry) => sum + entry.points, 0)).toBe(after.balance);

    expect(body.codes.redemptions).toEqual([
      expect.objectContaining({ code, rewardName: "Free shipping", pointsCost: 300, status: "issued", usedOrderId: null }),
    ]);
    expect(body.ledger.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    expect(body.formKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("gives the adjustment form a new key on every load, so the next adjustment is a new one", async () => {
    await payExampleOrder();
    const member = await memberOf(EXAMPLE_CUSTOMER_GID);
    const first = await memberPage(member.id);
    await credit(member.id, 10, "First", first.body.formKey);
    const second = await memberPage(member.id);
    expect(second.body.formKey).not.toBe(first.body.formKey);
    await credit(member.id, 10, "Second", second.body.formKey);
    expect((await memberOf(EXAMPLE_CUSTOMER_GID)).balance).toBe(EXAMPLE_ORDER_POINTS + 20);
  });

  it("shows points that have not vested as pending", async () => {
    await getShopProgram(prisma, TEST_SHOP);
    await prisma.program.update({ where: { shop: TEST_SHOP }, data: { vestingDays: 14 } });
    await payExampleOrder({ paidAt: new Date() });
    const member = await memberOf(EXAMPLE_CUSTOMER_GID);
    const { body } = await memberPage(member.id);
    expect(body.member).toMatchObject({ balance: EXAMPLE_ORDER_POINTS, pending: EXAMPLE_ORDER_POINTS, available: 0 });
    expect(body.ledger.entries[0]).toMatchObject({ type: "earn", pending: true });
  });

  it("pages through a long ledger, newest first, both ways", async () => {
    await payExampleOrder();
    const member = await memberOf(EXAMPLE_CUSTOMER_GID);
    const start = Date.now();
    for (let index = 0; index < 119; index += 1) {
      // Pairs of entries share a timestamp: ties break by id.
      const now = new Date(start + Math.floor(index / 2) * 1000);
      await recordManualAdjustment(prisma, {
        shop: TEST_SHOP,
        memberId: member.id,
        direction: "credit",
        points: index + 1,
        note: `Credit ${index + 1}`,
        clientKey: `ledger-key-${index}`,
        actor: "staff:1",
        now,
      });
    }
    const expected = (await prisma.ledgerEntry.findMany({ where: { memberId: member.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] })).map((e) => e.id);
    expect(expected).toHaveLength(120);

    const forward: string[] = [];
    let query: Record<string, string> = {};
    const sizes: number[] = [];
    for (;;) {
      const { status, body } = await memberPage(member.id, query);
      expect(status).toBe(200);
      sizes.push(body.ledger.entries.length);
      forward.push(...body.ledger.entries.map((entry) => entry.id));
      if (!body.ledger.pageInfo.hasNextPage) break;
      query = { ledgerAfter: body.ledger.pageInfo.endCursor ?? "" };
    }
    expect(sizes).toEqual([LEDGER_PAGE_SIZE, LEDGER_PAGE_SIZE, 20]);
    expect(forward).toEqual(expected);

    const last = await memberPage(member.id, query);
    const backward = last.body.ledger.entries.map((entry) => entry.id);
    let cursor = last.body.ledger.pageInfo.startCursor;
    while (cursor) {
      const { body } = await memberPage(member.id, { ledgerBefore: cursor });
      backward.unshift(...body.ledger.entries.map((entry) => entry.id));
      cursor = body.ledger.pageInfo.hasPreviousPage ? body.ledger.pageInfo.startCursor : null;
    }
    expect(backward).toEqual(expected);
  });

  it("shows a redacted member as 'Redacted customer', without email, customer link or notes", async () => {
    await payExampleOrder();
    const member = await memberOf(EXAMPLE_CUSTOMER_GID);
    await credit(member.id, 15, "Called from 555-0100 about John's order");
    await redactCustomer(CUSTOMER_ID);

    const { status, body } = await memberPage(member.id);
    expect(status).toBe(200);
    expect(body.member).toMatchObject({ name: "Redacted customer", email: null, customerId: null, redacted: true, balance: EXAMPLE_ORDER_POINTS + 15 });
    expect(body.member.redactedAt).not.toBeNull();
    expect(body.ledger.entries.map((entry) => entry.note)).toEqual([null, null]);
    expect(JSON.stringify(body)).not.toMatch(/john@example\.com|John Smith|555-0100/);
  });
});

describe("not found and bad queries", () => {
  it("answers 404 for a member of another shop and for an unknown id", async () => {
    await payExampleOrder({ shop: OTHER_SHOP });
    const foreign = await memberOf(EXAMPLE_CUSTOMER_GID, OTHER_SHOP);
    const other = await memberPage(foreign.id);
    expect(other.status).toBe(404);
    expect(other.body.error).toBe("This member is not in your program");
    expect((await memberPage("no-such-member")).status).toBe(404);
  });

  it("answers 400 for a tampered cursor, naming it", async () => {
    await payExampleOrder();
    const member = await memberOf(EXAMPLE_CUSTOMER_GID);
    const { status, body } = await memberPage(member.id, { codesAfter: "garbage" });
    expect(status).toBe(400);
    expect(body.fieldErrors).toEqual({ codesAfter: "Invalid or outdated page cursor" });
  });
});
