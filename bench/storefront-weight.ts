/**
 * Storefront weight: what the theme app extension ships to a shopper's browser. Prints raw, gzip and brotli
 * sizes of assets/rewards.js and assets/rewards.css (and the Liquid/locale sizes Shopify limits), and writes
 * bench/results/storefront-weight-latest.json. Exits 1 when the script exceeds its budget (3 KB gzipped) or
 * theme-check's 10 KB raw limit. Also the customer account and checkout UI extensions' bundles (built as Shopify CLI
 * builds them), each extension's compressed total against Shopify's 64 KB limit (ratio to the limit).
 * Then what a page view costs in Chromium (bench/support/storefront-views.ts): requests, app proxy requests and
 * bytes per page view, with the program facts as they were written before the storefront features (the baseline,
 * which the theme renders as it always did) and with the features off and on, measured in the same run.
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
import { measurePageViews } from "./support/storefront-views";
import { buildCustomerAccountExtensions, CUSTOMER_ACCOUNT_LIMIT_BYTES } from "../scripts/build-customer-account.mjs";

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

const uiExtensions = (buildCustomerAccountExtensions() as { handle: string; gzipBytes: number; withinLimit: boolean; modules: { target: string; rawBytes: number; gzipBytes: number; brotliBytes: number }[] }[]).map(
  (extension) => ({
    handle: extension.handle,
    gzipBytes: extension.gzipBytes,
    limitBytes: CUSTOMER_ACCOUNT_LIMIT_BYTES,
    ratioToLimit: Number((extension.gzipBytes / CUSTOMER_ACCOUNT_LIMIT_BYTES).toFixed(3)),
    withinLimit: extension.withinLimit,
    targets: extension.modules.map(({ target, rawBytes, gzipBytes, brotliBytes }) => ({ target, rawBytes, gzipBytes, brotliBytes })),
  }),
);
console.log(`\nCustomer account and checkout UI extensions (gzip, Shopify's limit ${kb(CUSTOMER_ACCOUNT_LIMIT_BYTES)} per extension)`);
console.table(uiExtensions.map((e) => ({ extension: e.handle, gzip: kb(e.gzipBytes), "of limit": `${(e.ratioToLimit * 100).toFixed(1)}%`, within: e.withinLimit })));

const pageViews = await measurePageViews();
console.log("\nPer page view (Rewards block + launcher embed; app proxy answered by a stub: the count, not the app, is measured)");
console.table(
  pageViews.map((v) => ({
    facts: v.facts,
    shopper: v.shopper,
    requests: v.requests,
    "proxy requests": v.proxyRequests,
    "proxy paths": v.proxyPaths.join(" ") || "-",
    scripts: v.scripts,
    bytes: v.bytes,
  })),
);

mkdirSync(RESULTS_DIR, { recursive: true });
const file = path.join(RESULTS_DIR, "storefront-weight-latest.json");
writeFileSync(file, JSON.stringify({ measuredAt: new Date().toISOString(), ...weight, budgets, meets, uiExtensions, pageViews }, null, 2) + "\n");
console.log(`\nWrote ${file}`);
if (!meets.jsGzip || !meets.jsRaw || uiExtensions.some((e) => !e.withinLimit)) process.exitCode = 1;
