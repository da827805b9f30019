/**
 * The benchmark's PostgreSQL databases: one template migrated by the app's own migrator (as the PostgreSQL test
 * suite does, tests/support/postgres.ts), a copy of it per configuration with the benchmark shop installed, and
 * what the deliveries wrote, read with the same statements as on SQLite (ledger.ts, shop.ts).
 */
import { createDatabaseFromTemplate, createMigratedTemplate, withClient } from "../../tests/support/postgres";
import { LEDGER_COUNTS_SQL, type LedgerCounts } from "./ledger";
import { INSTALL_SHOP_SQL, launchDefaultProgram, offlineSessionId, PROGRAM_STATUS_SQL } from "./shop";

export { dropDatabases } from "../../tests/support/postgres";

/** Migrates `${prefix}_template` on the server of `adminUrl`; its name. */
export async function migratedTemplate(adminUrl: string, prefix: string): Promise<string> {
  const template = `${prefix}_template`;
  await createMigratedTemplate(adminUrl, template);
  return template;
}

/** A copy of the template named `name`, `shop` installed (its offline session); its URL. */
export async function benchDatabase(adminUrl: string, template: string, name: string, shop: string): Promise<string> {
  const url = await createDatabaseFromTemplate(adminUrl, template, name);
  await withClient(url, (client) => client.query(INSTALL_SHOP_SQL, [offlineSessionId(shop), shop]));
  await launchDefaultProgram(url, shop);
  return url;
}

export function countLedgerPg(url: string, shop: string): Promise<LedgerCounts> {
  return withClient(url, async (client) => {
    const counts = {} as LedgerCounts;
    for (const [key, sql] of Object.entries(LEDGER_COUNTS_SQL) as [keyof LedgerCounts, string][]) {
      const { rows } = await client.query(sql, [shop]);
      counts[key] = Number(rows[0]?.n ?? 0); // COUNT and SUM come back as strings (bigint, numeric)
    }
    return counts;
  });
}

export function programStatusPg(url: string, shop: string): Promise<string | null> {
  return withClient(url, async (client) => {
    const { rows } = await client.query(PROGRAM_STATUS_SQL, [shop]);
    return rows[0] ? String(rows[0].status) : null;
  });
}

/** The server's version and the settings that bear on the figures. */
export function serverFacts(url: string): Promise<Record<string, string>> {
  const names = ["server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "track_commit_timestamp", "shared_buffers", "max_connections"];
  return withClient(url, async (client) => {
    const { rows } = await client.query("SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)", [names]);
    return Object.fromEntries(rows.map((row) => [String(row.name), row.unit ? `${row.setting} × ${row.unit}` : String(row.setting)]));
  });
}
