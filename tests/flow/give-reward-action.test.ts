/**
 * Shopify Flow's "Give a loyalty reward code" action (issue 13): requests signed as Flow signs them (HMAC-SHA256 of
 * the raw body with the app's secret) through the real route handler, a real database and the fake Admin API (the
 * discount is created there). One code per action_run_id; bad signatures, unknown customers, unknown rewards and
 * too few points get a clear 4XX in Flow's shape ({ message }) and spend nothing.
 */
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { action as giveReward } from "~/routes/flow.give-reward";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { deliver, exactId, signBody, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi();
const CUSTOMER_ID = "115310627314723954";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER_ID}`;

function flowRequest(properties: Record<string, unknown>, options: { runId?: string; secret?: string } = {}): Request {
  const body = JSON.stringify({
    shop_id: "548380009",
    shopify_domain: TEST_SHOP,
    action_run_id: options.runId ?? randomUUID(),
    action_definition_id: "give-loyalty-reward",
    handle: "give-loyalty-reward",
    properties,
  });
  return new Request(`${TEST_APP_URL}/flow/give-reward`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Hmac-Sha256": signBody(body, options.secret) },
    body,
  });
}

async function run(request: Request) {
  const response = await giveReward({ request, params: {}, context: {} }).catch((thrown: unknown) => {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as { message?: string }) : null };
}

async function balance() {
  return Number((await prisma.member.findFirstOrThrow({ where: { shop: TEST_SHOP, customerGid: CUSTOMER_GID } })).balance);
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
  it("redeems the named reward once per action_run_id: one code, one debit", async () => {
    const runId = randomUUID();
    const first = await run(flowRequest({ customer_id: CUSTOMER_ID, reward: "free shipping" }, { runId }));
    const retry = await run(flowRequest({ customer_id: CUSTOMER_ID, reward: "free shipping" }, { runId }));
    expect(first.status).toBe(200);
    expect(first.body?.message).toMatch(/^Issued code PTS-[A-Z0-9]{4}-[A-Z0-9]{4} for Free shipping \(300 pts\)$/);
    expect(retry.status).toBe(200);
    expect(retry.body?.message).toBe(`${first.body?.message} (already done for this run)`);
    const redemptions = await prisma.redemption.findMany();
    expect(redemptions).toHaveLength(1);
    expect(redemptions[0]).toMatchObject({ status: "issued", clientKey: `flow:${runId}` });
    expect(fake.discountByCode(redemptions[0]?.code ?? "")).toMatchObject({ customerGids: [CUSTOMER_GID], usageLimit: 1 });
    expect(await balance()).toBe(104);
  });

  it("takes the reward's id too", async () => {
    const reward = await prisma.reward.findFirstOrThrow({ where: { shop: TEST_SHOP, name: "Free shipping" } });
    expect((await run(flowRequest({ customer_id: CUSTOMER_ID, reward: reward.id }))).status).toBe(200);
  });
});

describe("refused, with nothing spent", () => {
  it.each([
    ["an unknown customer", { customer_id: "42", reward: "Free shipping" }, 422, "Customer 42 is not a member of the loyalty program"],
    ["an unknown reward", { customer_id: CUSTOMER_ID, reward: "Free car" }, 422, 'No active reward is named "Free car": use a reward\'s name as on the Program page'],
    ["too few points", { customer_id: CUSTOMER_ID, reward: "$5 off your order" }, 422, "Cannot redeem 500 pts for $5 off your order: balance is 404 pts"],
    ["no reward", { customer_id: CUSTOMER_ID, reward: " " }, 422, "reward: is required: a reward's name as on the Program page"],
    ["a customer that is not an id", { customer_id: "gid://shopify/Customer/1", reward: "Free shipping" }, 422, "customer_id: must be a Shopify customer id"],
  ])("%s", async (_name, properties, status, message) => {
    const answer = await run(flowRequest(properties));
    expect(answer).toEqual({ status, body: { message } });
    expect(await prisma.redemption.count()).toBe(0);
    expect(await balance()).toBe(404);
  });

  it("a bad signature, before anything is read (the library answers 400, as for adjust-points)", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const forged = await run(flowRequest({ customer_id: CUSTOMER_ID, reward: "Free shipping" }, { secret: "not-the-app-secret" }));
    expect(forged.status).toBe(400);
    expect(logged.mock.calls.map((call) => String(call[0]))).toEqual([expect.stringContaining("invalid_hmac")]);
    logged.mockClear();
    expect(await prisma.redemption.count()).toBe(0);
  });
});
