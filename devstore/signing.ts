/**
 * Every signature Shopify makes with an app's secret, made the way Shopify makes it. The dev store signs with
 * these; the test suite's helpers (tests/support/webhooks.ts, tests/support/app-proxy.ts) sign with the same code.
 *
 * - Webhook: `X-Shopify-Hmac-Sha256` = base64(HMAC-SHA256(raw body, secret)).
 * - App proxy: `signature` = hex HMAC-SHA256 over every other query parameter, sorted by key, each `key=value`
 *   (a repeated key's values joined by ","), concatenated with no separator.
 * - Admin session token (what App Bridge's `idToken()` returns and the admin puts in `id_token`): a JWT, HS256 with
 *   the secret, `iss` = https://<shop>/admin, `dest` = https://<shop>, `aud` = the api key, `sub` = the staff
 *   user id, `exp` one minute after `nbf`/`iat`, a fresh `jti`, and `sid`.
 * - OAuth-style `hmac` on the admin's app URL: hex HMAC-SHA256 over the other parameters, sorted, `k=v` joined by "&".
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export function webhookHmac(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export function proxySignature(params: URLSearchParams, secret: string): string {
  const pairs = [...new Set(params.keys())]
    .filter((key) => key !== "signature")
    .sort()
    .map((key) => `${key}=${params.getAll(key).join(",")}`);
  return createHmac("sha256", secret).update(pairs.join("")).digest("hex");
}

export interface ProxyQueryOptions {
  shop: string;
  /** Numeric customer id of the storefront session; null or "" when logged out. */
  customerId: string | null;
  /** The storefront path prefix the request came through, e.g. "/apps/loyalty". */
  pathPrefix: string;
  /** Seconds since the epoch (default: now). */
  timestamp?: number;
  secret: string;
}

/**
 * The query string Shopify sends the app for a storefront request through the app proxy: the storefront's own
 * parameters, with the ones Shopify sets itself overwriting any the storefront sent under the same names, signed.
 */
export function signedProxyQuery(query: URLSearchParams | Record<string, string>, options: ProxyQueryOptions): URLSearchParams {
  const params = new URLSearchParams(query);
  params.set("shop", options.shop);
  params.set("logged_in_customer_id", options.customerId ?? "");
  params.set("path_prefix", options.pathPrefix);
  params.set("timestamp", String(options.timestamp ?? Math.floor(Date.now() / 1000)));
  params.delete("signature");
  params.set("signature", proxySignature(params, options.secret));
  return params;
}

/** The `hmac` Shopify adds to the URL it opens an app at (OAuth-style: sorted `k=v` joined by "&"). */
export function queryHmac(params: URLSearchParams, secret: string): string {
  const message = [...params.entries()]
    .filter(([key]) => key !== "hmac" && key !== "signature")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
  sig?: string;
}

export interface SessionTokenOptions {
  shop: string;
  apiKey: string;
  secret: string;
  /** Staff user id (numeric string). */
  userId: string;
  /** Admin session id (stable for the browser session). */
  sessionId: string;
  /** Seconds since the epoch (default now). */
  now?: number;
  /** Lifetime in seconds (Shopify: 60). */
  lifetime?: number;
}

export function signSessionToken(options: SessionTokenOptions): string {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const claims: SessionTokenClaims = {
    iss: `https://${options.shop}/admin`,
    dest: `https://${options.shop}`,
    aud: options.apiKey,
    sub: options.userId,
    exp: now + (options.lifetime ?? 60),
    nbf: now,
    iat: now,
    jti: randomUUID(),
    sid: options.sessionId,
  };
  return signJwt(claims as unknown as Record<string, unknown>, options.secret);
}

export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** Clock skew Shopify's library tolerates on exp/nbf (seconds); the dev store accepts the same. */
const CLOCK_TOLERANCE = 10;

export type SessionTokenCheck = { ok: true; claims: SessionTokenClaims } | { ok: false; reason: string };

/** Verifies a session token as Shopify's token endpoint does: signature, algorithm, audience, time, destination. */
export function verifySessionToken(
  token: string,
  expected: { apiKey: string; secret: string; shop: string; now?: number },
): SessionTokenCheck {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "not a JWT" };
  const [header = "", payload = "", signature = ""] = parts;
  let parsedHeader: { alg?: unknown };
  let claims: Partial<SessionTokenClaims>;
  try {
    parsedHeader = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown };
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<SessionTokenClaims>;
  } catch {
    return { ok: false, reason: "not a JWT" };
  }
  if (parsedHeader.alg !== "HS256") return { ok: false, reason: "algorithm is not HS256" };
  const wanted = createHmac("sha256", expected.secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { ok: false, reason: "bad signature" };
  const now = expected.now ?? Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== "number" || claims.exp + CLOCK_TOLERANCE < now) return { ok: false, reason: "expired" };
  if (typeof claims.nbf !== "number" || claims.nbf - CLOCK_TOLERANCE > now) return { ok: false, reason: "not yet valid" };
  if (claims.aud !== expected.apiKey) return { ok: false, reason: "audience is not this app" };
  if (claims.dest !== `https://${expected.shop}`) return { ok: false, reason: "destination is another shop" };
  return { ok: true, claims: claims as SessionTokenClaims };
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}
