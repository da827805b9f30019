/** Test database helpers: the app's own Prisma client (same DATABASE_URL), emptied between tests. */
import prisma from "~/db.server";

const TABLES = [
  "LedgerEntry",
  "Member",
  "OrderRecord",
  "RefundRecord",
  "ProductCache",
  "OutboxJob",
  "DataRequest",
  "EarningRule",
  "Tier",
  "Program",
  "Session",
] as const;

export async function resetDatabase(): Promise<void> {
  for (const table of TABLES) await prisma.$executeRawUnsafe(`DELETE FROM "${table}"`);
}

export { prisma };
