/**
 * The orders/paid path's short-cuts (app/loyalty/server/orders.server.ts) keep its guarantees:
 * - a retry is one INSERT the inbox refuses; a redelivery under a new webhook id stops at the order's lock: it
 *   reads no program and locks no member;
 * - accepting a delivery is one statement on PostgreSQL, and one transaction of two INSERTs (delivery, payload)
 *   on SQLite, run on the connection without Prisma (the shop's installation is answered from memory);
 * - an order seen for the first time skips the clawback reconciliation, an order a refund or cancellation reached
 *   first does not;
 * - the award's statements stay within a budget (a regression guard: each one costs a Prisma round trip; change
 *   the budget deliberately, with the benchmark's figures);
 * - the program is cached per shop, and a save (here or by another instance) is seen by the next order.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getShopProgram, saveProgramSettings } from "~/loyalty/server/program.server";
import { action as ordersCancelled } from "~/routes/webhooks.orders.cancelled";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { sqlDialect } from "~/db/dialect.server";
import { prisma, resetDatabase } from "../support/database";
import { statementsOf, tablesOf } from "../support/statements";
import { TEST_SHOP } from "../support/test-env";
import { drainInbox } from "~/shopify/webhooks/inbox-worker.server";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const ORDER_ID = "820982911946154508";
/** Statements of an accept: SQLite wraps its two INSERTs in BEGIN … COMMIT; PostgreSQL's is one statement. */
const SQLITE = sqlDialect(prisma).provider === "sqlite";
const ACCEPT_STATEMENTS = SQLITE ? 4 : 1;
const RETRY_STATEMENTS = SQLITE ? 3 : 1;
const EXPECTED_POINTS = 404; // Shopify's example order at 1 pt/$ (see orders.test.ts)

type Json = Record<string, unknown> & { line_items: Record<string, unknown>[] };

function paidOrder(n = 0): Json {
  const order = webhookExample<Json>("orders/paid");
  order.id = exactId(`${ORDER_ID}${n || ""}`);
  order.admin_graphql_api_id = `gid://shopify/Order/${ORDER_ID}${n || ""}`;
  for (const line of order.line_items) if (line.product_id) line.product_id = exactId("788032119674292922");
  return order;
}

function pay(order: Json, webhookId?: string) {
  return deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order), { webhookId }));
}

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe("orders/paid", () => {
  it("answers a retry with one refused INSERT, and stops a redelivery under a new id at the order's lock", async () => {
    await pay(paidOrder(), "first");
    // A retry (same X-Shopify-Webhook-Id): the inbox's unique key refuses it; no other table is touched.
    const retry = await statementsOf(async () =>
      expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(paidOrder()), { webhookId: "first" }), { install: false, drain: false })).status).toBe(200),
    );
    expect(tablesOf(retry)).toEqual(SQLITE ? ["WebhookDelivery"] : ["WebhookDelivery", "WebhookPayload"]);
    expect(retry.length).toBeLessThanOrEqual(RETRY_STATEMENTS);
    // A redelivery under a new webhook id is accepted, then its processing stops at the order's lock.
    await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(paidOrder()), { webhookId: "second" }), { drain: false });
    const processing = await statementsOf(() => drainInbox(prisma));
    expect(tablesOf(processing)).toEqual(["OrderRecord", "WebhookDelivery", "WebhookPayload"]);
    expect(processing.length).toBeLessThanOrEqual(8); // claim, payloads, BEGIN, order lock, COMMIT, done, empty claim (+1 spare)
    expect(await prisma.ledgerEntry.count()).toBe(1);
  });

  it("accepts a delivery with one INSERT, and awards a new order within its statement budget, without looking for refunds it cannot have", async () => {
    await pay(paidOrder(1)); // creates the shop's program and the member, and learns the shop's currency
    await pay(paidOrder(2)); // reloads the program once (learning the currency changed it); cached from here on
    const accept = await statementsOf(async () =>
      expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(paidOrder(3))), { drain: false, install: false })).status).toBe(200),
    );
    expect(tablesOf(accept)).toEqual(["WebhookDelivery", "WebhookPayload"]); // the installation is known from memory
    expect(accept.length).toBeLessThanOrEqual(ACCEPT_STATEMENTS);
    const statements = await statementsOf(() => drainInbox(prisma));
    expect(tablesOf(statements)).not.toContain("RefundRecord");
    // claim, payloads, shop check, BEGIN, order lock, program stamp, member lock, key check, entry, tier sum, member,
    // outbox, order, COMMIT, done, empty claim; and the report rollups in the same transaction (docs/decisions/
    // 015-daily-rollups.md): the entry's day (one upsert), the order's counted facts (one read), what it adds to its
    // order, its customer and its day (one upsert each).
    expect(statements.length).toBeLessThanOrEqual(21);
    expect(await prisma.ledgerEntry.count()).toBe(3);
  });

  it("claws everything back when the cancellation arrived before the order was paid", async () => {
    expect((await deliver(ordersCancelled, webhookRequest("orders/cancelled", toRawJson(webhookExample("orders/cancelled"))))).status).toBe(200);
    expect((await pay(paidOrder())).status).toBe(200);

    expect((await prisma.ledgerEntry.findMany({ orderBy: { createdAt: "asc" } })).map((entry) => [entry.type, Number(entry.points)])).toEqual([
      ["earn", EXPECTED_POINTS],
      ["clawback", -EXPECTED_POINTS],
    ]);
    expect((await prisma.member.findFirstOrThrow()).balance).toBe(0n);
  });

  it("leaves every order it sees in a settled status", async () => {
    await pay(paidOrder(1));
    const { settings } = await getShopProgram(prisma, TEST_SHOP);
    await prisma.$transaction((tx) => saveProgramSettings(tx, TEST_SHOP, { ...settings, status: "paused" }));
    await pay(paidOrder(2));
    await prisma.$transaction((tx) =>
      saveProgramSettings(tx, TEST_SHOP, { ...settings, productTypeRates: [{ productType: "Sunglasses", rateMilli: 2000 }] }),
    );
    await pay(paidOrder(3)); // needs product data the cache does not have: waits

    const statuses = await prisma.orderRecord.findMany({ select: { orderGid: true, status: true }, orderBy: { orderGid: "asc" } });
    expect(statuses.map((record) => record.status)).toEqual(["awarded", "program_not_live", "awaiting_product_data"]);
  });

  it("uses a program saved in this process, and one changed by another instance, from the next order on", async () => {
    await pay(paidOrder(1));
    const { settings } = await getShopProgram(prisma, TEST_SHOP);
    await prisma.$transaction((tx) => saveProgramSettings(tx, TEST_SHOP, { ...settings, baseRateMilli: 2000 }));
    await pay(paidOrder(2));
    // Another instance's save: only the row changes here (its updatedAt moves on).
    await prisma.program.update({ where: { shop: TEST_SHOP }, data: { baseRateMilli: 3000 } });
    await pay(paidOrder(3));

    const points = (await prisma.ledgerEntry.findMany({ orderBy: { createdAt: "asc" } })).map((entry) => Number(entry.points));
    // floor(404.95 × 2) = 809; then 404.95 × 3 at Silver ×1.25 (404 + 809 ≥ 500): floor(1518.56) = 1518
    expect(points).toEqual([EXPECTED_POINTS, 809, 1518]);
  });
});
