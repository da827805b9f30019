// Builds the theme extension's script: storefront/rewards.js (the source, commented) minified into
// extensions/loyalty-widget/assets/rewards.js (what Shopify serves to shoppers). Shopify accepts only assets,
// blocks, locales and snippets in a theme app extension, so the source lives outside it.
// `npm run build:storefront` writes it; `--check` exits 1 when the committed asset is not the build of the source
// (tests/storefront/weight.test.ts runs the same comparison).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const STOREFRONT_SOURCE = path.join(root, "storefront/rewards.js");
export const STOREFRONT_ASSET = path.join(root, "extensions/loyalty-widget/assets/rewards.js");

/** The asset's text for the current source. */
export function buildStorefrontScript() {
  const { code } = transformSync(readFileSync(STOREFRONT_SOURCE, "utf8"), { minify: true, target: "es2020", charset: "utf8" });
  return `/* Built from storefront/rewards.js by npm run build:storefront: edit the source, not this file. */\n${code}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = buildStorefrontScript();
  if (process.argv.includes("--check")) {
    if (readFileSync(STOREFRONT_ASSET, "utf8") !== built) {
      console.error("extensions/loyalty-widget/assets/rewards.js is not the build of storefront/rewards.js: run npm run build:storefront");
      process.exit(1);
    }
  } else {
    writeFileSync(STOREFRONT_ASSET, built);
    console.log(`${path.relative(root, STOREFRONT_ASSET)}: ${Buffer.byteLength(built)} bytes`);
  }
}
