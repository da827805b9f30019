/**
 * PostgreSQL test databases (npm run test:postgres, docs/decisions/008-postgresql.md):
 * - a run migrates one template database with the app's own migrator (scripts/postgres-migrate.mjs), the one
 *   production uses;
 * - each test file gets a database of its own copied from it (CREATE DATABASE … TEMPLATE: a file copy, no replay);
 * - the run's databases share a name prefix, and are dropped together at the end of the run.
 * Names are generated here (letters, digits, `_`) and quoted; nothing from outside is spliced into SQL.
 */
import { loadPg, migratePostgres } from "../../scripts/postgres-migrate.mjs";

export interface PgClient {
  connect(): Promise<void>;
  query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}

const SAFE_NAME = /^[a-z][a-z0-9_]{0,62}$/;

function quoted(name: string): string {
  if (!SAFE_NAME.test(name)) throw new Error(`Unsafe test database name ${name}`);
  return `"${name}"`;
}

/** The URL of database `name` on the server of `url`. */
export function databaseUrl(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** A connected node-postgres client (the app's driver); `applicationName` shows in pg_stat_activity. */
export async function connectPg(url: string, applicationName?: string): Promise<PgClient> {
  const { Client } = loadPg() as { Client: new (options: { connectionString: string; application_name?: string }) => PgClient };
  const client = new Client({ connectionString: url, application_name: applicationName });
  await client.connect();
  return client;
}

export async function withClient<T>(url: string, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await connectPg(url);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database `name`, migrated like production; nobody may connect to it after (a template must be idle). */
export async function createMigratedTemplate(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${quoted(name)}`);
    await admin.query(`CREATE DATABASE ${quoted(name)}`);
  });
  await migratePostgres({ url: databaseUrl(adminUrl, name) });
  await withClient(adminUrl, (admin) => admin.query(`ALTER DATABASE ${quoted(name)} ALLOW_CONNECTIONS false`));
}

/** A copy of `template` named `name`; its URL. */
export async function createDatabaseFromTemplate(adminUrl: string, template: string, name: string): Promise<string> {
  await withClient(adminUrl, async (admin) => {
    // Two copies of one template at the same instant can collide ("source database is being accessed"): retry.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${quoted(name)} TEMPLATE ${quoted(template)}`);
        return;
      } catch (error) {
        if (attempt >= 20 || !String(error).includes("is being accessed by other users")) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  return databaseUrl(adminUrl, name);
}

/** Drops every database whose name starts with `prefix_` (the run's), disconnecting whoever is still on them. */
export async function dropDatabases(adminUrl: string, prefix: string): Promise<void> {
  if (!SAFE_NAME.test(prefix)) throw new Error(`Unsafe test database prefix ${prefix}`);
  await withClient(adminUrl, async (admin) => {
    const { rows } = await admin.query("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [`${prefix}_`]);
    for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS ${quoted(String(row.datname))} WITH (FORCE)`);
  });
}
