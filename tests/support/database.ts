/** Test database helpers: the app's own Prisma client (same DATABASE_URL), emptied between tests. */
import prisma from "~/db.server";
import { sqlDialect } from "~/db/dialect.server";
import { forgetInstallations } from "~/shopify/webhooks/installations.server";

/**
 * Every application table (not Prisma's migration history), read from the database itself so a new model is never
 * left out, sorted by name. SQLite lists them in sqlite_master, PostgreSQL in information_schema (its names are of
 * type `name`, which Prisma cannot read: cast to text).
 */
export async function listTables(): Promise<string[]> {
  const sql =
    sqlDialect(prisma).provider === "postgresql"
      ? "SELECT CAST(table_name AS text) AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
  const rows = await prisma.$queryRawUnsafe<{ name: string }[]>(sql);
  return rows
    .map((row) => row.name)
    .filter((name) => name !== "_prisma_migrations")
    .sort();
}

export async function resetDatabase(): Promise<void> {
  for (const table of await listTables()) await prisma.$executeRawUnsafe(`DELETE FROM "${table}"`);
  forgetInstallations();
}

export { prisma };
