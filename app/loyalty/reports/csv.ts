/**
 * CSV files of the reports.
 *
 * Rules:
 * - RFC 4180: comma separated, CRLF line ends, a header row, fields quoted when they hold a comma, quote, CR or
 *   LF (quotes doubled). UTF-8 with a byte order mark, so spreadsheet apps read accents and symbols right.
 * - One table per file, one row per day / segment / tier / reward / member; no total rows (sum the columns).
 * - Points are signed integers as in the ledger (redeemed, clawed back, expired and adjusted out are negative);
 *   money is a decimal in the shop's currency, named in the header ("closing_USD"); percentages are decimals
 *   ("23.45"); instants are ISO 8601 UTC; dates are the shop's calendar dates.
 * - Text that a spreadsheet would run as a formula (starting with = + - @ TAB or CR, and not a plain number) is
 *   prefixed with an apostrophe (OWASP "CSV injection").
 */
import { currencyExponent, minorToDecimalString } from "../money";
import type { ChurnMember, ReportsPage } from "./page";
import { basisPointsToPercentString } from "./rates";
import { MOVEMENT_COLUMNS, type Balances, type MovementColumn } from "./roll-forward";

export const REPORT_NAMES = ["liability", "points", "customers", "tiers", "rewards", "churn"] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export function isReportName(value: string): value is ReportName {
  return (REPORT_NAMES as readonly string[]).includes(value);
}

export type Cell = string | number | null;

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

function escapeCell(cell: Cell): string {
  if (cell === null) return "";
  let text = String(cell);
  if (typeof cell === "string" && /^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(escapeCell).join(",")).join("\r\n")}\r\n`;
}

const COLUMN_NAMES: Record<MovementColumn, string> = {
  earned: "earned",
  redeemed: "redeemed",
  donated: "donated",
  clawedBack: "clawed_back",
  expired: "expired",
  adjustedOut: "adjusted_out",
};

function money(minor: number | null, currency: string): string | null {
  return minor === null ? null : minorToDecimalString(minor, currencyExponent(currency));
}

function percent(basisPoints: number | null): string | null {
  return basisPoints === null ? null : basisPointsToPercentString(basisPoints);
}

function balanceCells(balances: Balances): number[] {
  return [balances.opening, ...MOVEMENT_COLUMNS.map((column) => balances.movements[column]), balances.closing];
}

export function liabilityCsv(page: Pick<ReportsPage, "liability" | "currency">): string {
  const { currency } = page;
  const names = ["opening", ...MOVEMENT_COLUMNS.map((column) => COLUMN_NAMES[column]), "closing"];
  const header = ["date", ...names.map((name) => `${name}_points`), ...names.map((name) => `${name}_${currency}`)];
  const rows = page.liability.rollForward.rows.map((row) => [
    row.date,
    ...balanceCells(row),
    ...(row.money ? balanceCells(row.money).map((minor) => money(minor, currency)) : names.map(() => null)),
  ]);
  return toCsv(header, rows);
}

export function pointsCsv(page: Pick<ReportsPage, "liability">): string {
  const header = ["date", ...MOVEMENT_COLUMNS.map((column) => COLUMN_NAMES[column]), "net_change"];
  const rows = page.liability.rollForward.rows.map((row) => [
    row.date,
    ...MOVEMENT_COLUMNS.map((column) => row.movements[column]),
    row.closing - row.opening,
  ]);
  return toCsv(header, rows);
}

export function customersCsv(page: Pick<ReportsPage, "customers" | "currency">): string {
  const { currency } = page;
  const header = [
    "segment",
    "customers",
    "orders",
    `revenue_${currency}`,
    `average_order_${currency}`,
    `revenue_per_customer_${currency}`,
    "repeat_customers",
    "repeat_purchase_rate_percent",
  ];
  const labels = { member: "members", nonMember: "non-member customers", guest: "guest checkouts" } as const;
  const rows = (["member", "nonMember", "guest"] as const).map((segment) => {
    const figures = page.customers.segments[segment];
    return [
      labels[segment],
      figures.customers,
      figures.orders,
      money(figures.revenueMinor, currency),
      money(figures.averageOrderMinor, currency),
      money(figures.revenuePerCustomerMinor, currency),
      figures.repeatCustomers,
      percent(figures.repeatRateBasisPoints),
    ];
  });
  return toCsv(header, rows);
}

export function tiersCsv(page: Pick<ReportsPage, "tiers">): string {
  return toCsv(
    ["tier", "members", "share_percent"],
    page.tiers.rows.map((row) => [row.name, row.members, percent(row.shareBasisPoints)]),
  );
}

export function rewardsCsv(page: Pick<ReportsPage, "topRewards">): string {
  return toCsv(
    ["reward", "redemptions", "used", "points_spent", "usage_rate_percent"],
    page.topRewards.map((reward) => [reward.name, reward.redemptions, reward.used, reward.points, percent(reward.usageRateBasisPoints)]),
  );
}

export function churnCsv(members: readonly ChurnMember[]): string {
  return toCsv(
    ["customer_gid", "name", "email", "points_balance", "orders", "first_order_at", "last_order_at", "usual_gap_days", "days_since_last_order"],
    members.map((member) => [
      member.customerGid,
      member.name,
      member.email,
      member.balance,
      member.orders,
      member.firstPaidAt,
      member.lastPaidAt,
      member.usualGapDays,
      member.daysSinceLastOrder,
    ]),
  );
}

/** "loyalty-liability-2026-10-25-to-2026-11-23.csv". */
export function csvFilename(report: ReportName, range: { start: string; end: string }): string {
  return `loyalty-${report}-${range.start}-to-${range.end}.csv`;
}
