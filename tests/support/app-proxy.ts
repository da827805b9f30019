/**
 * App proxy requests as Shopify forwards them: the storefront's `/apps/loyalty/<path>` arrives at `/proxy/<path>`
 * with `shop`, `logged_in_customer_id` (empty when logged out), `path_prefix`, `timestamp` and `signature` =
 * hex HMAC-SHA256 over the other parameters sorted by key, joined as `k=v` with no separator.
 */
import { createHmac } from "node:crypto";
import { TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "./test-env";

export interface ProxyRequestOptions {
  shop?: string;
  /** Numeric customer id, or null when logged out. */
  customerId?: string | null;
  method?: "GET" | "POST";
  body?: unknown;
  secret?: string;
  /** Extra query parameters (signed like the rest). */
  query?: Record<string, string>;
  /** Change the URL after signing (to forge). */
  tamper?: (params: URLSearchParams) => void;
  timestamp?: number;
}

export function proxySignature(params: URLSearchParams, secret = TEST_API_SECRET): string {
  const pairs = [...new Set(params.keys())]
    .filter((key) => key !== "signature")
    .sort()
    .map((key) => `${key}=${params.getAll(key).join(",")}`);
  return createHmac("sha256", secret).update(pairs.join("")).digest("hex");
}

export function proxyRequest(path: string, options: ProxyRequestOptions = {}): Request {
  const params = new URLSearchParams({
    shop: options.shop ?? TEST_SHOP,
    logged_in_customer_id: options.customerId ?? "",
    path_prefix: "/apps/loyalty",
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    ...options.query,
  });
  params.set("signature", proxySignature(params, options.secret));
  options.tamper?.(params);
  const method = options.method ?? "GET";
  return new Request(`${TEST_APP_URL}/proxy/${path}?${params.toString()}`, {
    method,
    headers: method === "POST" ? { "Content-Type": "application/json" } : {},
    body: method === "POST" ? JSON.stringify(options.body ?? {}) : undefined,
  });
}
