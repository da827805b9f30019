/**
 * Shopify's app proxy signature: `signature` = hex HMAC-SHA256 (app secret) over every other query parameter,
 * sorted by key, each as `key=value` (repeated keys' values joined by ","), concatenated with no separator.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export function appProxySignature(params: URLSearchParams, secret: string): string {
  const message = [...new Set(params.keys())]
    .filter((key) => key !== "signature")
    .sort()
    .map((key) => `${key}=${params.getAll(key).join(",")}`)
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export function hasValidAppProxySignature(params: URLSearchParams, secret: string): boolean {
  const given = Buffer.from(params.get("signature") ?? "", "utf8");
  const expected = Buffer.from(appProxySignature(params, secret), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
