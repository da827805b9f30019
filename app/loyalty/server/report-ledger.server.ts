/**
 * The reports' aggregates from the ledger and orders themselves (report-sources.server.ts): what a shop without
 * built rollups is reported from, and the reference the rollups are tested against.
 *
 * Rules:
 * - Read only. Every figure is aggregated in the database (SUM / COUNT / GROUP BY): no query returns a row per
 *   ledger entry or order, except the churn list (at-risk members, capped on the page).
 * - Raw SQL as tagged templates (values are always bound parameters), where Prisma cannot express the query:
 *   per-day buckets, per-customer aggregates with a join. It runs on SQLite and PostgreSQL: portable SQL (CTE with
 *   VALUES, correlated subqueries, CASE, LEFT JOIN, window COUNT) plus the pieces the dialect helper builds
 *   (app/db/dialect.server.ts): typed VALUES parameters, milliseconds between two instants.
 * - Day boundaries are instants computed in the shop's time zone (reports/calendar.ts) and bound as parameters, so
 *   the SQL never does time-zone or date arithmetic to bucket a day.
 * - DateTime columns: on SQLite the better-sqlite3 adapter stores fixed-width ISO 8601 text in UTC
 *   ("2026-11-23T18:17:03.534+00:00") and binds Date parameters in the same format, so comparing them as text
 *   orders instants correctly; on PostgreSQL they are timestamp(3) in UTC. Aggregates come back as bigint, number or
 *   (a SUM of BIGINT on PostgreSQL) numeric: `count` (the dialect's integerResult) makes safe integers or throws.
 * - Indexes relied on: LedgerEntry (shop, type, createdAt, points) for sums without reading rows; OrderRecord
 *   (shop, paidAt) and (shop, customerGid, paidAt); Member (shop, customerGid).
 */
import { Prisma, type PrismaClient } from "@prisma/client";
import { integerResult, sqlDialect } from "~/db/dialect.server";
import { LEDGER_ENTRY_TYPES, isLedgerEntryType, type LedgerEntryType } from "../ledger-rules";
import type { DayBoundary } from "../reports/calendar";
import { CHURN_GAP_MULTIPLE, CHURN_MIN_QUIET_DAYS } from "../reports/churn";
import { CUSTOMER_SEGMENTS, type CustomerSegment } from "../reports/customers";
import { COLUMN_TYPES, MOVEMENT_COLUMNS, columnOf, emptyMovements, type DailyMovements, type Movements } from "../reports/roll-forward";
import type { DayStart, ReportSource } from "./report-sources.server";

type Db = PrismaClient;

const DAY_MS = 24 * 60 * 60 * 1000;

/** An aggregate or integer column of a raw query as a safe integer (null: 0). */
function count(value: unknown): number {
  return integerResult(value, "Report aggregate");
}

/** An instant from a raw query (text in the adapter's format, or a Date). */
function instant(value: unknown): Date {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new Error(`Report instant ${String(value)} is not a date`);
  return date;
}

function segmentOf(value: string): CustomerSegment {
  const segment = CUSTOMER_SEGMENTS.find((candidate) => candidate === value);
  if (!segment) throw new Error(`Unknown customer segment ${value}`);
  return segment;
}

/**
 * Σ points per column of the entries in [from, to) (from = null: since the beginning). Naming every type lets the
 * database walk the (shop, type, createdAt, points) index one type at a time, already grouped.
 */
async function sumLedgerBetween(db: Db, shop: string, from: DayStart | null, to: DayStart): Promise<Movements> {
  const rows = await db.$queryRaw<{ type: string; total: unknown }[]>`
    SELECT type, SUM(points) AS total
    FROM "LedgerEntry"
    WHERE shop = ${shop} AND type IN (${Prisma.join(LEDGER_ENTRY_TYPES)})
      AND ${from === null ? Prisma.sql`1 = 1` : Prisma.sql`"createdAt" >= ${from.at}`} AND "createdAt" < ${to.at}
    GROUP BY type`;
  const total = emptyMovements();
  for (const row of rows) {
    if (!isLedgerEntryType(row.type)) throw new Error(`Unknown ledger entry type ${row.type}`);
    total[columnOf(row.type)] += count(row.total);
  }
  return total;
}

function columnSum(column: keyof typeof COLUMN_TYPES, shop: string): Prisma.Sql {
  const types: readonly LedgerEntryType[] = COLUMN_TYPES[column];
  return Prisma.sql`(SELECT COALESCE(SUM(e.points), 0) FROM "LedgerEntry" e
      WHERE e.shop = ${shop} AND e.type IN (${Prisma.join(types)}) AND e."createdAt" >= d."dayStart" AND e."createdAt" < d."dayEnd")`;
}

/**
 * Movements per report day. The days travel as a VALUES list of [start, end) instants; each column is a
 * correlated sum over one index range (no sort, no per-row date arithmetic, DST-exact). The VALUES parameters are
 * typed (PostgreSQL would take them as text).
 */
async function sumLedgerByDay(db: Db, shop: string, days: readonly DayBoundary[]): Promise<DailyMovements[]> {
  if (days.length === 0) return [];
  const sql = sqlDialect(db);
  const values = Prisma.join(days.map((day, index) => Prisma.sql`(${sql.integer(index)}, ${sql.timestamp(day.from)}, ${sql.timestamp(day.to)})`));
  const rows = await db.$queryRaw<({ day: unknown } & Record<string, unknown>)[]>`
    WITH days (day, "dayStart", "dayEnd") AS (VALUES ${values})
    SELECT d.day AS day,
      ${columnSum("earned", shop)} AS earned,
      ${columnSum("redeemed", shop)} AS redeemed,
      ${columnSum("donated", shop)} AS donated,
      ${columnSum("clawedBack", shop)} AS "clawedBack",
      ${columnSum("expired", shop)} AS expired,
      ${columnSum("adjustedOut", shop)} AS "adjustedOut"
    FROM days d
    ORDER BY d.day`;
  return rows.map((row) => {
    const day = days[count(row.day)];
    if (!day) throw new Error(`Report day ${String(row.day)} is out of range`);
    const movements = emptyMovements();
    for (const column of MOVEMENT_COLUMNS) movements[column] = count(row[column]);
    return { date: day.date, movements };
  });
}

export function ledgerReportSource(db: Db, shop: string): ReportSource {
  return {
    name: "ledger",
    ledgerBetween: (from, to) => sumLedgerBetween(db, shop, from, to),
    ledgerByDay: (days) => sumLedgerByDay(db, shop, days),

    /**
     * Paid, not cancelled orders in the range, per segment. The earlier-order probe reads only the
     * (shop, customerGid, paidAt) index: CASE evaluates it only for customers with one order.
     */
    async segmentTotals({ from, to }) {
      const rows = await db.$queryRaw<{ segment: string; customers: unknown; orders: unknown; revenue: unknown; repeaters: unknown }[]>`
        SELECT
          CASE WHEN o."customerGid" IS NULL THEN 'guest' WHEN m."customerGid" IS NULL THEN 'nonMember' ELSE 'member' END AS segment,
          COUNT(*) AS customers,
          SUM(o.orders) AS orders,
          SUM(o.revenue) AS revenue,
          SUM(CASE
                WHEN o.orders >= 2 THEN 1
                WHEN EXISTS (SELECT 1 FROM "OrderRecord" p WHERE p.shop = ${shop} AND p."customerGid" = o."customerGid" AND p."paidAt" < ${from}) THEN 1
                ELSE 0 END) AS repeaters
        FROM (
          SELECT "customerGid", COUNT(*) AS orders, SUM("totalMinor") AS revenue
          FROM "OrderRecord"
          WHERE shop = ${shop} AND "paidAt" >= ${from} AND "paidAt" < ${to} AND "cancelledAt" IS NULL
          GROUP BY "customerGid"
        ) o
        LEFT JOIN "Member" m ON m.shop = ${shop} AND m."customerGid" = o."customerGid"
        GROUP BY 1`;
      return rows.map((row) => ({
        segment: segmentOf(row.segment),
        customers: count(row.customers),
        orders: count(row.orders),
        revenueMinor: count(row.revenue),
        repeatCustomers: count(row.repeaters),
      }));
    },

    /**
     * One pass over the (shop, customerGid, paidAt) index gives each customer's orders, first and last payment; the
     * membership test reads the (shop, customerGid) index; only the listed members' rows are read, after the limit.
     * The gap test is the rule's, in whole milliseconds (integers on both databases, so no rounding can flip it).
     */
    async churn(asOf, limit) {
      const sql = sqlDialect(db);
      const quietSince = new Date(asOf.getTime() - CHURN_MIN_QUIET_DAYS * DAY_MS);
      const last = Prisma.sql`MAX("paidAt")`;
      const first = Prisma.sql`MIN("paidAt")`;
      const rows = await db.$queryRaw<
        { memberId: string; customerGid: string; name: string | null; email: string | null; balance: unknown; orders: unknown; firstPaidAt: unknown; lastPaidAt: unknown; total: unknown }[]
      >`
        SELECT m.id AS "memberId", l."customerGid", m."displayName" AS name, m.email, m.balance, l.orders, l."firstPaidAt", l."lastPaidAt", l.total
        FROM (
          SELECT g."customerGid", g.orders, g."firstPaidAt", g."lastPaidAt", COUNT(*) OVER () AS total
          FROM (
            SELECT "customerGid", COUNT(*) AS orders, ${first} AS "firstPaidAt", ${last} AS "lastPaidAt"
            FROM "OrderRecord"
            WHERE shop = ${shop} AND "customerGid" IS NOT NULL AND "paidAt" < ${asOf}
            GROUP BY "customerGid"
            HAVING COUNT(*) >= 2 AND ${last} < ${quietSince}
              AND ${sql.millisecondsBetween(last, sql.timestamp(asOf))} * (COUNT(*) - 1) > ${CHURN_GAP_MULTIPLE} * ${sql.millisecondsBetween(first, last)}
          ) g
          WHERE EXISTS (SELECT 1 FROM "Member" x WHERE x.shop = ${shop} AND x."customerGid" = g."customerGid")
          ORDER BY g."lastPaidAt" DESC, g."customerGid"
          ${limit === null ? Prisma.empty : Prisma.sql`LIMIT ${limit}`}
        ) l
        JOIN "Member" m ON m.shop = ${shop} AND m."customerGid" = l."customerGid"
        ORDER BY l."lastPaidAt" DESC, l."customerGid"`;
      return {
        total: count(rows[0]?.total),
        rows: rows.map((row) => ({
          memberId: row.memberId,
          customerGid: row.customerGid,
          name: row.name,
          email: row.email,
          balance: count(row.balance),
          orders: count(row.orders),
          firstPaidAt: instant(row.firstPaidAt),
          lastPaidAt: instant(row.lastPaidAt),
        })),
      };
    },
  };
}
