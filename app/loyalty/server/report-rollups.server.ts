/**
 * The reports' aggregates from the daily rollups (report-sources.server.ts; row meanings: app/loyalty/rollups.ts).
 *
 * Rules:
 * - Read only, O(days): ledger movements are sums of DailyLedgerRollup rows (one per day and entry type), segment
 *   totals sums of DailyOrderRollup rows (one per day and segment), keyed by the primary keys' (shop, day) prefix.
 * - Two per-customer reads remain, both by index and both small for a range ending today: the customers with a paid
 *   order at or after the range's end ("late": future-dated orders then; this month's customers for last month) are
 *   counted from their orders; churn counts CustomerRollup rows by `riskAfter` (an index range count) and lists
 *   the page's members from the same index, most recently lapsed first. Members at risk are a list: O(members at
 *   risk) is the report's own size.
 */
import type { PrismaClient } from "@prisma/client";
import type { SelectQueryBuilder } from "kysely";
import { integerResult } from "~/db/dialect.server";
import { dateResult, kyselyOf } from "~/db/kysely.server";
import type { DB } from "~/db/kysely-types";
import { isLedgerEntryType } from "../ledger-rules";
import { churnRiskAfter, calculateSegmentTotals, type CustomerRollupState, type DailyOrderRow, type IdentifiedSegment, type LateCustomer } from "../rollups";
import { CUSTOMER_SEGMENTS, type CustomerSegment, type SegmentTotals } from "../reports/customers";
import type { ChurnRow } from "../reports/page";
import { CHURN_MIN_QUIET_DAYS } from "../reports/churn";
import { columnOf, emptyMovements, type Movements } from "../reports/roll-forward";
import type { ReportSource } from "./report-sources.server";

function count(value: unknown): number {
  return integerResult(value, "Report rollup");
}

function addToColumn(movements: Movements, type: string, points: unknown): void {
  if (!isLedgerEntryType(type)) throw new Error(`Unknown ledger entry type ${type}`);
  movements[columnOf(type)] += count(points);
}

interface StoredCustomer {
  customerGid: string;
  segment: string;
  paidOrders: unknown;
  firstPaidAt: Date | string;
  lastPaidAt: Date | string;
  liveOrders: unknown;
  lastLiveDay: string | null;
  firstPaidDay: string;
  riskAfter: Date | string | null;
  prevPaidAt: Date | string | null;
  prevRiskAfter: Date | string | null;
}

function stateOf(shop: string, row: StoredCustomer): CustomerRollupState {
  return {
    shop,
    customerGid: row.customerGid,
    segment: row.segment as IdentifiedSegment,
    paidOrders: count(row.paidOrders),
    firstPaidAt: dateResult(row.firstPaidAt),
    lastPaidAt: dateResult(row.lastPaidAt),
    liveOrders: count(row.liveOrders),
    lastLiveDay: row.lastLiveDay,
    firstPaidDay: row.firstPaidDay,
    riskAfter: dateResult(row.riskAfter),
    prevPaidAt: dateResult(row.prevPaidAt),
    prevRiskAfter: dateResult(row.prevRiskAfter),
  };
}

function byLastPaidDesc(a: ChurnRow, b: ChurnRow): number {
  return b.lastPaidAt.getTime() - a.lastPaidAt.getTime() || (a.customerGid < b.customerGid ? -1 : a.customerGid > b.customerGid ? 1 : 0);
}

/**
 * Counting a late customer (one correlated index range per customer) costs about ten times what counting one order
 * of the range's own customers does (a covering index walk): measured at 100,000 members (bench/README.md).
 */
const LATE_CUSTOMER_COST = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

export function rollupReportSource(db: PrismaClient, shop: string): ReportSource {
  const k = kyselyOf(db);

  /**
   * Members picked by `picked` (customerGid and the as-of last order `at`, ordered, limited), with their rows:
   * the Member rows are read for the listed members only. `beforeLast`: the history ends at prevPaidAt.
   */
  async function listMembers(picked: SelectQueryBuilder<DB & { c: DB["CustomerRollup"] }, "c", { customerGid: string; at: Date | string | null }>, beforeLast: boolean): Promise<ChurnRow[]> {
    const rows = await k
      .selectFrom(picked.as("t"))
      .innerJoin("CustomerRollup as r", (join) => join.on("r.shop", "=", shop).onRef("r.customerGid", "=", "t.customerGid"))
      .innerJoin("Member as m", (join) => join.on("m.shop", "=", shop).onRef("m.customerGid", "=", "t.customerGid"))
      .select(["m.id as memberId", "t.customerGid", "m.displayName as name", "m.email", "m.balance", "r.paidOrders", "r.firstPaidAt", "t.at"])
      .orderBy("t.at", "desc")
      .orderBy("t.customerGid")
      .execute();
    return rows.map((row) => ({
      memberId: row.memberId,
      customerGid: row.customerGid,
      name: row.name,
      email: row.email,
      balance: count(row.balance),
      orders: count(row.paidOrders) - (beforeLast ? 1 : 0),
      firstPaidAt: dateResult(row.firstPaidAt),
      lastPaidAt: dateResult(row.at as Date | string),
    }));
  }

  /** Customers and repeat customers of a range from its own orders (OrderRollup's day index), per segment. */
  async function countRangeCustomers(daily: readonly DailyOrderRow[], range: { start: string; end: string; from: Date }): Promise<SegmentTotals[]> {
    const perCustomer = k
      .selectFrom("OrderRollup")
      .select((eb) => ["customerGid", "segment", eb.fn.countAll().as("n")])
      .where("shop", "=", shop)
      .where("day", ">=", range.start)
      .where("day", "<=", range.end)
      .where("customerGid", "is not", null)
      .groupBy(["customerGid", "segment"]);
    const rows = await k
      .selectFrom(perCustomer.as("r"))
      .select((eb) => [
        "r.segment",
        eb.fn.countAll().as("customers"),
        eb.fn
          .sum(
            eb
              .case()
              .when("r.n", ">=", 2)
              .then(1)
              .when(
                eb.selectFrom("CustomerRollup as c").select("c.firstPaidAt").where("c.shop", "=", shop).whereRef("c.customerGid", "=", "r.customerGid"),
                "<",
                range.from,
              )
              .then(1)
              .else(0)
              .end(),
          )
          .as("repeaters"),
      ])
      .groupBy("r.segment")
      .execute();
    return CUSTOMER_SEGMENTS.map((segment) => {
      const day = daily.find((row) => row.segment === segment);
      const found = rows.find((row) => row.segment === segment);
      return { segment, customers: count(found?.customers), orders: day?.orders ?? 0, revenueMinor: day?.revenueMinor ?? 0, repeatCustomers: count(found?.repeaters) };
    });
  }

  return {
    name: "rollups",

    async ledgerBetween(from, to) {
      const rows = await k
        .selectFrom("DailyLedgerRollup")
        .select((eb) => ["type", eb.fn.sum("points").as("points")])
        .where("shop", "=", shop)
        .$if(from !== null, (query) => query.where("day", ">=", from?.date ?? ""))
        .where("day", "<", to.date)
        .groupBy("type")
        .execute();
      const total = emptyMovements();
      for (const row of rows) addToColumn(total, row.type, row.points);
      return total;
    },

    async ledgerByDay(days) {
      const first = days[0];
      const last = days[days.length - 1];
      if (!first || !last) return [];
      const rows = await k
        .selectFrom("DailyLedgerRollup")
        .select(["day", "type", "points"])
        .where("shop", "=", shop)
        .where("day", ">=", first.date)
        .where("day", "<=", last.date)
        .execute();
      const byDate = new Map(days.map((day) => [day.date, emptyMovements()]));
      for (const row of rows) {
        const movements = byDate.get(row.day);
        if (movements) addToColumn(movements, row.type, row.points);
      }
      return days.map((day) => ({ date: day.date, movements: byDate.get(day.date) ?? emptyMovements() }));
    },

    async segmentTotals({ start, end, from, to }) {
      const sums = await k
        .selectFrom("DailyOrderRollup")
        .select((eb) => [
          "segment",
          eb.fn.sum("orders").as("orders"),
          eb.fn.sum("revenueMinor").as("revenueMinor"),
          eb.fn.sum("lastOrderCustomers").as("lastOrderCustomers"),
          eb.fn.sum("oneOrderCustomers").as("oneOrderCustomers"),
        ])
        .where("shop", "=", shop)
        .where("day", ">=", start)
        .where("day", "<=", end)
        .groupBy("segment")
        .execute();
      const daily: DailyOrderRow[] = sums.map((row) => ({
        shop,
        day: start,
        segment: row.segment as CustomerSegment,
        orders: count(row.orders),
        revenueMinor: count(row.revenueMinor),
        lastOrderCustomers: count(row.lastOrderCustomers),
        oneOrderCustomers: count(row.oneOrderCustomers),
      }));
      // Customers with a paid order at or after the range's end ("late"): none for a range ending today but
      // future-dated orders. When they are many (a past range), the range's own customers are counted instead.
      const lateCount = await k
        .selectFrom("CustomerRollup")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("shop", "=", shop)
        .where("lastPaidAt", ">=", to)
        .executeTakeFirst();
      const identifiedOrders = daily.filter((row) => row.segment !== "guest").reduce((sum, row) => sum + row.orders, 0);
      if (count(lateCount?.n) * LATE_CUSTOMER_COST > identifiedOrders) return countRangeCustomers(daily, { start, end, from });
      const lateRows =
        count(lateCount?.n) === 0
          ? []
          : await k
              .selectFrom("CustomerRollup as c")
              .selectAll("c")
              .select((eb) =>
                eb
                  .selectFrom("OrderRecord as o")
                  .select(eb.fn.countAll().as("n"))
                  .whereRef("o.shop", "=", "c.shop")
                  .whereRef("o.customerGid", "=", "c.customerGid")
                  .where("o.paidAt", ">=", from)
                  .where("o.paidAt", "<", to)
                  .where("o.cancelledAt", "is", null)
                  .as("liveInRange"),
              )
              .where("c.shop", "=", shop)
              .where("c.lastPaidAt", ">=", to)
              .execute();
      const late: LateCustomer[] = lateRows.map((row) => {
        const state = stateOf(shop, row);
        return { state, liveOrdersInRange: count(row.liveInRange), paidBefore: state.firstPaidAt < from };
      });
      return calculateSegmentTotals({ startDay: start, endDay: end, daily, late });
    },

    async churn(asOf, limit) {
      const members = k.selectFrom("CustomerRollup as c").where("c.shop", "=", shop).where("c.segment", "=", "member");
      // Members whose paid orders are all before asOf: at risk ⇔ riskAfter < asOf (which puts lastPaidAt before asOf).
      const atRisk = members.where("c.riskAfter", "<", asOf);
      // Members with one paid order at or after asOf: as of asOf, their history ends at prevPaidAt.
      const atRiskBeforeLast = members.where("c.lastPaidAt", ">=", asOf).where("c.prevRiskAfter", "<", asOf);
      const [counted, countedBeforeLast, listed, listedBeforeLast, probed] = await Promise.all([
        atRisk.select((eb) => eb.fn.countAll().as("n")).executeTakeFirst(),
        atRiskBeforeLast.select((eb) => eb.fn.countAll().as("n")).executeTakeFirst(),
        // The page's members from the covering index first, then their rows and Member rows.
        listMembers(
          atRisk
            .select(["c.customerGid", "c.lastPaidAt as at"])
            .orderBy("c.lastPaidAt", "desc")
            .orderBy("c.customerGid")
            .$if(limit !== null, (query) => query.limit(limit ?? 0)),
          false,
        ),
        listMembers(
          atRiskBeforeLast
            .select(["c.customerGid", "c.prevPaidAt as at"])
            .orderBy("c.prevPaidAt", "desc")
            .orderBy("c.customerGid")
            .$if(limit !== null, (query) => query.limit(limit ?? 0)),
          true,
        ),
        // Members with two or more paid orders at or after asOf (rare but for long-past instants): from their orders.
        members
          .innerJoin("Member as m", (join) => join.onRef("m.shop", "=", "c.shop").onRef("m.customerGid", "=", "c.customerGid"))
          .select((eb) => [
            "m.id as memberId",
            "c.customerGid",
            "m.displayName as name",
            "m.email",
            "m.balance",
            "c.paidOrders",
            "c.firstPaidAt",
            eb
              .selectFrom("OrderRecord as o")
              .select(eb.fn.countAll().as("n"))
              .whereRef("o.shop", "=", "c.shop")
              .whereRef("o.customerGid", "=", "c.customerGid")
              .where("o.paidAt", ">=", asOf)
              .as("paidSince"),
            eb
              .selectFrom("OrderRecord as o")
              .select("o.paidAt")
              .whereRef("o.shop", "=", "c.shop")
              .whereRef("o.customerGid", "=", "c.customerGid")
              .where("o.paidAt", "<", asOf)
              .orderBy("o.paidAt", "desc")
              .limit(1)
              .as("lastPaidBefore"),
          ])
          .where("c.lastPaidAt", ">=", asOf)
          .where("c.prevPaidAt", ">=", asOf)
          // Quiet for 30 days before asOf, or not at risk: one index seek each, before counting their orders.
          .where((eb) =>
            eb(
              eb
                .selectFrom("OrderRecord as o")
                .select("o.paidAt")
                .whereRef("o.shop", "=", "c.shop")
                .whereRef("o.customerGid", "=", "c.customerGid")
                .where("o.paidAt", "<", asOf)
                .orderBy("o.paidAt", "desc")
                .limit(1),
              "<",
              new Date(asOf.getTime() - CHURN_MIN_QUIET_DAYS * DAY_MS),
            ),
          )
          .execute(),
      ]);
      const rows: ChurnRow[] = [...listed];
      let total = count(counted?.n) + count(countedBeforeLast?.n);
      let merged = listedBeforeLast.length > 0;
      rows.push(...listedBeforeLast);
      for (const row of probed) {
        const orders = count(row.paidOrders) - count(row.paidSince);
        const firstPaidAt = dateResult(row.firstPaidAt);
        const lastPaidAt = dateResult(row.lastPaidBefore);
        if (lastPaidAt === null) continue;
        const riskAfter = churnRiskAfter({ orders, firstPaidAt, lastPaidAt });
        if (!riskAfter || asOf <= riskAfter) continue;
        total += 1;
        merged = true;
        rows.push({ memberId: row.memberId, customerGid: row.customerGid, name: row.name, email: row.email, balance: count(row.balance), orders, firstPaidAt, lastPaidAt });
      }
      // The database ordered the rows of each list; merged lists are ordered here.
      if (merged) rows.sort(byLastPaidDesc);
      return { total, rows: limit === null ? rows : rows.slice(0, limit) };
    },
  };
}
