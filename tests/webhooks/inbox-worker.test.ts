/**
 * The inbox worker's claims and batches (inbox-worker.server.ts), through the real webhook routes: runs of paid
 * orders go in one set-based transaction, anything else keeps its place in arrival order, a poison payload fails
 * alone, and claims left by a stopped process are taken over.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { sqlDialect } from "~/db/dialect.server";
import { releaseClaimsOfDeadWorkers } from "~/loyalty/server/inbox.server";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { drainInbox } from "~/shopify/webhooks/inbox-worker.server";
import { prisma, resetDatabase } from "../support/database";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});

function paid(n: number, customer = n): Json {
  const order = webhookExample<Json>("orders/paid");
  order.id = exactId(`55${n}`);
  order.admin_graphql_api_id = `gid://shopify/Order/55${n}`;
  order.customer.id = exactId(`66${customer}`);
  order.customer.admin_graphql_api_id = `gid://shopify/Customer/66${customer}`;
  for (const line of order.line_items) if (line.product_id) line.product_id = exactId("788032119674292922");
  return order;
}

function fullRefund(n: number): Json {
  const refund = webhookExample<Json>("refunds/create");
  refund.order_id = exactId(`55${n}`);
  refund.admin_graphql_api_id = `gid://shopify/Refund/77${n}`;
  return refund;
}

/** Accepts without processing: the deliveries wait in the inbox for one drain. */
async function accept(action: typeof ordersPaid, topic: string, payload: Json | string): Promise<void> {
  const body = typeof payload === "string" ? payload : toRawJson(payload);
  expect((await deliver(action, webhookRequest(topic, body), { drain: false })).status).toBe(200);
}

const statuses = async () => (await prisma.webhookDelivery.findMany({ orderBy: { seq: "asc" } })).map((d) => d.status);

describe("draining", () => {
  it("awards a claim's paid orders together and keeps a refund after the order it refunds", async () => {
    await accept(ordersPaid, "orders/paid", paid(1));
    await accept(ordersPaid, "orders/paid", paid(2, 1)); // the same customer's second order
    await accept(refundsCreate, "refunds/create", fullRefund(1));
    await accept(ordersPaid, "orders/paid", paid(3));
    expect(await drainInbox(prisma)).toBe(4);
    expect(await statuses()).toEqual(["done", "done", "done", "done"]);
    const entries = await prisma.ledgerEntry.findMany({ orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => [e.type, e.orderGid])).toEqual(
      expect.arrayContaining([
        ["earn", "gid://shopify/Order/551"],
        ["earn", "gid://shopify/Order/552"],
        ["clawback", "gid://shopify/Order/551"],
        ["earn", "gid://shopify/Order/553"],
      ]),
    );
    const member = await prisma.member.findFirstOrThrow({ where: { customerGid: "gid://shopify/Customer/661" } });
    const sum = entries.filter((e) => e.memberId === member.id).reduce((total, e) => total + e.points, 0n);
    expect(member.balance).toBe(sum);
  });

  it("fails a poison payload with its error and still processes the rest of the claim", async () => {
    // A payload that maps but is refused by processing: an order another shop already recorded.
    await accept(ordersPaid, "orders/paid", paid(1));
    await accept(ordersPaid, "orders/paid", paid(3));
    await prisma.orderRecord.create({ data: { shop: "someone-else.myshopify.com", orderGid: "gid://shopify/Order/554", status: "received" } });
    await accept(ordersPaid, "orders/paid", paid(4));
    await accept(ordersPaid, "orders/paid", paid(5));
    await drainInbox(prisma);
    const deliveries = await prisma.webhookDelivery.findMany({ orderBy: { seq: "asc" } });
    expect(deliveries.map((d) => d.status)).toEqual(["done", "done", "failed", "done"]);
    expect(deliveries[2]?.error).toContain("belongs to another shop");
    expect(await prisma.ledgerEntry.count()).toBe(3);
  });

  it("processes a claim one by one when its batch fails as a whole, so nothing is lost", async () => {
    await accept(ordersPaid, "orders/paid", paid(1));
    await accept(ordersPaid, "orders/paid", paid(2));
    const spy = vi.spyOn(prisma, "$transaction");
    spy.mockImplementationOnce(() => Promise.reject(new Error("deadlock detected")));
    await drainInbox(prisma);
    spy.mockRestore();
    expect(await statuses()).toEqual(["done", "done"]);
    expect(await prisma.ledgerEntry.count()).toBe(2);
  });
});

describe("claims", () => {
  it("are taken over once they expire (a crashed instance's)", async () => {
    await accept(ordersPaid, "orders/paid", paid(1));
    const now = new Date();
    await prisma.webhookDelivery.updateMany({ data: { claimedUntil: new Date(now.getTime() + 60_000), attempts: 1 } });
    expect(await drainInbox(prisma, { now: () => now })).toBe(0);
    expect(await drainInbox(prisma, { now: () => new Date(now.getTime() + 61_000) })).toBe(1);
    expect(await prisma.ledgerEntry.count()).toBe(1);
  });

  it("left by a stopped process are released at start-up on SQLite, where one process drains", async () => {
    await accept(ordersPaid, "orders/paid", paid(1));
    await prisma.webhookDelivery.updateMany({ data: { claimedUntil: new Date(Date.now() + 60_000), attempts: 1 } });
    const released = await releaseClaimsOfDeadWorkers(prisma);
    if (sqlDialect(prisma).provider === "sqlite") {
      expect(released).toBe(1);
      expect(await drainInbox(prisma)).toBe(1);
    } else {
      expect(released).toBe(0); // other instances may hold live claims: they expire instead
      expect(await drainInbox(prisma)).toBe(0);
    }
  });
});
