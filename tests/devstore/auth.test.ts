/**
 * Installing and authorizing the app the way Shopify does, against the dev store: the real library
 * (`authenticate.admin`, `unauthenticated.admin`) talking to the dev store's token endpoint over HTTP through
 * devstore/network.mjs. A shop with no session opens the app with the admin's `id_token` → token exchange →
 * a stored expiring offline session (with its refresh token) → the afterAuth hook reads the shop's settings from the
 * dev store's Admin API. An expired offline token is refreshed at the same endpoint.
 */
import { afterAll, describe, expect, it } from "vitest";
import { startTestDevStore } from "../support/devstore";
import { TEST_API_KEY, TEST_APP_URL } from "../support/test-env";
import { signSessionToken } from "../../devstore/signing";

const { devstore, shop, logs, close } = await startTestDevStore();
afterAll(() => close());
// The app, imported after the network is in place (the library captures fetch on import).
const { authenticate, sessionStorage } = await import("~/shopify.server");
const { adminGraphqlForShop } = await import("~/shopify/admin-graphql.server");
const { prisma } = await import("../support/database");

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

/** The document request the admin's iframe makes: the launch URL the dev store's admin shell would load. */
function launchRequest(path = "/app"): Request {
  const url = new URL(devstore.appLaunchUrl(shop.domain, path));
  expect(url.origin).toBe(TEST_APP_URL);
  return new Request(url, { headers: { "User-Agent": BROWSER } });
}

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a throw");
    },
    (error: unknown) => error,
  );
}

describe("authorizing the app on a dev store shop", () => {
  it("exchanges the admin's session token for an expiring offline token and stores the session", async () => {
    expect(await sessionStorage.loadSession(`offline_${shop.domain}`)).toBeUndefined();

    const { session } = await authenticate.admin(launchRequest());

    expect(session).toMatchObject({ id: `offline_${shop.domain}`, shop: shop.domain, isOnline: false });
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.expires?.getTime()).toBeGreaterThan(Date.now() + 55 * 60_000);
    const stored = await sessionStorage.loadSession(`offline_${shop.domain}`);
    expect(stored?.accessToken).toBe(session.accessToken);
    expect(shop.tokens.find((t) => t.token === session.accessToken)).toMatchObject({ kind: "offline", expiring: true, revoked: false });
    expect(logs.some((line) => line.includes("expiring offline token issued"))).toBe(true);

    // afterAuth: the shop's currency and time zone, read from the dev store through the Admin API.
    expect(shop.endpoint.operations.map((o) => [o.name, o.outcome])).toContainEqual(["ShopSettings", "ok"]);
    const program = await prisma.program.findUniqueOrThrow({ where: { shop: shop.domain } });
    expect(program).toMatchObject({ currency: "USD", timezone: "America/New_York" });
  });

  it("sends a session token that is not the admin's to the bounce page, without asking the dev store", async () => {
    const before = shop.tokens.length;
    const forged = signSessionToken({ shop: shop.domain, apiKey: TEST_API_KEY, secret: "not-the-app-secret", userId: "1", sessionId: "s" });
    const url = new URL(devstore.appLaunchUrl(shop.domain, "/app"));
    url.searchParams.set("id_token", forged);
    const response = await thrown(authenticate.admin(new Request(url, { headers: { "User-Agent": BROWSER } })));
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(302);
    expect((response as Response).headers.get("Location")).toMatch(/^\/auth\/session-token\?/);
    expect(shop.tokens.length).toBe(before);
  });

  it("refreshes an expired offline token at the dev store, and the new one works", async () => {
    const stored = await sessionStorage.loadSession(`offline_${shop.domain}`);
    if (!stored) throw new Error("the first test stores the session");
    const oldToken = stored.accessToken;
    stored.expires = new Date(Date.now() - 1000);
    await sessionStorage.storeSession(stored);

    const admin = await adminGraphqlForShop(shop.domain);
    const data = await admin<{ shop: { currencyCode: string } }>(`query Currency { shop { currencyCode } }`);

    expect(data.shop.currencyCode).toBe("USD");
    const refreshed = await sessionStorage.loadSession(`offline_${shop.domain}`);
    expect(refreshed?.accessToken).not.toBe(oldToken);
    expect(refreshed?.expires?.getTime()).toBeGreaterThan(Date.now());
    expect(logs.some((line) => line.includes("offline token refreshed"))).toBe(true);
    // Once the new token is used, the tokens it replaced are retired.
    expect(shop.tokens.find((t) => t.token === oldToken)?.revoked).toBe(true);
  });
});
