/**
 * Logs never hold a token, signature or HMAC (docs/decisions/010-trust-boundary.md): an admin document request
 * carrying `id_token`, `hmac`, `session` and a proxy-style `signature`, and a fetch with `Authorization: Bearer`,
 * go through the real route with the library logging at debug (its most talkative level, which prints the session
 * token), and no line printed holds any of them. At the default level the per-request lines are not printed at all.
 */
import { LogSeverity } from "@shopify/shopify-api";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { signSessionToken } from "../../devstore/signing";

// Read when shopify.server is imported: import the app after setting it.
process.env.LOG_LEVEL = "debug";
const { loader: home } = await import("~/routes/app._index");
const { createShopifyLogger, logLevelFrom } = await import("~/shopify/logger.server");
const { redactSecrets } = await import("~/http/redact.mjs");
const { callRoute } = await import("../support/admin");
const { storeOfflineSession } = await import("../support/sessions");

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const HMAC = "4712bf92ffc2917d15a2f5a273e39f0116667419aa4b6ac0b3baaf26fa3c4d20";
const SIGNATURE = "a9f2c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1";

let lines: string[];
beforeEach(() => {
  lines = [];
  for (const method of ["log", "info", "debug", "warn"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
  }
});
afterEach(() => vi.restoreAllMocks());

describe("the library's log at debug", () => {
  it("prints no session token, HMAC, signature or admin session id for an admin document request and a fetch", async () => {
    await storeOfflineSession(TEST_SHOP);
    const token = signSessionToken({ shop: TEST_SHOP, apiKey: TEST_API_KEY, secret: TEST_API_SECRET, userId: "1", sessionId: "admin-sess-42" });
    const host = Buffer.from("admin.shopify.com/store/test-shop").toString("base64").replace(/=+$/, "");
    const url = `${TEST_APP_URL}/app?embedded=1&host=${host}&id_token=${token}&hmac=${HMAC}&session=admin-sess-42&shop=${TEST_SHOP}&signature=${SIGNATURE}`;
    expect(await callRoute(home, new Request(url, { headers: { "User-Agent": BROWSER } }))).toMatchObject({ metrics: expect.any(Object) });
    const fetched = new Request(`${TEST_APP_URL}/app?_data=routes/app._index`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await callRoute(home, fetched)).toMatchObject({ metrics: expect.any(Object) });

    // The library did log these requests (at debug), so the check below is not vacuous.
    expect(lines.some((line) => line.includes("Attempting to authenticate session token"))).toBe(true);
    const [, payload = "", signaturePart = ""] = token.split(".");
    for (const secret of [token, payload, signaturePart, HMAC, SIGNATURE, "admin-sess-42"]) {
      expect(lines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});

describe("levels", () => {
  it("prints per-request lines only at debug, and everything else at its own level", () => {
    const info = createShopifyLogger(logLevelFrom(undefined));
    info.log(LogSeverity.Info, "[shopify-app/INFO] Authenticating admin request | {shop: a.myshopify.com}");
    info.log(LogSeverity.Info, "[shopify-app/INFO] Authenticating app proxy request | {shop: a.myshopify.com}");
    info.log(LogSeverity.Info, "[shopify-app/INFO] Requesting offline access token | {shop: a.myshopify.com}");
    info.log(LogSeverity.Debug, "[shopify-app/DEBUG] Loading session from storage");
    expect(lines).toEqual(["[shopify-app/INFO] Requesting offline access token | {shop: a.myshopify.com}"]);

    lines.length = 0;
    createShopifyLogger(logLevelFrom("debug")).log(LogSeverity.Info, "[shopify-app/INFO] Authenticating admin request | {shop: a.myshopify.com}");
    expect(lines).toEqual(["[shopify-app/DEBUG] Authenticating admin request | {shop: a.myshopify.com}"]);
  });

  it("reads LOG_LEVEL, and refuses a level it does not know", () => {
    expect(logLevelFrom("WARNING")).toBe(LogSeverity.Warning);
    expect(logLevelFrom("error")).toBe(LogSeverity.Error);
    expect(() => logLevelFrom("verbose")).toThrow('LOG_LEVEL must be error, warning, info or debug, not "verbose"');
  });
});

describe("redactSecrets", () => {
  it.each([
    ["GET /app?embedded=1&id_token=eyJhbGciOi.eyJpc3Mi.c2lnbmF0dXJl&hmac=abc123&shop=s.myshopify.com 200", "GET /app?embedded=1&id_token=[redacted]&hmac=[redacted]&shop=s.myshopify.com 200"],
    ["GET /proxy/account?shop=s.myshopify.com&signature=deadbeef&timestamp=1", "GET /proxy/account?shop=s.myshopify.com&signature=[redacted]&timestamp=1"],
    ["[shopify-app/DEBUG] x | {shop: s, sessionToken: abc.def, accessToken: shpat_123abc}", "[shopify-app/DEBUG] x | {shop: s, sessionToken: [redacted], accessToken: [redacted]}"],
    ['{"access_token":"shpat_1","refresh_token":"shprt_2","scope":"read_orders"}', '{"access_token":"[redacted]","refresh_token":"[redacted]","scope":"read_orders"}'],
    ["Authorization: Bearer abc.def.ghi", "Authorization: [redacted]"],
    ["X-Shopify-Access-Token: shpat_abcdef", "X-Shopify-Access-Token: [redacted]"],
    ["token shpat_0123456789abcdef used", "token [redacted] used"],
    ["session_id kept: offline_s.myshopify.com, code: 401", "session_id kept: offline_s.myshopify.com, code: 401"],
  ])("%s", (line, expected) => {
    expect(redactSecrets(line)).toBe(expected);
  });
});
