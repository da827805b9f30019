/**
 * What the storefront extension costs a shopper's browser: raw, gzip (zlib's default level, as a CDN would
 * serve it) and brotli sizes of the JavaScript and CSS, plus the Liquid and locale sizes Shopify limits.
 * Used by bench/storefront-weight.ts and tests/storefront/weight.test.ts.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { ASSETS_DIR, EXTENSION_DIR, LOCALES_DIR } from "./extension";

/** The product goal: the whole script under 3 KB gzipped. */
export const JS_GZIP_BUDGET_BYTES = 3 * 1024;
/** theme-check's AssetSizeAppBlockJavaScript threshold, on the raw file. */
export const JS_RAW_LIMIT_BYTES = 10_000;
export const CSS_GZIP_BUDGET_BYTES = 2 * 1024;
/** Shopify's enforced limits for theme app extensions. */
export const LIQUID_TOTAL_LIMIT_BYTES = 100 * 1024;
export const LOCALE_FILE_LIMIT_BYTES = 15 * 1024;

export interface AssetWeight {
  file: string;
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
}

export interface StorefrontWeight {
  js: AssetWeight;
  css: AssetWeight;
  liquidBytes: number;
  largestLocale: { file: string; bytes: number };
}

export function measureAsset(file: string): AssetWeight {
  const bytes = readFileSync(path.join(ASSETS_DIR, file));
  return {
    file: `assets/${file}`,
    rawBytes: bytes.length,
    gzipBytes: gzipSync(bytes).length,
    brotliBytes: brotliCompressSync(bytes).length,
  };
}

export function measureStorefrontWeight(): StorefrontWeight {
  const liquidBytes = ["blocks", "snippets"]
    .flatMap((dir) =>
      readdirSync(path.join(EXTENSION_DIR, dir))
        .filter((f) => f.endsWith(".liquid"))
        .map((f) => readFileSync(path.join(EXTENSION_DIR, dir, f)).length),
    )
    .reduce((a, b) => a + b, 0);
  const locales = readdirSync(LOCALES_DIR).map((file) => ({ file, bytes: readFileSync(path.join(LOCALES_DIR, file)).length }));
  const largestLocale = locales.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return { js: measureAsset("rewards.js"), css: measureAsset("rewards.css"), liquidBytes, largestLocale };
}
