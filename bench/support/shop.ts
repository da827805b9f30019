/**
 * The benchmark shop's state in a fresh database, written and read directly (the app is not running yet, or is
 * only read): installed as token exchange leaves a shop (an offline Session row; the webhook routes accept
 * deliveries only for a shop that has one), its default program launched by the app's own code (a new program is a
 * draft that awards nothing, ADR 023: the benchmarks measure a live program, as a merchant's is once past the guided
 * setup), and its program's status read back.
 */
import Database from "better-sqlite3";
import { createPrismaClient } from "../../app/db.server";
import { getShopProgram, saveProgramSettings } from "../../app/loyalty/server/program.server";
import { sqliteParams } from "./ledger";

/** The shop's offline session (parameters: id, shop), on SQLite and PostgreSQL alike. */
export const INSTALL_SHOP_SQL = `INSERT INTO "Session" (id, shop, state, "isOnline", scope, "accessToken") VALUES ($1, $2, 'installed', false, 'read_orders', 'shpat_bench')`;
export const offlineSessionId = (shop: string) => `offline_${shop}`;
export const PROGRAM_STATUS_SQL = `SELECT status FROM "Program" WHERE shop = $1`;

export function installShop(file: string, shop: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.prepare(sqliteParams(INSTALL_SHOP_SQL)).run(offlineSessionId(shop), shop);
  } finally {
    db.close();
  }
}

/** The shop's Program.status, or null when the app has not created its program yet. */
export function programStatus(file: string, shop: string): string | null {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare(sqliteParams(PROGRAM_STATUS_SQL)).get(shop) as { status: string } | undefined;
    return row?.status ?? null;
  } finally {
    db.close();
  }
}

/** Creates the shop's default program (tiers, rewards) as the app does, and launches it. `url`: file:… or postgresql://… */
export async function launchDefaultProgram(url: string, shop: string): Promise<void> {
  const db = createPrismaClient(url);
  try {
    const { settings } = await getShopProgram(db, shop);
    if (settings.status !== "live") await db.$transaction((tx) => saveProgramSettings(tx, shop, { ...settings, status: "live" }));
  } finally {
    await db.$disconnect();
  }
}
