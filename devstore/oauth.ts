/**
 * Shopify's token endpoint, `POST https://<shop>/admin/oauth/access_token`, as @shopify/shopify-api 15 calls it
 * (lib/auth/oauth/token-exchange.mjs, refresh-token.mjs, migrate-to-expiring-token.mjs): a JSON body with
 * client_id, client_secret and the grant.
 *
 * Grants:
 * - token exchange (`urn:ietf:params:oauth:grant-type:token-exchange`) of a session token
 *   (`subject_token_type` = id_token) for an offline or online access token. The session token must be one the
 *   admin signed for this app and this shop (HS256 with the app secret, aud = api key, dest = https://<shop>, not
 *   expired); otherwise 400 `invalid_subject_token`, which the library answers by asking App Bridge for a new one.
 *   `expiring=1` (expiringOfflineAccessTokens) → an access token for 3,600 s plus a refresh token for 90 days, and
 *   every earlier expiring token of the shop is revoked (one active expiring token per app and shop) — once the new
 *   access token is first used. That grace is documented for refresh tokens (2026-08); applying it to access tokens
 *   too is an assumption, and what lets an embedded app's parallel loaders (/app and /app/_index both exchange the
 *   same session token on first load) finish with whichever token they got.
 * - token exchange of a non-expiring offline token (`subject_token_type` = offline-access-token, the library's
 *   migration) for an expiring one.
 * - `refresh_token`: a new access token and a new refresh token; the used refresh token keeps working until the new
 *   access token is first used (devstore/shop.ts), as Shopify does since 2026-08.
 * Wrong client credentials → 401 `invalid_client`; anything else → 400 with an OAuth error code.
 */
import { randomBytes } from "node:crypto";
import type { DevShop, TokenRecord } from "./shop";
import { verifySessionToken } from "./signing";

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE_TOKEN = "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE_TOKEN = "urn:shopify:params:oauth:token-type:online-access-token";

export const ACCESS_TOKEN_LIFETIME_S = 3600;
export const REFRESH_TOKEN_LIFETIME_S = 90 * 24 * 3600;
export const ONLINE_TOKEN_LIFETIME_S = 86399;

export interface OAuthApp {
  apiKey: string;
  apiSecret: string;
  scopes: string[];
}

export interface OAuthAnswer {
  status: number;
  body: Record<string, unknown>;
  /** A line for the dev store's log. */
  log?: string;
}

export function answerTokenRequest(shop: DevShop, app: OAuthApp, body: Record<string, unknown>, now = Date.now()): OAuthAnswer {
  const error = (status: number, code: string, description: string): OAuthAnswer => ({
    status,
    body: { error: code, error_description: description },
    log: `[devstore] ${shop.domain}: token endpoint refused (${code}: ${description})`,
  });
  if (body.client_id !== app.apiKey || body.client_secret !== app.apiSecret) {
    return error(401, "invalid_client", "Client authentication failed: unknown client_id or wrong client_secret");
  }
  const scope = app.scopes.join(",");
  const grant = body.grant_type;

  if (grant === "refresh_token") {
    const presented = typeof body.refresh_token === "string" ? body.refresh_token : "";
    const record = shop.tokens.find((t) => t.kind === "refresh" && t.token === presented);
    if (!record || record.revoked || (record.expiresAt !== null && record.expiresAt <= now)) {
      return error(400, "invalid_grant", "The refresh token is invalid, expired or revoked");
    }
    const issued = issueExpiringOffline(shop, scope, now);
    return { status: 200, body: offlineBody(issued), log: `[devstore] ${shop.domain}: offline token refreshed` };
  }

  if (grant !== TOKEN_EXCHANGE) {
    return error(400, "unsupported_grant_type", `The dev store answers token exchange and refresh_token, not ${String(grant)}`);
  }
  const subject = typeof body.subject_token === "string" ? body.subject_token : "";
  const requested = body.requested_token_type;
  const expiring = body.expiring === "1" || body.expiring === 1 || body.expiring === true;

  if (body.subject_token_type === OFFLINE_TOKEN) {
    const record = shop.tokens.find((t) => t.kind === "offline" && t.token === subject && !t.expiring);
    if (!record || record.revoked) return error(400, "invalid_subject_token", "Not a valid non-expiring offline access token");
    if (requested !== OFFLINE_TOKEN || !expiring) return error(400, "invalid_request", "Migration must request an expiring offline token");
    record.revoked = true;
    const issued = issueExpiringOffline(shop, scope, now);
    return { status: 200, body: offlineBody(issued), log: `[devstore] ${shop.domain}: offline token migrated to an expiring one` };
  }
  if (body.subject_token_type !== ID_TOKEN) {
    return error(400, "invalid_request", `Unsupported subject_token_type ${String(body.subject_token_type)}`);
  }
  const checked = verifySessionToken(subject, { apiKey: app.apiKey, secret: app.apiSecret, shop: shop.domain, now: Math.floor(now / 1000) });
  if (!checked.ok) return error(400, "invalid_subject_token", `Session token rejected: ${checked.reason}`);

  if (requested === ONLINE_TOKEN) {
    const access = addToken(shop, { kind: "online", scope, now, lifetimeS: ONLINE_TOKEN_LIFETIME_S, prefix: "shpua" });
    const staff = shop.staff;
    return {
      status: 200,
      body: {
        access_token: access.token,
        scope,
        expires_in: ONLINE_TOKEN_LIFETIME_S,
        associated_user_scope: scope,
        associated_user: {
          id: Number(checked.claims.sub),
          first_name: staff.firstName,
          last_name: staff.lastName,
          email: staff.email,
          account_owner: true,
          locale: "en",
          collaborator: false,
          email_verified: true,
        },
      },
      log: `[devstore] ${shop.domain}: online token issued for staff ${checked.claims.sub}`,
    };
  }
  if (requested !== OFFLINE_TOKEN) {
    return error(400, "invalid_request", `Unsupported requested_token_type ${String(requested)}`);
  }
  if (expiring) {
    const issued = issueExpiringOffline(shop, scope, now);
    return { status: 200, body: offlineBody(issued), log: `[devstore] ${shop.domain}: app installed/authorized, expiring offline token issued` };
  }
  const access = addToken(shop, { kind: "offline", scope, now, lifetimeS: null, prefix: "shpat" });
  return {
    status: 200,
    body: { access_token: access.token, scope },
    log: `[devstore] ${shop.domain}: app installed/authorized, non-expiring offline token issued`,
  };
}

interface IssuedPair {
  access: TokenRecord;
  refresh: TokenRecord;
}

function offlineBody({ access, refresh }: IssuedPair): Record<string, unknown> {
  return {
    access_token: access.token,
    scope: access.scope,
    expires_in: ACCESS_TOKEN_LIFETIME_S,
    refresh_token: refresh.token,
    refresh_token_expires_in: REFRESH_TOKEN_LIFETIME_S,
  };
}

/** A new expiring access + refresh pair; every other expiring token of the shop is retired when the new access
 * token is first used (DevShop.useAccessToken). */
function issueExpiringOffline(shop: DevShop, scope: string, now: number): IssuedPair {
  const access = addToken(shop, { kind: "offline", scope, now, lifetimeS: ACCESS_TOKEN_LIFETIME_S, prefix: "shpat", expiring: true });
  for (const token of shop.tokens) {
    if (token.expiring && !token.revoked && token !== access) token.supersededBy = access.token;
  }
  const refresh = addToken(shop, { kind: "refresh", scope, now, lifetimeS: REFRESH_TOKEN_LIFETIME_S, prefix: "shprt", expiring: true });
  refresh.pairedWith = access.token;
  // Drop long-dead tokens so the shop file does not grow forever.
  shop.tokens = shop.tokens.filter((t) => !t.revoked || now - t.issuedAt < 24 * 3600_000);
  return { access, refresh };
}

function addToken(
  shop: DevShop,
  spec: { kind: TokenRecord["kind"]; scope: string; now: number; lifetimeS: number | null; prefix: string; expiring?: boolean },
): TokenRecord {
  const record: TokenRecord = {
    token: `${spec.prefix}_${randomBytes(16).toString("hex")}`,
    kind: spec.kind,
    scope: spec.scope,
    issuedAt: spec.now,
    expiresAt: spec.lifetimeS === null ? null : spec.now + spec.lifetimeS * 1000,
    revoked: false,
    expiring: spec.expiring ?? false,
  };
  shop.tokens.push(record);
  return record;
}
