/** The storefront script stays tiny: ≤ 3 KB gzipped (the product goal) and under theme-check's 10 KB raw limit. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildStorefrontScript, STOREFRONT_ASSET } from "../../scripts/build-storefront.mjs";
import {
  CSS_GZIP_BUDGET_BYTES,
  JS_GZIP_BUDGET_BYTES,
  JS_RAW_LIMIT_BYTES,
  LIQUID_TOTAL_LIMIT_BYTES,
  LOCALE_FILE_LIMIT_BYTES,
  measureStorefrontWeight,
} from "../support/storefront/weight";

describe("storefront weight", () => {
  const weight = measureStorefrontWeight();

  it("ships at most 3 KB of gzipped JavaScript", () => {
    expect(weight.js.gzipBytes).toBeLessThanOrEqual(JS_GZIP_BUDGET_BYTES);
    expect(weight.js.rawBytes).toBeLessThanOrEqual(JS_RAW_LIMIT_BYTES);
  });

  it("ships the minified build of storefront/rewards.js (npm run build:storefront)", () => {
    expect(readFileSync(STOREFRONT_ASSET, "utf8")).toBe(buildStorefrontScript());
  });

  it("ships a small stylesheet", () => {
    expect(weight.css.gzipBytes).toBeLessThanOrEqual(CSS_GZIP_BUDGET_BYTES);
  });

  it("stays within Shopify's Liquid and locale file limits", () => {
    expect(weight.liquidBytes).toBeLessThanOrEqual(LIQUID_TOTAL_LIMIT_BYTES);
    expect(weight.largestLocale.bytes).toBeLessThanOrEqual(LOCALE_FILE_LIMIT_BYTES);
  });
});
