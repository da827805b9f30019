/**
 * The reports read from the rollups give exactly what they give read from the ledger and orders (the reference,
 * tests/reports/reports-service.test.ts), on generated shops: every report of the page and the churn CSV, for
 * every preset and for past ranges (customers who bought after the range, members whose last order is after the
 * as-of instant), in zones with DST changes at 2am, of 30 minutes, and at midnight. The rollups are built both
 * ways: by the rebuild, and by the writers' array API applied to every row at once (as a batch writer calls it).
 */
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { LEDGER_ENTRY_TYPES, signFor } from "~/loyalty/ledger-rules";
import { addDays, startOfLocalDay } from "~/loyalty/reports/calendar";
import type { ReportQuery } from "~/loyalty/reports/range";
import { getShopProgram } from "~/loyalty/server/program.server";
import { getCustomerComparison, getReportCsv, getReportsPage, loadReportContext } from "~/loyalty/server/reports.server";
import { rebuildShopRollups, recordLedgerRollups, recordOrderRollups, transactionWithRollups } from "~/loyalty/server/rollups.server";
import { withSafeNumbers } from "~/loyalty/safe-integer";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";
import { expectNoDrift, rollupRows } from "../support/rollups";

const SHOP = TEST_SHOP;
const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2026-06-15T12:00:00Z");
const custom = (start: string, end: string): ReportQuery => ({ range: "custom", start, end });
const preset = (range: ReportQuery["range"]): ReportQuery => ({ range, start: null, end: null });

const QUERIES: ReportQuery[] = [
  preset("last7"),
  preset("last30"),
  preset("last90"),
  preset("last365"),
  preset("monthToDate"),
  preset("lastMonth"),
  preset("yearToDate"),
  custom("2025-03-01", "2025-04-30"),
  custom("2026-03-30", "2026-04-10"), // Santiago: Apr 4 has 25 hours (23:00 comes twice)
  custom("2025-09-01", "2025-09-10"), // Santiago: Sep 7 has no midnight (it starts at 01:00)
  custom("2026-06-01", "2026-06-01"),
];

const orderArbitrary = fc.record({
  customer: fc.option(fc.integer({ min: 0, max: 39 }), { freq: 4, nil: null }),
  offsetMinutes: fc.integer({ min: -500 * 24 * 60, max: 3 * 24 * 60 }), // a few paid "after now": future-dated
  totalMinor: fc.integer({ min: 0, max: 50_000 }),
  cancelled: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
});
const entryArbitrary = fc.record({
  member: fc.integer({ min: 0, max: 29 }),
  type: fc.constantFrom(...LEDGER_ENTRY_TYPES),
  magnitude: fc.integer({ min: 1, max: 3000 }),
  spend: fc.integer({ min: 0, max: 9000 }),
  offsetMinutes: fc.integer({ min: -500 * 24 * 60, max: 0 }),
});

/** A shop's members (customers 0–29; 30–39 buy without joining), orders and ledger, written directly. */
async function seedShop(timezone: string, seed: number) {
  await getShopProgram(prisma, SHOP);
  await prisma.program.update({ where: { shop: SHOP }, data: { timezone, currency: "USD", expiryDays: seed % 2 === 0 ? 90 : null } });
  const [orders] = fc.sample(fc.array(orderArbitrary, { minLength: 250, maxLength: 300 }), { seed, numRuns: 1 });
  const [entries] = fc.sample(fc.array(entryArbitrary, { minLength: 200, maxLength: 250 }), { seed: seed + 1, numRuns: 1 });
  if (!orders || !entries) throw new Error("no sample");
  // Rows on the first instant of the ranges' days and the last millisecond before it (a DST day included).
  for (const query of QUERIES.filter((q) => q.start !== null)) {
    for (const date of [query.start, query.end].flatMap((d) => (d ? [d, addDays(d, 1)] : []))) {
      const start = startOfLocalDay(date, timezone).getTime();
      for (const at of [start - 1, start]) {
        const offsetMinutes = (at - NOW.getTime()) / 60_000;
        orders.push({ customer: 30 + (orders.length % 10), offsetMinutes, totalMinor: 1234, cancelled: false });
        entries.push({ member: orders.length % 30, type: "earn", magnitude: 77, spend: 100, offsetMinutes });
      }
    }
  }
  const members: { id: string }[] = [];
  for (let n = 0; n < 30; n++) {
    members.push(await prisma.member.create({ data: { shop: SHOP, customerGid: `gid://shopify/Customer/${n}`, displayName: `M${n}`, email: `m${n}@example.com`, balance: n * 10 } }));
  }
  // Members certain to be at risk: a 20-day habit, quiet for most of a year.
  for (const n of [40, 41, 42]) {
    await prisma.member.create({ data: { shop: SHOP, customerGid: `gid://shopify/Customer/${n}`, displayName: `M${n}`, email: `m${n}@example.com` } });
    for (const days of [300, 280, 260]) orders.push({ customer: n, offsetMinutes: -(days + n) * 24 * 60, totalMinor: 999, cancelled: false });
  }
  await prisma.orderRecord.createMany({
    data: orders.map((order, index) => {
      const paidAt = new Date(NOW.getTime() + order.offsetMinutes * 60_000);
      return {
        shop: SHOP,
        orderGid: `gid://shopify/Order/${index + 1}`,
        customerGid: order.customer === null ? null : `gid://shopify/Customer/${order.customer}`,
        status: order.customer === null ? "no_customer" : "awarded",
        paidAt: index % 41 === 0 ? null : paidAt,
        cancelledAt: order.cancelled ? new Date(paidAt.getTime() + DAY) : null,
        totalMinor: order.totalMinor,
      };
    }),
  });
  await prisma.ledgerEntry.createMany({
    data: entries.map((entry, index) => ({
      shop: SHOP,
      memberId: members[entry.member]?.id ?? "",
      type: entry.type,
      points: signFor(entry.type) * entry.magnitude,
      spendMinor: entry.type === "earn" ? entry.spend : 0,
      idempotencyKey: `gen:${index}`,
      explanation: "generated",
      createdAt: new Date(NOW.getTime() + entry.offsetMinutes * 60_000),
    })),
  });
}

/** Every report of every query, and the full churn list of two. */
async function everyReport() {
  const pages = [];
  for (const query of QUERIES) pages.push(await getReportsPage(prisma, SHOP, query, NOW));
  const csv = [];
  for (const query of [preset("last30"), custom("2025-03-01", "2025-04-30")]) csv.push(await getReportCsv(prisma, SHOP, "churn", query, NOW));
  return { pages, csv };
}

async function sourceName() {
  return (await loadReportContext(prisma, SHOP, preset("last30"), NOW)).source.name;
}

beforeEach(async () => {
  await resetDatabase();
});

describe("reports from rollups = reports from the ledger", () => {
  it.each([
    ["America/New_York", 3],
    ["Australia/Lord_Howe", 4],
    ["America/Santiago", 5],
  ] as const)("in %s", async (timezone, seed) => {
    await seedShop(timezone, seed);
    expect(await sourceName()).toBe("ledger");
    const fromLedger = await everyReport();
    // Some figures must be non-trivial for the comparison to mean anything.
    const last365 = fromLedger.pages[3];
    expect(last365?.customers.segments.member.customers).toBeGreaterThan(10);
    expect(last365?.customers.segments.nonMember.customers).toBeGreaterThan(0);
    expect(last365?.churn.total).toBeGreaterThan(0);

    await rebuildShopRollups(prisma, SHOP, NOW);
    expect(await sourceName()).toBe("rollups");
    await expectNoDrift(SHOP, "rebuilt");
    expect(await everyReport()).toEqual(fromLedger);
  });

  it("is what the writers' array API builds, one call for every row, as the rebuild builds it", async () => {
    await getShopProgram(prisma, SHOP);
    await rebuildShopRollups(prisma, SHOP, NOW); // built while empty: from here on the writers keep them
    await prisma.program.update({ where: { shop: SHOP }, data: { timezone: "UTC" } });
    await rebuildShopRollups(prisma, SHOP, NOW);
    await seedShop("America/New_York", 6);
    await rebuildShopRollups(prisma, SHOP, NOW);
    const rebuilt = await rollupRows(SHOP);

    await transactionWithRollups(prisma, async (tx) => {
      await tx.dailyLedgerRollup.deleteMany({ where: { shop: SHOP } });
      await tx.dailyOrderRollup.deleteMany({ where: { shop: SHOP } });
      await tx.orderRollup.deleteMany({ where: { shop: SHOP } });
      await tx.customerRollup.deleteMany({ where: { shop: SHOP } });
      const program = await getShopProgram(tx, SHOP);
      const entries = (await tx.ledgerEntry.findMany({ where: { shop: SHOP } })).map(withSafeNumbers);
      recordLedgerRollups(tx, entries, [program]);
      const orders = await tx.orderRecord.findMany({ where: { shop: SHOP }, select: { shop: true, orderGid: true } });
      recordOrderRollups(tx, orders);
    });
    expect(await rollupRows(SHOP)).toEqual(rebuilt);
  });

  it("gives the hand-built comparison's figures (reports-service.test.ts) from the rollups", async () => {
    await getShopProgram(prisma, SHOP);
    for (const n of ["A", "B", "C", "D", "F"]) await prisma.member.create({ data: { shop: SHOP, customerGid: `gid://shopify/Customer/${n.charCodeAt(0)}` } });
    const customer = (n: string | null) => (n === null ? null : `gid://shopify/Customer/${n.charCodeAt(0)}`);
    let id = 0;
    const order = (who: string | null, totalMinor: number, paidAt: string | null, cancelled = false) =>
      prisma.orderRecord.create({
        data: {
          shop: SHOP,
          orderGid: `gid://shopify/Order/${++id}`,
          customerGid: customer(who),
          status: who === null ? "no_customer" : "awarded",
          paidAt: paidAt ? new Date(paidAt) : null,
          cancelledAt: cancelled ? new Date("2026-03-12T00:00:00Z") : null,
          totalMinor,
        },
      });
    await order("A", 1000, "2026-03-02T10:00:00Z");
    await order("A", 2000, "2026-03-05T10:00:00Z");
    await order("A", 9999, "2026-03-11T00:00:00Z");
    await order("B", 5000, "2026-02-01T10:00:00Z");
    await order("B", 3000, "2026-03-03T10:00:00Z");
    await order("C", 500, "2026-03-04T10:00:00Z", true);
    await order("D", 700, "2026-03-10T23:59:59.999Z");
    await order("E", 4000, "2026-03-06T10:00:00Z");
    await order("F", 900, "2026-01-15T10:00:00Z", true);
    await order("F", 800, "2026-03-08T10:00:00Z");
    await order(null, 100, "2026-03-01T00:00:00Z");
    await order(null, 200, "2026-03-07T10:00:00Z");
    await order(null, 300, null);
    await rebuildShopRollups(prisma, SHOP, NOW);

    const context = await loadReportContext(prisma, SHOP, custom("2026-03-01", "2026-03-10"), new Date("2026-03-20T00:00:00Z"));
    expect(context.source.name).toBe("rollups");
    const result = await getCustomerComparison(prisma, context);
    expect(result.segments.member).toEqual({
      segment: "member",
      customers: 4,
      orders: 5,
      revenueMinor: 7500,
      repeatCustomers: 3,
      repeatRateBasisPoints: 7500,
      averageOrderMinor: 1500,
      revenuePerCustomerMinor: 1875,
    });
    expect(result.segments.nonMember).toMatchObject({ customers: 1, orders: 1, revenueMinor: 4000, repeatCustomers: 0, repeatRateBasisPoints: 0 });
    expect(result.segments.guest).toMatchObject({ customers: null, orders: 2, revenueMinor: 300, repeatRateBasisPoints: null });
    expect(result).toMatchObject({ totalOrders: 8, totalRevenueMinor: 11800, memberRevenueShareBasisPoints: 6356 });
  });
});
