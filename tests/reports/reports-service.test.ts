/**
 * Report figures from a real SQLite database, checked against ledgers, orders and redemptions built here by hand
 * (expected figures written out), and against the pure replay (bucketEntries) on generated ledgers: the SQL
 * day buckets, opening balances and maturity-window sums must agree with it entry for entry.
 */
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { LEDGER_ENTRY_TYPES, signFor, type LedgerEntryType } from "~/loyalty/ledger-rules";
import { estimateBreakage } from "~/loyalty/reports/breakage";
import { addDays, dayBoundaries, startOfLocalDay } from "~/loyalty/reports/calendar";
import { evaluateChurnRisk } from "~/loyalty/reports/churn";
import { ISSUED_TYPES } from "~/loyalty/figures";
import { issuedOf, spentOf } from "~/loyalty/reports/liability";
import type { ReportQuery } from "~/loyalty/reports/range";
import { addMovements, bucketEntries, calculateRollForward, columnOf, emptyMovements, type ReportEntry } from "~/loyalty/reports/roll-forward";
import { appendEntries, lockMember } from "~/loyalty/server/ledger.server";
import { transactionWithRollups } from "~/loyalty/server/rollups.server";
import { getShopProgram } from "~/loyalty/server/program.server";
import {
  getChurnReport,
  getCustomerComparison,
  getHomeMetrics,
  getLiabilityReport,
  getReportCsv,
  getReportsPage,
  getTierDistribution,
  getTopRewards,
  loadReportContext,
} from "~/loyalty/server/reports.server";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";

const SHOP = TEST_SHOP;
const DAY = 24 * 60 * 60 * 1000;
const custom = (start: string, end: string): ReportQuery => ({ range: "custom", start, end });

async function setUpProgram(settings: { timezone: string; currency?: string | null; expiryDays?: number | null }) {
  await getShopProgram(prisma, SHOP); // the default program and rewards catalog ($5 off for 500 points)
  await prisma.program.update({
    where: { shop: SHOP },
    data: { timezone: settings.timezone, currency: settings.currency === undefined ? "USD" : settings.currency, expiryDays: settings.expiryDays ?? null },
  });
}

let keys = 0;
/** One entry through the real ledger writer, written at `at` (the writer stamps createdAt with its `now`). */
async function post(customer: string, type: LedgerEntryType, points: number, at: string) {
  const program = await getShopProgram(prisma, SHOP);
  await transactionWithRollups(prisma, async (tx) => {
    const member = await lockMember(tx, SHOP, `gid://shopify/Customer/${customer}`);
    await appendEntries(tx, member, [{ type, points, idempotencyKey: `test:${keys++}`, explanation: `${type} ${points}` }], { now: new Date(at), program });
  });
}

beforeEach(async () => {
  await resetDatabase();
});

describe("liability roll-forward from a hand-built ledger", () => {
  // New York; Mar 7–9 2026 (Mar 8 has 23 hours: DST starts at 2am).
  async function buildLedger() {
    await setUpProgram({ timezone: "America/New_York" });
    await post("1", "earn", 1000, "2026-03-01T12:00:00Z"); // before the range
    await post("2", "earn", 400, "2026-03-02T12:00:00Z");
    await post("1", "redeem", 300, "2026-03-06T23:00:00Z"); // Mar 6, 18:00 EST
    await post("1", "earn", 200, "2026-03-07T05:00:00Z"); // Mar 7, 00:00 EST: the range's first instant
    await post("2", "bonus", 50, "2026-03-07T20:00:00Z");
    await post("2", "clawback", 40, "2026-03-08T04:59:59.999Z"); // Mar 7, 23:59:59.999 EST
    await post("1", "redeem", 500, "2026-03-08T05:00:00Z"); // Mar 8, 00:00 EST
    await post("1", "redeem_rollback", 500, "2026-03-08T05:01:00Z");
    await post("2", "redeem", 100, "2026-03-08T15:00:00Z");
    await post("1", "expire", 60, "2026-03-09T03:59:59.999Z"); // Mar 8, 23:59:59.999 EDT
    await post("2", "manual_credit", 10, "2026-03-09T04:00:00Z"); // Mar 9, 00:00 EDT
    await post("2", "manual_debit", 5, "2026-03-09T12:00:00Z");
    await post("1", "earn", 999, "2026-03-10T04:00:00Z"); // Mar 10: after the range
  }
  const now = new Date("2026-03-20T12:00:00Z");

  it("buckets by the shop's days and balances: closing(day) = opening(next), movements = closing − opening", async () => {
    await buildLedger();
    const context = await loadReportContext(prisma, SHOP, custom("2026-03-07", "2026-03-09"), now);
    const report = await getLiabilityReport(prisma, context);
    expect(report.rollForward.rows.map(({ date, opening, movements, closing }) => ({ date, opening, ...movements, closing }))).toEqual([
      { date: "2026-03-07", opening: 1100, earned: 250, redeemed: 0, donated: 0, clawedBack: -40, expired: 0, adjustedOut: 0, closing: 1310 },
      { date: "2026-03-08", opening: 1310, earned: 0, redeemed: -100, donated: 0, clawedBack: 0, expired: -60, adjustedOut: 0, closing: 1150 },
      { date: "2026-03-09", opening: 1150, earned: 10, redeemed: 0, donated: 0, clawedBack: 0, expired: 0, adjustedOut: -5, closing: 1155 },
    ]);
    expect(report.rollForward.totals).toMatchObject({
      opening: 1100,
      movements: { earned: 260, redeemed: -100, donated: 0, clawedBack: -40, expired: -60, adjustedOut: -5 },
      closing: 1155,
    });
    // At the default catalog's best rate ($5 for 500 points): 1 point = 1 cent, nothing to round.
    expect(report.rollForward.totals.money).toEqual({
      opening: 1100,
      movements: { earned: 260, redeemed: -100, donated: 0, clawedBack: -40, expired: -60, adjustedOut: -5 },
      closing: 1155,
    });
    expect(report.redemption).toMatchObject({ issuedInRange: 215, redeemedInRange: 100, issuedToDate: 1615, redeemedToDate: 400 });
  });

  it("values points at the program's point value (not its rewards), rounding balances once and splitting each day's change", async () => {
    await buildLedger();
    // A generous reward no longer moves the point value: the program's setting does.
    await prisma.reward.create({ data: { shop: SHOP, name: "$120 off", kind: "fixed_amount", pointsCost: 800, amountMinor: 12000, expiryDays: 30 } });
    await prisma.program.update({ where: { shop: SHOP }, data: { pointValueMinor: 3, pointValuePoints: 2 } });
    const page = await getReportsPage(prisma, SHOP, custom("2026-03-07", "2026-03-09"), now);
    expect(page.pointValue).toMatchObject({ source: "setting", sentence: "1 point ≈ $0.015, your program's point value (set on the Program page)" });
    // 1.5 cents a point: 1100 → 1650, 1310 → 1965, 1150 → 1725, 1155 → 1732.5 → 1733 (half up).
    expect(page.liability.rollForward.rows.map((row) => row.money)).toEqual([
      { opening: 1650, movements: { earned: 375, redeemed: 0, donated: 0, clawedBack: -60, expired: 0, adjustedOut: 0 }, closing: 1965 },
      { opening: 1965, movements: { earned: 0, redeemed: -150, donated: 0, clawedBack: 0, expired: -90, adjustedOut: 0 }, closing: 1725 },
      { opening: 1725, movements: { earned: 15, redeemed: 0, donated: 0, clawedBack: 0, expired: 0, adjustedOut: -7 }, closing: 1733 },
    ]);
  });

  it("has no breakage estimate for a program younger than its maturity window", async () => {
    await buildLedger();
    const context = await loadReportContext(prisma, SHOP, custom("2026-03-07", "2026-03-09"), now);
    expect((await getLiabilityReport(prisma, context)).breakage).toEqual({ status: "insufficient_history", maturityDays: 365 });
  });

  it("estimates breakage over the expiry period, summing the window from before the range", async () => {
    await setUpProgram({ timezone: "UTC", expiryDays: 30 });
    await post("1", "earn", 1000, "2026-01-01T10:00:00Z"); // old points
    await post("1", "redeem", 600, "2026-01-05T10:00:00Z");
    await post("1", "earn", 500, "2026-02-25T10:00:00Z"); // in the 30-day window (Feb 9 – Mar 10), before the range
    await post("1", "earn", 300, "2026-03-09T10:00:00Z"); // in the range
    const context = await loadReportContext(prisma, SHOP, custom("2026-03-08", "2026-03-10"), now);
    const report = await getLiabilityReport(prisma, context);
    // Issued 1800, redeemed 600, outstanding 1200; window issued 800 → decided 1000, 60% redeemed;
    // breakage = 1200 × 400 / 1000 = 480.
    expect(report.maturityWindowStart).toBe("2026-02-09");
    expect(report.breakage).toMatchObject({ status: "estimated", decided: 1000, redemptionRateBasisPoints: 6000, expectedBreakagePoints: 480, liabilityNetPoints: 720 });
    expect(report.breakageMoney).toEqual({ expectedBreakageMinor: 480, liabilityNetMinor: 720 });
  });
});

describe("SQL aggregates agree with the pure replay on generated ledgers", () => {
  const zones = ["America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe"];
  const T0 = Date.UTC(2025, 9, 1);
  const SPAN_DAYS = 80;
  const entryArbitrary = fc.record({
    member: fc.integer({ min: 0, max: 4 }),
    type: fc.constantFrom(...LEDGER_ENTRY_TYPES),
    magnitude: fc.integer({ min: 1, max: 5000 }),
    offset: fc.integer({ min: 0, max: SPAN_DAYS * DAY }),
  });

  it.each(zones.map((zone, index) => [zone, index] as const))("in %s", async (zone, seed) => {
    const [generated] = fc.sample(fc.array(entryArbitrary, { minLength: 150, maxLength: 250 }), { seed: 7 + seed, numRuns: 1 });
    if (!generated) throw new Error("no sample");
    await setUpProgram({ timezone: zone, expiryDays: 20 });
    const members = await Promise.all(
      [0, 1, 2, 3, 4].map((n) => prisma.member.create({ data: { shop: SHOP, customerGid: `gid://shopify/Customer/${n + 1}` } })),
    );
    const entries: ReportEntry[] = generated.map((g) => ({ type: g.type, points: signFor(g.type) * g.magnitude, createdAt: new Date(T0 + g.offset) }));
    await prisma.ledgerEntry.createMany({
      data: generated.map((g, index) => ({
        shop: SHOP,
        memberId: members[g.member]?.id ?? "",
        type: g.type,
        points: entries[index]?.points ?? 0,
        idempotencyKey: `gen:${index}`,
        explanation: "generated",
        createdAt: entries[index]?.createdAt ?? new Date(0),
      })),
    });
    // A 40-day range in the middle (crossing the November DST change), a 20-day maturity window.
    const start = "2025-10-20";
    const end = addDays(start, 39);
    const context = await loadReportContext(prisma, SHOP, custom(start, end), new Date(T0 + 100 * DAY));
    const report = await getLiabilityReport(prisma, context);

    const days = dayBoundaries(start, end, zone);
    const replay = bucketEntries(entries, days);
    const expected = calculateRollForward({ dates: days.map((d) => d.date), ...replay, pointValue: context.pointValue });
    expect(report.rollForward).toEqual(expected);

    const windowStart = startOfLocalDay(addDays(end, -19), zone);
    const last = days[days.length - 1];
    const toDate = entries.filter((e) => last && e.createdAt < last.to).reduce((sum, e) => {
      const column = emptyMovements();
      column[columnOf(e.type)] = e.points;
      return addMovements(sum, column);
    }, emptyMovements());
    const inWindow = entries.filter((e) => last && e.createdAt >= windowStart && e.createdAt < last.to);
    const issuedInWindow = inWindow.reduce((sum, e) => sum + (ISSUED_TYPES.includes(e.type) ? e.points : 0), 0);
    expect(report.breakage).toEqual(
      estimateBreakage({ issued: issuedOf(toDate), redeemed: spentOf(toDate), outstanding: expected.totals.closing, issuedInWindow, maturityDays: 20 }),
    );
  });
});

describe("members vs non-members", () => {
  it("counts paid, not cancelled orders in the range by segment, with repeat customers", async () => {
    await setUpProgram({ timezone: "UTC" });
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
    await order("A", 9999, "2026-03-11T00:00:00Z"); // after the range
    await order("B", 5000, "2026-02-01T10:00:00Z"); // before the range: B is a repeat customer
    await order("B", 3000, "2026-03-03T10:00:00Z");
    await order("C", 500, "2026-03-04T10:00:00Z", true); // cancelled: C does not count
    await order("D", 700, "2026-03-10T23:59:59.999Z"); // the range's last instant
    await order("E", 4000, "2026-03-06T10:00:00Z"); // a customer who is not a member
    await order("F", 900, "2026-01-15T10:00:00Z", true); // cancelled, but F did pay before: a repeat customer
    await order("F", 800, "2026-03-08T10:00:00Z");
    await order(null, 100, "2026-03-01T00:00:00Z"); // guests
    await order(null, 200, "2026-03-07T10:00:00Z");
    await order(null, 300, null); // never paid

    const context = await loadReportContext(prisma, SHOP, custom("2026-03-01", "2026-03-10"), new Date("2026-03-20T00:00:00Z"));
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

describe("members at risk of churning", () => {
  const now = new Date("2026-06-01T12:00:00Z");
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

  async function buildOrders() {
    await setUpProgram({ timezone: "UTC" });
    const histories: Record<string, { member: boolean; orders: number[] }> = {
      steady: { member: true, orders: [150, 100, 50] }, // 50-day gap, quiet 50: fine
      lapsed: { member: true, orders: [200, 180, 160] }, // 20-day gap, quiet 160: at risk
      once: { member: true, orders: [300] }, // no cadence
      weekly: { member: true, orders: [88, 81, 74, 67, 60, 53, 46, 39, 32, 25] }, // 7-day gap, quiet 25 < 30
      monthly: { member: true, orders: [121, 91, 61] }, // 30-day gap, quiet 61 > 60: at risk
      nearly: { member: true, orders: [119, 89, 59] }, // 30-day gap, quiet 59: fine
      stranger: { member: false, orders: [200, 180, 160] }, // not a member
    };
    let id = 0;
    for (const [name, history] of Object.entries(histories)) {
      const customerGid = `gid://shopify/Customer/${name.length}${name.charCodeAt(0)}`;
      if (history.member) await prisma.member.create({ data: { shop: SHOP, customerGid, displayName: name, email: `${name}@example.com`, balance: name.length * 100 } });
      for (const days of history.orders) {
        await prisma.orderRecord.create({ data: { shop: SHOP, orderGid: `gid://shopify/Order/${++id}`, customerGid, status: "awarded", paidAt: daysAgo(days), totalMinor: 1000 } });
      }
    }
    // A guest order and an order after the as-of instant are ignored.
    await prisma.orderRecord.create({ data: { shop: SHOP, orderGid: "gid://shopify/Order/900", customerGid: null, status: "no_customer", paidAt: daysAgo(500) } });
  }

  it("lists members quiet for more than twice their usual gap (and 30 days), the most recently lapsed first", async () => {
    await buildOrders();
    const context = await loadReportContext(prisma, SHOP, { range: "last30", start: null, end: null }, now);
    const report = await getChurnReport(prisma, context, { limit: null });
    expect(report.total).toBe(2);
    expect(report.members.map((m) => [m.name, m.orders, m.usualGapDays, m.daysSinceLastOrder, m.balance])).toEqual([
      ["monthly", 3, 30, 61, 700],
      ["lapsed", 3, 20, 160, 600],
    ]);
    expect(report.members[0]).toMatchObject({ email: "monthly@example.com", lastPaidAt: daysAgo(61).toISOString(), firstPaidAt: daysAgo(121).toISOString() });
    // The SQL selection is the pure rule's.
    for (const member of report.members) {
      expect(evaluateChurnRisk({ orders: member.orders, firstPaidAt: new Date(member.firstPaidAt), lastPaidAt: new Date(member.lastPaidAt) }, now)?.atRisk).toBe(true);
    }
  });

  it("caps the page's list but counts them all, and judges as of the range's end", async () => {
    await buildOrders();
    const context = await loadReportContext(prisma, SHOP, { range: "last30", start: null, end: null }, now);
    const capped = await getChurnReport(prisma, context, { limit: 1 });
    expect(capped).toMatchObject({ total: 2, limit: 1 });
    expect(capped.members.map((m) => m.name)).toEqual(["monthly"]);
    // As of Mar 31 (62 days earlier) nobody had been quiet long enough except "lapsed" (quiet 98 > 40).
    const earlier = await loadReportContext(prisma, SHOP, custom("2026-03-01", "2026-03-31"), now);
    expect((await getChurnReport(prisma, earlier, { limit: null })).members.map((m) => m.name)).toEqual(["lapsed"]);
  });
});

describe("tier distribution and top rewards", () => {
  it("counts members by current tier and rewards by redemptions in the range", async () => {
    await setUpProgram({ timezone: "UTC" });
    const tiers = await prisma.tier.findMany({ where: { shop: SHOP }, orderBy: { threshold: "asc" } });
    const [bronze, silver] = tiers;
    const member = (n: number, tierId: string | null) => prisma.member.create({ data: { shop: SHOP, customerGid: `gid://shopify/Customer/${n}`, tierId } });
    const m1 = await member(1, bronze?.id ?? null);
    await member(2, bronze?.id ?? null);
    await member(3, silver?.id ?? null);
    await member(4, null);
    expect((await getTierDistribution(prisma, SHOP)).rows.map((row) => [row.name, row.members, row.shareBasisPoints])).toEqual([
      ["Bronze", 2, 5000],
      ["Silver", 1, 2500],
      ["Gold", 0, 0],
      ["No tier", 1, 2500],
    ]);

    const rewards = await prisma.reward.findMany({ where: { shop: SHOP }, orderBy: { position: "asc" } });
    const [fiveOff, tenPercent] = rewards;
    let n = 0;
    const redemption = (reward: (typeof rewards)[number] | undefined, status: string, createdAt: string) =>
      prisma.redemption.create({
        data: {
          shop: SHOP,
          memberId: m1.id,
          rewardId: reward?.id ?? "",
          clientKey: `k${++n}`,
          code: `PTS-TEST-${n}`,
          status,
          pointsCost: reward?.pointsCost ?? 0,
          rewardName: reward?.name ?? "",
          createdAt: new Date(createdAt),
        },
      });
    await redemption(fiveOff, "used", "2026-03-02T10:00:00Z");
    await redemption(fiveOff, "used", "2026-03-03T10:00:00Z");
    await redemption(fiveOff, "returned", "2026-03-03T11:00:00Z");
    await redemption(tenPercent, "issued", "2026-03-04T10:00:00Z");
    await redemption(tenPercent, "failed", "2026-03-04T11:00:00Z");
    await redemption(tenPercent, "used", "2026-02-27T10:00:00Z"); // before the range
    const context = await loadReportContext(prisma, SHOP, custom("2026-03-01", "2026-03-10"), new Date("2026-03-20T00:00:00Z"));
    expect(await getTopRewards(prisma, context)).toEqual([
      { rewardId: fiveOff?.id, name: "$5 off your order", redemptions: 2, used: 2, points: 1000, usageRateBasisPoints: 10000 },
      { rewardId: tenPercent?.id, name: "10% off your order", redemptions: 1, used: 0, points: 1000, usageRateBasisPoints: 0 },
    ]);
  });
});

describe("CSV files", () => {
  it("writes the roll-forward in points and money", async () => {
    await setUpProgram({ timezone: "UTC" });
    await post("1", "earn", 1234, "2026-03-01T10:00:00Z");
    await post("1", "redeem", 500, "2026-03-02T10:00:00Z");
    await post("1", "donate", 34, "2026-03-02T11:00:00Z");
    const csv = await getReportCsv(prisma, SHOP, "liability", custom("2026-03-01", "2026-03-02"), new Date("2026-03-20T00:00:00Z"));
    expect(csv.filename).toBe("loyalty-liability-2026-03-01-to-2026-03-02.csv");
    expect(csv.body.split("\r\n")).toEqual([
      "\uFEFFdate,opening_points,earned_points,redeemed_points,donated_points,clawed_back_points,expired_points,adjusted_out_points,closing_points,opening_USD,earned_USD,redeemed_USD,donated_USD,clawed_back_USD,expired_USD,adjusted_out_USD,closing_USD",
      "2026-03-01,0,1234,0,0,0,0,0,1234,0.00,12.34,0.00,0.00,0.00,0.00,0.00,12.34",
      "2026-03-02,1234,0,-500,-34,0,0,0,700,12.34,0.00,-5.00,-0.34,0.00,0.00,0.00,7.00",
      "",
    ]);
  });

  it("lists every member at risk, with text a spreadsheet would run defused", async () => {
    await setUpProgram({ timezone: "UTC" });
    const customerGid = "gid://shopify/Customer/77";
    await prisma.member.create({ data: { shop: SHOP, customerGid, displayName: "=cmd|' /C calc'!A0", email: "x@example.com", balance: 12 } });
    for (const [n, paidAt] of ["2025-01-01T00:00:00Z", "2025-01-11T00:00:00Z"].entries()) {
      await prisma.orderRecord.create({ data: { shop: SHOP, orderGid: `gid://shopify/Order/${n}`, customerGid, status: "awarded", paidAt: new Date(paidAt) } });
    }
    const csv = await getReportCsv(prisma, SHOP, "churn", custom("2026-03-01", "2026-03-02"), new Date("2026-03-20T00:00:00Z"));
    expect(csv.body.split("\r\n").slice(0, 2)).toEqual([
      "\uFEFFcustomer_gid,name,email,points_balance,orders,first_order_at,last_order_at,usual_gap_days,days_since_last_order",
      "gid://shopify/Customer/77,'=cmd|' /C calc'!A0,x@example.com,12,2,2025-01-01T00:00:00.000Z,2025-01-11T00:00:00.000Z,10,416",
    ]);
  });
});

describe("home metrics", () => {
  it("sums the last 30 shop days and values the outstanding balance", async () => {
    await setUpProgram({ timezone: "America/New_York" });
    const now = new Date("2026-03-31T15:00:00Z"); // Mar 31, 11:00 EDT
    await post("1", "earn", 5000, "2026-01-01T12:00:00Z"); // before the 30 days
    await post("1", "earn", 300, "2026-03-02T05:00:00Z"); // Mar 2, 00:00 EST: the first of the 30 days
    await post("2", "earn", 200, "2026-03-31T14:00:00Z");
    await post("1", "redeem", 500, "2026-03-15T12:00:00Z");
    await post("1", "clawback", 100, "2026-03-20T12:00:00Z");
    const metrics = await getHomeMetrics(prisma, SHOP, now);
    expect(metrics).toMatchObject({
      currency: "USD",
      members: 2,
      issued30d: 400,
      redeemed30d: 500,
      redemptionRate30dBasisPoints: 12500,
      outstandingPoints: 4900,
      outstandingMinor: 4900,
      pointValueSentence: "1 point ≈ $0.01, your program's point value (set on the Program page)",
    });
    expect(metrics.days).toHaveLength(30);
    expect(metrics.days[0]).toEqual({ date: "2026-03-02", issued: 300, redeemed: 0 });
    expect(metrics.days[29]).toEqual({ date: "2026-03-31", issued: 200, redeemed: 0 });
  });
});
