/**
 * Orders whose money or points pass 32 bits, a capped award, and payloads that cannot be right or hold poison text,
 * through the real route handlers, signed like Shopify signs them. Runs on SQLite (`vitest run`) and on PostgreSQL
 * (`npm run test:postgres`), where Int columns were int4 and a 25,000,000 som order answered 500 on every delivery.
 *
 * Rules proven here (docs/decisions/011-64-bit-money-and-points.md):
 * - A UZS order of 25,000,000.00 (2.5e9 minor units) is recorded with its total and earns, capped at the program's
 *   most points one order can earn (100,000 by default), the breakdown and explanation saying so.
 * - Balances, lifetime figures, tier metrics and report sums above 2^31 are stored and read back exactly.
 * - A clawback of a capped award is proportional to what was earned, never more.
 * - A negative line price is refused (the delivery fails, naming the field, listed for the merchant) and nothing
 *   is written.
 * - A lone UTF-16 surrogate in a name or title is stored as U+FFFD: 200 and the earn written, never a 500.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from "~/loyalty/program";
import { withSafeNumbers } from "~/loyalty/safe-integer";
import { listFailedDeliveries } from "~/loyalty/server/inbox.server";
import { getShopProgram, saveProgramSettings } from "~/loyalty/server/program.server";
import { getHomeMetrics, getReportsPage } from "~/loyalty/server/reports.server";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const CUSTOMER_GID = "gid://shopify/Customer/115310627314723954";
const LINE_GID = "gid://shopify/LineItem/990000000000000001";
const TWO_POW_31 = 2 ** 31;

type Json = Record<string, unknown>;

function som(amount: string) {
  return { shop_money: { amount, currency_code: "UZS" }, presentment_money: { amount, currency_code: "UZS" } };
}

/** Shopify's example order, in Uzbek som, with one line: `quantity` × `unitPrice` som, no tax, no shipping. */
function uzsOrder(orderId: string, options: { unitPrice: string; quantity?: number; title?: string } = { unitPrice: "25000000.00" }): Json {
  const order = webhookExample<Json & { line_items: Json[] }>("orders/paid");
  const quantity = options.quantity ?? 1;
  const [example] = order.line_items;
  const total = (Number(options.unitPrice) * quantity).toFixed(2);
  order.id = exactId(orderId);
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  order.currency = "UZS";
  order.processed_at = new Date().toISOString(); // paid now: inside the reports' last 30 days
  order.taxes_included = false;
  order.line_items = [
    {
      ...example,
      id: exactId("990000000000000001"),
      admin_graphql_api_id: LINE_GID,
      product_id: null,
      title: options.title ?? "Chevrolet Tracker",
      name: options.title ?? "Chevrolet Tracker",
      quantity,
      price: options.unitPrice,
      price_set: som(options.unitPrice),
      discount_allocations: [],
      tax_lines: [],
    },
  ];
  order.shipping_lines = [];
  order.subtotal_price_set = som(total);
  order.total_price_set = som(total);
  order.discount_codes = [];
  return order;
}

async function pay(order: Json) {
  return deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)));
}

async function configure(patch: Partial<ProgramSettings>) {
  await getShopProgram(prisma, TEST_SHOP);
  await prisma.$transaction((tx) => saveProgramSettings(tx, TEST_SHOP, { ...structuredClone(DEFAULT_PROGRAM_SETTINGS), ...patch }));
}

async function member() {
  const found = await prisma.member.findUnique({ where: { shop_customerGid: { shop: TEST_SHOP, customerGid: CUSTOMER_GID } } });
  return found && withSafeNumbers(found);
}

async function earns() {
  return (await prisma.ledgerEntry.findMany({ where: { type: "earn" }, orderBy: { createdAt: "asc" } })).map(withSafeNumbers);
}

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("a 25,000,000 som order", () => {
  it("is recorded with its 2.5e9 minor-unit total and earns the capped 100,000 points, saying why", async () => {
    expect((await pay(uzsOrder("5001"))).status).toBe(200);

    const record = await prisma.orderRecord.findFirstOrThrow({ where: { orderGid: "gid://shopify/Order/5001" } });
    expect(record).toMatchObject({ status: "awarded", currency: "UZS", totalMinor: 2_500_000_000n, earnedPoints: 100_000n });

    const [earn, ...more] = await earns();
    expect(more).toHaveLength(0);
    expect(earn).toMatchObject({ points: 100_000, spendMinor: 2_500_000_000 });
    expect(earn?.explanation).toMatch(/= 25,000,000 pts, capped at 100,000 pts, the most one order can earn$/);
    const breakdown = JSON.parse(earn?.breakdown ?? "null") as { points: number; capped?: { maxPoints: number; uncappedPoints: string } };
    expect(breakdown).toMatchObject({ points: 100_000, capped: { maxPoints: 100_000, uncappedPoints: "25000000" } });
    expect(await member()).toMatchObject({ balance: 100_000, lifetimeEarned: 100_000, tierMetric: 100_000 });
  });

  it("has its capped award clawed back in proportion, never more than was earned", async () => {
    // Two cars at 12,500,000 som: one refunded takes back half of the 100,000 points earned, not half of 25,000,000.
    expect((await pay(uzsOrder("5002", { unitPrice: "12500000.00", quantity: 2 }))).status).toBe(200);
    const refund = (quantity: number, id: string) => ({
      admin_graphql_api_id: `gid://shopify/Refund/${id}`,
      order_id: exactId("5002"),
      created_at: new Date().toISOString(),
      refund_line_items: [{ quantity, line_item_id: exactId("990000000000000001"), line_item: { admin_graphql_api_id: LINE_GID } }],
    });
    expect((await deliver(refundsCreate, webhookRequest("refunds/create", toRawJson(refund(1, "61"))))).status).toBe(200);
    expect((await member())?.balance).toBe(50_000);
    expect((await deliver(refundsCreate, webhookRequest("refunds/create", toRawJson(refund(5, "62"))))).status).toBe(200);
    const clawed = (await prisma.ledgerEntry.findMany({ where: { type: "clawback" } })).map(withSafeNumbers);
    expect(clawed.map((entry) => entry.points)).toEqual([-50_000, -50_000]);
    expect((await member())?.balance).toBe(0);
  });
});

describe("balances past 2^31", () => {
  it("are stored, summed and read back exactly (member, tier metric, home and report sums)", async () => {
    // 100 pts per som, at most 1,000,000,000 points an order: three orders make 3,000,000,000 points.
    await configure({ baseRateMilli: 100_000, maxPointsPerOrder: 1_000_000_000 });
    for (const id of ["6001", "6002", "6003"]) expect((await pay(uzsOrder(id))).status).toBe(200);

    const points = 3_000_000_000;
    expect(points).toBeGreaterThan(TWO_POW_31);
    expect((await earns()).map((entry) => entry.points)).toEqual([1_000_000_000, 1_000_000_000, 1_000_000_000]);
    expect(await member()).toMatchObject({ balance: points, lifetimeEarned: points, tierMetric: points, tierId: "gold" });

    const now = new Date();
    const home = await getHomeMetrics(prisma, TEST_SHOP, now);
    expect(home).toMatchObject({ issued30d: points, outstandingPoints: points });
    const page = await getReportsPage(prisma, TEST_SHOP, { range: "last30", start: null, end: null }, now);
    expect(page.customers.segments.member).toMatchObject({ orders: 3, revenueMinor: 7_500_000_000 });
    // Every figure a loader sends is a number: JSON never meets a bigint.
    expect(() => JSON.stringify({ home, page })).not.toThrow();
  });
});

describe("payloads that cannot be right", () => {
  it("refuses a negative line price: the delivery fails naming the field, and nothing is written", async () => {
    const response = await pay(uzsOrder("7001", { unitPrice: "-10.00" }));
    expect(response.status).toBe(200); // accepted into the inbox: signed, keyed; the worker maps it
    const failed = await listFailedDeliveries(prisma, TEST_SHOP);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.error).toContain("line_items.0.price_set.shop_money.amount");
    expect(await prisma.orderRecord.count()).toBe(0);
    expect(await prisma.ledgerEntry.count()).toBe(0);
    expect(await prisma.member.count()).toBe(0);
  });
});

describe("poison text", () => {
  it("stores a name and a title holding a lone surrogate with U+FFFD, and awards the order (200, not 500)", async () => {
    const order = uzsOrder("8001", { unitPrice: "100.00", title: "Lamp \ud800 deluxe" });
    order.customer = { ...(order.customer as Json), first_name: "Jo\ud800hn", last_name: "Smith\udfff" };
    const response = await pay(order);
    expect(response.status).toBe(200);

    expect((await member())?.displayName).toBe("Jo\ufffdhn Smith\ufffd");
    const [earn] = await earns();
    expect(earn?.points).toBe(100);
    expect(earn?.explanation).toContain("1 × Lamp \ufffd deluxe");
    expect(earn?.breakdown).toContain("Lamp \ufffd deluxe");
    expect(earn?.breakdown).not.toMatch(/\\ud800/i);
  });
});
