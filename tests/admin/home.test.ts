/** The home page: headline figures from the ledger and a setup checklist that ticks itself from evidence. */
import { beforeEach, expect, it, vi } from "vitest";
import { loader as home } from "~/routes/app._index";
import { loader as account } from "~/routes/proxy.account";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { adminRequest, callRoute } from "../support/admin";
import { proxyRequest } from "../support/app-proxy";
import { resetDatabase } from "../support/database";
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
  expect(before.checklist.find((item) => item.id === "storefront")?.done).toBe(false);
  const response = (await callRoute(account, proxyRequest("account", { customerId: "7" }))) as Response;
  expect(response.status).toBe(200);
  const after = (await callRoute(home, await adminRequest("/app"))) as Home;
  expect(after.checklist.find((item) => item.id === "storefront")?.done).toBe(true);
});
