/**
 * Storefront weight: what the theme app extension ships to a shopper's browser. Prints raw, gzip and brotli
 * sizes of assets/rewards.js and assets/rewards.css (and the Liquid/locale sizes Shopify limits), and writes
 * bench/results/storefront-weight-latest.json. Exits 1 when the script exceeds its budget (3 KB gzipped) or
 * theme-check's 10 KB raw limit.
 *
 *   npx tsx bench/storefront-weight.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  CSS_GZIP_BUDGET_BYTES,
  JS_GZIP_BUDGET_BYTES,
  JS_RAW_LIMIT_BYTES,
  LIQUID_TOTAL_LIMIT_BYTES,
  LOCALE_FILE_LIMIT_BYTES,
  measureStorefrontWeight,
} from "../tests/support/storefront/weight";

const RESULTS_DIR = "bench/results";
const weight = measureStorefrontWeight();
const budgets = {
  jsGzipBytes: JS_GZIP_BUDGET_BYTES,
  jsRawBytes: JS_RAW_LIMIT_BYTES,
  cssGzipBytes: CSS_GZIP_BUDGET_BYTES,
  liquidTotalBytes: LIQUID_TOTAL_LIMIT_BYTES,
  localeFileBytes: LOCALE_FILE_LIMIT_BYTES,
};
const meets = {
  jsGzip: weight.js.gzipBytes <= JS_GZIP_BUDGET_BYTES,
  jsRaw: weight.js.rawBytes <= JS_RAW_LIMIT_BYTES,
  cssGzip: weight.css.gzipBytes <= CSS_GZIP_BUDGET_BYTES,
  liquidTotal: weight.liquidBytes <= LIQUID_TOTAL_LIMIT_BYTES,
  localeFile: weight.largestLocale.bytes <= LOCALE_FILE_LIMIT_BYTES,
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
console.log("Storefront weight (theme app extension extensions/loyalty-widget)\n");
console.table(
  [weight.js, weight.css].map((asset) => ({
    file: asset.file,
    raw: `${asset.rawBytes} B (${kb(asset.rawBytes)})`,
    gzip: `${asset.gzipBytes} B (${kb(asset.gzipBytes)})`,
    brotli: `${asset.brotliBytes} B (${kb(asset.brotliBytes)})`,
  })),
);
console.log(`JS gzip budget ${JS_GZIP_BUDGET_BYTES} B: ${meets.jsGzip ? "met" : "MISSED"}; ` +
  `theme-check raw limit ${JS_RAW_LIMIT_BYTES} B: ${meets.jsRaw ? "met" : "MISSED"}; ` +
  `CSS gzip budget ${CSS_GZIP_BUDGET_BYTES} B: ${meets.cssGzip ? "met" : "MISSED"}`);
console.log(`Liquid total ${weight.liquidBytes} B (limit ${LIQUID_TOTAL_LIMIT_BYTES}); largest locale ` +
  `${weight.largestLocale.file} ${weight.largestLocale.bytes} B (limit ${LOCALE_FILE_LIMIT_BYTES})`);

mkdirSync(RESULTS_DIR, { recursive: true });
const file = path.join(RESULTS_DIR, "storefront-weight-latest.json");
writeFileSync(file, JSON.stringify({ measuredAt: new Date().toISOString(), ...weight, budgets, meets }, null, 2) + "\n");
console.log(`\nWrote ${file}`);
if (!meets.jsGzip || !meets.jsRaw) process.exitCode = 1;
