/**
 * The webhook trust boundary (docs/decisions/010-trust-boundary.md): Shopify signs the body only, so everything
 * else a delivery says is checked. Each case was reproduced against the app before these checks existed.
 *
 * Rules proven here, through the real route handlers with Shopify's example payloads:
 * - a route accepts only its own topic (400), a well-formed shop domain (400), a shop that has the app (401;
 *   the compliance topics also after a recorded uninstall), a body of its topic's shape naming the header's shop
 *   (400), and a body within the limit (413, before the signature is even computed); nothing is written;
 * - an order or refund GID recorded under one shop is refused for another (the delivery fails, with its reason);
 * - a delivery that fails the same way on every attempt ends as failed, with its error, listed for the merchant,
 *   and never blocks other orders.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { countInbox, listFailedDeliveries, MAX_DELIVERY_ATTEMPTS, storeDelivery } from "~/loyalty/server/inbox.server";
import { action as appUninstalled } from "~/routes/webhooks.app.uninstalled";
import { action as customersCreate } from "~/routes/webhooks.customers.create";
import { action as customersRedact } from "~/routes/webhooks.customers.redact";
import { action as ordersCancelled } from "~/routes/webhooks.orders.cancelled";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { action as shopRedact } from "~/routes/webhooks.shop.redact";
import { drainInbox } from "~/shopify/webhooks/inbox-worker.server";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, installShop, signBody, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

type Json = Record<string, unknown> & { line_items: Record<string, unknown>[] };

const OTHER_SHOP = "other-shop.myshopify.com";
const ORDER_ID = "820982911946154508";
const ORDER_GID = `gid://shopify/Order/${ORDER_ID}`;
const EXPECTED_POINTS = 404; // Shopify's example order at 1 pt/$ (tests/webhooks/orders.test.ts)

function paidOrderBody(): string {
  const order = webhookExample<Json>("orders/paid");
  order.id = exactId(ORDER_ID);
  for (const line of order.line_items) if (line.product_id) line.product_id = exactId("788032119674292922");
  return toRawJson(order);
}

/** What a delivery must never change when it is refused: every table's row count. */
async function everyCount() {
  const [ledger, members, orders, programs, sessions, deliveries] = await Promise.all([
    prisma.ledgerEntry.count(),
    prisma.member.count(),
    prisma.orderRecord.count(),
    prisma.program.count(),
    prisma.session.count(),
    prisma.webhookDelivery.count(),
  ]);
  return { ledger, members, orders, programs, sessions, deliveries };
}

async function errorOf(response: Response): Promise<string> {
  return ((await response.json()) as { error: string }).error;
}

let info: ReturnType<typeof vi.spyOn>;
beforeEach(async () => {
  await resetDatabase();
  info = vi.spyOn(console, "info").mockImplementation(() => undefined);
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  await installShop(TEST_SHOP);
  await installShop(OTHER_SHOP);
  // The shop has points history to lose: an awarded order.
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", paidOrderBody()))).status).toBe(200);
  expect(await prisma.ledgerEntry.count()).toBe(1);
});
afterEach(() => vi.restoreAllMocks());

describe("a signed body sent to another route", () => {
  it.each([
    ["shop/redact", shopRedact],
    ["orders/cancelled", ordersCancelled],
    ["app/uninstalled", appUninstalled],
    ["refunds/create", refundsCreate],
  ] as const)("is refused by %s with 400, and nothing changes", async (_route, action) => {
    const before = await everyCount();
    // A genuine orders/paid delivery, headers and all, POSTed to the other route.
    const response = await deliver(action, webhookRequest("orders/paid", paidOrderBody()));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatch(/receives .* webhooks, not orders\/paid/);
    expect(await everyCount()).toEqual(before);
    expect((await prisma.member.findFirstOrThrow()).balance).toBe(BigInt(EXPECTED_POINTS));
  });

  it("is refused when the topic header names another topic than the route's", async () => {
    await resetDatabase();
    await installShop(TEST_SHOP);
    const response = await deliver(ordersPaid, webhookRequest("customers/create", paidOrderBody()));
    expect(response.status).toBe(400);
    expect(await everyCount()).toMatchObject({ ledger: 0, members: 0, orders: 0, deliveries: 0 });
  });

  it("accepts Shopify's GraphQL form of its own topic (ORDERS_PAID)", async () => {
    await resetDatabase();
    await installShop(TEST_SHOP);
    const request = webhookRequest("orders/paid", paidOrderBody());
    request.headers.set("X-Shopify-Topic", "ORDERS_PAID");
    expect((await deliver(ordersPaid, request)).status).toBe(200);
    expect(await prisma.ledgerEntry.count()).toBe(1);
  });
});

describe("the shop header", () => {
  it("refuses a delivery replayed for another installed shop under the same webhook id (a no-op)", async () => {
    const body = paidOrderBody();
    await resetDatabase();
    await installShop(TEST_SHOP);
    await installShop(OTHER_SHOP);
    expect((await deliver(ordersPaid, webhookRequest("orders/paid", body, { webhookId: "w-1" }))).status).toBe(200);
    expect((await deliver(ordersPaid, webhookRequest("orders/paid", body, { webhookId: "w-1", shop: OTHER_SHOP }))).status).toBe(200);
    expect(await prisma.ledgerEntry.findMany({ select: { shop: true } })).toEqual([{ shop: TEST_SHOP }]);
    expect(await prisma.member.count({ where: { shop: OTHER_SHOP } })).toBe(0);
  });

  it("refuses an order already recorded under another shop: the delivery fails with its reason, nothing is awarded", async () => {
    const response = await deliver(ordersPaid, webhookRequest("orders/paid", paidOrderBody(), { shop: OTHER_SHOP }));
    expect(response.status).toBe(200); // accepted: the inbox does not read the database per delivery
    expect(await prisma.ledgerEntry.count({ where: { shop: OTHER_SHOP } })).toBe(0);
    expect(await prisma.member.count({ where: { shop: OTHER_SHOP } })).toBe(0);
    const [failed] = await listFailedDeliveries(prisma, OTHER_SHOP);
    expect(failed).toMatchObject({ topic: "orders/paid", error: `Order ${ORDER_GID} belongs to another shop: refused` });
  });

  it("refuses a refund of another shop's order, and a refund GID recorded under another shop", async () => {
    const refund = webhookExample<Json>("refunds/create");
    refund.order_id = exactId(ORDER_ID);
    await deliver(refundsCreate, webhookRequest("refunds/create", toRawJson(refund), { shop: OTHER_SHOP }));
    expect(await prisma.refundRecord.count()).toBe(0);
    expect((await listFailedDeliveries(prisma, OTHER_SHOP))[0]?.error).toContain("belongs to another shop");

    await deliver(refundsCreate, webhookRequest("refunds/create", toRawJson(refund))); // the real one, for its shop
    expect(await prisma.refundRecord.count({ where: { shop: TEST_SHOP } })).toBe(1);
    refund.order_id = exactId("820982911946154599"); // the same refund GID, naming an order of the other shop
    await deliver(refundsCreate, webhookRequest("refunds/create", toRawJson(refund), { shop: OTHER_SHOP }));
    expect(await prisma.refundRecord.count({ where: { shop: OTHER_SHOP } })).toBe(0);
    expect((await listFailedDeliveries(prisma, OTHER_SHOP)).map((f) => f.error)).toContain(
      `Refund ${String(webhookExample<Json>("refunds/create").admin_graphql_api_id)} belongs to another shop: refused`,
    );
  });

  it("refuses a shop that never installed the app with 401, writing nothing (no program, member or job)", async () => {
    const before = await everyCount();
    const response = await deliver(ordersPaid, webhookRequest("orders/paid", paidOrderBody(), { shop: "stranger.myshopify.com" }), { install: false });
    expect(response.status).toBe(401);
    expect(await everyCount()).toEqual(before);
    expect(await prisma.program.count({ where: { shop: "stranger.myshopify.com" } })).toBe(0);
    expect(await prisma.outboxJob.count({ where: { shop: "stranger.myshopify.com" } })).toBe(0);
  });

  it.each(["evil.example.com", "", "a b.myshopify.com", "-x.myshopify.com", "shop.myshopify.com.evil.io"])(
    "refuses the malformed shop %j with 400, never 500",
    async (shop) => {
      const request = webhookRequest("orders/paid", paidOrderBody(), { shop });
      if (shop === "") request.headers.set("X-Shopify-Shop-Domain", " ");
      const response = await deliver(ordersPaid, request, { install: false });
      expect(response.status).toBe(400);
      expect(await prisma.webhookDelivery.count()).toBe(1); // the beforeEach order only
    },
  );
});

describe("payloads", () => {
  it("refuses a body of another topic's shape with 400", async () => {
    const customer = toRawJson(webhookExample("customers/create"));
    const response = await deliver(ordersPaid, webhookRequest("orders/paid", customer));
    expect(response.status).toBe(400);
    expect(await prisma.webhookDelivery.count()).toBe(1);
  });

  it("refuses a body that is not JSON with 400", async () => {
    const response = await deliver(ordersPaid, webhookRequest("orders/paid", "{not json"));
    expect(response.status).toBe(400);
  });

  it("acts on shop/redact only when the payload names the header's shop", async () => {
    const before = await everyCount();
    const forOther = { ...webhookExample<Json>("shop/redact"), shop_domain: OTHER_SHOP };
    const response = await deliver(shopRedact, webhookRequest("shop/redact", toRawJson(forOther)));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toContain(`names ${OTHER_SHOP}`);
    expect(await everyCount()).toEqual(before);

    const withoutShop = { shop_id: 1 };
    expect((await deliver(shopRedact, webhookRequest("shop/redact", JSON.stringify(withoutShop)))).status).toBe(400);
    expect(await everyCount()).toEqual(before);
  });

  it("acts on app/uninstalled only when the payload names the header's shop (myshopify_domain)", async () => {
    const forOther = { ...webhookExample<Json>("app/uninstalled"), myshopify_domain: OTHER_SHOP };
    expect((await deliver(appUninstalled, webhookRequest("app/uninstalled", toRawJson(forOther)))).status).toBe(400);
    expect(await prisma.session.count({ where: { shop: TEST_SHOP } })).toBe(1);
  });

  it("acts on customers/redact only when the payload names the header's shop", async () => {
    const redact = { ...webhookExample<Json & { customer: Json }>("customers/redact"), shop_domain: OTHER_SHOP };
    redact.customer.id = exactId("115310627314723954");
    expect((await deliver(customersRedact, webhookRequest("customers/redact", toRawJson(redact)))).status).toBe(400);
    expect((await prisma.member.findFirstOrThrow()).redactedAt).toBeNull();
  });
});

describe("after uninstall", () => {
  it("accepts the compliance topics but no order", async () => {
    const uninstall = { ...webhookExample<Json>("app/uninstalled"), myshopify_domain: TEST_SHOP };
    expect((await deliver(appUninstalled, webhookRequest("app/uninstalled", toRawJson(uninstall)), { install: false })).status).toBe(200);
    expect(await prisma.shopInstallation.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).toMatchObject({ uninstalledAt: expect.any(Date) });

    const order = webhookExample<Json>("orders/paid");
    order.admin_graphql_api_id = "gid://shopify/Order/1";
    expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)), { install: false })).status).toBe(401);

    const redact = { ...webhookExample<Json & { customer: Json }>("customers/redact"), shop_domain: TEST_SHOP };
    redact.customer.id = exactId("115310627314723954");
    expect((await deliver(customersRedact, webhookRequest("customers/redact", toRawJson(redact)), { install: false })).status).toBe(200);
    expect((await prisma.member.findFirstOrThrow()).redactedAt).not.toBeNull();
    // customers/redact also removed the customer's stored payload (it holds their name and address).
    expect(await prisma.webhookDelivery.count({ where: { customerGid: "gid://shopify/Customer/115310627314723954" } })).toBe(0);

    const shopGone = { ...webhookExample<Json>("shop/redact"), shop_domain: TEST_SHOP };
    expect((await deliver(shopRedact, webhookRequest("shop/redact", toRawJson(shopGone)), { install: false })).status).toBe(200);
    expect(await prisma.ledgerEntry.count()).toBe(0);
    // A redelivered shop/redact is still accepted.
    expect((await deliver(shopRedact, webhookRequest("shop/redact", toRawJson(shopGone)), { install: false })).status).toBe(200);
  });
});

describe("body size", () => {
  const big = "x".repeat(2 * 1024 * 1024);

  it("refuses a body over the limit with 413 before checking its signature (declared length)", async () => {
    const request = webhookRequest("orders/paid", big, { hmac: "bm90LWNoZWNrZWQ=" });
    request.headers.set("Content-Length", String(big.length)); // as Shopify's HTTP client declares it
    const response = await deliver(ordersPaid, request);
    expect(response.status).toBe(413);
    expect(await prisma.webhookDelivery.count()).toBe(1);
  });

  it("refuses a streamed body without Content-Length as soon as it passes the limit", async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode("y".repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > 64 * 1024 * 1024) controller.close(); // never reached: the reader stops at the limit
        else controller.enqueue(chunk);
      },
    });
    const headers = webhookRequest("orders/paid", "{}").headers;
    headers.delete("Content-Length");
    const request = new Request("https://loyalty.test/webhooks/orders/paid", { method: "POST", headers, body: stream, duplex: "half" } as RequestInit);
    const response = await deliver(ordersPaid, request);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(2 * 1024 * 1024); // read up to the limit (1 MiB) and a chunk or two of read-ahead
  });

  it("still accepts a large genuine order (250 lines) under the limit", async () => {
    await resetDatabase();
    await installShop(TEST_SHOP);
    const order = webhookExample<Json>("orders/paid");
    const line = order.line_items[0] as Record<string, unknown>;
    order.line_items = Array.from({ length: 250 }, (_, i) => ({ ...line, id: 1000 + i, admin_graphql_api_id: `gid://shopify/LineItem/${1000 + i}` }));
    const body = toRawJson(order);
    expect(body.length).toBeGreaterThan(100_000);
    expect((await deliver(ordersPaid, webhookRequest("orders/paid", body))).status).toBe(200);
    expect(await prisma.ledgerEntry.count()).toBe(1);
  });
});

describe("deliveries that fail every time", () => {
  it("end as failed with their error after the last attempt, are listed, and never hold up other orders", async () => {
    // A delivery stored by a version of the app that handled a topic this one no longer does: every attempt fails.
    await storeDelivery(prisma, {
      webhookId: "poison",
      eventId: null,
      shop: TEST_SHOP,
      topic: "orders/updated",
      apiVersion: "2026-10",
      orderKey: "gid://shopify/Order/77",
      customerGid: null,
      body: "{}",
      receivedAt: new Date(),
    });
    let clock = Date.now();
    for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
      await drainInbox(prisma, { now: () => new Date(clock) });
      clock += 60 * 60 * 1000; // past any backoff
      if (attempt === 1) {
        // Meanwhile another order arrives and is awarded: the failing one does not block it.
        const order = webhookExample<Json>("orders/paid");
        order.admin_graphql_api_id = "gid://shopify/Order/78";
        await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)), { drain: false });
      }
    }
    expect(await prisma.ledgerEntry.count({ where: { orderGid: "gid://shopify/Order/78" } })).toBe(1);
    const failed = await listFailedDeliveries(prisma, TEST_SHOP);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ webhookId: "poison", attempts: MAX_DELIVERY_ATTEMPTS });
    expect(failed[0]?.error).toContain("No handler for webhook topic orders/updated");
    expect(await countInbox(prisma, TEST_SHOP)).toEqual({ pending: 0, failed: 1 });
    // Draining again does nothing: a failed delivery is not retried silently.
    expect(await drainInbox(prisma, { now: () => new Date(clock) })).toBe(0);
  });
});

describe("signatures", () => {
  it("answers 401 to a wrong signature and 400 to a missing header, writing nothing", async () => {
    const before = await everyCount();
    const body = paidOrderBody();
    expect((await deliver(ordersPaid, webhookRequest("orders/paid", body, { hmac: signBody(body, "wrong-secret") }))).status).toBe(401);
    for (const header of ["X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id"]) {
      expect((await deliver(ordersPaid, webhookRequest("orders/paid", body, { omitHeaders: [header] }))).status, header).toBe(400);
    }
    expect(await everyCount()).toEqual(before);
    expect(info).not.toHaveBeenCalledWith(expect.stringContaining("Hmac"));
  });

  it("keeps the customers/create topic to its own route as well", async () => {
    const customer = toRawJson(webhookExample("customers/create"));
    expect((await deliver(customersCreate, webhookRequest("customers/create", customer))).status).toBe(200);
    expect((await deliver(customersCreate, webhookRequest("orders/paid", customer))).status).toBe(400);
  });
});
