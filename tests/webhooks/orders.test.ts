/**
 * orders/paid, refunds/create and orders/cancelled through the real route handlers, signed like Shopify signs
 * them, with Shopify's documented example payloads and a real SQLite database.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { action as ordersCancelled } from "~/routes/webhooks.orders.cancelled";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as customersRedact } from "~/routes/webhooks.customers.redact";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { listFailedDeliveries } from "~/loyalty/server/inbox.server";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";
import { withSafeNumbers } from "~/loyalty/safe-integer";

// Shopify's example order. Its JSON file was written through a float parser, so its numeric ids are rounded;
// real deliveries carry exact ids above 2^53, which exactId() reproduces.
const ORDER_ID = "820982911946154508";
const ORDER_GID = `gid://shopify/Order/${ORDER_ID}`;
const CUSTOMER_GID = "gid://shopify/Customer/115310627314723954";
// Lines: 89.99 + 19.99 + 24.99 + 159.99 + 119.99 = 414.95, subtotal 404.95 (a 10.00 discount not allocated
// to lines in the example): 404.95 eligible at the default 1 pt/$ = 404 points, Bronze ×1.
const EXPECTED_POINTS = 404;

type Json = Record<string, unknown> & { line_items: Record<string, unknown>[] };

function paidOrder(): Json {
  const order = webhookExample<Json>("orders/paid");
  order.id = exactId(ORDER_ID);
  for (const line of order.line_items) if (line.product_id) line.product_id = exactId("788032119674292922");
  return order;
}

function refund(lineGids?: string[]): Json & { refund_line_items: { line_item: { admin_graphql_api_id: string } }[] } {
  const body = webhookExample<Json & { refund_line_items: { line_item: { admin_graphql_api_id: string } }[] }>("refunds/create");
  body.order_id = exactId(ORDER_ID);
  if (lineGids) body.refund_line_items = body.refund_line_items.filter((l) => lineGids.includes(l.line_item.admin_graphql_api_id));
  return body;
}

const AVIATOR_LINE = "gid://shopify/LineItem/487817672276298554";

async function send(action: typeof ordersPaid, topic: string, payload: unknown, options: Parameters<typeof webhookRequest>[2] = {}) {
  return deliver(action, webhookRequest(topic, typeof payload === "string" ? payload : toRawJson(payload), options));
}

async function ledger() {
  return (await prisma.ledgerEntry.findMany({ orderBy: { createdAt: "asc" } })).map(withSafeNumbers);
}

async function member() {
  const found = await prisma.member.findUnique({ where: { shop_customerGid: { shop: TEST_SHOP, customerGid: CUSTOMER_GID } } });
  return found && withSafeNumbers(found);
}

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("orders/paid", () => {
  it("awards the order's points to its customer, explained line by line", async () => {
    const response = await send(ordersPaid, "orders/paid", paidOrder());
    expect(response.status).toBe(200);

    const entries = await ledger();
    expect(entries).toHaveLength(1);
    const [earn] = entries;
    expect(earn).toMatchObject({ type: "earn", points: EXPECTED_POINTS, orderGid: ORDER_GID, idempotencyKey: `earn:${ORDER_GID}` });
    expect(earn?.explanation).toContain("1 × Aviator sunglasses");
    expect(earn?.explanation).toContain("tier Bronze ×1");
    expect(earn?.explanation).toContain(`= ${EXPECTED_POINTS} pts`);
    expect(await member()).toMatchObject({ balance: EXPECTED_POINTS, lifetimeEarned: EXPECTED_POINTS, displayName: "John Smith" });
  });

  it("records the points exactly once across retries and redeliveries under new webhook ids", async () => {
    const body = toRawJson(paidOrder());
    const first = webhookRequest("orders/paid", body, { webhookId: "retry-1" });
    expect((await deliver(ordersPaid, first)).status).toBe(200);
    expect((await deliver(ordersPaid, webhookRequest("orders/paid", body, { webhookId: "retry-1" }))).status).toBe(200);
    expect((await deliver(ordersPaid, webhookRequest("orders/paid", body, { webhookId: "another-id" }))).status).toBe(200);

    expect(await ledger()).toHaveLength(1);
    expect((await member())?.balance).toBe(EXPECTED_POINTS);
  });

  it("keeps one entry when the same order arrives concurrently", async () => {
    const body = toRawJson(paidOrder());
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) => deliver(ordersPaid, webhookRequest("orders/paid", body, { webhookId: `c${i}` }))),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await ledger()).toHaveLength(1);
    expect((await member())?.balance).toBe(EXPECTED_POINTS);
  });

  it("awards nothing to an order without a customer, and says why", async () => {
    const order = paidOrder();
    order.customer = null;
    const info = vi.spyOn(console, "info").mockImplementation(() => undefined);
    expect((await send(ordersPaid, "orders/paid", order)).status).toBe(200);
    expect(await ledger()).toHaveLength(0);
    expect(await prisma.orderRecord.findFirst()).toMatchObject({ status: "no_customer", orderGid: ORDER_GID });
    expect(info.mock.calls.flat().join(" ")).toContain("has no customer");
  });

  it("rejects a bad signature with 401 and writes nothing", async () => {
    const response = await send(ordersPaid, "orders/paid", paidOrder(), { secret: "not-the-app-secret" });
    expect(response.status).toBe(401);
    expect(await prisma.orderRecord.count()).toBe(0);
    expect(await ledger()).toHaveLength(0);
  });

  it("rejects a delivery without Shopify's headers with 400", async () => {
    const response = await send(ordersPaid, "orders/paid", paidOrder(), { omitHeaders: ["X-Shopify-Topic"] });
    expect(response.status).toBe(400);
    expect(await prisma.orderRecord.count()).toBe(0);
  });

  it("answers 400 to a correctly signed body that is not JSON, and writes nothing", async () => {
    const response = await send(ordersPaid, "orders/paid", '{"admin_graphql_api_id": "gid://shopify/Order/1", ');
    expect(response.status).toBe(400);
    expect(await prisma.orderRecord.count()).toBe(0);
  });

  it("accepts a signed order that lacks what earning needs, then fails it naming the fields, writing nothing", async () => {
    // The inbox keys it (its order GID) at accept; the worker maps the whole payload and lists what it cannot map
    // for the merchant, rather than Shopify retrying a 400 that can never succeed.
    const order = paidOrder();
    delete (order as Partial<Json>).line_items;
    order.currency = 12;
    const response = await send(ordersPaid, "orders/paid", order);
    expect(response.status).toBe(200);
    const [failed, ...others] = await listFailedDeliveries(prisma, TEST_SHOP);
    expect(others).toEqual([]);
    expect(failed?.error).toMatch(/currency/);
    expect(failed?.error).toMatch(/line_items/);
    expect(failed?.attempts).toBe(1);
    expect(await prisma.orderRecord.count()).toBe(0);
    expect(await prisma.member.count()).toBe(0);
  });

  it("answers 400 naming the field when the body has no order GID (it cannot be keyed), and writes nothing", async () => {
    const order = paidOrder();
    delete (order as Partial<Json>).admin_graphql_api_id;
    const response = await send(ordersPaid, "orders/paid", order);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; fieldErrors: Record<string, string> };
    expect(body.code).toBe("INVALID_INPUT");
    expect(Object.keys(body.fieldErrors)).toEqual(["admin_graphql_api_id"]);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });

  it("keys customers and products on exact GIDs, not on rounded numbers", async () => {
    expect(Number(ORDER_ID)).not.toBe(820982911946154508n); // the id is beyond what a JS number holds
    expect(String(Number("788032119674292922"))).not.toBe("788032119674292922");
    await send(ordersPaid, "orders/paid", paidOrder());
    const record = await prisma.orderRecord.findFirst();
    expect(record?.orderGid).toBe(ORDER_GID);
    expect(record?.customerGid).toBe(CUSTOMER_GID);
  });
});

describe("refunds/create", () => {
  it("claws back the refunded share from the breakdown stored at earn time", async () => {
    await send(ordersPaid, "orders/paid", paidOrder());
    // Rules change after the order: the clawback must still use the rate the order earned at.
    await prisma.program.update({ where: { shop: TEST_SHOP }, data: { baseRateMilli: 5000 } });

    expect((await send(refundsCreate, "refunds/create", refund([AVIATOR_LINE]))).status).toBe(200);

    // Aviator: 89.99 − 2.17 (its 8999/41495 share of the unallocated 10.00) = 87.82 of 404.95 eligible.
    // floor(404 × 8782 / 40495) = floor(87.6…) = 87.
    const entries = await ledger();
    expect(entries.map((e) => [e.type, e.points])).toEqual([
      ["earn", EXPECTED_POINTS],
      ["clawback", -87],
    ]);
    expect(entries[1]?.reversesId).toBe(entries[0]?.id);
    expect((await member())?.balance).toBe(EXPECTED_POINTS - 87);
  });

  it("takes back everything on a full refund, and a second delivery of it changes nothing", async () => {
    await send(ordersPaid, "orders/paid", paidOrder());
    const body = toRawJson(refund());
    expect((await deliver(refundsCreate, webhookRequest("refunds/create", body))).status).toBe(200);
    expect((await deliver(refundsCreate, webhookRequest("refunds/create", body))).status).toBe(200);
    const entries = await ledger();
    expect(entries.map((e) => e.points)).toEqual([EXPECTED_POINTS, -EXPECTED_POINTS]);
    expect((await member())?.balance).toBe(0);
  });

  it("keeps a refund that arrives before its order and applies it when the order is paid", async () => {
    expect((await send(refundsCreate, "refunds/create", refund([AVIATOR_LINE]))).status).toBe(200);
    expect(await ledger()).toHaveLength(0);

    await send(ordersPaid, "orders/paid", paidOrder());
    expect((await ledger()).map((e) => e.points)).toEqual([EXPECTED_POINTS, -87]);
    expect((await member())?.balance).toBe(EXPECTED_POINTS - 87);
  });

  it("clamps at zero by default when the points were already spent", async () => {
    await send(ordersPaid, "orders/paid", paidOrder());
    await prisma.member.update({ where: { shop_customerGid: { shop: TEST_SHOP, customerGid: CUSTOMER_GID } }, data: { balance: 30 } });
    await send(refundsCreate, "refunds/create", refund([AVIATOR_LINE]));
    const claw = (await ledger())[1];
    expect(claw?.points).toBe(-30);
    expect(claw?.explanation).toContain("57 pts not taken");
    expect((await member())?.balance).toBe(0);
  });

  it("lets the balance go negative when the shop allows it", async () => {
    await send(ordersPaid, "orders/paid", paidOrder());
    await prisma.program.update({ where: { shop: TEST_SHOP }, data: { refundPolicy: "allowNegative" } });
    await prisma.member.update({ where: { shop_customerGid: { shop: TEST_SHOP, customerGid: CUSTOMER_GID } }, data: { balance: 30 } });
    await send(refundsCreate, "refunds/create", refund([AVIATOR_LINE]));
    expect((await member())?.balance).toBe(30 - 87);
  });

  it("still claws back from a member whose customer data was redacted", async () => {
    await send(ordersPaid, "orders/paid", paidOrder());
    const redact = webhookExample<Json & { customer: { id: unknown } }>("customers/redact");
    redact.customer.id = exactId("115310627314723954");
    redact.shop_domain = TEST_SHOP;
    expect((await send(customersRedact, "customers/redact", redact)).status).toBe(200);

    await send(refundsCreate, "refunds/create", refund());
    const redacted = await prisma.member.findFirstOrThrow();
    expect(redacted.customerGid).toMatch(/^redacted:/);
    expect(redacted.balance).toBe(0n);
  });

  it("rejects a forged refund and a refund without an order id", async () => {
    expect((await send(refundsCreate, "refunds/create", refund(), { hmac: "Zm9yZ2Vk" })).status).toBe(401);
    const body = refund();
    delete (body as Partial<Json>).order_id;
    expect((await send(refundsCreate, "refunds/create", body)).status).toBe(400);
    expect(await prisma.refundRecord.count()).toBe(0);
  });
});

describe("orders/cancelled", () => {
  it("reverses what remains of the order's points, once", async () => {
    await send(ordersPaid, "orders/paid", paidOrder());
    await send(refundsCreate, "refunds/create", refund([AVIATOR_LINE]));
    const cancelled = webhookExample<Json>("orders/cancelled");
    expect((await send(ordersCancelled, "orders/cancelled", cancelled)).status).toBe(200);
    expect((await send(ordersCancelled, "orders/cancelled", cancelled)).status).toBe(200);

    expect((await ledger()).map((e) => e.points)).toEqual([EXPECTED_POINTS, -87, -(EXPECTED_POINTS - 87)]);
    expect((await member())?.balance).toBe(0);
  });

  it("cancels an order whose points were never awarded without writing anything", async () => {
    expect((await send(ordersCancelled, "orders/cancelled", webhookExample("orders/cancelled"))).status).toBe(200);
    expect(await ledger()).toHaveLength(0);
    expect((await prisma.orderRecord.findFirst())?.cancelledAt).not.toBeNull();
  });
});

describe("tiers", () => {
  function orderNumber(n: number): Json {
    const order = paidOrder();
    order.id = exactId(`${ORDER_ID}${n}`);
    order.admin_graphql_api_id = `gid://shopify/Order/${ORDER_ID}${n}`;
    return order;
  }

  it("re-evaluates the tier on every ledger change; the new multiplier applies to later orders", async () => {
    await send(ordersPaid, "orders/paid", orderNumber(1)); // 404 pts, Bronze
    expect((await member())?.tierId).toBe(`${TEST_SHOP}:bronze`);
    await send(ordersPaid, "orders/paid", orderNumber(2)); // 404 more at Bronze ×1 → 808 ≥ 500: Silver
    expect((await member())?.tierId).toBe(`${TEST_SHOP}:silver`);
    await send(ordersPaid, "orders/paid", orderNumber(3)); // at Silver ×1.25: floor(404.95 × 1.25) = 506
    const third = (await ledger())[2];
    expect(third?.points).toBe(506);
    expect(third?.explanation).toContain("tier Silver ×1.25");
    expect(await member()).toMatchObject({ balance: 404 + 404 + 506, tierId: `${TEST_SHOP}:silver`, tierMetric: 1314 });
  });

  it("drops a tier when a refund takes the qualifying points back", async () => {
    await send(ordersPaid, "orders/paid", orderNumber(1));
    await send(ordersPaid, "orders/paid", orderNumber(2));
    expect((await member())?.tierId).toBe(`${TEST_SHOP}:silver`);
    const body = refund();
    body.order_id = exactId(`${ORDER_ID}2`);
    await send(refundsCreate, "refunds/create", body);
    expect(await member()).toMatchObject({ balance: 404, tierId: `${TEST_SHOP}:bronze`, tierMetric: 404 });
  });
});

describe("vesting", () => {
  it("keeps earned points pending until the return window closes", async () => {
    await prisma.program.upsert({ where: { shop: TEST_SHOP }, create: { shop: TEST_SHOP, vestingDays: 14 }, update: { vestingDays: 14 } });
    const order = paidOrder();
    const paidAt = new Date(Date.now() - 60_000);
    order.processed_at = paidAt.toISOString();
    await send(ordersPaid, "orders/paid", order);

    const earn = (await ledger())[0];
    const closes = new Date(paidAt.getTime() + 14 * 24 * 60 * 60 * 1000);
    expect(earn?.vestsAt?.toISOString()).toBe(closes.toISOString());
    // The storefront is synced again when the points vest, without waiting for another ledger change.
    const vestSync = await prisma.outboxJob.findFirstOrThrow({ where: { dedupeKey: `vest:${earn?.id}` } });
    expect(vestSync.runAfter.toISOString()).toBe(closes.toISOString());
  });

  it("leaves points from an order paid before the window available at once", async () => {
    await prisma.program.upsert({ where: { shop: TEST_SHOP }, create: { shop: TEST_SHOP, vestingDays: 14 }, update: { vestingDays: 14 } });
    await send(ordersPaid, "orders/paid", paidOrder()); // Shopify's example was processed 2021-12-31T19:00:00-05:00
    const earn = (await ledger())[0];
    expect(earn?.vestsAt?.toISOString()).toBe("2022-01-15T00:00:00.000Z");
    expect(await prisma.outboxJob.count({ where: { dedupeKey: `vest:${earn?.id}` } })).toBe(0);
  });
});
