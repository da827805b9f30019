/**
 * The benchmark shop's state in a fresh database, written and read directly (the app is not running yet, or is
 * only read): installed as token exchange leaves a shop (an offline Session row; the webhook routes accept
 * deliveries only for a shop that has one), and its program's status once the app has created it.
 */
import Database from "better-sqlite3";

export function installShop(file: string, shop: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.prepare(
      `INSERT INTO "Session" (id, shop, state, isOnline, scope, accessToken) VALUES (?, ?, 'installed', 0, 'read_orders', 'shpat_bench')`,
    ).run(`offline_${shop}`, shop);
  } finally {
    db.close();
  }
}

/** The shop's Program.status, or null when the app has not created its program yet. */
export function programStatus(file: string, shop: string): string | null {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare(`SELECT status FROM "Program" WHERE shop = ?`).get(shop) as { status: string } | undefined;
    return row?.status ?? null;
  } finally {
    db.close();
  }
}
