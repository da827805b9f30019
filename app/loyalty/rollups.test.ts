import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayBoundaries, reportDateOf } from "./reports/calendar";
import { evaluateChurnRisk } from "./reports/churn";
import type { SegmentTotals } from "./reports/customers";
import {
  appendCountedOrders,
  calculateCountedOrder,
  calculateCustomerRollup,
  calculateLedgerRollups,
  calculateSegmentTotals,
  churnRiskAfter,
  compareRollupRows,
  customerRows,
  dailyOrderDeltas,
  sumDailyOrderRows,
  type CountedOrder,
  type CustomerOrderStats,
  type DailyOrderRow,
  type LateCustomer,
} from "./rollups";

const DAY = 24 * 60 * 60 * 1000;
const SHOP = "shop.myshopify.com";
const T0 = Date.UTC(2026, 0, 1);
const ZONE = "America/New_York";

describe("ledger rollups", () => {
  it("sum each shop's entries per shop day and type", () => {
    const rows = calculateLedgerRollups(
      [
        { shop: SHOP, type: "earn", points: 100, spendMinor: 10000, createdAt: new Date("2026-03-08T04:59:59.999Z") }, // Mar 7 in New York
        { shop: SHOP, type: "earn", points: 50, spendMinor: 5000, createdAt: new Date("2026-03-08T05:00:00Z") },
        { shop: SHOP, type: "earn", points: 20, spendMinor: 2000, createdAt: new Date("2026-03-08T12:00:00Z") },
        { shop: SHOP, type: "clawback", points: -20, spendMinor: -2000, createdAt: new Date("2026-03-08T13:00:00Z") },
        { shop: "other.myshopify.com", type: "earn", points: 1, spendMinor: 0, createdAt: new Date("2026-03-08T04:00:00Z") }, // Mar 8 in Tokyo
      ],
      (shop) => (shop === SHOP ? ZONE : "Asia/Tokyo"),
    );
    expect(rows).toEqual([
      { shop: SHOP, day: "2026-03-07", type: "earn", points: 100, spendMinor: 10000, entries: 1 },
      { shop: SHOP, day: "2026-03-08", type: "earn", points: 70, spendMinor: 7000, entries: 2 },
      { shop: SHOP, day: "2026-03-08", type: "clawback", points: -20, spendMinor: -2000, entries: 1 },
      { shop: "other.myshopify.com", day: "2026-03-08", type: "earn", points: 1, spendMinor: 0, entries: 1 },
    ]);
  });

  it("bucket every instant in the day dayBoundaries puts it in", () => {
    const zones = ["America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago", "Pacific/Apia", "Europe/London"];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2011, 0, 1), max: Date.UTC(2027, 0, 1) }), (zone, at) => {
        const date = reportDateOf(new Date(at), zone);
        const [day] = dayBoundaries(date, date, zone);
        expect(day && day.from.getTime() <= at && at < day.to.getTime()).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

describe("counted orders", () => {
  const facts = { shop: SHOP, orderGid: "gid://shopify/Order/1", customerGid: "gid://shopify/Customer/1", paidAt: new Date("2026-03-08T04:00:00Z"), cancelledAt: null, totalMinor: 2500, member: true };

  it("count a paid order on its shop day in its customer's segment, and a cancelled one in no day", () => {
    expect(calculateCountedOrder(facts, ZONE)).toEqual({ shop: SHOP, orderGid: facts.orderGid, customerGid: facts.customerGid, segment: "member", paidAt: facts.paidAt, day: "2026-03-07", revenueMinor: 2500 });
    expect(calculateCountedOrder({ ...facts, member: false }, ZONE)?.segment).toBe("nonMember");
    expect(calculateCountedOrder({ ...facts, customerGid: null }, ZONE)?.segment).toBe("guest");
    expect(calculateCountedOrder({ ...facts, cancelledAt: new Date() }, ZONE)?.day).toBeNull();
    expect(calculateCountedOrder({ ...facts, paidAt: null }, ZONE)).toBeNull();
  });

  it("move the day sums by exactly what changed", () => {
    const before = calculateCountedOrder({ ...facts, member: false }, ZONE);
    const after = calculateCountedOrder(facts, ZONE);
    expect(dailyOrderDeltas({ orders: [{ before, after }], customers: [] })).toEqual([
      { shop: SHOP, day: "2026-03-07", segment: "nonMember", orders: -1, revenueMinor: -2500, lastOrderCustomers: 0, oneOrderCustomers: 0 },
      { shop: SHOP, day: "2026-03-07", segment: "member", orders: 1, revenueMinor: 2500, lastOrderCustomers: 0, oneOrderCustomers: 0 },
    ]);
    expect(dailyOrderDeltas({ orders: [{ before: after, after }], customers: [] })).toEqual([]);
  });
});

/** One customer's paid orders, as instants and whether each was cancelled. */
const historyArbitrary = fc.array(fc.record({ offset: fc.integer({ min: 0, max: 400 * DAY }), cancelled: fc.boolean() }), { minLength: 1, maxLength: 6 });

function statsOf(customerGid: string, orders: readonly { offset: number; cancelled: boolean }[], member: boolean): CustomerOrderStats {
  const paid = orders.map((order) => T0 + order.offset);
  const live = orders.filter((order) => !order.cancelled).map((order) => T0 + order.offset);
  return {
    shop: SHOP,
    customerGid,
    member,
    paidOrders: orders.length,
    firstPaidAt: new Date(Math.min(...paid)),
    lastPaidAt: new Date(Math.max(...paid)),
    liveOrders: live.length,
    lastLivePaidAt: live.length > 0 ? new Date(Math.max(...live)) : null,
    prevPaidAt: paid.length >= 2 ? new Date([...paid].sort((a, b) => a - b)[paid.length - 2] ?? 0) : null,
  };
}

function countedOf(customerGid: string, order: { offset: number; cancelled: boolean }, index: number): CountedOrder {
  const counted = calculateCountedOrder(
    { shop: SHOP, orderGid: `gid://shopify/Order/${index}`, customerGid, paidAt: new Date(T0 + order.offset), cancelledAt: order.cancelled ? new Date() : null, totalMinor: 100, member: true },
    ZONE,
  );
  if (!counted) throw new Error("not paid");
  return counted;
}

describe("customer rollups", () => {
  it("mark a customer at risk exactly when the churn rule does", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 0, max: 300 * DAY }),
        fc.integer({ min: 0, max: 600 * DAY }),
        fc.integer({ min: -3, max: 3 }),
        (orders, span, quiet, nudge) => {
          const firstPaidAt = new Date(T0);
          const lastPaidAt = new Date(T0 + span);
          const riskAfter = churnRiskAfter({ orders, firstPaidAt, lastPaidAt });
          if (!riskAfter) throw new Error("no riskAfter with 2 or more orders");
          // Around the boundary and anywhere else.
          for (const asOf of [new Date(riskAfter.getTime() + nudge), new Date(T0 + span + quiet)]) {
            expect(asOf > riskAfter).toBe(evaluateChurnRisk({ orders, firstPaidAt, lastPaidAt }, asOf)?.atRisk ?? false);
          }
        },
      ),
      { numRuns: 500 },
    );
    expect(churnRiskAfter({ orders: 1, firstPaidAt: new Date(T0), lastPaidAt: new Date(T0) })).toBeNull();
  });

  it("move forward by appended orders to what aggregating all of them gives", () => {
    fc.assert(
      fc.property(historyArbitrary, historyArbitrary, (earlier, later) => {
        const gid = "gid://shopify/Customer/7";
        const shift = Math.max(...earlier.map((o) => o.offset));
        const appended = later.map((o) => ({ ...o, offset: shift + o.offset }));
        const before = calculateCustomerRollup(statsOf(gid, earlier, true), ZONE);
        const moved = appendCountedOrders(before, appended.map((o, i) => countedOf(gid, o, 100 + i)), true, { shop: SHOP, customerGid: gid }, ZONE);
        expect(moved).toEqual(calculateCustomerRollup(statsOf(gid, [...earlier, ...appended], true), ZONE));
        // A customer with no row yet starts from its first order.
        expect(appendCountedOrders(null, earlier.map((o, i) => countedOf(gid, o, i)), true, { shop: SHOP, customerGid: gid }, ZONE)).toEqual(
          calculateCustomerRollup(statsOf(gid, earlier, true), ZONE),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("refuse to move forward past an older order or across a change of segment", () => {
    const gid = "gid://shopify/Customer/7";
    const before = calculateCustomerRollup(statsOf(gid, [{ offset: 10 * DAY, cancelled: false }], true), ZONE);
    expect(appendCountedOrders(before, [countedOf(gid, { offset: DAY, cancelled: false }, 1)], true, { shop: SHOP, customerGid: gid }, ZONE)).toBeNull();
    expect(appendCountedOrders(before, [countedOf(gid, { offset: 20 * DAY, cancelled: false }, 1)], false, { shop: SHOP, customerGid: gid }, ZONE)).toBeNull();
  });
});

describe("segment totals from the day sums", () => {
  /** The report's own definition (reports/customers.ts), order by order. */
  function reference(customers: readonly { gid: string | null; member: boolean; orders: { offset: number; cancelled: boolean }[] }[], from: number, to: number): SegmentTotals[] {
    const totals = new Map<string, SegmentTotals>();
    const total = (segment: SegmentTotals["segment"]) => {
      const found = totals.get(segment) ?? { segment, customers: 0, orders: 0, revenueMinor: 0, repeatCustomers: 0 };
      totals.set(segment, found);
      return found;
    };
    for (const customer of customers) {
      const segment = customer.gid === null ? "guest" : customer.member ? "member" : "nonMember";
      const inRange = customer.orders.filter((o) => !o.cancelled && T0 + o.offset >= from && T0 + o.offset < to);
      const sum = total(segment);
      sum.orders += inRange.length;
      sum.revenueMinor += inRange.length * 100;
      if (customer.gid === null || inRange.length === 0) continue;
      sum.customers += 1;
      if (inRange.length >= 2 || customer.orders.some((o) => T0 + o.offset < from)) sum.repeatCustomers += 1;
    }
    return (["member", "nonMember", "guest"] as const).map((segment) => total(segment));
  }

  it("count customers and repeat customers as the report defines them, late customers included", () => {
    const customerArbitrary = fc.record({ member: fc.boolean(), orders: historyArbitrary });
    fc.assert(
      fc.property(fc.array(customerArbitrary, { maxLength: 12 }), fc.integer({ min: 0, max: 399 }), fc.integer({ min: 1, max: 120 }), (generated, startIndex, length) => {
        const customers = generated.map((c, i) => ({ ...c, gid: i % 5 === 4 ? null : `gid://shopify/Customer/${i}` }));
        const days = dayBoundaries("2026-01-01", "2027-03-01", ZONE);
        const first = days[startIndex];
        const last = days[Math.min(days.length - 1, startIndex + length - 1)];
        if (!first || !last) throw new Error("no days");
        let daily: DailyOrderRow[] = [];
        const late: LateCustomer[] = [];
        customers.forEach((customer, c) => {
          const counted = customer.orders.map((o, i) => calculateCountedOrder({ shop: SHOP, orderGid: `o${c}-${i}`, customerGid: customer.gid, paidAt: new Date(T0 + o.offset), cancelledAt: o.cancelled ? new Date() : null, totalMinor: 100, member: customer.member }, ZONE));
          daily.push(...counted.flatMap((order) => (order && order.day !== null ? [{ shop: SHOP, day: order.day, segment: order.segment, orders: 1, revenueMinor: 100, lastOrderCustomers: 0, oneOrderCustomers: 0 }] : [])));
          if (customer.gid === null) return;
          const state = calculateCustomerRollup(statsOf(customer.gid, customer.orders, customer.member), ZONE);
          daily.push(...customerRows(state, 1));
          if (state.lastPaidAt.getTime() >= last.to.getTime()) {
            const inRange = customer.orders.filter((o) => !o.cancelled && T0 + o.offset >= first.from.getTime() && T0 + o.offset < last.to.getTime()).length;
            late.push({ state, liveOrdersInRange: inRange, paidBefore: customer.orders.some((o) => T0 + o.offset < first.from.getTime()) });
          }
        });
        daily = sumDailyOrderRows(daily);
        expect(calculateSegmentTotals({ startDay: first.date, endDay: last.date, daily, late })).toEqual(reference(customers, first.from.getTime(), last.to.getTime()));
      }),
      { numRuns: 300 },
    );
  });
});

describe("verification", () => {
  const row = (day: string, points: number) => ({ day, type: "earn", points });

  it("names every differing figure; a missing day sum is zeros, a missing state row is nulls", () => {
    expect(
      compareRollupRows({ shop: SHOP, table: "T", stored: [row("2026-01-01", 5), row("2026-01-02", 0)], expected: [row("2026-01-01", 6), row("2026-01-03", 1)], keyOf: (r) => r.day, figures: ["points"], missingIsZero: true }),
    ).toEqual([
      { shop: SHOP, table: "T", key: "2026-01-01", figure: "points", stored: 5, expected: 6 },
      { shop: SHOP, table: "T", key: "2026-01-03", figure: "points", stored: 0, expected: 1 },
    ]);
    const at = new Date(T0);
    expect(compareRollupRows({ shop: SHOP, table: "S", stored: [], expected: [{ gid: "a", at }], keyOf: (r) => r.gid, figures: ["at"], missingIsZero: false })).toEqual([
      { shop: SHOP, table: "S", key: "a", figure: "at", stored: null, expected: at.toISOString() },
    ]);
  });
});
