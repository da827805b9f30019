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
/** The survey's own module (docs/decisions/035-surveys.md), loaded by snippets/loyalty-survey.liquid. */
export const SURVEYS_SOURCE = path.join(root, "storefront/surveys.js");
export const SURVEYS_ASSET = path.join(root, "extensions/loyalty-widget/assets/surveys.js");

function buildScript(source) {
  const { code } = transformSync(readFileSync(source, "utf8"), { minify: true, target: "es2020", charset: "utf8" });
  return `/* Built from storefront/${path.basename(source)} by npm run build:storefront: edit the source, not this file. */\n${code}`;
}

/** The asset's text for the current source. */
export function buildStorefrontScript() {
  return buildScript(STOREFRONT_SOURCE);
}

export function buildSurveysScript() {
  return buildScript(SURVEYS_SOURCE);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [source, asset] of [
    [STOREFRONT_SOURCE, STOREFRONT_ASSET],
    [SURVEYS_SOURCE, SURVEYS_ASSET],
  ]) {
    const built = buildScript(source);
    const name = path.relative(root, asset);
    if (process.argv.includes("--check")) {
      if (readFileSync(asset, "utf8") !== built) {
        console.error(`${name} is not the build of ${path.relative(root, source)}: run npm run build:storefront`);
        process.exit(1);
      }
    } else {
      writeFileSync(asset, built);
      console.log(`${name}: ${Buffer.byteLength(built)} bytes`);
    }
  }
}
