/**
 * The customer account points blocks (extensions/customer-account-blocks): the order-status block's client asks the
 * app's real route what an order did to the signed-in customer's points, and both blocks render it in English and
 * French from the extension's locale files.
 */
import { randomUUID } from "node:crypto";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { signJwt } from "../../devstore/signing";
import { OrderPointsView, orderPointsSentence, ProfilePointsView } from "../../extensions/customer-account-blocks/src/BlockViews";
import { fetchOrderPoints, type OrderPointsAnswer } from "../../extensions/customer-account-blocks/src/order-points-client";
import { createRewardsClient } from "../../extensions/customer-account-rewards/src/client";
import { loader as accountLoader } from "~/routes/customer-account.account";
import { loader as orderLoader } from "~/routes/customer-account.order";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";
import { extensionMessages, flatMessages, rewardsText } from "./rewards-text";

const fake = startFakeAdminApi();
const CUSTOMER_GID = "gid://shopify/Customer/115310627314723954";
const ORDER_GID = "gid://shopify/Order/820982911946154508";

const appFetch: typeof fetch = async (input, init) => {
  const request = new Request(String(input), init);
  const path = new URL(request.url).pathname;
  const route = path === "/customer-account/order" ? orderLoader : path === "/customer-account/account" ? accountLoader : null;
  return route ? route({ request, params: {}, context: {} }) : new Response("Not found", { status: 404 });
};

const options = {
  appUrl: TEST_APP_URL,
  fetch: appFetch,
  getToken: async () => {
    const now = Math.floor(Date.now() / 1000);
    return signJwt({ aud: TEST_API_KEY, dest: TEST_SHOP, sub: CUSTOMER_GID, exp: now + 300, nbf: now - 1, iat: now - 1, jti: randomUUID() }, TEST_API_SECRET);
  },
};

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.id = exactId("820982911946154508");
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
});

describe("the order-status block", () => {
  it("says what the order earned, from the app", async () => {
    const points = await fetchOrderPoints(options, ORDER_GID);
    expect(points).toMatchObject({ status: "earned", net: 404 });
    const html = renderToString(h(OrderPointsView, { points, text: rewardsText("en", "customer-account-blocks") }));
    expect(text(html)).toContain("This order earned you 404 points.");
    expect(text(renderToString(h(OrderPointsView, { points, text: rewardsText("fr", "customer-account-blocks") })))).toContain("Cette commande vous a rapporté 404 points.");
  });

  it("shows nothing for an order that earned nothing, and words pending and clawed-back orders", async () => {
    const none = await fetchOrderPoints(options, "gid://shopify/Order/1");
    expect(none.status).toBe("none");
    expect(renderToString(h(OrderPointsView, { points: none, text: rewardsText("en", "customer-account-blocks") }))).toBe("");
    const en = rewardsText("en", "customer-account-blocks");
    const pending: OrderPointsAnswer = { status: "pending", earned: 1, clawedBack: 0, net: 1, availableOn: "2027-01-04T00:00:00.000Z" };
    expect(orderPointsSentence(pending, en)).toBe("This order earns you 1 point, usable from January 4, 2027.");
    const clawed: OrderPointsAnswer = { status: "clawed_back", earned: 404, clawedBack: 404, net: 0, availableOn: null };
    expect(orderPointsSentence(clawed, en)).toBe("The points from this order were taken back after a refund or cancellation.");
    const partly: OrderPointsAnswer = { status: "earned", earned: 404, clawedBack: 100, net: 304, availableOn: null };
    expect(text(renderToString(h(OrderPointsView, { points: partly, text: en })))).toContain("100 of this order's points were taken back after a refund.");
  });
});

describe("the profile block", () => {
  it("shows the balance and tier with a link to the Rewards page, in English and French", async () => {
    const account = await createRewardsClient(options).account();
    const english = renderToString(h(ProfilePointsView, { account, text: rewardsText("en", "customer-account-blocks"), rewardsUrl: "extension:customer-account-rewards/" }));
    expect(text(english)).toContain("404 points");
    expect(text(english)).toContain("Tier: Bronze");
    expect(english).toContain('href="extension:customer-account-rewards/"');
    const french = renderToString(h(ProfilePointsView, { account, text: rewardsText("fr", "customer-account-blocks"), rewardsUrl: "x" }));
    expect(text(french)).toContain("Niveau : Bronze");
    expect(text(french)).toContain("Voir les récompenses");
  });
});

it("the blocks' locale files have the same keys and variables in English and French", () => {
  const english = flatMessages(extensionMessages("en", "customer-account-blocks"));
  const french = flatMessages(extensionMessages("fr", "customer-account-blocks"));
  expect([...french.keys()].sort()).toEqual([...english.keys()].sort());
  const vars = (message: string) => [...message.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
  for (const [key, message] of english) expect({ key, vars: vars(french.get(key) ?? "") }).toEqual({ key, vars: vars(message) });
});
