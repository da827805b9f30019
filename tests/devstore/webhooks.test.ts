/**
 * Events in the dev store reach the app as Shopify's webhooks do: asked for through the dev store's HTTP API (what
 * `npm run devstore:event` and the admin's buttons do), signed with the app secret, delivered to the app's real
 * webhook routes (in process here), retried with the same webhook id, duplicated or held back on request — and the
 * ledger records each event exactly once.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startTestDevStore } from "../support/devstore";
import { TEST_API_SECRET } from "../support/test-env";
import { withSafeNumbers } from "~/loyalty/safe-integer";

/** What the dev store sent, and a switch to make the app fail the next deliveries (as if it were down). */
const sent: { topic: string; webhookId: string; hmac: string; body: string; status: number }[] = [];
let failNext = 0;

const { shop, origin, close } = await startTestDevStore({
  appFetch: async (request) => {
    const body = await request.clone().text();
    const headers = request.headers;
    const { appRoutes } = await import("../support/app-routes");
    const response = failNext > 0 ? (failNext--, new Response("Service Unavailable", { status: 503 })) : await appRoutes(request);
    sent.push({
      topic: headers.get("X-Shopify-Topic") ?? "",
      webhookId: headers.get("X-Shopify-Webhook-Id") ?? "",
      hmac: headers.get("X-Shopify-Hmac-Sha256") ?? "",
      body,
      status: response.status,
    });
    return response;
  },
});
afterAll(() => close());
const { launchProgramOf, prisma, resetDatabase } = await import("../support/database");
const { installShop } = await import("../support/webhooks");

interface EventAnswer {
  message: string;
  order: { id: string; number: number; lines: { id: string }[] } | null;
  deliveries: { topic: string; webhookId: string; state: string; note: string | null }[];
}

async function event(input: Record<string, unknown>): Promise<EventAnswer> {
  const response = await fetch(`${origin}/devstore/api/shops/${shop.domain}/events`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as EventAnswer & { error?: string };
  if (!response.ok) throw new Error(body.error);
  return body;
}

async function ledger(orderId: string) {
  const entries = await prisma.ledgerEntry.findMany({ where: { shop: shop.domain, orderGid: `gid://shopify/Order/${orderId}` }, orderBy: { createdAt: "asc" } });
  return entries.map(withSafeNumbers);
}

async function waitFor(condition: () => boolean, what: string) {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

beforeEach(async () => {
  await resetDatabase();
  await installShop(shop.domain); // the app is installed in the dev store's shop (webhooks from others get 401)
  await launchProgramOf(shop.domain); // and its program launched (a draft awards nothing)
  sent.length = 0;
  failNext = 0;
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("dev store events → the app's webhook routes", () => {
  it("delivers orders/paid signed with the app secret; the route accepts it and the ledger records the points", async () => {
    const answer = await event({ type: "order-paid", customer: "3", products: "103:1,106:2" });

    // orders/create happened too, but the app does not subscribe to it (shopify.app.toml): not sent.
    expect(answer.deliveries.map((d) => [d.topic, d.state])).toEqual([
      ["orders/create", "no-subscription"],
      ["orders/paid", "delivered"],
    ]);
    const [delivery] = sent;
    expect(delivery?.topic).toBe("orders/paid");
    expect(delivery?.hmac).toBe(createHmac("sha256", TEST_API_SECRET).update(delivery?.body ?? "").digest("base64"));
    expect(delivery?.status).toBe(200);
    // $249.00 + 2 × $14.99 at the default 1 pt/$.
    const entries = await ledger(answer.order?.id ?? "");
    expect(entries.map((e) => [e.type, e.points])).toEqual([["earn", 278]]);
    const member = withSafeNumbers(await prisma.member.findUniqueOrThrow({ where: { id: entries[0]?.memberId ?? "" } }));
    expect(member).toMatchObject({ customerGid: "gid://shopify/Customer/3", displayName: "Mia Dubois", balance: 278 });
  });

  it("retries a failed delivery with the same webhook id and body; the points are recorded once", async () => {
    failNext = 1;
    const answer = await event({ type: "order-paid", customer: "4", items: 2 });
    expect(answer.deliveries.find((d) => d.topic === "orders/paid")?.state).toBe("failed");

    await waitFor(() => sent.length === 2, "the retry");
    const [first, retry] = sent;
    expect([first?.status, retry?.status]).toEqual([503, 200]);
    expect(retry?.webhookId).toBe(first?.webhookId);
    expect(retry?.body).toBe(first?.body);
    expect((await ledger(answer.order?.id ?? "")).map((e) => e.type)).toEqual(["earn"]);
    await waitFor(() => shop.deliveries.at(-1)?.state === "delivered", "the delivery log");
  });

  it("sends duplicates (same webhook id, or a new id for the same event) that change nothing", async () => {
    const same = await event({ type: "order-paid", customer: "5", items: 1, duplicate: "same-id" });
    const renewed = await event({ type: "order-paid", customer: "5", items: 1, duplicate: "new-id" });

    const paid = sent.filter((d) => d.topic === "orders/paid");
    expect(paid).toHaveLength(4);
    expect(paid[1]?.webhookId).toBe(paid[0]?.webhookId);
    expect(paid[3]?.webhookId).not.toBe(paid[2]?.webhookId);
    expect(paid.every((d) => d.status === 200)).toBe(true);
    expect((await ledger(same.order?.id ?? "")).map((e) => e.type)).toEqual(["earn"]);
    expect((await ledger(renewed.order?.id ?? "")).map((e) => e.type)).toEqual(["earn"]);
  });

  it("holds a delivery back for out-of-order delivery: the refund arrives before the payment it refunds", async () => {
    const paid = await event({ type: "order-paid", customer: "6", products: "105:1,110:1", outOfOrder: true });
    expect(paid.deliveries.find((d) => d.topic === "orders/paid")).toMatchObject({ state: "held" });
    expect(sent).toHaveLength(0);

    const orderId = paid.order?.id ?? "";
    const refundedLine = paid.order?.lines[1]?.id ?? "";
    const refund = await event({ type: "refund", order: orderId, lines: `${refundedLine}:1` });

    expect(refund.deliveries.map((d) => [d.topic, d.state])).toEqual([
      ["refunds/create", "delivered"],
      ["orders/paid", "delivered"],
    ]);
    expect(sent.map((d) => d.topic)).toEqual(["refunds/create", "orders/paid"]);
    // $199.00 + $49.00 earned 248, then the gloves' 49 clawed back once the order arrived.
    expect((await ledger(orderId)).map((e) => [e.type, e.points])).toEqual([
      ["earn", 248],
      ["clawback", -49],
    ]);
  });

  it("cancels with a refund (refunds/create then orders/cancelled) and takes every point back, once", async () => {
    const paid = await event({ type: "order-paid", customer: "7", products: "108:1" });
    const cancelled = await event({ type: "cancel", order: paid.order?.id, refund: true });
    expect(cancelled.deliveries.map((d) => d.topic)).toEqual(["refunds/create", "orders/cancelled"]);
    const entries = await ledger(paid.order?.id ?? "");
    expect(entries.reduce((sum, e) => sum + e.points, 0)).toBe(0);
    expect(entries[0]).toMatchObject({ type: "earn", points: 89 });
  });

  it("creates a customer: customers/create makes them a member", async () => {
    const answer = await event({ type: "customer-create", firstName: "Ann", lastName: "Lee" });
    expect(answer.deliveries.map((d) => [d.topic, d.state])).toEqual([["customers/create", "delivered"]]);
    expect(await prisma.member.findFirst({ where: { shop: shop.domain, displayName: "Ann Lee" } })).not.toBeNull();
  });

  it("refuses what Shopify would refuse, with a sentence", async () => {
    await expect(event({ type: "refund", order: "999999" })).rejects.toThrow("There is no order 999999");
    await expect(event({ type: "order-paid", customer: "3", code: "NOPE" })).rejects.toThrow("Discount code NOPE cannot be used: it does not exist");
  });
});
