/**
 * customers/create through the real route handler, signed like Shopify signs it, with Shopify's example payload
 * and a real SQLite database.
 *
 * Rules proven here:
 * - A new customer becomes a member carrying the name and email Shopify sent.
 * - The signup bonus is one `bonus` ledger entry keyed by the customer GID: redeliveries (same or new webhook id,
 *   sequential or concurrent) never give it twice; no bonus when it is 0 or the program is not live.
 * - A forged delivery (401) or a payload without the customer GID (400) writes nothing.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getShopProgram } from "~/loyalty/server/program.server";
import { action as customersCreate } from "~/routes/webhooks.customers.create";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest, type DeliveryOptions } from "../support/webhooks";
import { withSafeNumbers } from "~/loyalty/safe-integer";

// Shopify's example customer (Bob Biller). Its JSON file rounded the numeric id; the GID string is exact.
const CUSTOMER_ID = "706405506930370084";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER_ID}`;

type Json = Record<string, unknown>;

function createdCustomer(): Json {
  const customer = webhookExample<Json>("customers/create");
  customer.id = exactId(CUSTOMER_ID);
  return customer;
}

function send(action: typeof customersCreate, topic: string, payload: unknown, options: DeliveryOptions = {}) {
  return deliver(action, webhookRequest(topic, typeof payload === "string" ? payload : toRawJson(payload), options));
}

function sendCustomer(payload: unknown = createdCustomer(), options: DeliveryOptions = {}) {
  return send(customersCreate, "customers/create", payload, options);
}

/** Program settings the tests vary. The default program is created first, as the app would on first use. */
async function configureProgram(data: { signupBonusPoints?: number; status?: string }) {
  await getShopProgram(prisma, TEST_SHOP);
  await prisma.program.update({ where: { shop: TEST_SHOP }, data });
}

async function member() {
  const found = await prisma.member.findUnique({ where: { shop_customerGid: { shop: TEST_SHOP, customerGid: CUSTOMER_GID } } });
  return found && withSafeNumbers(found);
}

async function ledger() {
  return (await prisma.ledgerEntry.findMany({ orderBy: { createdAt: "asc" } })).map(withSafeNumbers);
}

let info: ReturnType<typeof vi.spyOn>;
beforeEach(async () => {
  await resetDatabase();
  info = vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("customers/create", () => {
  it("makes the customer a member with the name and email Shopify sent, and no bonus by default", async () => {
    const response = await sendCustomer();
    expect(response.status).toBe(200);

    expect(await member()).toMatchObject({
      customerGid: CUSTOMER_GID,
      displayName: "Bob Biller",
      email: "bob@biller.com",
      balance: 0,
      lifetimeEarned: 0,
      redactedAt: null,
    });
    expect(await prisma.member.count()).toBe(1);
    expect(await ledger()).toHaveLength(0);
    expect(info.mock.calls.flat().join(" ")).toContain("has no signup bonus");
  });

  it("gives the configured signup bonus as one bonus entry keyed by the customer", async () => {
    await configureProgram({ signupBonusPoints: 250 });
    expect((await sendCustomer()).status).toBe(200);

    const entries = await ledger();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      type: "bonus",
      points: 250,
      idempotencyKey: `bonus:signup:${CUSTOMER_GID}`,
      orderGid: null,
    });
    expect(entries[0]?.explanation).toContain("Signup bonus");
    expect(await member()).toMatchObject({ balance: 250, lifetimeEarned: 250, displayName: "Bob Biller" });
  });

  it("gives the bonus once when the same delivery is retried and when it is redelivered under a new webhook id", async () => {
    await configureProgram({ signupBonusPoints: 250 });
    const body = toRawJson(createdCustomer());
    const delivery = (webhookId: string) => deliver(customersCreate, webhookRequest("customers/create", body, { webhookId }));

    expect((await delivery("signup-1")).status).toBe(200);
    expect((await delivery("signup-1")).status).toBe(200);
    expect((await delivery("signup-2")).status).toBe(200);

    expect((await ledger()).map((entry) => [entry.type, entry.points])).toEqual([["bonus", 250]]);
    expect(await member()).toMatchObject({ balance: 250, lifetimeEarned: 250 });
    expect(info.mock.calls.flat().join(" ")).toContain("was already given");
  });

  it("gives the bonus once when deliveries of the same customer arrive concurrently", async () => {
    await configureProgram({ signupBonusPoints: 250 });
    const body = toRawJson(createdCustomer());
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) => deliver(customersCreate, webhookRequest("customers/create", body, { webhookId: `c${i}` }))),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await ledger()).toHaveLength(1);
    expect(await prisma.member.count()).toBe(1);
    expect((await member())?.balance).toBe(250);
  });

  it("adds the bonus to a member who already earned from an order, without a second member", async () => {
    await configureProgram({ signupBonusPoints: 250 });
    const order = webhookExample<Json & { customer: Json }>("orders/paid");
    order.customer.admin_graphql_api_id = CUSTOMER_GID;
    expect((await send(ordersPaid, "orders/paid", order)).status).toBe(200);
    const earned = (await member())?.balance ?? 0;
    expect(earned).toBeGreaterThan(0);

    expect((await sendCustomer()).status).toBe(200);
    expect(await prisma.member.count()).toBe(1);
    expect((await ledger()).map((entry) => entry.type).sort()).toEqual(["bonus", "earn"]);
    expect((await member())?.balance).toBe(earned + 250);
  });

  it("creates the member without an entry when the signup bonus is 0", async () => {
    await configureProgram({ signupBonusPoints: 0 });
    expect((await sendCustomer()).status).toBe(200);
    expect(await member()).toMatchObject({ displayName: "Bob Biller", balance: 0 });
    expect(await ledger()).toHaveLength(0);
  });

  it.each(["paused", "draft"])("gives no bonus while the program is %s, but still records the member", async (status) => {
    await configureProgram({ signupBonusPoints: 250, status });
    expect((await sendCustomer()).status).toBe(200);
    expect(await member()).toMatchObject({ email: "bob@biller.com", balance: 0, lifetimeEarned: 0 });
    expect(await ledger()).toHaveLength(0);
  });

  it("rejects a bad signature with 401 and writes nothing", async () => {
    await configureProgram({ signupBonusPoints: 250 });
    const response = await sendCustomer(createdCustomer(), { secret: "not-the-app-secret" });
    expect(response.status).toBe(401);
    expect(await prisma.member.count()).toBe(0);
    expect(await ledger()).toHaveLength(0);
  });

  it("answers 400 naming the field when the payload has no admin_graphql_api_id, and writes nothing", async () => {
    await configureProgram({ signupBonusPoints: 250 });
    const customer = createdCustomer();
    delete customer.admin_graphql_api_id;
    const response = await sendCustomer(customer);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; fieldErrors: Record<string, string> };
    expect(body.code).toBe("INVALID_INPUT");
    expect(Object.keys(body.fieldErrors)).toEqual(["admin_graphql_api_id"]);
    expect(await prisma.member.count()).toBe(0);
    expect(await ledger()).toHaveLength(0);
  });
});
