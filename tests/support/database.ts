/** Test database helpers: the app's own Prisma client (same DATABASE_URL), emptied between tests. */
import prisma from "~/db.server";
import { sqlDialect } from "~/db/dialect.server";
import { PROGRAM_FACTS_SYNC } from "~/loyalty/server/outbox.server";
import { getShopProgram, saveProgramSettings } from "~/loyalty/server/program.server";
import { forgetInstallations } from "~/shopify/webhooks/installations.server";
import { TEST_SHOP } from "./test-env";

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

/**
 * Empties every table. Then, unless `program: "none"`, the test shop gets its default program already launched, as a
 * merchant's is once past the guided setup (a new program is a draft that awards nothing: ADR 023). Tests of the
 * draft and the launch itself (tests/admin/launch.test.ts) start with no program.
 */
export async function resetDatabase(options: { program?: "launched" | "none" } = {}): Promise<void> {
  for (const table of await listTables()) await prisma.$executeRawUnsafe(`DELETE FROM "${table}"`);
  forgetInstallations();
  if (options.program !== "none") await launchProgramOf(TEST_SHOP);
}

/** The shop's program (created with the defaults if it has none) made live, as Launch leaves it. */
export async function launchProgramOf(shop: string): Promise<void> {
  const { settings } = await getShopProgram(prisma, shop);
  if (settings.status !== "live") await prisma.$transaction((tx) => saveProgramSettings(tx, shop, { ...settings, status: "live" }));
  await forgetProgramFactsSync(shop);
}

/**
 * Drops the program-facts job a program save queues (its storefront copy, program-facts.server.ts): tests of other
 * jobs count what they run, and that copy is not theirs (tests/storefront/reminder-banner.test.ts runs it).
 */
export async function forgetProgramFactsSync(shop: string): Promise<void> {
  await prisma.outboxJob.deleteMany({ where: { shop, kind: PROGRAM_FACTS_SYNC } });
}

export { prisma };
