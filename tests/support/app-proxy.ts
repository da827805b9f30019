/**
 * App proxy requests as Shopify forwards them: the storefront's `/apps/loyalty/<path>` arrives at `/proxy/<path>`
 * with the storefront's own query parameters plus `shop`, `logged_in_customer_id` (empty when logged out),
 * `path_prefix`, `timestamp` and `signature` = hex HMAC-SHA256 (app secret) over every other parameter, sorted by
 * key, each as `key=value` (a repeated key's values joined by ","), concatenated with no separator. No cookies.
 *
 * The one signer of the test suite: the route tests (`proxyRequest`) and the storefront server of the browser
 * tests (tests/support/storefront/server.ts, `shopifyProxyQuery`) both sign here, with the dev store's signer
 * (devstore/signing.ts), so the dev store's storefront and the tests sign the same way.
 */
import { proxySignature as signProxyParams } from "../../devstore/signing";
import { TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "./test-env";

export const PROXY_PATH_PREFIX = "/apps/loyalty";

export function proxySignature(params: URLSearchParams, secret = TEST_API_SECRET): string {
  return signProxyParams(params, secret);
}

export interface ShopifyProxyQueryOptions {
  shop?: string;
  /** Numeric customer id of the storefront session, or null/"" when logged out. */
  customerId?: string | null;
  pathPrefix?: string;
  /** Seconds since the epoch (default: now). */
  timestamp?: number;
  secret?: string;
}

/**
 * The query string Shopify sends the app: the storefront's parameters (`query`), with the parameters Shopify sets
 * itself overwriting any the storefront sent under the same names, then signed.
 */
export function shopifyProxyQuery(
  query: URLSearchParams | Record<string, string> = {},
  options: ShopifyProxyQueryOptions = {},
): URLSearchParams {
  const params = new URLSearchParams(query);
  params.set("shop", options.shop ?? TEST_SHOP);
  params.set("logged_in_customer_id", options.customerId ?? "");
  params.set("path_prefix", options.pathPrefix ?? PROXY_PATH_PREFIX);
  params.set("timestamp", String(options.timestamp ?? Math.floor(Date.now() / 1000)));
  params.delete("signature");
  params.set("signature", proxySignature(params, options.secret));
  return params;
}

export interface ProxyRequestOptions extends ShopifyProxyQueryOptions {
  method?: "GET" | "POST";
  body?: unknown;
  /** Extra query parameters (signed like the rest). */
  query?: Record<string, string>;
  /** Change the URL after signing (to forge). */
  tamper?: (params: URLSearchParams) => void;
}

/** A request for the app's `/proxy/<path>` route, as Shopify forwards it. */
export function proxyRequest(path: string, options: ProxyRequestOptions = {}): Request {
  const params = shopifyProxyQuery(options.query, options);
  options.tamper?.(params);
  const method = options.method ?? "GET";
  return new Request(`${TEST_APP_URL}/proxy/${path}?${params.toString()}`, {
    method,
    headers: method === "POST" ? { "Content-Type": "application/json" } : {},
    body: method === "POST" ? JSON.stringify(options.body ?? {}) : undefined,
  });
}
