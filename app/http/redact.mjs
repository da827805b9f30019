/**
 * Log lines never hold a credential: `redactSecrets` blanks them out of any text before it is printed.
 * Plain JavaScript so the production server (server.mjs, not built by Vite) and the app share one definition.
 *
 * Rules (docs/decisions/010-trust-boundary.md):
 * - A value named like a credential is replaced by `[redacted]`, whether written `name=value` (query strings,
 *   form bodies), `name: value` (the Shopify library's log context), `"name":"value"` (JSON) or `Name: value`
 *   (headers): session tokens (`id_token`, `sessionToken`), signatures (`hmac`, `signature`), the admin's
 *   `session` id (and the token's `sid` claim), access and refresh tokens, `Authorization`, client secrets.
 * - Wherever they appear, unnamed: JWTs (`eyJ….….…`), Shopify access/refresh tokens (`shpat_…`, `shprt_…`, …) and
 *   `Bearer …` credentials.
 * - The rest of the line (paths, shops, ids, statuses) is kept: redaction must not make logs useless.
 */

const KEYS = [
  "id_token",
  "idToken",
  "session_token",
  "sessionToken",
  "hmac",
  "signature",
  "session",
  "sid",
  "access_token",
  "accessToken",
  "refresh_token",
  "refreshToken",
  "x-shopify-access-token",
  "authorization",
  "client_secret",
  "clientSecret",
  "apiSecretKey",
  "subject_token",
].join("|");

/** `name=value` up to the next separator of a query string, form body or log line. */
const PARAM = new RegExp(`(^|[?&;\\s,{("'])(${KEYS})=[^&\\s"',;)}]*`, "gi");
/** `"name": "value"` (JSON, a string value). */
const JSON_STRING = new RegExp(`("(?:${KEYS})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, "gi");
/** `name: value` (log context, headers) up to the next comma, brace or line end. */
const COLON = new RegExp(`(^|[\\s,{(])(${KEYS})(\\s*:\\s*)(?=\\S)(?!\\[redacted\\])[^,}\\n)]*`, "gi");
const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const SHOPIFY_TOKEN = /\bshp(?:at|ua|rt|ca|pa|ss)_[A-Za-z0-9]+/g;
const BEARER = /\bBearer\s+[^\s,"'}]+/gi;

/**
 * @param {string} text
 * @returns {string}
 */
export function redactSecrets(text) {
  return text
    .replace(JWT, "[redacted]")
    .replace(SHOPIFY_TOKEN, "[redacted]")
    .replace(BEARER, "Bearer [redacted]")
    .replace(PARAM, "$1$2=[redacted]")
    .replace(JSON_STRING, '$1"[redacted]"')
    .replace(COLON, "$1$2$3[redacted]");
}
