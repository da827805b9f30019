/** Reads the app's database afterwards, read-only: what the deliveries actually wrote. */
import Database from "better-sqlite3";

export interface LedgerCounts {
  earnEntries: number;
  distinctEarnedOrders: number;
  awardedOrders: number;
  members: number;
  pointsTotal: number;
  /** Orders with more than one earn entry (must be 0). */
  ordersEarnedTwice: number;
}

/** A written earn entry, reused by the baseline so it inserts rows of the same size. */
export interface EarnTemplate {
  points: number;
  spendMinor: number;
  explanation: string;
  breakdown: string;
}

function withReadOnly<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/**
 * The counts' statements, the same on SQLite and PostgreSQL (identifiers quoted as the schema spells them), with
 * `$1` for the shop (SQLite binds it as `?`). Each returns one row `n`.
 */
export const LEDGER_COUNTS_SQL: Record<keyof LedgerCounts, string> = {
  earnEntries: `SELECT COUNT(*) AS n FROM "LedgerEntry" WHERE shop = $1 AND type = 'earn'`,
  distinctEarnedOrders: `SELECT COUNT(DISTINCT "orderGid") AS n FROM "LedgerEntry" WHERE shop = $1 AND type = 'earn'`,
  awardedOrders: `SELECT COUNT(*) AS n FROM "OrderRecord" WHERE shop = $1 AND status = 'awarded'`,
  members: `SELECT COUNT(*) AS n FROM "Member" WHERE shop = $1`,
  pointsTotal: `SELECT SUM(points) AS n FROM "LedgerEntry" WHERE shop = $1`,
  ordersEarnedTwice: `SELECT COUNT(*) AS n FROM (SELECT "orderGid" FROM "LedgerEntry" WHERE shop = $1 AND type = 'earn' GROUP BY "orderGid" HAVING COUNT(*) > 1) twice`,
};

/** A statement written with PostgreSQL's `$1`, `$2`… (each once, in order) for SQLite's `?`. */
export function sqliteParams(sql: string): string {
  return sql.replace(/\$\d+/g, "?");
}

export function countLedger(file: string, shop: string): LedgerCounts {
  return withReadOnly(file, (db) => {
    const counts = {} as LedgerCounts;
    for (const [key, sql] of Object.entries(LEDGER_COUNTS_SQL) as [keyof LedgerCounts, string][]) {
      counts[key] = (db.prepare(sqliteParams(sql)).get(shop) as { n: number | null }).n ?? 0;
    }
    return counts;
  });
}

export function earnTemplate(file: string, shop: string): EarnTemplate | null {
  return withReadOnly(file, (db) => {
    const row = db
      .prepare(`SELECT points, spendMinor, explanation, breakdown FROM "LedgerEntry" WHERE shop = ? AND type = 'earn' LIMIT 1`)
      .get(shop) as EarnTemplate | undefined;
    return row ?? null;
  });
}
