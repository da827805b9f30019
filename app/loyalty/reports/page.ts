/**
 * The shapes the reports page and the home page receive: plain JSON (numbers, strings, no Date), so a loader can
 * return them as they are.
 */
import type { CustomerComparison } from "./customers";
import type { TierDistribution } from "./distribution";
import type { LiabilityReport } from "./liability";
import type { ReportRange } from "./range";
import type { TopReward } from "./top-rewards";
import type { ReportPointValue } from "./valuation";
import { evaluateChurnRisk } from "./churn";

export interface ReportSettings {
  range: ReportRange;
  /** IANA zone the days are in. */
  timezone: string;
  /** Shop currency of every money figure. */
  currency: string;
  /** False when the shop's currency is not known yet (money is then shown in USD as a placeholder). */
  currencyKnown: boolean;
  pointValue: ReportPointValue & { sentence: string };
  /** When the figures were computed (ISO 8601). */
  generatedAt: string;
  /** The instant the range ends at: the end of its last day, or now for a range ending today (ISO 8601). */
  asOf: string;
}

export interface ChurnMember {
  memberId: string;
  customerGid: string;
  name: string | null;
  email: string | null;
  balance: number;
  orders: number;
  firstPaidAt: string;
  lastPaidAt: string;
  usualGapDays: number;
  daysSinceLastOrder: number;
}

export interface ChurnReport {
  /** Members at risk in all. */
  total: number;
  /** The most recently lapsed first, at most `limit` of them. */
  members: ChurnMember[];
  limit: number | null;
}

export interface ReportsPage extends ReportSettings {
  liability: LiabilityReport;
  customers: CustomerComparison;
  tiers: TierDistribution;
  topRewards: TopReward[];
  churn: ChurnReport;
}

export interface HomeMetrics {
  currency: string;
  members: number;
  /** The 30 shop-local days ending today. */
  days: { date: string; issued: number; redeemed: number }[];
  issued30d: number;
  redeemed30d: number;
  redemptionRate30dBasisPoints: number | null;
  outstandingPoints: number;
  outstandingMinor: number;
  pointValueSentence: string;
  /** The value the sentence explains, for a page that words it in the merchant's language. */
  pointValue: ReportPointValue;
  /** The shop's zone the days are counted in (and times on Home are shown in). */
  timeZone: string;
}

/** A churn query row as the database returns it (dates as instants). */
export interface ChurnRow {
  memberId: string;
  customerGid: string;
  name: string | null;
  email: string | null;
  balance: number;
  orders: number;
  firstPaidAt: Date;
  lastPaidAt: Date;
}

/** Adds the usual gap and days since the last order (churn.ts) to rows the query selected as at risk. */
export function describeChurnMembers(rows: readonly ChurnRow[], asOf: Date): ChurnMember[] {
  return rows.map((row) => {
    const assessment = evaluateChurnRisk(row, asOf);
    return {
      memberId: row.memberId,
      customerGid: row.customerGid,
      name: row.name,
      email: row.email,
      balance: row.balance,
      orders: row.orders,
      firstPaidAt: row.firstPaidAt.toISOString(),
      lastPaidAt: row.lastPaidAt.toISOString(),
      usualGapDays: assessment?.usualGapDays ?? 0,
      daysSinceLastOrder: assessment?.daysSinceLastOrder ?? 0,
    };
  });
}
