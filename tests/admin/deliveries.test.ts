/**
 * The merchant sees the order events that could not be processed, with their reason, on the home page and on
 * /app/deliveries, and can retry one once its cause is fixed; another shop's events are neither shown nor retried.
 */
import { beforeEach, expect, it, vi } from "vitest";
import { loader as home } from "~/routes/app._index";
import { action as retry, loader as deliveries } from "~/routes/app.deliveries";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { drainInbox } from "~/shopify/webhooks/inbox-worker.server";
import { adminRequest, callRoute } from "../support/admin";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";
import { deliver, installShop, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const OTHER_SHOP = "other-shop.myshopify.com";

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

/** An order of this shop delivered for the other shop first: refused there, so it fails in the other shop. */
async function failedEventOfOtherShop() {
  const body = toRawJson(webhookExample("orders/paid"));
  await installShop(OTHER_SHOP);
  await deliver(ordersPaid, webhookRequest("orders/paid", body));
  await deliver(ordersPaid, webhookRequest("orders/paid", body, { shop: OTHER_SHOP }));
}

it("lists a failed event with its reason, flags it on the home page, and retries it on request", async () => {
  await failedEventOfOtherShop();
  const list = (await callRoute(deliveries, await adminRequest("/app/deliveries", { shop: OTHER_SHOP }))) as Awaited<ReturnType<typeof deliveries>>;
  expect(list.failed).toHaveLength(1);
  expect(list.failed[0]?.error).toContain("belongs to another shop");
  const homeData = (await callRoute(home, await adminRequest("/app", { shop: OTHER_SHOP }))) as Awaited<ReturnType<typeof home>>;
  expect(homeData.failedEvents).toBe(1);
  // The test shop sees none of it.
  expect(((await callRoute(deliveries, await adminRequest("/app/deliveries"))) as typeof list).failed).toEqual([]);

  // Another shop cannot retry it; this one can.
  const seq = list.failed[0]?.seq ?? "";
  expect(((await callRoute(retry, await adminRequest("/app/deliveries", { form: { seq } }))) as Response).status).toBe(404);
  expect(((await callRoute(retry, await adminRequest("/app/deliveries", { form: { seq: "not a number" }, shop: OTHER_SHOP }))) as Response).status).toBe(400);
  const retried = (await callRoute(retry, await adminRequest("/app/deliveries", { form: { seq }, shop: OTHER_SHOP }))) as Response;
  expect(retried.status).toBe(200);
  expect(await prisma.webhookDelivery.findFirstOrThrow({ where: { shop: OTHER_SHOP } })).toMatchObject({ status: "pending", attempts: 0 });
  // The cause is still there (the order is the test shop's), so it fails again, with its reason.
  await drainInbox(prisma);
  expect(await prisma.webhookDelivery.findFirstOrThrow({ where: { shop: OTHER_SHOP } })).toMatchObject({ status: "failed" });
  expect(await prisma.ledgerEntry.count({ where: { shop: OTHER_SHOP } })).toBe(0);
  expect(await prisma.ledgerEntry.count({ where: { shop: TEST_SHOP } })).toBe(1);
});
