// Bundles the customer account Rewards page (extensions/customer-account-rewards) as Shopify CLI does: esbuild,
// one ES module, Preact's automatic JSX, minified. Shopify's limit is 64 KB compressed per extension; the bundle is
// measured against it by tests/customer-account/extension-bundle.test.ts and `npm run bench:storefront`.
// `npm run build:customer-account` writes build/customer-account-rewards.js (for the local dev store).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { buildSync } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CUSTOMER_ACCOUNT_ENTRY = path.join(root, "extensions/customer-account-rewards/src/index.tsx");
export const CUSTOMER_ACCOUNT_BUNDLE = path.join(root, "build/customer-account-rewards.js");
/** Shopify's limit for a UI extension's script, compressed. */
export const CUSTOMER_ACCOUNT_LIMIT_BYTES = 64 * 1024;

/** The bundle's text and its sizes (raw, gzip, brotli). */
export function buildCustomerAccountExtension() {
  const result = buildSync({
    entryPoints: [CUSTOMER_ACCOUNT_ENTRY],
    bundle: true,
    format: "esm",
    minify: true,
    target: "es2020",
    jsx: "automatic",
    jsxImportSource: "preact",
    write: false,
    legalComments: "none",
    logLevel: "silent",
  });
  const code = result.outputFiles[0].text;
  const bytes = Buffer.from(code);
  return {
    code,
    rawBytes: bytes.length,
    gzipBytes: gzipSync(bytes, { level: 9 }).length,
    brotliBytes: brotliCompressSync(bytes).length,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bundle = buildCustomerAccountExtension();
  mkdirSync(path.dirname(CUSTOMER_ACCOUNT_BUNDLE), { recursive: true });
  writeFileSync(CUSTOMER_ACCOUNT_BUNDLE, bundle.code);
  console.log(`${path.relative(root, CUSTOMER_ACCOUNT_BUNDLE)}: ${bundle.rawBytes} B raw, ${bundle.gzipBytes} B gzip, ${bundle.brotliBytes} B brotli (limit ${CUSTOMER_ACCOUNT_LIMIT_BYTES} B compressed)`);
}
