/**
 * Shopify Flow's "Adjust loyalty points" action (issue 13): requests signed as Flow signs them (HMAC-SHA256 of the
 * raw body with the app's secret, base64, in X-Shopify-Hmac-Sha256) through the real route handler and a real
 * database. Exactly once per action_run_id; bad signatures, bad input, unknown customers and overdrawing debits get
 * a clear 4XX (Flow does not retry those) and write nothing.
 */
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { action as adjustPoints } from "~/routes/flow.adjust-points";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { deliver, exactId, signBody, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi();
const CUSTOMER_ID = "115310627314723954";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER_ID}`;

interface ActionOptions {
  runId?: string;
  shop?: string;
  secret?: string;
  /** Replaces the signed body after signing (a tampered request). */
  tamper?: (body: string) => string;
}

/** A Flow action request as Flow sends it to the extension's runtime_url. */
function flowRequest(properties: Record<string, unknown>, options: ActionOptions = {}): Request {
  const shop = options.shop ?? TEST_SHOP;
  const body = JSON.stringify({
    shop_id: "548380009",
    shopify_domain: shop,
    action_run_id: options.runId ?? randomUUID(),
    action_definition_id: "adjust-loyalty-points",
    handle: "adjust-loyalty-points",
    properties,
  });
  const hmac = signBody(body, options.secret);
  return new Request(`${TEST_APP_URL}/flow/adjust-points`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Hmac-Sha256": hmac },
    body: options.tamper ? options.tamper(body) : body,
  });
}

async function run(request: Request) {
  const response = await adjustPoints({ request, params: {}, context: {} }).catch((thrown: unknown) => {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as { message?: string }) : null };
}

async function balance() {
  return Number((await prisma.member.findFirstOrThrow({ where: { shop: TEST_SHOP, customerGid: CUSTOMER_GID } })).balance);
}

async function manualEntries() {
  return prisma.ledgerEntry.findMany({ where: { shop: TEST_SHOP, type: { in: ["manual_credit", "manual_debit"] } } });
}

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  // Shopify's example order: the customer is a member with 404 points.
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.id = exactId("820982911946154508");
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
  expect(await balance()).toBe(404);
});

describe("a signed Flow run", () => {
  it("credits once per action_run_id, with the note and Flow named in the ledger", async () => {
    const runId = randomUUID();
    const properties = { customer_id: CUSTOMER_ID, points: 250, note: "VIP event attendance" };
    const first = await run(flowRequest(properties, { runId }));
    const retry = await run(flowRequest(properties, { runId }));
    expect(first).toEqual({ status: 200, body: { message: "Credited 250 pts; balance 654 pts" } });
    expect(retry.status).toBe(200);
    expect(retry.body?.message).toContain("already done for this run");
    expect(await balance()).toBe(654);
    const entries = await manualEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ type: "manual_credit", note: "VIP event attendance", explanation: "Manual credit of 250 pts by Shopify Flow" });
  });

  it("debits with a negative amount, and refuses to overdraw with the reason, writing nothing", async () => {
    expect((await run(flowRequest({ customer_id: CUSTOMER_ID, points: -100, note: "Goodwill reversed" }))).status).toBe(200);
    expect(await balance()).toBe(304);
    const overdraw = await run(flowRequest({ customer_id: CUSTOMER_ID, points: -1000, note: "Too much" }));
    expect(overdraw.status).toBe(422);
    expect(overdraw.body?.message).toMatch(/Cannot debit 1,000 points/);
    expect(await balance()).toBe(304);
    expect(await manualEntries()).toHaveLength(1);
  });

  it("takes a large credit without a confirmation (the merchant set it in the workflow)", async () => {
    expect((await run(flowRequest({ customer_id: CUSTOMER_ID, points: 20_000, note: "Migration bonus" }))).status).toBe(200);
    expect(await balance()).toBe(20_404);
  });
});

describe("refused, with nothing written", () => {
  it.each([
    ["an unknown customer", { customer_id: "42", points: 10, note: "x" }, 422, "Customer 42 is not a member of the loyalty program"],
    ["no note", { customer_id: CUSTOMER_ID, points: 10, note: " " }, 422, "note: is required: say why the points change"],
    ["zero points", { customer_id: CUSTOMER_ID, points: 0, note: "x" }, 422, "points: must not be 0: positive credits, negative debits"],
    ["a fraction", { customer_id: CUSTOMER_ID, points: 1.5, note: "x" }, 422, "points: must be a whole number"],
    ["a customer that is not an id", { customer_id: "gid://shopify/Customer/1; DROP", points: 1, note: "x" }, 422, "customer_id: must be a Shopify customer id"],
  ])("%s", async (_name, properties, status, message) => {
    const answer = await run(flowRequest(properties));
    expect(answer).toEqual({ status, body: { message } });
    expect(await manualEntries()).toHaveLength(0);
    expect(await balance()).toBe(404);
  });

  it("a bad signature, a tampered body, or a shop without the app (400), before anything is read", async () => {
    const properties = { customer_id: CUSTOMER_ID, points: 10, note: "x" };
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const forged = await run(flowRequest(properties, { secret: "not-the-app-secret" }));
    const tampered = await run(flowRequest(properties, { tamper: (body) => body.replace('"points":10', '"points":10000') }));
    const notInstalled = await run(flowRequest(properties, { shop: "other-shop.myshopify.com" }));
    for (const answer of [forged, tampered, notInstalled]) expect(answer.status).toBe(400);
    expect(logged.mock.calls.map((call) => String(call[0]))).toEqual([expect.stringContaining("invalid_hmac"), expect.stringContaining("invalid_hmac")]);
    logged.mockClear(); // expected: the library logs each refused signature as an error
    expect(await manualEntries()).toHaveLength(0);
  });

  it("a body over the limit (413), before the signature is even computed", async () => {
    const answer = await run(flowRequest({ customer_id: CUSTOMER_ID, points: 10, note: "x".repeat(64 * 1024) }));
    expect(answer.status).toBe(413);
    expect(await manualEntries()).toHaveLength(0);
  });

  it("a GET (405)", async () => {
    const answer = await run(new Request(`${TEST_APP_URL}/flow/adjust-points`, { method: "GET" }));
    expect(answer.status).toBe(405);
  });
});
