/**
 * `npm run rollups:verify [-- --shop <shop>]`: compares the stored report rollups of one shop, or of every shop,
 * with what its ledger and orders give (docs/decisions/015-daily-rollups.md). Read only: it reports drift and never
 * fixes it (`npm run rollups:rebuild` does, once the cause is known). One line per drifting figure:
 *   DRIFT <shop> <table> <row> <figure>: stored <value>, ledger <value>
 * Exit 0 without drift, 1 with drift, 2 when a shop could not be checked. A shop whose rollups were never built
 * is listed as such (its reports read the ledger): not drift.
 */
import { existsSync } from "node:fs";
import { createPrismaClient } from "../app/db.server";
import { listRollupShops, verifyShopRollups } from "../app/loyalty/server/rollups-source.server";
import { rollupCommandOptions } from "./rollups-args";

async function main(): Promise<number> {
  const { shop } = rollupCommandOptions("rollups:verify");
  if (process.env.DATABASE_URL === undefined && existsSync(".env")) process.loadEnvFile(".env");
  const db = createPrismaClient();
  let drifting = 0;
  let failed = 0;
  try {
    const shops = shop ? [shop] : await listRollupShops(db);
    for (const name of shops) {
      try {
        const result = await verifyShopRollups(db, name);
        if (result.builtIn === null) {
          console.log(`${name}: not built (its reports read the ledger): run npm run rollups:rebuild`);
          continue;
        }
        for (const drift of result.drifts) {
          console.log(`DRIFT ${drift.shop} ${drift.table} ${drift.key} ${drift.figure}: stored ${String(drift.stored)}, ledger ${String(drift.expected)}`);
        }
        const { ledgerRows, orderDayRows, customers, orders } = result.checked;
        const checked = `${ledgerRows} ledger day rows, ${orderDayRows} order day rows, ${customers} customers, ${orders} paid orders`;
        console.log(`${name}: ${result.drifts.length === 0 ? "no drift" : `${result.drifts.length} drifting figure(s)`} (${checked}; built ${result.builtAt?.toISOString() ?? "?"} in ${result.builtIn})`);
        if (result.drifts.length > 0) drifting += 1;
      } catch (error) {
        failed += 1;
        console.error(`${name}: not checked: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (shops.length === 0) console.log("No shops.");
  } finally {
    await db.$disconnect();
  }
  return failed > 0 ? 2 : drifting > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
