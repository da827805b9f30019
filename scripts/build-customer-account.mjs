// Bundles the customer account and checkout extensions' target modules as Shopify CLI does: esbuild, one ES module per target,
// Preact's automatic JSX, minified. Shopify's limit is 64 KB compressed per extension (the blocks extension's two
// targets are counted together); tests/customer-account/extension-bundle.test.ts checks it.
// `npm run build:customer-account` writes build/customer-account/<target>.js and prints the sizes.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { build, buildSync } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Each extension's target modules. */
export const CUSTOMER_ACCOUNT_EXTENSIONS = {
  "customer-account-rewards": { "customer-account.page.render": "extensions/customer-account-rewards/src/index.tsx" },
  "customer-account-points-blocks": {
    "customer-account.profile.block.render": "extensions/customer-account-blocks/src/profile.tsx",
    "customer-account.order-status.block.render": "extensions/customer-account-blocks/src/order-status.tsx",
  },
  "thank-you-points": { "purchase.thank-you.block.render": "extensions/thank-you-points/src/index.tsx" },
};
const OUTPUT_DIR = path.join(root, "build/customer-account");
/** Shopify's limit for a UI extension's script, compressed. */
export const CUSTOMER_ACCOUNT_LIMIT_BYTES = 64 * 1024;

function buildOptions(entry) {
  return {
    entryPoints: [path.join(root, entry)],
    bundle: true,
    format: "esm",
    minify: true,
    target: "es2020",
    jsx: "automatic",
    jsxImportSource: "preact",
    write: false,
    legalComments: "none",
    logLevel: "silent",
  };
}

function sizes(code) {
  const bytes = Buffer.from(code);
  return {
    code,
    rawBytes: bytes.length,
    gzipBytes: gzipSync(bytes, { level: 9 }).length,
    brotliBytes: brotliCompressSync(bytes).length,
  };
}

/** One target module's bundle: its text and sizes (raw, gzip, brotli). */
export function buildCustomerAccountModule(entry) {
  return sizes(buildSync(buildOptions(entry)).outputFiles[0].text);
}

/**
 * The same bundle with the app's URL constant (extensions/customer-account-rewards/src/app-url.ts) replaced, as a
 * merchant edits it before deploying: the local dev store builds the bundles it hosts with its own app's URL.
 */
export async function buildCustomerAccountModuleFor(entry, appUrl) {
  const appUrlPlugin = {
    name: "app-url",
    setup(plugin) {
      plugin.onLoad({ filter: /[\\/]app-url\.ts$/ }, () => ({ contents: `export const APP_URL = ${JSON.stringify(appUrl)};`, loader: "ts" }));
    },
  };
  const result = await build({ ...buildOptions(entry), plugins: [appUrlPlugin] });
  return sizes(result.outputFiles[0].text);
}

/** Every extension's target bundles, and each extension's compressed total (gzip) against the limit. */
export function buildCustomerAccountExtensions() {
  return Object.entries(CUSTOMER_ACCOUNT_EXTENSIONS).map(([handle, targets]) => {
    const modules = Object.entries(targets).map(([target, entry]) => ({ target, entry, ...buildCustomerAccountModule(entry) }));
    const gzipBytes = modules.reduce((sum, module) => sum + module.gzipBytes, 0);
    return { handle, modules, gzipBytes, withinLimit: gzipBytes <= CUSTOMER_ACCOUNT_LIMIT_BYTES };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  for (const extension of buildCustomerAccountExtensions()) {
    for (const module of extension.modules) {
      writeFileSync(path.join(OUTPUT_DIR, `${module.target}.js`), module.code);
      console.log(`${extension.handle} ${module.target}: ${module.rawBytes} B raw, ${module.gzipBytes} B gzip, ${module.brotliBytes} B brotli`);
    }
    console.log(`${extension.handle}: ${extension.gzipBytes} B gzip in all (limit ${CUSTOMER_ACCOUNT_LIMIT_BYTES} B)${extension.withinLimit ? "" : " OVER THE LIMIT"}`);
  }
}
