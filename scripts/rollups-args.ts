/** The options both rollup commands take (scripts/rollups-rebuild.ts, scripts/rollups-verify.ts). */
import { parseArgs } from "node:util";

export function rollupCommandOptions(command: string, argv = process.argv.slice(2)): { shop: string | null } {
  const { values } = parseArgs({ args: argv, options: { shop: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true });
  if (values.help) {
    console.log(`usage: npm run ${command} [-- --shop <shop>.myshopify.com]   (every shop without --shop; DATABASE_URL names the database)`);
    process.exit(0);
  }
  return { shop: values.shop ?? null };
}
