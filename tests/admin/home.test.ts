/** The home page: headline figures from the ledger and a setup checklist that ticks itself from evidence. */
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { beforeEach, expect, it, vi } from "vitest";
import { ReconnectBanner } from "~/components/home/ReconnectBanner";
import { loader as home } from "~/routes/app._index";
import { loader as account } from "~/routes/proxy.account";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { recordReauthRequired } from "~/shopify/shop-auth-state.server";
import { adminRequest, callRoute } from "../support/admin";
import { proxyRequest } from "../support/app-proxy";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";
import { deliver, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

type Home = Awaited<ReturnType<typeof home>>;

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

it("shows members, points issued and outstanding liability from the ledger", async () => {
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.processed_at = new Date().toISOString();
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
  const data = (await callRoute(home, await adminRequest("/app"))) as Home;
  expect(data.metrics).toMatchObject({ members: 1, issued30d: 404, redeemed30d: 0, outstandingPoints: 404, outstandingMinor: 404 });
});

it("ticks 'storefront block added' once a signed storefront request has been seen", async () => {
  const before = (await callRoute(home, await adminRequest("/app"))) as Home;
  expect(before.setup.steps.find((step) => step.id === "storefront")?.done).toBe(false);
  const response = (await callRoute(account, proxyRequest("account", { customerId: "7" }))) as Response;
  expect(response.status).toBe(200);
  const after = (await callRoute(home, await adminRequest("/app"))) as Home;
  expect(after.setup.steps.find((step) => step.id === "storefront")?.done).toBe(true);
});

it("shows a Reconnect banner, saying what to do, while the shop needs re-authenticating", async () => {
  const clean = (await callRoute(home, await adminRequest("/app"))) as Home;
  expect(clean.reauth).toBeNull();
  await recordReauthRequired(prisma, TEST_SHOP, "Shopify refused the app's access token and it could not be renewed", new Date("2026-12-05T08:00:00Z"));
  const data = (await callRoute(home, await adminRequest("/app"))) as Home;
  expect(data.reauth).toEqual({ since: "2026-12-05T08:00:00.000Z", reason: "Shopify refused the app's access token and it could not be renewed" });
  if (!data.reauth) throw new Error("unreachable");
  const html = renderToString(createElement(AppProvider, { i18n: en }, createElement(ReconnectBanner, { ...data.reauth, timeZone: "America/New_York" })));
  const text = html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ");
  expect(text).toContain("Reconnect: Shopify stopped accepting this app's access to your store");
  // In the shop's time zone, named.
  expect(text).toContain("Since Dec 5, 2026, 3:00 AM EST: Shopify refused the app's access token and it could not be renewed.");
  expect(text).toContain("Open the app again from your Shopify admin (Apps → Loyalty & Rewards) to reconnect it");
});
