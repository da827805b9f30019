/** Test database helpers: the app's own Prisma client (same DATABASE_URL), emptied between tests. */
import prisma from "~/db.server";

/** Every application table, read from the schema itself so a new model is never left out. */
async function tables(): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<{ name: string }[]>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%'",
  );
  return rows.map((row) => row.name);
}

export async function resetDatabase(): Promise<void> {
  for (const table of await tables()) await prisma.$executeRawUnsafe(`DELETE FROM "${table}"`);
}

export { prisma };
