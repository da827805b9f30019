/**
 * Cash-back as store credit through the real webhook routes and the outbox, against the fake Admin API's store
 * credit (the dev store's own implementation, real 2026-10 schema): credited once after the return window, refunds
 * debited in proportion, and Shopify refusing (a missing scope, a credit limit, insufficient funds) or losing an
 * answer never loses nor doubles a cent.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { runDueJobs } from "~/loyalty/server/outbox.server";
import { getShopProgram, saveProgramSettings } from "~/loyalty/server/program.server";
import { getMemberCashback, getStoreCreditLiability, saveCashbackRule } from "~/loyalty/server/cashback.server";
import { withSafeNumbers } from "~/loyalty/safe-integer";
import { action as ordersCancelled } from "~/routes/webhooks.orders.cancelled";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { storeCreditBalance } from "../../devstore/admin-api/store-credit";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi();
const handlers = createJobHandlers(prisma, adminGraphqlForShop);
const ORDER_ID = "820982911946154508";
const ORDER_GID = `gid://shopify/Order/${ORDER_ID}`;
const CUSTOMER_GID = "gid://shopify/Customer/115310627314723954";
const AVIATOR_LINE = "gid://shopify/LineItem/487817672276298554";
const DAY_MS = 24 * 60 * 60 * 1000;
const SCOPES = ["write_store_credit_account_transactions", "read_store_credit_accounts"];
// Shopify's example order: 404.95 eligible (tests/webhooks/orders.test.ts); Bronze's 3% of it is 12.14.
const ELIGIBLE = 40_495;
const PAID_AT = new Date();

type Json = Record<string, unknown> & { line_items: Record<string, unknown>[] };

function paidOrder(): Json {
  const order = webhookExample<Json>("orders/paid");
  order.id = exactId(ORDER_ID);
  for (const line of order.line_items) if (line.product_id) line.product_id = exactId("788032119674292922");
  // Paid now: the return window starts with the test.
  order.processed_at = PAID_AT.toISOString();
  return order;
}

function refund(id: string, lineGids: string[]): Json {
  const body = webhookExample<Json & { refund_line_items: { line_item: { admin_graphql_api_id: string } }[] }>("refunds/create");
  body.id = exactId(id);
  body.admin_graphql_api_id = `gid://shopify/Refund/${id}`;
  body.order_id = exactId(ORDER_ID);
  body.refund_line_items = body.refund_line_items.filter((l) => lineGids.includes(l.line_item.admin_graphql_api_id));
  return body;
}

async function send(action: typeof ordersPaid, topic: string, payload: unknown, webhookId?: string) {
  const response = await deliver(action, webhookRequest(topic, toRawJson(payload), webhookId ? { webhookId } : {}));
  expect(response.status).toBe(200);
}

/** Runs every job due at `now`, as many rounds as it takes (a job may queue another that is due too). */
async function runJobs(now: Date) {
  const total = { done: 0, retried: 0, dead: 0 };
  for (let round = 0; round < 10; round++) {
    const result = await runDueJobs(prisma, handlers, { now });
    total.done += result.done;
    total.retried += result.retried;
    if (result.done === 0) break;
  }
  return total;
}

async function credit() {
  const found = await prisma.cashbackCredit.findUnique({ where: { shop_orderGid: { shop: TEST_SHOP, orderGid: ORDER_GID } }, include: { debits: true } });
  return found && { ...withSafeNumbers({ ...found, debits: undefined }), debits: found.debits.map(withSafeNumbers) };
}

const balance = () => storeCreditBalance(fake.state, CUSTOMER_GID, "USD");
const creditOperations = () => fake.operations.filter((op) => op.name === "CreditStoreCreditAccount");


beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.reset();
  fake.setScopes(SCOPES);
  fake.state.addCustomer({ id: CUSTOMER_GID, email: "john@example.com" });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  const program = await getShopProgram(prisma, TEST_SHOP);
  await prisma.$transaction((tx) => saveProgramSettings(tx, TEST_SHOP, { ...program.settings, vestingDays: 14 }));
  const bronze = program.settings.tierProgram.tiers[0]?.id ?? "none";
  await saveCashbackRule(prisma, TEST_SHOP, { enabled: true, baseBasisPoints: 200, tierBasisPoints: { [bronze]: 300 } });
  await prisma.outboxJob.deleteMany();
});

/** Pays the order and runs the jobs due now: the credit is written, pending until the window ends. */
async function payAndSchedule() {
  await send(ordersPaid, "orders/paid", paidOrder());
  await runJobs(new Date());
}

const afterWindow = (extraDays = 0) => new Date(PAID_AT.getTime() + (14 + extraDays) * DAY_MS + 1000);

describe("cash-back earned on a paid order", () => {
  it("is scheduled once, credited once after the return window, at the member's tier rate", async () => {
    await payAndSchedule();
    await send(ordersPaid, "orders/paid", paidOrder(), "redelivery"); // a redelivery changes nothing
    await runJobs(new Date());
    expect(await credit()).toMatchObject({ status: "pending", eligibleMinor: ELIGIBLE, rateBasisPoints: 300, amountMinor: 1214, creditedMinor: 0 });
    expect(balance()).toBe(0);
    // Still inside the window: the settle job waits.
    const earn = await prisma.ledgerEntry.findFirstOrThrow({ where: { type: "earn" } });
    expect(earn.spendMinor).toBe(BigInt(ELIGIBLE));

    await runJobs(afterWindow());
    expect(await credit()).toMatchObject({ status: "credited", creditedMinor: 1214, debitedMinor: 0, lastError: null });
    expect(balance()).toBe(1214);
    await runJobs(afterWindow(1));
    expect(creditOperations()).toHaveLength(1);
    expect(balance()).toBe(1214);
    expect(await getStoreCreditLiability(prisma, TEST_SHOP)).toEqual([{ currency: "USD", issuedMinor: 1214, reversedMinor: 0, outstandingMinor: 1214, pendingMinor: 0 }]);
  });

  it("earns nothing while the rule is off", async () => {
    await saveCashbackRule(prisma, TEST_SHOP, { enabled: false, baseBasisPoints: 200, tierBasisPoints: {} });
    await payAndSchedule();
    await runJobs(afterWindow());
    expect(await prisma.cashbackCredit.count()).toBe(0);
    expect(fake.state.storeCreditAccounts.size).toBe(0);
  });
});

describe("refunds", () => {
  it("before the window lower what is credited; after it each refund is debited in proportion, once", async () => {
    await payAndSchedule();
    // The Aviator line (89.99 of 404.95) comes back before the window ends.
    await send(refundsCreate, "refunds/create", refund("900000000000000001", [AVIATOR_LINE]));
    await runJobs(new Date());
    expect(balance()).toBe(0);
    await runJobs(afterWindow());
    // The Aviator line had 87.82 eligible: kept = floor(1214 × 317.13 / 404.95) = 950.
    expect(await credit()).toMatchObject({ status: "credited", creditedMinor: 950 });
    expect(balance()).toBe(950);

    // Everything else comes back after the credit: the rest is debited, and a redelivery debits nothing more.
    const rest = (paidOrder().line_items as { admin_graphql_api_id: string }[]).map((l) => l.admin_graphql_api_id).filter((gid) => gid !== AVIATOR_LINE);
    await send(refundsCreate, "refunds/create", refund("900000000000000002", rest));
    await runJobs(afterWindow(1));
    await send(refundsCreate, "refunds/create", refund("900000000000000002", rest), "again");
    await runJobs(afterWindow(2));
    const after = await credit();
    expect(after).toMatchObject({ status: "reversed", creditedMinor: 950, debitedMinor: 950 });
    expect(after?.debits.map((d) => ({ key: d.refundKey, amount: d.amountMinor, status: d.status })).sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: "gid://shopify/Refund/900000000000000001", amount: 0, status: "none" },
      { key: "gid://shopify/Refund/900000000000000002", amount: 950, status: "debited" },
    ]);
    expect(balance()).toBe(0);
    expect(fake.operations.filter((op) => op.name === "DebitStoreCreditAccount")).toHaveLength(1);
    expect(await getStoreCreditLiability(prisma, TEST_SHOP)).toEqual([{ currency: "USD", issuedMinor: 950, reversedMinor: 950, outstandingMinor: 0, pendingMinor: 0 }]);
  });

  it("a cancellation before the window credits nothing", async () => {
    await payAndSchedule();
    const cancelled = { ...paidOrder(), cancelled_at: new Date().toISOString(), cancel_reason: "customer" };
    await send(ordersCancelled, "orders/cancelled", cancelled);
    await runJobs(afterWindow());
    expect(await credit()).toMatchObject({ status: "reversed", creditedMinor: 0 });
    expect(creditOperations()).toHaveLength(0);
  });

  it("a debit the balance cannot cover (the shopper spent it) stays owed, visible, and is retried until it can", async () => {
    await payAndSchedule();
    await runJobs(afterWindow());
    // The shopper spends all but 1.00 at checkout.
    const [account] = [...fake.state.storeCreditAccounts.values()];
    if (!account) throw new Error("no store credit account");
    fake.state.addStoreCreditTransaction(account, { kind: "debit", amountMinor: 1114, event: "ORDER_PAYMENT" }, new Date().toISOString());
    await send(refundsCreate, "refunds/create", refund("900000000000000003", [AVIATOR_LINE]));
    const result = await runJobs(afterWindow(1));
    expect(result.retried).toBe(1);
    const owed = await credit();
    expect(owed?.debits[0]).toMatchObject({ amountMinor: 264, status: "pending" });
    expect(owed?.debits[0]?.lastError).toContain("INSUFFICIENT_FUNDS");
    expect(await getMemberCashback(prisma, owed?.memberId ?? "")).toEqual([expect.objectContaining({ status: "credited", error: expect.stringContaining("INSUFFICIENT_FUNDS") })]);

    // The merchant credits the shopper again (another source): the retry goes through, once.
    fake.state.addStoreCreditTransaction(account, { kind: "credit", amountMinor: 500, event: "ADJUSTMENT" }, new Date().toISOString());
    await runJobs(afterWindow(2));
    expect(await credit()).toMatchObject({ status: "credited", debitedMinor: 264 });
    expect(balance()).toBe(100 + 500 - 264);
  });
});

describe("Shopify refusing or losing the credit", () => {
  it("without the scope: pending with the error, retried by the outbox, credited once the scope is granted", async () => {
    await payAndSchedule();
    fake.setScopes(["read_customers"]);
    const refused = await runJobs(afterWindow());
    expect(refused.retried).toBe(1);
    const pending = await credit();
    expect(pending).toMatchObject({ status: "pending", creditedMinor: 0, attemptedAt: null });
    expect(pending?.lastError).toContain("write_store_credit_account_transactions");
    expect(balance()).toBe(0);
    const job = await prisma.outboxJob.findFirstOrThrow({ where: { kind: "cashback-settle" } });
    expect(job).toMatchObject({ doneAt: null, deadAt: null });

    fake.setScopes(SCOPES);
    await runJobs(new Date(job.runAfter.getTime() + 1000));
    expect(await credit()).toMatchObject({ status: "credited", creditedMinor: 1214, lastError: null });
    expect(balance()).toBe(1214);
  });

  it("over the account's credit limit: retried, never lost", async () => {
    await payAndSchedule();
    fake.state.storeCreditLimitMinor = 1000;
    expect((await runJobs(afterWindow())).retried).toBe(1);
    expect((await credit())?.lastError).toContain("CREDIT_LIMIT_EXCEEDED");
    fake.state.storeCreditLimitMinor = null;
    await runJobs(afterWindow(1));
    expect(balance()).toBe(1214);
  });

  it("an answer lost on the way back is found at Shopify, not credited twice", async () => {
    await payAndSchedule();
    // Only the settle job runs next (the storefront syncs due at the same time would take the lost response).
    await prisma.outboxJob.deleteMany({ where: { kind: { not: "cashback-settle" } } });
    fake.failNext(1, "lost-response");
    // Shopify's clock and the job's agree: the lookup matches transactions by the time the credit was sent.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(afterWindow());
      expect((await runJobs(afterWindow())).retried).toBe(1);
      expect(balance()).toBe(1214); // Shopify did credit
      expect((await credit())?.attemptedAt).not.toBeNull();
      vi.setSystemTime(afterWindow(1));
      await runJobs(afterWindow(1));
    } finally {
      vi.useRealTimers();
    }
    expect(await credit()).toMatchObject({ status: "credited", creditedMinor: 1214, attemptedAt: null });
    expect(creditOperations()).toHaveLength(1);
    expect(balance()).toBe(1214);
  });
});
