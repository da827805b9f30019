/**
 * Reports: ledger, order, member and redemption aggregates from the database, turned into figures by the pure
 * report modules (app/loyalty/reports).
 *
 * Rules:
 * - Read only. Every figure is aggregated in the database (SUM / COUNT / GROUP BY): no query returns a row per
 *   ledger entry or order, except the churn list (at-risk members, capped on the page).
 * - Raw SQL lives in this file only, as tagged templates (values are always bound parameters), where Prisma cannot
 *   express the query: per-day buckets, per-customer aggregates with a join. It runs on SQLite and PostgreSQL:
 *   portable SQL (CTE with VALUES, correlated subqueries, CASE, LEFT JOIN, window COUNT) plus the pieces the
 *   dialect helper builds (app/db/dialect.server.ts): typed VALUES parameters, milliseconds between two instants.
 * - Day boundaries are instants computed in the shop's time zone (reports/calendar.ts) and bound as parameters, so
 *   the SQL never does time-zone or date arithmetic to bucket a day.
 * - DateTime columns: on SQLite the better-sqlite3 adapter stores fixed-width ISO 8601 text in UTC
 *   ("2026-11-23T18:17:03.534+00:00") and binds Date parameters in the same format, so comparing them as text
 *   orders instants correctly; on PostgreSQL they are timestamp(3) in UTC. Aggregates come back as bigint, number or
 *   (a SUM of BIGINT on PostgreSQL) numeric: `count` (the dialect's integerResult) makes safe integers or throws.
 * - Indexes relied on: LedgerEntry (shop, type, createdAt, points) for sums without reading rows (the committed
 *   (shop, type, createdAt) works, reading each row); OrderRecord (shop, paidAt) and (shop, customerGid, paidAt);
 *   Member (shop, customerGid), (shop, tierId), (shop, balance).
 * - The home page's outstanding figure reads the members' cached balances (kept equal to the ledger in the same
 *   transaction as every entry); the reports page always sums the ledger itself.
 */
import { Prisma, type PrismaClient } from "@prisma/client";
import { integerResult, sqlDialect } from "~/db/dialect.server";
import { LoyaltyError } from "../errors";
import { LEDGER_ENTRY_TYPES, isLedgerEntryType, type LedgerEntryType } from "../ledger-rules";
import { pointsToMinor } from "../point-value";
import { toSafeNumber, withSafeNumbers } from "../safe-integer";
import { maturityDaysFor } from "../reports/breakage";
import { addDays, dayBoundaries, isTimeZone, localDateOf, startOfLocalDay, type DayBoundary } from "../reports/calendar";
import { churnCsv, csvFilename, customersCsv, liabilityCsv, pointsCsv, rewardsCsv, tiersCsv, type ReportName } from "../reports/csv";
import { CUSTOMER_SEGMENTS, compareMembersWithNonMembers, type CustomerComparison, type CustomerSegment } from "../reports/customers";
import { calculateTierDistribution, type TierDistribution } from "../reports/distribution";
import { calculateLiabilityReport, issuedOf, redeemedOf, type LiabilityReport } from "../reports/liability";
import { describeChurnMembers, type ChurnReport, type HomeMetrics, type ReportSettings, type ReportsPage } from "../reports/page";
import { resolveReportRange, type ReportQuery, type ReportRange } from "../reports/range";
import { ratioBasisPoints } from "../reports/rates";
import { COLUMN_TYPES, MOVEMENT_COLUMNS, addMovements, columnOf, emptyMovements, type DailyMovements, type Movements } from "../reports/roll-forward";
import { rankTopRewards, type TopReward } from "../reports/top-rewards";
import { calculateReportPointValue, describePointValue, type ReportPointValue } from "../reports/valuation";
import { CHURN_GAP_MULTIPLE, CHURN_MIN_QUIET_DAYS } from "../reports/churn";
import { getShopProgram } from "./program.server";

type Db = PrismaClient;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Members listed on the page; the CSV has them all. */
export const CHURN_PAGE_LIMIT = 50;
/** Placeholder currency until the shop's is known (recorded after install). */
const FALLBACK_CURRENCY = "USD";

/** Everything the report queries share, resolved once per request. */
export interface ReportContext {
  shop: string;
  now: Date;
  timezone: string;
  currency: string;
  currencyKnown: boolean;
  range: ReportRange;
  days: DayBoundary[];
  /** First instant of the range, and the end of its last day (exclusive). */
  from: Date;
  to: Date;
  /** min(now, to): what "as of the end of the range" means for figures that are not per day. */
  asOf: Date;
  pointValue: ReportPointValue;
  maturityDays: number;
}

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

async function loadShopBasics(db: Db, shop: string) {
  // The program first: on a shop's first visit it creates the default rewards catalog the point value comes from.
  const program = await getShopProgram(db, shop);
  const rewards = await db.reward.findMany({
    where: { shop, active: true, kind: "fixed_amount" },
    select: { name: true, kind: true, active: true, pointsCost: true, amountMinor: true },
  });
  // The zone comes from Shopify (ianaTimezone); a value Intl does not know falls back to UTC, which the page names.
  const timezone = isTimeZone(program.timezone) ? program.timezone : "UTC";
  return {
    timezone,
    currency: program.currency ?? FALLBACK_CURRENCY,
    currencyKnown: program.currency !== null,
    pointValue: calculateReportPointValue(rewards.map(withSafeNumbers)),
    maturityDays: maturityDaysFor(program.settings.expiryDays),
  };
}

export async function loadReportContext(db: Db, shop: string, query: ReportQuery, now: Date): Promise<ReportContext> {
  const basics = await loadShopBasics(db, shop);
  const range = resolveReportRange(query, localDateOf(now, basics.timezone));
  const days = dayBoundaries(range.start, range.end, basics.timezone);
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) throw new LoyaltyError("INVALID_INPUT", "The date range has no days", { fieldErrors: { end: "Choose at least one day" } });
  return {
    shop,
    now,
    ...basics,
    range,
    days,
    from: first.from,
    to: last.to,
    asOf: now < last.to ? now : last.to,
  };
}

function settingsOf(context: ReportContext): ReportSettings {
  return {
    range: context.range,
    timezone: context.timezone,
    currency: context.currency,
    currencyKnown: context.currencyKnown,
    pointValue: { ...context.pointValue, sentence: describePointValue(context.pointValue, context.currency) },
    generatedAt: context.now.toISOString(),
    asOf: context.asOf.toISOString(),
  };
}

// ── Ledger ──────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Σ points per column of the entries in [from, to) (from = null: since the beginning). Naming every type lets the
 * database walk the (shop, type, createdAt[, points]) index one type at a time, already grouped.
 */
async function sumLedgerBetween(db: Db, shop: string, from: Date | null, to: Date): Promise<Movements> {
  const rows = await db.$queryRaw<{ type: string; total: unknown }[]>`
    SELECT type, SUM(points) AS total
    FROM "LedgerEntry"
    WHERE shop = ${shop} AND type IN (${Prisma.join(LEDGER_ENTRY_TYPES)})
      AND ${from === null ? Prisma.sql`1 = 1` : Prisma.sql`"createdAt" >= ${from}`} AND "createdAt" < ${to}
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
export async function sumLedgerByDay(db: Db, shop: string, days: readonly DayBoundary[]): Promise<DailyMovements[]> {
  if (days.length === 0) return [];
  const sql = sqlDialect(db);
  const values = Prisma.join(days.map((day, index) => Prisma.sql`(${sql.integer(index)}, ${sql.timestamp(day.from)}, ${sql.timestamp(day.to)})`));
  const rows = await db.$queryRaw<({ day: unknown } & Record<string, unknown>)[]>`
    WITH days (day, "dayStart", "dayEnd") AS (VALUES ${values})
    SELECT d.day AS day,
      ${columnSum("earned", shop)} AS earned,
      ${columnSum("redeemed", shop)} AS redeemed,
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

export async function getLiabilityReport(db: Db, context: ReportContext): Promise<LiabilityReport> {
  const windowStartDate = addDays(context.range.end, -(context.maturityDays - 1));
  // When the maturity window starts before the range, the entries before the range are summed in two parts
  // (before the window, and in it before the range) so the window's issued points come out too.
  const windowStart = windowStartDate < context.range.start ? startOfLocalDay(windowStartDate, context.timezone) : null;
  const [beforeWindow, windowBeforeRange, daily] = await Promise.all([
    sumLedgerBetween(db, context.shop, null, windowStart ?? context.from),
    windowStart ? sumLedgerBetween(db, context.shop, windowStart, context.from) : Promise.resolve(emptyMovements()),
    sumLedgerByDay(db, context.shop, context.days),
  ]);
  return calculateLiabilityReport({
    dates: context.days.map((day) => day.date),
    beforeRange: addMovements(beforeWindow, windowBeforeRange),
    daily,
    maturityDays: context.maturityDays,
    issuedInWindowBeforeRange: issuedOf(windowBeforeRange),
    pointValue: context.pointValue,
  });
}

// ── Orders ──────────────────────────────────────────────────────────────────────────────────────────────────

function segmentOf(value: string): CustomerSegment {
  const segment = CUSTOMER_SEGMENTS.find((candidate) => candidate === value);
  if (!segment) throw new Error(`Unknown customer segment ${value}`);
  return segment;
}

/**
 * Paid, not cancelled orders in the range, per segment (rules: reports/customers.ts). The earlier-order probe
 * reads only the (shop, customerGid, paidAt) index: CASE evaluates it only for customers with one order.
 */
export async function getCustomerComparison(db: Db, context: ReportContext): Promise<CustomerComparison> {
  const { shop, from, to } = context;
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
  return compareMembersWithNonMembers(
    rows.map((row) => ({
      segment: segmentOf(row.segment),
      customers: count(row.customers),
      orders: count(row.orders),
      revenueMinor: count(row.revenue),
      repeatCustomers: count(row.repeaters),
    })),
  );
}

/**
 * Members at risk of churning as of `context.asOf` (rule: reports/churn.ts), the most recently lapsed first.
 * One pass over the (shop, customerGid, paidAt) index gives each customer's orders, first and last payment; the
 * membership test reads the (shop, customerGid) index; only the listed members' rows are read, after the limit.
 * The gap test is the rule's, in whole milliseconds (integers on both databases, so no rounding can flip it).
 */
export async function getChurnReport(db: Db, context: ReportContext, options: { limit: number | null }): Promise<ChurnReport> {
  const { shop, asOf } = context;
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
      ${options.limit === null ? Prisma.empty : Prisma.sql`LIMIT ${options.limit}`}
    ) l
    JOIN "Member" m ON m.shop = ${shop} AND m."customerGid" = l."customerGid"
    ORDER BY l."lastPaidAt" DESC, l."customerGid"`;
  const members = describeChurnMembers(
    rows.map((row) => ({
      memberId: row.memberId,
      customerGid: row.customerGid,
      name: row.name,
      email: row.email,
      balance: count(row.balance),
      orders: count(row.orders),
      firstPaidAt: instant(row.firstPaidAt),
      lastPaidAt: instant(row.lastPaidAt),
    })),
    asOf,
  );
  return { total: count(rows[0]?.total), members, limit: options.limit };
}

// ── Members and rewards ─────────────────────────────────────────────────────────────────────────────────────

export async function getTierDistribution(db: Db, shop: string): Promise<TierDistribution> {
  const [tiers, counts] = await Promise.all([
    db.tier.findMany({ where: { shop }, select: { id: true, name: true, threshold: true } }),
    db.member.groupBy({ by: ["tierId"], where: { shop }, _count: { _all: true } }),
  ]);
  return calculateTierDistribution(
    tiers.map(withSafeNumbers),
    counts.map((row) => ({ tierId: row.tierId, members: row._count._all })),
  );
}

export async function getTopRewards(db: Db, context: ReportContext): Promise<TopReward[]> {
  const [groups, rewards] = await Promise.all([
    db.redemption.groupBy({
      by: ["rewardId", "rewardName", "status"],
      where: { shop: context.shop, createdAt: { gte: context.from, lt: context.to } },
      _count: { _all: true },
      _sum: { pointsCost: true },
    }),
    db.reward.findMany({ where: { shop: context.shop }, select: { id: true, name: true } }),
  ]);
  return rankTopRewards(
    groups.map((group) => ({
      rewardId: group.rewardId,
      rewardName: group.rewardName,
      status: group.status,
      redemptions: group._count._all,
      points: toSafeNumber(group._sum.pointsCost ?? 0, "Redeemed points"),
    })),
    new Map(rewards.map((reward) => [reward.id, reward.name])),
  );
}

// ── Pages ───────────────────────────────────────────────────────────────────────────────────────────────────

/** Every report of the page for one range. */
export async function getReportsPage(db: Db, shop: string, query: ReportQuery, now: Date): Promise<ReportsPage> {
  const context = await loadReportContext(db, shop, query, now);
  const [liability, customers, tiers, topRewards, churn] = await Promise.all([
    getLiabilityReport(db, context),
    getCustomerComparison(db, context),
    getTierDistribution(db, shop),
    getTopRewards(db, context),
    getChurnReport(db, context, { limit: CHURN_PAGE_LIMIT }),
  ]);
  return { ...settingsOf(context), liability, customers, tiers, topRewards, churn };
}

/** One report as a CSV file (only that report's queries run). */
export async function getReportCsv(db: Db, shop: string, report: ReportName, query: ReportQuery, now: Date): Promise<{ filename: string; body: string }> {
  const context = await loadReportContext(db, shop, query, now);
  const filename = csvFilename(report, context.range);
  switch (report) {
    case "liability":
      return { filename, body: liabilityCsv({ liability: await getLiabilityReport(db, context), currency: context.currency }) };
    case "points":
      return { filename, body: pointsCsv({ liability: await getLiabilityReport(db, context) }) };
    case "customers":
      return { filename, body: customersCsv({ customers: await getCustomerComparison(db, context), currency: context.currency }) };
    case "tiers":
      return { filename, body: tiersCsv({ tiers: await getTierDistribution(db, shop) }) };
    case "rewards":
      return { filename, body: rewardsCsv({ topRewards: await getTopRewards(db, context) }) };
    case "churn":
      return { filename, body: churnCsv((await getChurnReport(db, context, { limit: null })).members) };
  }
}

/**
 * Headline figures for the home page: members, points issued and redeemed over the 30 shop-local days ending
 * today (with the daily series), their redemption rate, and the outstanding liability in points and money (from
 * the members' cached balances: one index read instead of summing the whole ledger).
 */
export async function getHomeMetrics(db: Db, shop: string, now: Date): Promise<HomeMetrics> {
  const basics = await loadShopBasics(db, shop);
  const today = localDateOf(now, basics.timezone);
  const days = dayBoundaries(addDays(today, -29), today, basics.timezone);
  const [members, balances, daily] = await Promise.all([
    db.member.count({ where: { shop } }),
    db.member.aggregate({ where: { shop }, _sum: { balance: true } }),
    sumLedgerByDay(db, shop, days),
  ]);
  const series = daily.map(({ date, movements }) => ({ date, issued: issuedOf(movements), redeemed: redeemedOf(movements) }));
  const issued30d = series.reduce((sum, day) => sum + day.issued, 0);
  const redeemed30d = series.reduce((sum, day) => sum + day.redeemed, 0);
  const outstandingPoints = toSafeNumber(balances._sum.balance ?? 0, "Outstanding points");
  return {
    currency: basics.currency,
    members,
    days: series,
    issued30d,
    redeemed30d,
    redemptionRate30dBasisPoints: ratioBasisPoints(redeemed30d, issued30d),
    outstandingPoints,
    outstandingMinor: pointsToMinor(outstandingPoints, basics.pointValue),
    pointValueSentence: describePointValue(basics.pointValue, basics.currency),
  };
}
