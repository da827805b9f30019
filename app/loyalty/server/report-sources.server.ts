/**
 * Where the reports' aggregates come from (docs/decisions/015-daily-rollups.md): the daily rollups when the shop's
 * are built in the zone the reports use, else the ledger and orders themselves.
 *
 * Rules:
 * - A source answers the same questions with the same figures: ledger movements between two day starts and per
 *   day, segment totals over a range, members at risk as of an instant. The reports compute everything else.
 * - `rollups` reads O(days) rows for the ledger and order figures (report-rollups.server.ts); `ledger` sums the
 *   source tables (report-ledger.server.ts), O(entries) and O(orders): the reference the rollups are tested against,
 *   and what a shop without a RollupState, or whose RollupState names another zone, is reported from.
 */
import type { PrismaClient } from "@prisma/client";
import { kyselyOf } from "~/db/kysely.server";
import type { DayBoundary } from "../reports/calendar";
import type { SegmentTotals } from "../reports/customers";
import type { ChurnRow } from "../reports/page";
import type { DailyMovements, Movements } from "../reports/roll-forward";
import { ledgerReportSource } from "./report-ledger.server";
import { rollupReportSource } from "./report-rollups.server";

/** The first instant of a shop day, named both ways (rollups key days by date, the ledger by instant). */
export interface DayStart {
  date: string;
  at: Date;
}

/** A date range of whole shop days: [start, end] as dates, [from, to) as instants. */
export interface DayRange {
  start: string;
  end: string;
  from: Date;
  to: Date;
}

export type ReportSourceName = "rollups" | "ledger";

export interface ReportSource {
  name: ReportSourceName;
  /** Σ points per column of the entries from `from` (null: the first one) up to `to`, exclusive. */
  ledgerBetween(from: DayStart | null, to: DayStart): Promise<Movements>;
  /** Movements of each of `days` (every one, quiet days with zeros), in order. */
  ledgerByDay(days: readonly DayBoundary[]): Promise<DailyMovements[]>;
  /** Orders, revenue, customers and repeat customers per segment over the range (reports/customers.ts). */
  segmentTotals(range: DayRange): Promise<SegmentTotals[]>;
  /** Members at risk as of `asOf` (reports/churn.ts): how many, and the most recently lapsed `limit` (null: all). */
  churn(asOf: Date, limit: number | null): Promise<{ total: number; rows: ChurnRow[] }>;
}

/** The source the shop's reports read now (its zone: `reportTimeZone` of the program's). */
export async function reportSourceFor(db: PrismaClient, shop: string, timezone: string): Promise<ReportSource> {
  const state = await kyselyOf(db).selectFrom("RollupState").select("timezone").where("shop", "=", shop).executeTakeFirst();
  return state?.timezone === timezone ? rollupReportSource(db, shop) : ledgerReportSource(db, shop);
}
