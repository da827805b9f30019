/**
 * The thank-you block's backend (issue 13): checkout session tokens signed as Shopify signs them, through the real
 * route handler and a real database. The order's earned points when the webhook came first, else an estimate from
 * its lines with the program's calculator; a guest gets the estimate too; nothing is written.
 */
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { signJwt } from "../../devstore/signing";
import { fetchThankYouPoints, type ThankYouPoints } from "../../extensions/thank-you-points/src/thank-you-points";
import { ThankYouView } from "../../extensions/thank-you-points/src/ThankYouView";
import { action as checkoutPoints, loader as checkoutPreflight } from "~/routes/checkout.points";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";
import { extensionMessages, flatMessages, rewardsText } from "../customer-account/rewards-text";

const fake = startFakeAdminApi();
const CUSTOMER_GID = "gid://shopify/Customer/115310627314723954";
const PAID_ORDER = "gid://shopify/Order/820982911946154508";
const NEW_ORDER = "gid://shopify/OrderIdentity/450789469";

function checkoutToken(sub: string | null = CUSTOMER_GID): string {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { aud: TEST_API_KEY, dest: TEST_SHOP, exp: now + 300, nbf: now - 1, iat: now - 1, jti: randomUUID() };
  if (sub) claims.sub = sub;
  return signJwt(claims, TEST_API_SECRET);
}

const line = (overrides: Record<string, unknown> = {}) => ({
  id: "gid://shopify/CartLine/1",
  productId: "gid://shopify/Product/632910392",
  title: "IPod Nano - 8GB",
  quantity: 2,
  amount: "100.00",
  productType: "Cult Products",
  giftCard: false,
  ...overrides,
});

async function ask(body: unknown, token: string | null = checkoutToken()) {
  const headers: Record<string, string> = { "Content-Type": "application/json", Origin: "https://checkout.shopify.com" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const request = new Request(`${TEST_APP_URL}/checkout/points`, { method: "POST", headers, body: JSON.stringify(body) });
  const response = await checkoutPoints({ request, params: {}, context: {} }).catch((thrown: unknown) => {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  });
  const text = await response.text();
  return { status: response.status, cors: response.headers.get("Access-Control-Allow-Origin"), body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

/** The extension's fetch to the app, answered by the route module. */
const checkoutFetch: typeof fetch = async (input, init) => {
  const request = new Request(String(input), init);
  return checkoutPoints({ request, params: {}, context: {} });
};

async function payExampleOrder() {
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.id = exactId("820982911946154508");
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
}

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("POST /checkout/points", () => {
  it("answers what the order earned once its webhook is in", async () => {
    await payExampleOrder();
    const answer = await ask({ orderId: PAID_ORDER, currency: "USD", lines: [line()] });
    expect(answer).toMatchObject({ status: 200, cors: "*", body: { status: "earned", points: 404, guest: false } });
  });

  it("estimates a new order from its lines with the program's calculator, gift cards excluded, writing nothing", async () => {
    await payExampleOrder();
    const before = await prisma.ledgerEntry.count();
    const answer = await ask({ orderId: NEW_ORDER, currency: "USD", lines: [line(), line({ id: "gift", productId: null, amount: "50.00", giftCard: true })] });
    expect(answer.body).toEqual({ status: "estimated", points: 100, signedIn: true, guest: false });
    expect(await prisma.ledgerEntry.count()).toBe(before);
  });

  it("estimates for a guest too (no customer in the token)", async () => {
    const answer = await ask({ orderId: NEW_ORDER, currency: "USD", lines: [line({ amount: "37.50" })] }, checkoutToken(null));
    expect(answer.body).toMatchObject({ status: "estimated", points: 37, guest: true });
  });

  it("estimates nothing while the program is a draft, nor in another currency than the shop's", async () => {
    await payExampleOrder(); // the shop's currency is learnt from its first paid order: USD
    expect((await ask({ orderId: NEW_ORDER, currency: "EUR", lines: [line()] })).body).toMatchObject({ status: "unavailable", reason: "currency" });
    await resetDatabase({ program: "none" });
    await storeOfflineSession(TEST_SHOP);
    expect((await ask({ orderId: NEW_ORDER, currency: "USD", lines: [line()] })).body).toMatchObject({ status: "unavailable", reason: "not_running" });
  });

  it("refuses bad lines with a clear error, and a bad token with 401", async () => {
    const bad = await ask({ orderId: NEW_ORDER, currency: "USD", lines: [line({ amount: "-3" })] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: "INVALID_INPUT", error: "The order's lines could not be read" });
    expect((await ask({ orderId: NEW_ORDER, currency: "USD", lines: [] }, null)).status).toBe(401);
    const forged = signJwt({ aud: TEST_API_KEY, dest: TEST_SHOP, exp: Math.floor(Date.now() / 1000) + 60, nbf: 0 }, "not-the-secret");
    const refused = await ask({ orderId: NEW_ORDER, currency: "USD", lines: [] }, forged);
    expect(refused.status).toBe(401);
    expect(refused.cors).toBe("*");
  });
});

describe("the thank-you block", () => {
  const render = (points: ThankYouPoints, language: "en" | "fr" = "en") =>
    renderToString(h(ThankYouView, { points, text: rewardsText(language, "thank-you-points") })).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

  it("says what the order earned, from the app, in English and French", async () => {
    await payExampleOrder();
    const options = { appUrl: TEST_APP_URL, getToken: async () => checkoutToken(), fetch: checkoutFetch };
    const points = await fetchThankYouPoints(options, { orderId: PAID_ORDER, currency: "USD", lines: [line()] });
    expect(render(points)).toContain("You earned 404 points with this order.");
    expect(render(points, "fr")).toContain("Cette commande vous a rapporté 404 points.");
  });

  it("labels an estimate, invites a guest, and shows nothing when there is nothing to say", () => {
    const estimated = render({ status: "estimated", points: 100, guest: false });
    expect(estimated).toContain("You'll earn about 100 points with this order.");
    expect(estimated).toContain("An estimate");
    expect(render({ status: "estimated", points: 1, guest: true })).toContain("orders like this one earn 1 point.");
    expect(render({ status: "unavailable", guest: false }).trim()).toBe("");
  });

  it("has the same keys and variables in English and French", () => {
    const english = flatMessages(extensionMessages("en", "thank-you-points"));
    const french = flatMessages(extensionMessages("fr", "thank-you-points"));
    expect([...french.keys()].sort()).toEqual([...english.keys()].sort());
  });
});

describe("CORS", () => {
  it("answers the browser's preflight with CORS headers and no body, before any token", async () => {
    const request = new Request(`${TEST_APP_URL}/checkout/points`, {
      method: "OPTIONS",
      headers: {
        Origin: "https://checkout.shopify.com",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
      },
    });
    // Remix hands OPTIONS to the loader.
    const preflight = await checkoutPreflight({ request, params: {}, context: {} });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
    expect(await preflight.text()).toBe("");
  });
});
