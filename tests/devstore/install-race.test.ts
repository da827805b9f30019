/**
 * The install race and dead tokens, against the dev store (which retires every earlier expiring token once a newer
 * one is used, as Shopify does): the embedded app's parallel loaders on install make one token exchange and the
 * stored token keeps working; an older token stored after a newer one does not replace it; a refused token is
 * refreshed and the call retried once; when that fails too, the shop is recorded as needing re-authentication
 * (the home page's Reconnect banner) until the merchant opens the app again. Also: the scopes the dev store grants
 * are the ones shopify.app.toml, .env.example and the tests declare, write_app_proxy included.
 */
import { readFileSync } from "node:fs";
import { Session } from "@shopify/shopify-api";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startTestDevStore } from "../support/devstore";
import { TEST_API_KEY, TEST_API_SECRET } from "../support/test-env";
import { readAppConfig } from "../../devstore/app-config";
import { signSessionToken } from "../../devstore/signing";

const { devstore, shop, logs, close } = await startTestDevStore();
afterAll(() => close());
// The app, imported after the network is in place (the library captures fetch on import).
const { sessionStorage } = await import("~/shopify.server");
const { requireAdmin } = await import("~/shopify/admin-auth.server");
const { adminGraphqlForShop } = await import("~/shopify/admin-graphql.server");
const { getReauthRequired } = await import("~/shopify/shop-auth-state.server");
const { loader: home } = await import("~/routes/app._index");
const { prisma } = await import("../support/database");

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const OFFLINE_ID = `offline_${shop.domain}`;
const CURRENCY = `query Currency { shop { currencyCode } }`;

/** The document request the admin's iframe makes: the launch URL the dev store's admin shell would load. */
function launchRequest(path = "/app"): Request {
  return new Request(new URL(devstore.appLaunchUrl(shop.domain, path)), { headers: { "User-Agent": BROWSER } });
}

const exchanges = () => logs.filter((line) => line.includes("expiring offline token issued")).length;
const tokenRecord = (token: string | undefined) => shop.tokens.find((t) => t.token === token);

beforeEach(() => {
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("install", () => {
  it("exchanges once for the parallel loaders of the first load, and the stored token keeps working", async () => {
    expect(await sessionStorage.loadSession(OFFLINE_ID)).toBeUndefined();
    // /app and /app/_index load in parallel on the first document request (and a fetch or two right after).
    const contexts = await Promise.all([requireAdmin(launchRequest("/app")), requireAdmin(launchRequest("/app")), requireAdmin(launchRequest("/app"))]);

    expect(exchanges()).toBe(1);
    const stored = await sessionStorage.loadSession(OFFLINE_ID);
    expect(new Set(contexts.map((c) => c.session.accessToken))).toEqual(new Set([stored?.accessToken]));
    const admin = await adminGraphqlForShop(shop.domain);
    expect((await admin<{ shop: { currencyCode: string } }>(CURRENCY)).shop.currencyCode).toBe("USD");
    expect(tokenRecord(stored?.accessToken)?.revoked).toBe(false);
    expect(await getReauthRequired(prisma, shop.domain)).toBeNull();
  });

  it("keeps the newer token when an older one is stored after it (another instance's exchange finishing late)", async () => {
    const current = await sessionStorage.loadSession(OFFLINE_ID);
    if (!current?.expires) throw new Error("the first test installs");
    const older = new Session({ ...current.toObject(), accessToken: "shpat_older", expires: new Date(current.expires.getTime() - 5000) });
    await sessionStorage.storeSession(older);
    expect((await sessionStorage.loadSession(OFFLINE_ID))?.accessToken).toBe(current.accessToken);
    const newer = new Session({ ...current.toObject(), accessToken: "shpat_newer", expires: new Date(current.expires.getTime() + 5000) });
    await sessionStorage.storeSession(newer);
    expect((await sessionStorage.loadSession(OFFLINE_ID))?.accessToken).toBe("shpat_newer");
    // Put the real token back (newest again) for the tests below.
    await sessionStorage.storeSession(new Session({ ...current.toObject(), expires: new Date(current.expires.getTime() + 10_000) }));
  });
});

describe("a refused offline token", () => {
  it("is refreshed and the call retried once", async () => {
    const stored = await sessionStorage.loadSession(OFFLINE_ID);
    const record = tokenRecord(stored?.accessToken);
    if (!record) throw new Error("the install test stores a token the dev store issued");
    record.revoked = true;

    const admin = await adminGraphqlForShop(shop.domain);
    expect((await admin<{ shop: { currencyCode: string } }>(CURRENCY)).shop.currencyCode).toBe("USD");

    const refreshed = await sessionStorage.loadSession(OFFLINE_ID);
    expect(refreshed?.accessToken).not.toBe(record.token);
    expect(logs.some((line) => line.includes("offline token refreshed"))).toBe(true);
    expect(await getReauthRequired(prisma, shop.domain)).toBeNull();
  });

  it("records that the shop must reconnect when the refresh is refused too, until the merchant opens the app again", async () => {
    // What the install race left behind: a stored token (and its refresh token) retired by a newer one.
    for (const token of shop.tokens) token.revoked = true;

    const admin = await adminGraphqlForShop(shop.domain);
    await expect(admin(CURRENCY)).rejects.toMatchObject({ name: "ShopifyHttpError", status: 401 });
    expect(await getReauthRequired(prisma, shop.domain)).toMatchObject({ reason: "Shopify refused the app's access token and it could not be renewed" });
    // The dead session is gone, so the next visit exchanges a new token instead of reusing it.
    expect(await sessionStorage.loadSession(OFFLINE_ID)).toBeUndefined();

    const before = exchanges();
    const data = (await home({ request: launchRequest("/app"), params: {}, context: {} })) as { reauth: unknown };
    expect(exchanges()).toBe(before + 1);
    expect(data.reauth).toBeNull();
    expect(await getReauthRequired(prisma, shop.domain)).toBeNull();
    const again = await adminGraphqlForShop(shop.domain);
    expect((await again<{ shop: { currencyCode: string } }>(CURRENCY)).shop.currencyCode).toBe("USD");
  });
});

describe("scopes", () => {
  it("are the same in shopify.app.toml, .env.example, the tests' environment and the dev store's grant, write_app_proxy included", async () => {
    const toml = readAppConfig().scopes;
    expect(toml).toContain("write_app_proxy");
    const example = /^SCOPES=(.*)$/m.exec(readFileSync(".env.example", "utf8"))?.[1]?.split(",") ?? [];
    expect([...example].sort()).toEqual([...toml].sort());
    expect((process.env.SCOPES ?? "").split(",").sort()).toEqual([...toml].sort());

    const sessionToken = signSessionToken({ shop: shop.domain, apiKey: TEST_API_KEY, secret: TEST_API_SECRET, userId: shop.staff.id, sessionId: "s" });
    const response = await fetch(`https://${shop.domain}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        client_id: TEST_API_KEY,
        client_secret: TEST_API_SECRET,
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: sessionToken,
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
        expiring: "1",
      }),
    });
    const granted = ((await response.json()) as { scope: string }).scope.split(",");
    expect(granted.sort()).toEqual([...toml].sort());
  });
});
