/**
 * `npm run rollups:rebuild [-- --shop <shop>]`: rebuilds the report rollups of one shop, or of every shop, from its
 * ledger and orders (docs/decisions/015-daily-rollups.md). One transaction per shop replaces its rows and records
 * its RollupState; from then on the reports read them and every write keeps them. Run it after deploying the
 * migration that adds the rollups, and whenever `npm run rollups:verify` reports drift (after finding its cause).
 * On PostgreSQL a write committed meanwhile to a row being replaced fails the shop's rebuild (REPEATABLE READ): run
 * it again. Exit 0, or 2 when a shop could not be rebuilt.
 */
import { existsSync } from "node:fs";
import { createPrismaClient } from "../app/db.server";
import { rebuildShopRollups } from "../app/loyalty/server/rollups.server";
import { listRollupShops } from "../app/loyalty/server/rollups-source.server";
import { rollupCommandOptions } from "./rollups-args";

async function main(): Promise<number> {
  const { shop } = rollupCommandOptions("rollups:rebuild");
  if (process.env.DATABASE_URL === undefined && existsSync(".env")) process.loadEnvFile(".env");
  const db = createPrismaClient();
  let failed = 0;
  try {
    const shops = shop ? [shop] : await listRollupShops(db);
    for (const name of shops) {
      try {
        const summary = await rebuildShopRollups(db, name, new Date());
        console.log(
          `${name}: rebuilt in ${summary.timezone}: ${summary.ledgerRows} ledger day rows, ${summary.orders} paid orders, ${summary.customers} customers, ${summary.orderDayRows} order day rows (${summary.seconds.toFixed(1)} s)`,
        );
      } catch (error) {
        failed += 1;
        console.error(`${name}: not rebuilt: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (shops.length === 0) console.log("No shops.");
  } finally {
    await db.$disconnect();
  }
  return failed > 0 ? 2 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
