/**
 * The rollups as the ledger and the orders give them, computed from those tables (never from the rollups): what
 * `rebuildShopRollups` writes and what `verifyShopRollups` compares the stored rows with
 * (docs/decisions/015-daily-rollups.md; row meanings: app/loyalty/rollups.ts).
 *
 * Rules:
 * - Read only. Set-based: the ledger and the orders are summed by the database, day by day, over a VALUES list of
 *   the shop's days (their [start, end) instants, computed in the shop's zone by reports/calendar.ts, so the SQL does
 *   no time-zone arithmetic), in chunks under the parameter limit. `days CROSS JOIN table WHERE …` keeps SQLite's
 *   loop order (each day one index range; left to itself it may test every day against every row). Per-customer figures come back aggregated (one
 *   row per customer) and become states through the same pure function the incremental path uses.
 * - Per-order rows (OrderRollup) are compared in SQL: only the orders whose stored row differs come back.
 * - verify reports every drift (shop, table, row, figure, stored, expected) and writes nothing. A shop without a
 *   RollupState is "not built" (its reports read the ledger), not drift.
 */
import { Prisma, type PrismaClient } from "@prisma/client";
import { integerResult, sqlDialect } from "~/db/dialect.server";
import { dateResult, kyselyOf } from "~/db/kysely.server";
import { dayBoundaries, reportDateOf, reportTimeZone, type DayBoundary } from "../reports/calendar";
import {
  DAILY_ORDER_FIGURES,
  LEDGER_ROLLUP_FIGURES,
  calculateCustomerRollup,
  compareRollupRows,
  customerRows,
  sumDailyOrderRows,
  type CustomerRollupState,
  type DailyOrderRow,
  type LedgerRollupRow,
  type RollupDrift,
} from "../rollups";
import type { CustomerSegment } from "../reports/customers";

type Client = PrismaClient | Prisma.TransactionClient;

/** Days per statement: 3 parameters each, well under the limit. */
const DAYS_PER_STATEMENT = 2000;

/**
 * Options of the rebuild's and verify's transaction: long, and on PostgreSQL REPEATABLE READ (one snapshot for every
 * statement). The app's client is typed as SQLite's, whose only level is Serializable, hence the untyped property.
 */
export function snapshotTransactionOptions(db: PrismaClient): { maxWait: number; timeout: number } {
  const options = { maxWait: 60_000, timeout: 60 * 60_000 };
  return sqlDialect(db).provider === "postgresql" ? Object.assign(options, { isolationLevel: "RepeatableRead" }) : options;
}

/** The program's zone as stored ("UTC" for a shop without a program yet: the program's default). */
export async function shopTimeZone(db: Client, shop: string): Promise<string> {
  const program = await kyselyOf(db).selectFrom("Program").select("timezone").where("shop", "=", shop).executeTakeFirst();
  return program?.timezone ?? "UTC";
}

/** Whether the shop has any ledger entry or order record. */
export async function shopHasHistory(db: Client, shop: string): Promise<boolean> {
  const k = kyselyOf(db);
  const entry = await k.selectFrom("LedgerEntry").select("id").where("shop", "=", shop).limit(1).executeTakeFirst();
  if (entry) return true;
  return (await k.selectFrom("OrderRecord").select("id").where("shop", "=", shop).limit(1).executeTakeFirst()) !== undefined;
}

/** The shop's days from the first to the last value of a DateTime column, in chunks (none without rows). */
async function dayChunks(db: Client, shop: string, table: "LedgerEntry" | "OrderRecord", column: "createdAt" | "paidAt", timezone: string): Promise<DayBoundary[][]> {
  const [range] = await db.$queryRaw<{ first: unknown; last: unknown }[]>`
    SELECT MIN(${Prisma.raw(`"${column}"`)}) AS first, MAX(${Prisma.raw(`"${column}"`)}) AS last FROM ${Prisma.raw(`"${table}"`)} WHERE shop = ${shop}`;
  if (!range || range.first === null || range.last === null) return [];
  const first = dateResult(range.first as Date | string);
  const last = dateResult(range.last as Date | string);
  const days = dayBoundaries(reportDateOf(first, timezone), reportDateOf(last, timezone), timezone);
  const chunks: DayBoundary[][] = [];
  for (let i = 0; i < days.length; i += DAYS_PER_STATEMENT) chunks.push(days.slice(i, i + DAYS_PER_STATEMENT));
  return chunks;
}

function daysCte(db: Client, days: readonly DayBoundary[]): Prisma.Sql {
  const sql = sqlDialect(db);
  const values = Prisma.join(days.map((day) => Prisma.sql`(${day.date}, ${sql.timestamp(day.from)}, ${sql.timestamp(day.to)})`));
  return Prisma.sql`days (day, "dayStart", "dayEnd") AS (VALUES ${values})`;
}

function segmentSql(shop: string): Prisma.Sql {
  return Prisma.sql`CASE WHEN o."customerGid" IS NULL THEN 'guest'
    WHEN EXISTS (SELECT 1 FROM "Member" m WHERE m.shop = ${shop} AND m."customerGid" = o."customerGid") THEN 'member'
    ELSE 'nonMember' END`;
}

/** DailyLedgerRollup from the ledger. */
export async function computeLedgerRollups(db: Client, shop: string, timezone: string): Promise<LedgerRollupRow[]> {
  const rows: LedgerRollupRow[] = [];
  for (const days of await dayChunks(db, shop, "LedgerEntry", "createdAt", timezone)) {
    const found = await db.$queryRaw<{ day: string; type: string; points: unknown; spendMinor: unknown; entries: unknown }[]>`
      WITH ${daysCte(db, days)}
      SELECT d.day AS day, e.type AS type, SUM(e.points) AS points, SUM(e."spendMinor") AS "spendMinor", COUNT(*) AS entries
      FROM days d CROSS JOIN "LedgerEntry" e
      WHERE e.shop = ${shop} AND e."createdAt" >= d."dayStart" AND e."createdAt" < d."dayEnd"
      GROUP BY d.day, e.type`;
    for (const row of found) {
      rows.push({
        shop,
        day: row.day,
        type: row.type,
        points: integerResult(row.points, "Rolled-up points"),
        spendMinor: integerResult(row.spendMinor, "Rolled-up spend"),
        entries: integerResult(row.entries, "Rolled-up entries"),
      });
    }
  }
  return rows;
}

/** The SELECT of every paid order as OrderRollup counts it, over `days`. */
function countedOrdersSql(shop: string): Prisma.Sql {
  return Prisma.sql`
    SELECT o.shop AS shop, o."orderGid" AS "orderGid", o."customerGid" AS "customerGid", ${segmentSql(shop)} AS segment,
      o."paidAt" AS "paidAt", CASE WHEN o."cancelledAt" IS NULL THEN d.day END AS day, o."totalMinor" AS "revenueMinor"
    FROM days d CROSS JOIN "OrderRecord" o
    WHERE o.shop = ${shop} AND o."paidAt" >= d."dayStart" AND o."paidAt" < d."dayEnd"`;
}

/**
 * Writes OrderRollup for every paid order of the shop (its rows must be gone); returns how many. In key order:
 * a million rows go in several times faster than in the index's random order.
 */
export async function insertCountedOrdersFromSource(db: Client, shop: string, timezone: string): Promise<number> {
  let inserted = 0;
  for (const days of await dayChunks(db, shop, "OrderRecord", "paidAt", timezone)) {
    inserted += await db.$executeRaw`
      WITH ${daysCte(db, days)}
      INSERT INTO "OrderRollup" (shop, "orderGid", "customerGid", segment, "paidAt", day, "revenueMinor")
      SELECT shop, "orderGid", "customerGid", segment, "paidAt", day, "revenueMinor" FROM (${countedOrdersSql(shop)}) counted
      ORDER BY "orderGid"`;
  }
  return inserted;
}

/** CustomerRollup of the shop's customers with a paid order (of `customerGids` only, when given). */
export async function computeCustomerRollups(db: Client, shop: string, timezone: string, customerGids: readonly string[] | null): Promise<CustomerRollupState[]> {
  if (customerGids !== null && customerGids.length === 0) return [];
  const rows = await kyselyOf(db)
    .selectFrom("OrderRecord as o")
    .select((eb) => [
      "o.customerGid",
      eb.fn.countAll().as("paidOrders"),
      eb.fn.min("o.paidAt").as("firstPaidAt"),
      eb.fn.max("o.paidAt").as("lastPaidAt"),
      eb.fn.sum(eb.case().when("o.cancelledAt", "is", null).then(1).else(0).end()).as("liveOrders"),
      eb.fn.max(eb.case().when("o.cancelledAt", "is", null).then(eb.ref("o.paidAt")).end()).as("lastLivePaidAt"),
      eb.exists(eb.selectFrom("Member as m").select("m.id").where("m.shop", "=", shop).whereRef("m.customerGid", "=", "o.customerGid")).as("member"),
      eb
        .selectFrom("OrderRecord as p")
        .select("p.paidAt")
        .where("p.shop", "=", shop)
        .whereRef("p.customerGid", "=", "o.customerGid")
        .where("p.paidAt", "is not", null)
        .orderBy("p.paidAt", "desc")
        .limit(1)
        .offset(1)
        .as("prevPaidAt"),
    ])
    .where("o.shop", "=", shop)
    .where("o.customerGid", "is not", null)
    .where("o.paidAt", "is not", null)
    .$if(customerGids !== null, (query) => query.where("o.customerGid", "in", customerGids ?? []))
    .groupBy("o.customerGid")
    .execute();
  return rows.map((row) => {
    const firstPaidAt = dateResult(row.firstPaidAt as Date | string | null);
    const lastPaidAt = dateResult(row.lastPaidAt as Date | string | null);
    if (row.customerGid === null || firstPaidAt === null || lastPaidAt === null) throw new Error("A paid customer aggregate without a customer or dates");
    return calculateCustomerRollup(
      {
        shop,
        customerGid: row.customerGid,
        member: row.member === true || Number(row.member) === 1,
        paidOrders: integerResult(row.paidOrders, "Paid orders"),
        firstPaidAt,
        lastPaidAt,
        liveOrders: integerResult(row.liveOrders, "Live orders"),
        lastLivePaidAt: dateResult(row.lastLivePaidAt as Date | string | null),
        prevPaidAt: dateResult(row.prevPaidAt),
      },
      timezone,
    );
  });
}

/** DailyOrderRollup from the orders (orders, revenue) and from `customers` (their states, computed from the orders). */
export async function computeDailyOrderRollups(db: Client, shop: string, timezone: string, customers: readonly CustomerRollupState[]): Promise<DailyOrderRow[]> {
  const rows: DailyOrderRow[] = customers.flatMap((state) => customerRows(state, 1));
  for (const days of await dayChunks(db, shop, "OrderRecord", "paidAt", timezone)) {
    const found = await db.$queryRaw<{ day: string; segment: string; orders: unknown; revenue: unknown }[]>`
      WITH ${daysCte(db, days)}
      SELECT d.day AS day, ${segmentSql(shop)} AS segment, COUNT(*) AS orders, SUM(o."totalMinor") AS revenue
      FROM days d CROSS JOIN "OrderRecord" o
      WHERE o.shop = ${shop} AND o."paidAt" >= d."dayStart" AND o."paidAt" < d."dayEnd" AND o."cancelledAt" IS NULL
      GROUP BY 1, 2`;
    for (const row of found) {
      rows.push({
        shop,
        day: row.day,
        segment: row.segment as CustomerSegment,
        orders: integerResult(row.orders, "Rolled-up orders"),
        revenueMinor: integerResult(row.revenue, "Rolled-up revenue"),
        lastOrderCustomers: 0,
        oneOrderCustomers: 0,
      });
    }
  }
  return sumDailyOrderRows(rows);
}

// ── Verify ──────────────────────────────────────────────────────────────────────────────────────────────────

export interface VerifyResult {
  shop: string;
  /** The zone the rollups were built in, or null when the shop was never built. */
  builtIn: string | null;
  builtAt: Date | null;
  /** The zone the reports use now. */
  timezone: string;
  drifts: RollupDrift[];
  checked: { ledgerRows: number; orderDayRows: number; customers: number; orders: number };
}

const ORDER_FIGURES = ["customerGid", "segment", "paidAt", "day", "revenueMinor"] as const;
const CUSTOMER_FIGURES = ["segment", "paidOrders", "firstPaidAt", "lastPaidAt", "liveOrders", "lastLiveDay", "firstPaidDay", "riskAfter", "prevPaidAt", "prevRiskAfter"] as const;

interface OrderRowDrift {
  orderGid: string;
  eCustomerGid: string | null;
  eSegment: string | null;
  ePaidAt: Date | string | null;
  eDay: string | null;
  eRevenue: unknown;
  sOrderGid: string | null;
  sCustomerGid: string | null;
  sSegment: string | null;
  sPaidAt: Date | string | null;
  sDay: string | null;
  sRevenue: unknown;
}

/** OrderRollup rows that differ from what the orders give (SQL: only the differing rows come back). */
async function orderDrifts(db: Client, shop: string, timezone: string): Promise<{ drifts: RollupDrift[]; checked: number }> {
  const mismatches: OrderRowDrift[] = [];
  let checked = 0;
  for (const days of await dayChunks(db, shop, "OrderRecord", "paidAt", timezone)) {
    const [count] = await db.$queryRaw<{ n: unknown }[]>`
      WITH ${daysCte(db, days)} SELECT COUNT(*) AS n FROM (${countedOrdersSql(shop)}) counted`;
    checked += integerResult(count?.n, "Orders checked");
    mismatches.push(
      ...(await db.$queryRaw<OrderRowDrift[]>`
        WITH ${daysCte(db, days)}, expected AS (${countedOrdersSql(shop)})
        SELECT e."orderGid" AS "orderGid", e."customerGid" AS "eCustomerGid", e.segment AS "eSegment", e."paidAt" AS "ePaidAt",
          e.day AS "eDay", e."revenueMinor" AS "eRevenue", s."orderGid" AS "sOrderGid", s."customerGid" AS "sCustomerGid",
          s.segment AS "sSegment", s."paidAt" AS "sPaidAt", s.day AS "sDay", s."revenueMinor" AS "sRevenue"
        FROM expected e LEFT JOIN "OrderRollup" s ON s.shop = ${shop} AND s."orderGid" = e."orderGid"
        WHERE s."orderGid" IS NULL OR s."customerGid" IS DISTINCT FROM e."customerGid" OR s.segment <> e.segment
          OR s."paidAt" <> e."paidAt" OR s.day IS DISTINCT FROM e.day OR s."revenueMinor" <> e."revenueMinor"`),
    );
  }
  // Rows for orders that are not paid (or gone).
  const extra = await db.$queryRaw<OrderRowDrift[]>`
    SELECT s."orderGid" AS "orderGid", NULL AS "eCustomerGid", NULL AS "eSegment", NULL AS "ePaidAt", NULL AS "eDay", NULL AS "eRevenue",
      s."orderGid" AS "sOrderGid", s."customerGid" AS "sCustomerGid", s.segment AS "sSegment", s."paidAt" AS "sPaidAt", s.day AS "sDay",
      s."revenueMinor" AS "sRevenue"
    FROM "OrderRollup" s
    WHERE s.shop = ${shop}
      AND NOT EXISTS (SELECT 1 FROM "OrderRecord" o WHERE o.shop = s.shop AND o."orderGid" = s."orderGid" AND o."paidAt" IS NOT NULL)`;
  const stored = [...mismatches, ...extra].flatMap((row) =>
    row.sOrderGid === null
      ? []
      : [{ orderGid: row.orderGid, customerGid: row.sCustomerGid, segment: row.sSegment, paidAt: dateResult(row.sPaidAt), day: row.sDay, revenueMinor: integerResult(row.sRevenue) }],
  );
  const expected = mismatches.map((row) => ({
    orderGid: row.orderGid,
    customerGid: row.eCustomerGid,
    segment: row.eSegment,
    paidAt: dateResult(row.ePaidAt),
    day: row.eDay,
    revenueMinor: integerResult(row.eRevenue),
  }));
  const drifts = compareRollupRows({ shop, table: "OrderRollup", stored, expected, keyOf: (row) => row.orderGid, figures: ORDER_FIGURES, missingIsZero: false });
  return { drifts, checked };
}

/**
 * Compares the shop's stored rollups with the ledger and orders, in one read-only snapshot; writes nothing.
 * Drift: any figure that differs, and rollups built in another zone than the program's.
 */
export async function verifyShopRollups(db: PrismaClient, shop: string): Promise<VerifyResult> {
  return db.$transaction(
    async (tx) => {
      const k = kyselyOf(tx);
      const timezone = reportTimeZone(await shopTimeZone(tx, shop));
      const state = await k.selectFrom("RollupState").selectAll().where("shop", "=", shop).executeTakeFirst();
      const result: VerifyResult = {
        shop,
        builtIn: state?.timezone ?? null,
        builtAt: state ? dateResult(state.builtAt) : null,
        timezone,
        drifts: [],
        checked: { ledgerRows: 0, orderDayRows: 0, customers: 0, orders: 0 },
      };
      if (!state) return result;
      if (state.timezone !== timezone) {
        result.drifts.push({ shop, table: "RollupState", key: shop, figure: "timezone", stored: state.timezone, expected: timezone });
      }

      const ledger = await computeLedgerRollups(tx, shop, timezone);
      const storedLedger = (await k.selectFrom("DailyLedgerRollup").selectAll().where("shop", "=", shop).execute()).map((row) => ({
        shop,
        day: row.day,
        type: row.type,
        points: integerResult(row.points),
        spendMinor: integerResult(row.spendMinor),
        entries: integerResult(row.entries),
      }));
      result.drifts.push(
        ...compareRollupRows({ shop, table: "DailyLedgerRollup", stored: storedLedger, expected: ledger, keyOf: (row) => `${row.day} ${row.type}`, figures: LEDGER_ROLLUP_FIGURES, missingIsZero: true }),
      );

      const customers = await computeCustomerRollups(tx, shop, timezone, null);
      const storedCustomers = (await k.selectFrom("CustomerRollup").selectAll().where("shop", "=", shop).execute()).map((row) => ({
        customerGid: row.customerGid,
        segment: row.segment,
        paidOrders: integerResult(row.paidOrders),
        firstPaidAt: dateResult(row.firstPaidAt),
        lastPaidAt: dateResult(row.lastPaidAt),
        liveOrders: integerResult(row.liveOrders),
        lastLiveDay: row.lastLiveDay,
        firstPaidDay: row.firstPaidDay,
        riskAfter: dateResult(row.riskAfter),
        prevPaidAt: dateResult(row.prevPaidAt),
        prevRiskAfter: dateResult(row.prevRiskAfter),
      }));
      result.drifts.push(
        ...compareRollupRows({ shop, table: "CustomerRollup", stored: storedCustomers, expected: customers, keyOf: (row) => row.customerGid, figures: CUSTOMER_FIGURES, missingIsZero: false }),
      );

      const orderDays = await computeDailyOrderRollups(tx, shop, timezone, customers);
      const storedOrderDays = (await k.selectFrom("DailyOrderRollup").selectAll().where("shop", "=", shop).execute()).map((row) => ({
        shop,
        day: row.day,
        segment: row.segment as CustomerSegment,
        orders: integerResult(row.orders),
        revenueMinor: integerResult(row.revenueMinor),
        lastOrderCustomers: integerResult(row.lastOrderCustomers),
        oneOrderCustomers: integerResult(row.oneOrderCustomers),
      }));
      result.drifts.push(
        ...compareRollupRows({ shop, table: "DailyOrderRollup", stored: storedOrderDays, expected: orderDays, keyOf: (row) => `${row.day} ${row.segment}`, figures: DAILY_ORDER_FIGURES, missingIsZero: true }),
      );

      const orders = await orderDrifts(tx, shop, timezone);
      result.drifts.push(...orders.drifts);
      result.checked = { ledgerRows: ledger.length, orderDayRows: orderDays.length, customers: customers.length, orders: orders.checked };
      return result;
    },
    snapshotTransactionOptions(db),
  );
}

/** Every shop with a program, ledger entries, orders or rollups. */
export async function listRollupShops(db: PrismaClient): Promise<string[]> {
  const rows = await db.$queryRaw<{ shop: string }[]>`
    SELECT shop FROM "Program" UNION SELECT DISTINCT shop FROM "LedgerEntry" UNION SELECT DISTINCT shop FROM "OrderRecord"
    UNION SELECT shop FROM "RollupState" ORDER BY 1`;
  return rows.map((row) => row.shop);
}
