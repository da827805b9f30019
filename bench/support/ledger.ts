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

export function countLedger(file: string, shop: string): LedgerCounts {
  return withReadOnly(file, (db) => {
    const count = (sql: string) => (db.prepare(sql).get(shop) as { n: number | null }).n ?? 0;
    return {
      earnEntries: count(`SELECT COUNT(*) AS n FROM "LedgerEntry" WHERE shop = ? AND type = 'earn'`),
      distinctEarnedOrders: count(`SELECT COUNT(DISTINCT orderGid) AS n FROM "LedgerEntry" WHERE shop = ? AND type = 'earn'`),
      awardedOrders: count(`SELECT COUNT(*) AS n FROM "OrderRecord" WHERE shop = ? AND status = 'awarded'`),
      members: count(`SELECT COUNT(*) AS n FROM "Member" WHERE shop = ?`),
      pointsTotal: count(`SELECT SUM(points) AS n FROM "LedgerEntry" WHERE shop = ?`),
      ordersEarnedTwice: count(
        `SELECT COUNT(*) AS n FROM (SELECT orderGid FROM "LedgerEntry" WHERE shop = ? AND type = 'earn' GROUP BY orderGid HAVING COUNT(*) > 1)`,
      ),
    };
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
