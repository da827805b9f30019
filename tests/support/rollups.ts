/** Helpers for the rollup suites: the stored rows, normalized, and the checks every step repeats. */
import { expect } from "vitest";
import { integerResult } from "~/db/dialect.server";
import { dateResult, kyselyOf } from "~/db/kysely.server";
import { verifyShopRollups } from "~/loyalty/server/rollups-source.server";
import { prisma } from "./database";

const iso = (value: Date | string | null) => dateResult(value)?.toISOString() ?? null;

/** Every rollup row of the shop (day sums without their all-zero rows), as plain values in a stable order. */
export async function rollupRows(shop: string) {
  const k = kyselyOf(prisma);
  const ledger = (await k.selectFrom("DailyLedgerRollup").selectAll().where("shop", "=", shop).orderBy("day").orderBy("type").execute())
    .map((row) => ({ day: row.day, type: row.type, points: integerResult(row.points), spendMinor: integerResult(row.spendMinor), entries: integerResult(row.entries) }))
    .filter((row) => row.points !== 0 || row.spendMinor !== 0 || row.entries !== 0);
  const orderDays = (await k.selectFrom("DailyOrderRollup").selectAll().where("shop", "=", shop).orderBy("day").orderBy("segment").execute())
    .map((row) => ({
      day: row.day,
      segment: row.segment,
      orders: integerResult(row.orders),
      revenueMinor: integerResult(row.revenueMinor),
      lastOrderCustomers: integerResult(row.lastOrderCustomers),
      oneOrderCustomers: integerResult(row.oneOrderCustomers),
    }))
    .filter((row) => row.orders !== 0 || row.revenueMinor !== 0 || row.lastOrderCustomers !== 0 || row.oneOrderCustomers !== 0);
  const orders = (await k.selectFrom("OrderRollup").selectAll().where("shop", "=", shop).orderBy("orderGid").execute()).map((row) => ({
    orderGid: row.orderGid,
    customerGid: row.customerGid,
    segment: row.segment,
    paidAt: iso(row.paidAt),
    day: row.day,
    revenueMinor: integerResult(row.revenueMinor),
  }));
  const customers = (await k.selectFrom("CustomerRollup").selectAll().where("shop", "=", shop).orderBy("customerGid").execute()).map((row) => ({
    customerGid: row.customerGid,
    segment: row.segment,
    paidOrders: integerResult(row.paidOrders),
    firstPaidAt: iso(row.firstPaidAt),
    lastPaidAt: iso(row.lastPaidAt),
    liveOrders: integerResult(row.liveOrders),
    lastLiveDay: row.lastLiveDay,
    firstPaidDay: row.firstPaidDay,
    riskAfter: iso(row.riskAfter),
    prevPaidAt: iso(row.prevPaidAt),
    prevRiskAfter: iso(row.prevRiskAfter),
  }));
  return { ledger, orderDays, orders, customers };
}

/** verify finds nothing: the maintained rows are what the ledger and orders give. */
export async function expectNoDrift(shop: string, step = ""): Promise<void> {
  const result = await verifyShopRollups(prisma, shop);
  expect(result.builtIn, `${step}: built`).not.toBeNull();
  expect(result.drifts, `${step}: drift`).toEqual([]);
}
