/**
 * The app proxy's signature, checked as `authenticate.public.appProxy` checks it (@shopify/shopify-app-remix 6.0.1
 * over @shopify/shopify-api 15.0.0), without what the library does next: loading the shop's offline session, which
 * the proxy routes never use (docs/decisions/016-storefront-path.md).
 *
 * Rules — the library's, kept exactly (tests/proxy/signature.test.ts asks both about the same generated requests):
 * - `signature` = hex HMAC-SHA256 with the app secret over the query parameters other than `signature` and `hmac`,
 *   sorted by key with `localeCompare`, each written `key=value` (a repeated key's values joined by ","), with no
 *   separator. Compared in constant time.
 * - `shop`, `timestamp`, `signature` and `hmac` may appear at most once; `signature` must be present and not empty;
 *   `timestamp` must be an integer (as `Number` reads it) at most 90 seconds from now, either way.
 * - An empty or absent `index` parameter is left out. When the check fails, it is tried twice more as the library
 *   does for Remix data requests: with `_data=routes/<route>` added, then with `_data=routes/<route>._index` added
 *   to the query as it arrived.
 * Pure: the secret and the time are passed in.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const SINGLE_VALUE_PARAMS = new Set(["hmac", "shop", "signature", "timestamp"]);
/** How far the request's timestamp may be from our clock, in seconds (the library's tolerance). */
export const PROXY_TIMESTAMP_TOLERANCE_SECONDS = 90;
/** `a.localeCompare(b)` is, by definition, `new Intl.Collator().compare(a, b)`: made once here. */
const byLocale = new Intl.Collator().compare;

class Refused extends Error {}

/** The query as the library reads it: one value per key, repeated keys joined by ",", except the single-value ones. */
function normalize(params: URLSearchParams): Record<string, string> {
  const query = Object.create(null) as Record<string, string>;
  for (const [key, value] of params.entries()) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (SINGLE_VALUE_PARAMS.has(key)) throw new Refused(`Query parameter "${key}" must not appear more than once`);
    else query[key] = `${existing},${value}`;
  }
  return query;
}

function isSigned(params: URLSearchParams, secret: string, nowSeconds: number): boolean {
  const { hmac: _hmac, signature, ...query } = normalize(params);
  if (!signature) throw new Refused("Query does not contain a signature value");
  const { timestamp } = query;
  if (timestamp === undefined || !Number.isInteger(Number(timestamp))) throw new Refused("Timestamp is missing or invalid");
  if (Math.abs(nowSeconds - Number(timestamp)) > PROXY_TIMESTAMP_TOLERANCE_SECONDS) throw new Refused("Timestamp is outside the tolerance");
  const message = Object.entries(query)
    .sort(([a], [b]) => byLocale(a, b))
    .reduce((text, [key, value]) => `${text}${key}=${value}`, "");
  const expected = Buffer.from(createHmac("sha256", secret).update(message).digest("hex"));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Whether Shopify signed this app proxy URL with `secret` (`nowSeconds`: our clock, seconds since the epoch).
 * Never throws for anything a request can carry: a malformed signature, timestamp or repeated parameter is `false`.
 */
export function isSignedAppProxyUrl(url: URL, secret: string, nowSeconds: number): boolean {
  if (!secret) throw new Error("The app secret is empty: app proxy requests cannot be verified");
  try {
    const params = new URLSearchParams(url.search);
    if (!params.get("index")) params.delete("index");
    if (isSigned(params, secret, nowSeconds)) return true;
    const route = url.pathname.replace(/^\//, "").replace(/\/$/, "").replaceAll("/", ".");
    const data = `routes%2F${route}`;
    if (isSigned(new URLSearchParams(`?_data=${data}&${params.toString()}`), secret, nowSeconds)) return true;
    return isSigned(new URLSearchParams(`?_data=${data}._index&${url.search.replace(/^\?/, "")}`), secret, nowSeconds);
  } catch (error) {
    if (error instanceof Refused) return false;
    throw error;
  }
}
