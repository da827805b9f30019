/**
 * Insights (docs/decisions/029-insights-reports.md): program ROI, repeat purchase, churn and net revenue retention
 * by first-order cohort, and engagement. Reads, then the pure report modules (app/loyalty/reports) compute.
 *
 * Rules:
 * - Read only. Orders come from the rollups' per-order and per-customer rows (OrderRollup, CustomerRollup: members
 *   and non-members alike, kept by every order writer; docs/decisions/015-daily-rollups.md), grouped in the
 *   database by first-order cohort month and order month: one join over the window's orders, one read of the
 *   window's customers (a row each, no personal data).
 * - Ledger sums come from the shop's report source (its DailyLedgerRollup when built in the reports' zone, else the
 *   ledger): redeemed points for the ROI cost, points issued per month and entry type.
 * - Active members: distinct members with an entry in the last 90 days (LedgerEntry (shop, createdAt) index).
 *   Redemption by tier: the members' cached lifetime figures grouped by tier.
 * - Snapshots: computing reads every order of the window (seconds at 100k members / 1M entries), so the page reads
 *   the shop's InsightsSnapshot for the window and applies the margin (a pure step); a stale one (over an hour, or
 *   from an earlier shop day) is shown while the `refresh-insights` outbox job recomputes it. A small shop's first
 *   visit computes; a large shop's queues the job and the page says the figures are being computed.
 * - The query: `months` (3–24, default 12) and `margin` (a percentage 0–100 with at most 2 decimals; empty: no
 *   return computed). Invalid → a LoyaltyError with field errors (400).
 */
import type { PrismaClient } from "@prisma/client";
import { sql } from "kysely";
import { z } from "zod";
import { dateResult, kyselyOf } from "~/db/kysely.server";
import { integerResult } from "~/db/dialect.server";
import { LoyaltyError } from "../errors";
import { pointsToMinor } from "../point-value";
import { toSafeNumber } from "../safe-integer";
import { addDays, localDateOf, reportTimeZone, startOfLocalDay } from "../reports/calendar";
import { engagementCsv, insightsCsvFilename, productGroupsCsv, redemptionCsv, repeatCsv, retentionCsv, roiCsv, type InsightName } from "../reports/insights-csv";
import { isInsightSegment, windowMonths, type CohortCustomer, type CohortMonth } from "../reports/cohorts";
import { ACTIVE_DAYS, calculateEngagement, type EngagementReport } from "../reports/engagement";
import { calculateRepeatPurchase, type RepeatPurchaseReport } from "../reports/repeat-purchase";
import { calculateRetention, type RetentionReport } from "../reports/retention";
import { calculateProductGroups, type ProductGroupsReport } from "../reports/product-groups";
import { calculateProgramRoi, withMargin, type ProgramRoi } from "../reports/roi";
import { enqueueJob, type JobHandler } from "./outbox.server";
import { enqueueProductGroups } from "./product-groups.server";
import { getShopProgram } from "./program.server";
import { loadReportContext, type ReportContext } from "./reports.server";

type Db = PrismaClient;

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_INSIGHT_MONTHS = 12;
export const MIN_INSIGHT_MONTHS = 3;
export const MAX_INSIGHT_MONTHS = 24;
/** A snapshot older than this is refreshed in the background (the page shows it meanwhile). */
export const INSIGHTS_MAX_AGE_MS = 60 * 60 * 1000;
export const REFRESH_INSIGHTS = "refresh-insights";
/** Up to this many customers with orders, a first visit computes the insights itself (well under a second). */
export const INLINE_CUSTOMER_LIMIT = 5_000;

export interface InsightsQuery {
  months: number;
  /** Basis points (4000 = 40%), or null when the merchant has not stated a margin. */
  marginBasisPoints: number | null;
}

const querySchema = z.object({
  months: z
    .string()
    .regex(/^\d{1,2}$/, "Choose a whole number of months")
    .transform(Number)
    .refine((n) => n >= MIN_INSIGHT_MONTHS && n <= MAX_INSIGHT_MONTHS, `Choose ${MIN_INSIGHT_MONTHS} to ${MAX_INSIGHT_MONTHS} months`)
    .optional(),
  margin: z
    .string()
    .trim()
    .regex(/^\d{1,3}([.,]\d{1,2})?$/, "Enter a margin from 0 to 100, with at most 2 decimals")
    .transform((text) => Math.round(Number(text.replace(",", ".")) * 100))
    .refine((bp) => bp >= 0 && bp <= 10_000, "Enter a margin from 0 to 100")
    .optional(),
});

export function parseInsightsQuery(params: URLSearchParams): InsightsQuery {
  const raw = {
    months: params.get("months") || undefined,
    margin: params.get("margin")?.trim() || undefined,
  };
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    throw new LoyaltyError("INVALID_INPUT", "Check the insights settings", { fieldErrors });
  }
  return { months: parsed.data.months ?? DEFAULT_INSIGHT_MONTHS, marginBasisPoints: parsed.data.margin ?? null };
}

/** The insights as computed (and stored in the snapshot): no margin applied. */
export interface InsightsReport {
  months: string[];
  asOfDay: string;
  timezone: string;
  currency: string;
  /** False when the rollups are not built in the reports' zone: months may then be counted in another zone. */
  rollupsBuilt: boolean;
  /** When the figures were computed (ISO 8601). */
  computedAt: string;
  roi: ProgramRoi;
  repeat: RepeatPurchaseReport;
  retention: RetentionReport;
  engagement: EngagementReport;
  /** Members buying from 2+ product types; absent in snapshots stored before it existed (refreshed on sight). */
  productGroups?: ProductGroupsReport;
}

/** What the page shows: the latest snapshot at the merchant's margin. */
export interface InsightsPage extends InsightsReport {
  /** The snapshot is older than INSIGHTS_MAX_AGE_MS or from an earlier day: a refresh is queued. */
  refreshing: boolean;
}

interface Window {
  context: ReportContext;
  months: string[];
  startDay: string;
  asOfDay: string;
  from: Date;
  /** The start of the day after the as-of day. */
  to: Date;
}

async function loadWindow(db: Db, shop: string, query: { months: number }, now: Date): Promise<Window> {
  const context = await loadReportContext(db, shop, { range: "last7", start: null, end: null }, now);
  const asOfDay = localDateOf(now, context.timezone);
  const months = windowMonths(asOfDay, query.months);
  const startDay = `${months[0] ?? asOfDay.slice(0, 7)}-01`;
  const endDay = addDays(asOfDay, 1);
  return { context, months, startDay, asOfDay, from: startOfLocalDay(startDay, context.timezone), to: startOfLocalDay(endDay, context.timezone) };
}

const count = (value: unknown) => integerResult(value, "Insights");

/** Orders of the window's cohorts per (segment, cohort month, order month). */
export async function loadCohortMonths(db: Db, shop: string, window: Pick<Window, "startDay" | "asOfDay">): Promise<CohortMonth[]> {
  const k = kyselyOf(db);
  const rows = await k
    .selectFrom("OrderRollup as o")
    .innerJoin("CustomerRollup as c", (join) => join.onRef("c.shop", "=", "o.shop").onRef("c.customerGid", "=", "o.customerGid"))
    .select((eb) => [
      "c.segment as segment",
      sql<string>`substr(${eb.ref("c.firstPaidDay")}, 1, 7)`.as("cohort"),
      sql<string>`substr(${eb.ref("o.day")}, 1, 7)`.as("month"),
      eb.fn.count<number>("o.customerGid").distinct().as("customers"),
      eb.fn.countAll<number>().as("orders"),
      eb.fn.sum<number>("o.revenueMinor").as("revenue"),
    ])
    .where("o.shop", "=", shop)
    .where("o.day", ">=", window.startDay)
    .where("o.day", "<=", window.asOfDay)
    .where("c.firstPaidDay", ">=", window.startDay)
    .groupBy(["c.segment", sql`substr(${sql.ref("c.firstPaidDay")}, 1, 7)`, sql`substr(${sql.ref("o.day")}, 1, 7)`])
    .execute();
  return rows.flatMap((row) =>
    isInsightSegment(row.segment)
      ? [{ segment: row.segment, cohort: row.cohort, month: row.month, customers: count(row.customers), orders: count(row.orders), revenueMinor: count(row.revenue) }]
      : [],
  );
}

/** The window's identified customers (first paid order in it), one row each. */
export async function loadCohortCustomers(db: Db, shop: string, window: Pick<Window, "startDay">, timezone: string): Promise<CohortCustomer[]> {
  const rows = await kyselyOf(db)
    .selectFrom("CustomerRollup")
    .select(["segment", "firstPaidDay", "paidOrders", "liveOrders", "firstPaidAt", "lastPaidAt", "prevPaidAt", "lastLiveDay"])
    .where("shop", "=", shop)
    .where("firstPaidDay", ">=", window.startDay)
    .execute();
  const customers: CohortCustomer[] = [];
  for (const row of rows) {
    if (!isInsightSegment(row.segment)) continue;
    const first = dateResult(row.firstPaidAt).getTime();
    const lastAt = dateResult(row.lastPaidAt);
    const last = lastAt.getTime();
    const prev = dateResult(row.prevPaidAt);
    customers.push({
      segment: row.segment,
      cohort: row.firstPaidDay.slice(0, 7),
      paidOrders: count(row.paidOrders),
      liveOrders: count(row.liveOrders),
      spanDays: Math.floor((last - first) / DAY_MS),
      lastGapDays: prev === null ? null : Math.floor((last - prev.getTime()) / DAY_MS),
      lastLiveDay: row.lastLiveDay,
      lastPaidDay: localDateOf(lastAt, timezone),
    });
  }
  return customers;
}

/** Σ signed points per month and entry type over the window. */
async function loadEntriesByMonth(db: Db, shop: string, window: Window): Promise<{ month: string; type: string; points: number }[]> {
  const k = kyselyOf(db);
  if (window.context.source.name === "rollups") {
    const rows = await k
      .selectFrom("DailyLedgerRollup")
      .select((eb) => [sql<string>`substr(${eb.ref("day")}, 1, 7)`.as("month"), "type", eb.fn.sum<number>("points").as("points")])
      .where("shop", "=", shop)
      .where("day", ">=", window.startDay)
      .where("day", "<=", window.asOfDay)
      .groupBy([sql`substr(${sql.ref("day")}, 1, 7)`, "type"])
      .execute();
    return rows.map((row) => ({ month: row.month, type: row.type, points: count(row.points) }));
  }
  // Not built in this zone: each month's instants from the ledger, one grouped read per month.
  const { timezone } = window.context;
  const results = await Promise.all(
    window.months.map(async (month, index) => {
      const next = window.months[index + 1];
      const from = startOfLocalDay(`${month}-01`, timezone);
      const to = next ? startOfLocalDay(`${next}-01`, timezone) : window.to;
      const rows = await k
        .selectFrom("LedgerEntry")
        .select((eb) => ["type", eb.fn.sum<number>("points").as("points")])
        .where("shop", "=", shop)
        .where("createdAt", ">=", from)
        .where("createdAt", "<", to)
        .groupBy("type")
        .execute();
      return rows.map((row) => ({ month, type: row.type, points: count(row.points) }));
    }),
  );
  return results.flat();
}

async function loadEngagement(db: Db, shop: string, window: Window): Promise<EngagementReport> {
  const k = kyselyOf(db);
  const activeFrom = new Date(window.context.now.getTime() - ACTIVE_DAYS * DAY_MS);
  const [members, active, tiers, groups, redeemers, entries] = await Promise.all([
    db.member.count({ where: { shop } }),
    k
      .selectFrom("LedgerEntry")
      .select((eb) => eb.fn.count<number>("memberId").distinct().as("n"))
      .where("shop", "=", shop)
      .where("createdAt", ">=", activeFrom)
      .where("createdAt", "<=", window.context.now)
      .where("type", "not in", ["expire", "import"])
      .executeTakeFirst(),
    db.tier.findMany({ where: { shop }, select: { id: true, name: true, threshold: true } }),
    db.member.groupBy({ by: ["tierId"], where: { shop }, _count: { _all: true }, _sum: { lifetimeEarned: true, lifetimeRedeemed: true } }),
    db.member.groupBy({ by: ["tierId"], where: { shop, lifetimeRedeemed: { gt: 0 } }, _count: { _all: true } }),
    loadEntriesByMonth(db, shop, window),
  ]);
  const redeemersOf = new Map(redeemers.map((row) => [row.tierId, row._count._all]));
  return calculateEngagement({
    members,
    activeMembers: count(active?.n ?? 0),
    tiers: tiers.map((tier) => ({ id: tier.id, name: tier.name, threshold: toSafeNumber(tier.threshold, "Tier threshold") })),
    tierRows: groups.map((row) => ({
      tierId: row.tierId,
      members: row._count._all,
      redeemers: redeemersOf.get(row.tierId) ?? 0,
      earnedPoints: toSafeNumber(row._sum.lifetimeEarned ?? 0, "Lifetime earned"),
      redeemedPoints: toSafeNumber(row._sum.lifetimeRedeemed ?? 0, "Lifetime redeemed"),
    })),
    entries,
    months: window.months,
  });
}

/** Every insight for the window of `months` ending today, computed now (seconds at 100k members: a job's work). */
export async function computeInsights(db: Db, shop: string, query: { months: number }, now: Date): Promise<InsightsReport> {
  const window = await loadWindow(db, shop, query, now);
  const { context } = window;
  const [months, customers, movements, engagement, groups] = await Promise.all([
    loadCohortMonths(db, shop, window),
    loadCohortCustomers(db, shop, window, context.timezone),
    context.source.ledgerBetween({ date: window.startDay, at: window.from }, { date: addDays(window.asOfDay, 1), at: window.to }),
    loadEngagement(db, shop, window),
    db.memberProductGroups.findMany({ where: { shop, month: { in: window.months } }, select: { memberId: true, month: true, groups: true } }),
  ]);
  const redeemedPoints = -movements.redeemed;
  return {
    months: window.months,
    asOfDay: window.asOfDay,
    timezone: context.timezone,
    currency: context.currency,
    rollupsBuilt: context.source.name === "rollups",
    computedAt: now.toISOString(),
    roi: calculateProgramRoi({ months, customers, redeemedPoints, rewardsMinor: pointsToMinor(redeemedPoints, context.pointValue), marginBasisPoints: null }),
    repeat: calculateRepeatPurchase(customers, window.months),
    retention: calculateRetention({ months, customers, cohortMonths: window.months, asOfDay: window.asOfDay }),
    engagement,
    productGroups: calculateProductGroups(
      groups.map((row) => ({ memberId: row.memberId, month: row.month, groups: JSON.parse(row.groups) as string[] })),
      window.months,
    ),
  };
}

// ── Snapshots ───────────────────────────────────────────────────────────────────────────────────────────────

/** Computes the insights and stores them as the shop's snapshot for that window (the job, and a first visit). */
export async function refreshInsightsSnapshot(db: Db, shop: string, months: number, now: Date): Promise<InsightsReport> {
  // New earn entries' product groups are recorded in the background; when it records any, it refreshes again.
  await enqueueProductGroups(db, shop, now);
  const report = await computeInsights(db, shop, { months }, now);
  const data = { asOfDay: report.asOfDay, computedAt: now, body: JSON.stringify(report) };
  await db.insightsSnapshot.upsert({ where: { shop_months: { shop, months } }, create: { shop, months, ...data }, update: data });
  return report;
}

/** What the page shows: the figures, or "being computed" (a large shop's first visit: the job computes them). */
export type InsightsView = { state: "ready"; page: InsightsPage } | { state: "computing"; months: number };

function readySnapshot(stored: { body: string; computedAt: Date; asOfDay: string }, query: InsightsQuery, today: string, now: Date) {
  const report = JSON.parse(stored.body) as InsightsReport;
  const refreshing = now.getTime() - stored.computedAt.getTime() > INSIGHTS_MAX_AGE_MS || stored.asOfDay !== today || !report.productGroups;
  return { page: { ...report, roi: withMargin(report.roi, query.marginBasisPoints), refreshing }, refreshing };
}

async function queueRefresh(db: Db, shop: string, months: number, now: Date): Promise<void> {
  await enqueueJob(db, { shop, kind: REFRESH_INSIGHTS, dedupeKey: `${shop}:${months}`, payload: { months }, now });
}

/**
 * The page: the shop's snapshot for the window at the merchant's margin. A snapshot older than INSIGHTS_MAX_AGE_MS,
 * or from an earlier shop day, is shown as it is while a job refreshes it (one job per shop and window). No
 * snapshot yet: computed now and stored when the shop has at most `inlineCustomerLimit` customers with orders (a
 * small shop's first visit stays quick), else the job computes it and the page says so.
 */
export async function getInsightsView(db: Db, shop: string, query: InsightsQuery, now: Date, inlineCustomerLimit = INLINE_CUSTOMER_LIMIT): Promise<InsightsView> {
  const stored = await db.insightsSnapshot.findUnique({ where: { shop_months: { shop, months: query.months } } });
  if (stored) {
    const program = await getShopProgram(db, shop);
    const { page, refreshing } = readySnapshot(stored, query, localDateOf(now, reportTimeZone(program.timezone)), now);
    if (refreshing) await queueRefresh(db, shop, query.months, now);
    return { state: "ready", page };
  }
  if ((await db.customerRollup.count({ where: { shop } })) > inlineCustomerLimit) {
    await queueRefresh(db, shop, query.months, now);
    return { state: "computing", months: query.months };
  }
  const report = await refreshInsightsSnapshot(db, shop, query.months, now);
  return { state: "ready", page: { ...report, roi: withMargin(report.roi, query.marginBasisPoints), refreshing: false } };
}

/** The figures whatever the shop's size (the CSV downloads, the bench): a missing snapshot is computed now. */
export async function getInsightsPage(db: Db, shop: string, query: InsightsQuery, now: Date): Promise<InsightsPage> {
  const view = await getInsightsView(db, shop, query, now, Number.POSITIVE_INFINITY);
  if (view.state !== "ready") throw new Error("An insights snapshot computed inline is ready");
  return view.page;
}

/** Queues a refresh of every insights window the shop has a snapshot of (after the product groups job recorded). */
export async function queueInsightsRefresh(db: Db, shop: string, now: Date): Promise<void> {
  const stored = await db.insightsSnapshot.findMany({ where: { shop }, select: { months: true } });
  for (const { months } of stored) await queueRefresh(db, shop, months, now);
}

/** The outbox job that refreshes a stale snapshot (registered in jobs.server.ts). */
export function refreshInsightsJobHandler(db: Db): JobHandler {
  return async (job, { now }) => {
    const { months } = JSON.parse(job.payload) as { months: number };
    await refreshInsightsSnapshot(db, job.shop, months, now);
  };
}

/** One insight as a CSV file (from the same snapshot as the page). */
export async function getInsightCsv(db: Db, shop: string, name: InsightName, query: InsightsQuery, now: Date): Promise<{ filename: string; body: string }> {
  const page = await getInsightsPage(db, shop, query, now);
  const filename = insightsCsvFilename(name, page.months);
  switch (name) {
    case "roi":
      return { filename, body: roiCsv(page.roi, page.currency) };
    case "repeat":
      return { filename, body: repeatCsv(page.repeat) };
    case "retention":
      return { filename, body: retentionCsv(page.retention, page.currency) };
    case "engagement":
      return { filename, body: engagementCsv(page.engagement) };
    case "redemption":
      return { filename, body: redemptionCsv(page.engagement) };
    case "product-groups":
      return { filename, body: productGroupsCsv(page.productGroups ?? calculateProductGroups([], page.months)) };
  }
}
