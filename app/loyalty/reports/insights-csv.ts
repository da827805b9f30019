/**
 * CSV files of the insights (the rules of csv.ts: RFC 4180, BOM, money as decimals in the shop currency named in
 * the header, percentages as decimals, one row per cohort / month / tier, no total rows).
 */
import { currencyExponent, minorToDecimalString } from "../money";
import { toCsv, type Cell } from "./csv";
import type { EngagementReport } from "./engagement";
import { POINT_SOURCES } from "./engagement";
import { basisPointsToPercentString } from "./rates";
import type { RepeatPurchaseReport } from "./repeat-purchase";
import type { RetentionReport } from "./retention";
import type { ProductGroupsReport } from "./product-groups";
import type { ProgramRoi } from "./roi";

export const INSIGHT_NAMES = ["roi", "repeat", "retention", "engagement", "redemption", "product-groups"] as const;
export type InsightName = (typeof INSIGHT_NAMES)[number];

export function isInsightName(value: string): value is InsightName {
  return (INSIGHT_NAMES as readonly string[]).includes(value);
}

const percent = (bp: number | null): string | null => (bp === null ? null : basisPointsToPercentString(bp));
const money = (minor: number | null, currency: string): string | null => (minor === null ? null : minorToDecimalString(minor, currencyExponent(currency)));
const milli = (value: number | null): string | null => (value === null ? null : (value / 1000).toFixed(3));

export function insightsCsvFilename(name: InsightName, months: readonly string[]): string {
  return `loyalty-${name}-${months[0] ?? ""}-to-${months[months.length - 1] ?? ""}.csv`;
}

/** One row per first-order cohort: the members and non-members compared (the cost and return are on the page). */
export function roiCsv(roi: ProgramRoi, currency: string): string {
  const header = [
    "cohort",
    "members",
    "non_members",
    "member_orders",
    "non_member_orders",
    `member_revenue_${currency}`,
    `non_member_revenue_${currency}`,
    `member_revenue_per_customer_${currency}`,
    `non_member_revenue_per_customer_${currency}`,
    "compared",
    `incremental_revenue_${currency}`,
  ];
  const rows: Cell[][] = roi.cohorts.map((row) => [
    row.cohort,
    row.members,
    row.nonMembers,
    row.memberOrders,
    row.nonMemberOrders,
    money(row.memberRevenueMinor, currency),
    money(row.nonMemberRevenueMinor, currency),
    money(row.memberRevenuePerCustomerMinor, currency),
    money(row.nonMemberRevenuePerCustomerMinor, currency),
    row.comparable ? "yes" : "no",
    money(row.incrementalRevenueMinor, currency),
  ]);
  return toCsv(header, rows);
}

export function repeatCsv(report: RepeatPurchaseReport): string {
  const header = ["cohort", "segment", "customers", "repeat_customers", "repeat_rate_percent", "median_days_between_orders"];
  const rows: Cell[][] = report.cohorts.flatMap((cohort) =>
    (["member", "nonMember"] as const).map((segment) => {
      const figures = cohort[segment];
      return [cohort.cohort, segment === "member" ? "member" : "non_member", figures.customers, figures.repeatCustomers, percent(figures.repeatRateBasisPoints), figures.medianDaysBetweenOrders];
    }),
  );
  return toCsv(header, rows);
}

export function retentionCsv(report: RetentionReport, currency: string): string {
  const length = Math.max(0, ...report.cohorts.map((row) => row.revenueMinor.length));
  const monthColumns = Array.from({ length }, (_, index) => [`month_${index + 1}_revenue_${currency}`, `month_${index + 1}_nrr_percent`]).flat();
  const header = ["cohort", "segment", "customers", "lapsed", "lapsed_percent", "won_back", ...monthColumns];
  const rows: Cell[][] = report.cohorts.map((row) => [
    row.cohort,
    row.segment === "member" ? "member" : "non_member",
    row.customers,
    row.lapsed,
    percent(row.lapsedBasisPoints),
    row.wonBack,
    ...Array.from({ length }, (_, index) => [money(row.revenueMinor[index] ?? null, currency), percent(row.nrrBasisPoints[index] ?? null)]).flat(),
  ]);
  return toCsv(header, rows);
}

/** Points issued per month and source. */
export function engagementCsv(report: EngagementReport): string {
  const header = ["month", ...POINT_SOURCES.map((source) => `issued_${source}`)];
  const rows: Cell[][] = report.sources.map((month) => [month.month, ...POINT_SOURCES.map((source) => month.points[source])]);
  return toCsv(header, rows);
}

/** Redemption by tier (the member's tier today). */
export function redemptionCsv(report: EngagementReport): string {
  const header = ["tier", "members", "members_who_redeemed", "members_who_redeemed_percent", "lifetime_earned", "lifetime_redeemed", "redemption_rate_percent"];
  const rows: Cell[][] = report.tiers.map((tier) => [tier.kind === "tier" ? tier.name : tier.kind === "none" ? "(no tier)" : "(removed tier)", tier.members, tier.redeemers, percent(tier.redeemersBasisPoints), tier.earnedPoints, tier.redeemedPoints, percent(tier.redemptionRateBasisPoints)]);
  return toCsv(header, rows);
}

/** Per month: members who bought from a product type, those who bought from two or more, and the share. */
export function productGroupsCsv(report: ProductGroupsReport): string {
  const header = ["month", "member_buyers", "cross_group_buyers", "cross_group_percent"];
  const rows: Cell[][] = report.months.map((month) => [month.month, month.buyers, month.crossBuyers, percent(month.crossBasisPoints)]);
  return toCsv(header, rows);
}

/** Orders per customer (thousandths) as a decimal: 1500 → "1.500". */
export function milliToDecimalString(value: number | null): string | null {
  return milli(value);
}
