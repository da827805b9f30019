/**
 * What an embedded admin request carries that the Shopify library does not check for us, checked as pure functions
 * (no I/O, no clock) so the rules are testable on their own.
 *
 * Rules:
 * - `host` (base64 of the admin's host, e.g. "admin.shopify.com/store/demo") is not signed. The library decodes it
 *   and builds a URL from it without catching: garbage there was a TypeError and a 500. Present and malformed → the
 *   request is refused (400) before the library sees it; absent is the library's business (it redirects to login).
 * - A session token is signed (HS256 with the app secret) and the library checks its signature, `aud`, `exp` and
 *   `nbf`, then trusts `dest` for the shop. It never compares `iss` (https://<shop>/admin) with `dest`
 *   (https://<shop>): Shopify issues both for the same shop, so a token whose two shops differ is refused.
 * - Nothing here verifies a signature: these checks run before the library's, never instead of them.
 */

/** Where Shopify's admin lives (the library's own list in shopify-api's `sanitizeHost`). */
const ADMIN_HOST_DOMAINS = /\.(myshopify\.com|shopify\.com|myshopify\.io|spin\.dev|shop\.dev)$/i;

/** The decoded `host` when it is base64 of `<admin hostname>[:port][/path]` on a Shopify domain, else null. */
export function decodeAdminHost(host: string): string | null {
  if (!/^[0-9a-zA-Z+/]+={0,2}$/.test(host) || host.length > 1024) return null;
  const decoded = Buffer.from(host, "base64").toString("utf8");
  const match = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)(?::\d{1,5})?(?:\/[A-Za-z0-9._~\-/]*)?$/i.exec(decoded);
  if (!match?.[1] || !ADMIN_HOST_DOMAINS.test(match[1])) return null;
  return decoded;
}

/** The session token of an admin request: the `Authorization: Bearer` header (fetches), else `id_token` (documents). */
export function sessionTokenOf(request: Request): string | null {
  const header = request.headers.get("Authorization");
  if (header?.startsWith("Bearer ")) return header.slice("Bearer ".length).trim() || null;
  return new URL(request.url).searchParams.get("id_token");
}

export interface SessionTokenShops {
  /** The shop of `iss` ("https://<shop>/admin"; Shopify's test helper omits the scheme). */
  issuer: string | null;
  /** The shop of `dest` ("https://<shop>"), which the library uses as the request's shop. */
  destination: string | null;
}

/** The shops a session token names, read without verifying it; null when it is not a JWT with a JSON payload. */
export function sessionTokenShops(token: string): SessionTokenShops | null {
  const payload = token.split(".")[1];
  if (payload === undefined || token.split(".").length !== 3) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!claims || typeof claims !== "object") return null;
  const { iss, dest } = claims as { iss?: unknown; dest?: unknown };
  return { issuer: shopOfClaim(iss), destination: shopOfClaim(dest) };
}

function shopOfClaim(claim: unknown): string | null {
  if (typeof claim !== "string") return null;
  const host = claim.replace(/^https:\/\//i, "").split("/")[0]?.toLowerCase() ?? "";
  return /^[a-z0-9][a-z0-9.-]*$/.test(host) ? host : null;
}

export type AdminRequestProblem = { status: 400 | 401; message: string } | null;

/** The first reason to refuse this admin request before the library authenticates it, or null. */
export function adminRequestProblem(request: Request): AdminRequestProblem {
  const host = new URL(request.url).searchParams.get("host");
  if (host !== null && decodeAdminHost(host) === null) {
    return { status: 400, message: "The host parameter is not a Shopify admin host. Open the app from your Shopify admin." };
  }
  const token = sessionTokenOf(request);
  if (token === null) return null;
  const shops = sessionTokenShops(token);
  // Not a JWT: the library refuses it (401 for fetches, the bounce page for documents).
  if (shops === null) return null;
  if (shops.issuer === null || shops.destination === null || shops.issuer !== shops.destination) {
    return { status: 401, message: "The session token's issuer and destination are different shops." };
  }
  return null;
}
