/**
 * The dev store's seeded history (`seed-history`: customers and two years of orders, some refunded or cancelled)
 * backfilled through the real job in award mode: every paid customer order earns once, every refund and
 * cancellation is clawed back under its order, balances equal their ledgers, and a second run writes nothing.
 * BACKFILL_CUSTOMERS=2000 makes it the size the issue names and prints the orders/s (the report's bench figure).
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { seedHistory } from "../../devstore/history";
import { installOfflineSession, startTestDevStore } from "../support/devstore";

const { devstore, shop, origin, close } = await startTestDevStore();
afterAll(() => close());
const { launchProgramOf, prisma, resetDatabase } = await import("../support/database");
const { BACKFILL_ORDERS, confirmBackfill, requestBackfill } = await import("~/loyalty/server/backfill.server");
const { createJobHandlers } = await import("~/loyalty/server/jobs.server");
const { runDueJobs } = await import("~/loyalty/server/outbox.server");
const { adminGraphqlForShop } = await import("~/shopify/admin-graphql.server");

const CUSTOMERS = Number(process.env.BACKFILL_CUSTOMERS ?? 150);

async function install(): Promise<void> {
  await installOfflineSession(prisma, { devstore, shop });
}

let clock = Date.now();
async function runJobs(until: string) {
  const handlers = createJobHandlers(prisma, adminGraphqlForShop);
  for (let round = 0; round < 20; round++) {
    clock += 5_000;
    // Only the backfill's job runs here; the award's own jobs (metafield syncs…) stay queued, so look past them.
    await runDueJobs(prisma, { [BACKFILL_ORDERS]: handlers[BACKFILL_ORDERS] as NonNullable<(typeof handlers)[string]> }, { now: new Date(clock), limit: 1_000_000 });
    const latest = await prisma.orderBackfill.findFirstOrThrow({ where: { shop: shop.domain }, orderBy: { createdAt: "desc" } });
    if (latest.status === until) return latest;
    expect(latest.status).not.toBe("failed");
  }
  const job = await prisma.outboxJob.findFirst({ where: { kind: BACKFILL_ORDERS, doneAt: null } });
  throw new Error(`The backfill did not reach ${until}: ${job?.lastError ?? "no error"}`);
}

async function backfillTwoYears() {
  const asked = performance.now();
  await requestBackfill(prisma, { shop: shop.domain, request: { mode: "award", from: new Date(Date.now() - 731 * 86_400_000), to: new Date(Date.now() + 86_400_000) }, actor: null, now: new Date(clock) });
  const previewed = await runJobs("previewed");
  const previewSeconds = (performance.now() - asked) / 1000;
  const started = performance.now();
  await confirmBackfill(prisma, { shop: shop.domain, backfillId: previewed.id, now: new Date(clock) });
  const done = await runJobs("done");
  return { previewed, done, previewSeconds, seconds: (performance.now() - started) / 1000 };
}

describe("a seeded history backfilled", () => {
  it("awards every paid customer order once, claws back refunds and cancellations, and runs twice to the same ledger", { timeout: 600_000 }, async () => {
    await resetDatabase();
    await install();
    await launchProgramOf(shop.domain);
    vi.spyOn(console, "info").mockImplementation(() => undefined);
    // What `npm run devstore:event -- seed-history` asks the running dev store for.
    const response = await fetch(`${origin}/devstore/api/shops/${shop.domain}/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ type: "seed-history", customers: 20, days: 60 }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { message: string }).message).toMatch(/^20 customers and \d+ past orders \(\d+ refunded in part, \d+ cancelled\)$/);
    expect(shop.orders.size).toBeGreaterThan(0);
    expect(shop.deliveries).toEqual([]); // the past sends no webhooks

    shop.orders.clear();
    const seeded = seedHistory(shop, { customers: CUSTOMERS, days: 730 }, new Date(Date.now() - 60_000));
    const orders = [...shop.orders.values()];
    const customerOrders = orders.filter((o) => o.customerId !== null);
    expect(seeded.orders).toBe(orders.length);
    expect(seeded.refunded).toBeGreaterThan(0);

    const { previewed, done, seconds, previewSeconds } = await backfillTwoYears();
    expect(previewed).toMatchObject({ ordersFound: orders.length, ordersEligible: customerOrders.length });
    expect(done).toMatchObject({ ordersDone: customerOrders.length, ordersAwarded: customerOrders.length });
    const earns = await prisma.ledgerEntry.count({ where: { shop: shop.domain, type: "earn" } });
    expect(earns).toBe(customerOrders.length);
    const clawed = await prisma.ledgerEntry.findMany({ where: { shop: shop.domain, type: "clawback" }, select: { orderGid: true } });
    const withRefunds = customerOrders.filter((o) => o.refunds.length > 0 || o.cancelledAt).map((o) => `gid://shopify/Order/${o.id}`);
    expect(new Set(clawed.map((c) => c.orderGid))).toEqual(new Set(withRefunds));
    expect(await prisma.member.count({ where: { shop: shop.domain } })).toBe(new Set(customerOrders.map((o) => o.customerId)).size);
    // Balances equal their ledgers.
    const sums = await prisma.ledgerEntry.groupBy({ by: ["memberId"], where: { shop: shop.domain }, _sum: { points: true } });
    const ledgerOf = new Map(sums.map((s) => [s.memberId, Number(s._sum.points ?? 0)]));
    const members = await prisma.member.findMany({ where: { shop: shop.domain }, select: { id: true, balance: true } });
    expect(members.filter((m) => Number(m.balance) !== (ledgerOf.get(m.id) ?? 0))).toEqual([]);
    expect(Number(previewed.previewPoints)).toBe(Number((await prisma.ledgerEntry.aggregate({ where: { shop: shop.domain }, _sum: { points: true } }))._sum.points ?? 0));

    const before = await prisma.ledgerEntry.count();
    const again = await backfillTwoYears();
    expect(Number(again.previewed.previewPoints)).toBe(0);
    expect(again.done.ordersAwarded).toBe(0);
    expect(await prisma.ledgerEntry.count()).toBe(before);
    if (process.env.BACKFILL_CUSTOMERS) {
      process.stdout.write(`[bench] ${customerOrders.length} orders (${orders.length} with guests) previewed in ${previewSeconds.toFixed(1)} s (bulk query, download, rating), written in ${seconds.toFixed(1)} s: ${Math.round(customerOrders.length / seconds)} orders/s; re-run ${again.seconds.toFixed(1)} s\n`);
    }
  });
});
