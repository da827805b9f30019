/**
 * Reports: ledger, order, member and redemption aggregates turned into figures by the pure report modules
 * (app/loyalty/reports).
 *
 * Rules:
 * - Read only. The ledger and order aggregates come from the shop's report source (report-sources.server.ts): its
 *   daily rollups when they are built in the reports' zone (O(days): docs/decisions/015-daily-rollups.md), else the
 *   ledger and orders themselves. Both give the same figures; the source is chosen once per request.
 * - Day boundaries are computed in the shop's time zone (reports/calendar.ts): the rollups key days by date, the
 *   ledger source compares instants.
 * - Tiers and top rewards read members and redemptions through Prisma (grouped in the database).
 * - The home page's outstanding figure reads the members' cached balances (kept equal to the ledger in the same
 *   transaction as every entry); the reports page sums the ledger movements (rollups or entries).
 */
import type { PrismaClient } from "@prisma/client";
import { LoyaltyError } from "../errors";
import { pointsToMinor } from "../point-value";
import { toSafeNumber, withSafeNumbers } from "../safe-integer";
import { maturityDaysFor } from "../reports/breakage";
import { addDays, dayBoundaries, localDateOf, reportTimeZone, startOfLocalDay, type DayBoundary } from "../reports/calendar";
import { churnCsv, csvFilename, customersCsv, liabilityCsv, pointsCsv, rewardsCsv, tiersCsv, type ReportName } from "../reports/csv";
import { compareMembersWithNonMembers, type CustomerComparison } from "../reports/customers";
import { calculateTierDistribution, type TierDistribution } from "../reports/distribution";
import { calculateLiabilityReport, issuedOf, redeemedOf, type LiabilityReport } from "../reports/liability";
import { describeChurnMembers, type ChurnReport, type HomeMetrics, type ReportSettings, type ReportsPage } from "../reports/page";
import { resolveReportRange, type ReportQuery, type ReportRange } from "../reports/range";
import { ratioBasisPoints } from "../reports/rates";
import { addMovements, emptyMovements } from "../reports/roll-forward";
import { rankTopRewards, type TopReward } from "../reports/top-rewards";
import { calculateReportPointValue, describePointValue, type ReportPointValue } from "../reports/valuation";
import { getShopProgram } from "./program.server";
import { reportSourceFor, type ReportSource } from "./report-sources.server";

type Db = PrismaClient;

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
  /** Where the ledger and order aggregates come from (rollups, or the ledger and orders themselves). */
  source: ReportSource;
}

async function loadShopBasics(db: Db, shop: string) {
  // The point value is the program's setting (point-value.ts), not derived from the rewards.
  const program = await getShopProgram(db, shop);
  const timezone = reportTimeZone(program.timezone);
  return {
    timezone,
    source: await reportSourceFor(db, shop, timezone),
    currency: program.currency ?? FALLBACK_CURRENCY,
    currencyKnown: program.currency !== null,
    pointValue: calculateReportPointValue(program.settings.pointValue),
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

export async function getLiabilityReport(_db: Db, context: ReportContext): Promise<LiabilityReport> {
  const windowStartDate = addDays(context.range.end, -(context.maturityDays - 1));
  // When the maturity window starts before the range, the entries before the range are summed in two parts
  // (before the window, and in it before the range) so the window's issued points come out too.
  const windowStart = windowStartDate < context.range.start ? { date: windowStartDate, at: startOfLocalDay(windowStartDate, context.timezone) } : null;
  const rangeStart = { date: context.range.start, at: context.from };
  const { source } = context;
  const [beforeWindow, windowBeforeRange, daily] = await Promise.all([
    source.ledgerBetween(null, windowStart ?? rangeStart),
    windowStart ? source.ledgerBetween(windowStart, rangeStart) : Promise.resolve(emptyMovements()),
    source.ledgerByDay(context.days),
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

/** Paid, not cancelled orders in the range, per segment (rules: reports/customers.ts). */
export async function getCustomerComparison(_db: Db, context: ReportContext): Promise<CustomerComparison> {
  return compareMembersWithNonMembers(await context.source.segmentTotals({ start: context.range.start, end: context.range.end, from: context.from, to: context.to }));
}

/** Members at risk of churning as of `context.asOf` (rule: reports/churn.ts), the most recently lapsed first. */
export async function getChurnReport(_db: Db, context: ReportContext, options: { limit: number | null }): Promise<ChurnReport> {
  const { total, rows } = await context.source.churn(context.asOf, options.limit);
  return { total, members: describeChurnMembers(rows, context.asOf), limit: options.limit };
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
    basics.source.ledgerByDay(days),
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
    pointValue: basics.pointValue,
    timeZone: basics.timezone,
  };
}
