/**
 * The customer account extensions' backend (issue 13): requests with session tokens signed as Shopify signs them
 * (HS256 with the app's secret; `dest` the shop, `sub` the customer's GID) through the real route handlers, a real
 * database, and Shopify's Admin API faked faithfully. Only the token's customer is ever trusted; every bad token is
 * a 401 that reads and writes nothing; every answer carries CORS headers for the extension's null origin.
 */
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { signJwt } from "../../devstore/signing";
import { action as accountAction, loader as account } from "~/routes/customer-account.account";
import { loader as orderPoints } from "~/routes/customer-account.order";
import { action as redeem, loader as redeemPreflight } from "~/routes/customer-account.redeem";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi();
const CUSTOMER_ID = "115310627314723954";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER_ID}`;
const OTHER_GID = "gid://shopify/Customer/999";
const EXTENSION_ORIGIN = "null";

interface TokenOptions {
  sub?: string | null;
  dest?: string;
  aud?: string;
  secret?: string;
  /** Seconds from now the token expires (Shopify: 5 minutes). */
  expiresIn?: number;
}

/** A customer account session token as Shopify issues it to the app's extension. */
function customerToken(options: TokenOptions = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    aud: options.aud ?? TEST_API_KEY,
    dest: options.dest ?? TEST_SHOP,
    exp: now + (options.expiresIn ?? 300),
    nbf: now - 1,
    iat: now - 1,
    jti: randomUUID(),
  };
  if (options.sub !== null) claims.sub = options.sub ?? CUSTOMER_GID;
  return signJwt(claims, options.secret ?? TEST_API_SECRET);
}

function extensionRequest(path: string, init: { method?: string; token?: string | null; body?: unknown; query?: string } = {}): Request {
  const headers: Record<string, string> = { Origin: EXTENSION_ORIGIN, "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0" };
  if (init.token !== null) headers.Authorization = `Bearer ${init.token ?? customerToken()}`;
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  return new Request(`${TEST_APP_URL}/customer-account/${path}${init.query ?? ""}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
}

/** The JSON answers these routes give (account, redemption or error), as the extension reads them. */
interface Answer {
  status?: string;
  net?: number;
  member?: { balance: number; tier?: string };
  program?: { status: string };
  rewards: unknown[];
  redemption?: { code: string; rewardName: string; status: string };
  code?: string;
  error?: string;
}

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<Response>;

async function call(handler: Handler, request: Request) {
  const response = await handler({ request, params: {}, context: {} }).catch((thrown: unknown) => {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Answer) : null };
}

async function earn404(orderId = "820982911946154508") {
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  order.id = exactId(orderId);
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
}

async function ledgerCount() {
  return prisma.ledgerEntry.count();
}

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("GET /customer-account/account", () => {
  it("answers the token's customer: balance, tier progress and rewards, as the storefront does, with CORS", async () => {
    await earn404();
    const answer = await call(account, extensionRequest("account"));
    expect(answer.status).toBe(200);
    expect(answer.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(answer.headers.get("Cache-Control")).toBe("private, no-store");
    expect(answer.body?.member).toMatchObject({ balance: 404, tier: "Bronze" });
    expect(answer.body?.program).toMatchObject({ status: "live" });
    expect(answer.body?.rewards.length).toBeGreaterThan(0);
  });

  it("takes the shop from `dest` with or without its scheme", async () => {
    await earn404();
    const answer = await call(account, extensionRequest("account", { token: customerToken({ dest: `https://${TEST_SHOP}` }) }));
    expect(answer.body?.member).toMatchObject({ balance: 404 });
  });

  it("never reads a customer id from the request: only the token's `sub`", async () => {
    await earn404();
    const other = await call(account, extensionRequest("account", { token: customerToken({ sub: OTHER_GID }), query: `?customerId=${CUSTOMER_ID}&logged_in_customer_id=${CUSTOMER_ID}` }));
    expect(other.status).toBe(200);
    expect(other.body?.member).toMatchObject({ balance: 0 });
  });

  // Remix hands OPTIONS to a route's loader (only POST, PUT, PATCH and DELETE reach the action): every route the
  // extensions call needs one, or the browser's preflight fails and the real request is never sent.
  it.each([
    ["account", account],
    ["order", orderPoints],
    ["redeem", redeemPreflight],
  ] as const)("answers the preflight to %s with CORS headers and no body, before any token", async (path, loader) => {
    const preflight = await call(loader, extensionRequest(path, { method: "OPTIONS", token: null }));
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
  });

  it("refuses methods a route does not serve, with CORS headers", async () => {
    const get = await call(redeemPreflight, extensionRequest("redeem"));
    expect([get.status, get.headers.get("Allow"), get.headers.get("Access-Control-Allow-Origin")]).toEqual([405, "POST, OPTIONS", "*"]);
    const post = await call(accountAction, extensionRequest("account", { body: {} }));
    expect([post.status, post.headers.get("Allow")]).toEqual([405, "GET, OPTIONS"]);
  });
});

describe("bad tokens get 401 and change nothing", () => {
  const cases: [string, () => string | null][] = [
    ["no token", () => null],
    ["not a JWT", () => "not-a-token"],
    ["signed with another secret", () => customerToken({ secret: "another-apps-secret" })],
    ["expired", () => customerToken({ expiresIn: -60 })],
    ["for another app (audience)", () => customerToken({ aud: "another-client-id" })],
    ["whose destination is not a shop", () => customerToken({ dest: "https://evil.example.com" })],
  ];
  it.each(cases)("%s", async (_name, token) => {
    await earn404();
    const before = await ledgerCount();
    const reward = await prisma.reward.findFirstOrThrow({ where: { shop: TEST_SHOP, active: true }, orderBy: { pointsCost: "asc" } });
    const read = await call(account, extensionRequest("account", { token: token() }));
    const write = await call(redeem, extensionRequest("redeem", { token: token(), body: { rewardId: reward.id, idempotencyKey: "key-12345678" } }));
    for (const answer of [read, write]) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(answer.body?.member).toBeUndefined();
    }
    expect(await ledgerCount()).toBe(before);
    expect(await prisma.redemption.count()).toBe(0);
    expect(fake.state.discounts.size).toBe(0);
  });

  it("a token without a customer (signed out) is told to sign in, as JSON", async () => {
    const answer = await call(account, extensionRequest("account", { token: customerToken({ sub: null }) }));
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: "NOT_LOGGED_IN", error: "Sign in to see and use your points" });
  });
});

describe("POST /customer-account/redeem", () => {
  it("redeems for the token's customer once per key: a single-use code at Shopify, the balance down once", async () => {
    await earn404();
    const reward = await prisma.reward.findFirstOrThrow({ where: { shop: TEST_SHOP, active: true, pointsCost: { lte: 404 } }, orderBy: { pointsCost: "asc" } });
    const body = { rewardId: reward.id, idempotencyKey: "customer-account-1" };
    const first = await call(redeem, extensionRequest("redeem", { body }));
    const again = await call(redeem, extensionRequest("redeem", { body }));
    expect(first.status).toBe(200);
    expect(first.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(first.body?.redemption).toMatchObject({ rewardName: reward.name, status: "unused" });
    expect(again.body?.redemption?.code).toBe(first.body?.redemption?.code);
    expect(first.body?.member).toMatchObject({ balance: 404 - Number(reward.pointsCost) });
    expect(fake.state.discounts.size).toBe(1);
    const member = await prisma.member.findFirstOrThrow({ where: { customerGid: CUSTOMER_GID } });
    expect(Number(member.balance)).toBe(404 - Number(reward.pointsCost));
  });

  it("refuses a bad body with a clear error and redeems nothing", async () => {
    await earn404();
    const answer = await call(redeem, extensionRequest("redeem", { body: { rewardId: "" } }));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: "INVALID_INPUT", error: "Choose a reward to redeem" });
    expect(await prisma.redemption.count()).toBe(0);
  });

  it("refuses a body over the limit with 413 before reading it", async () => {
    const answer = await call(redeem, extensionRequest("redeem", { body: JSON.stringify({ rewardId: "x".repeat(64 * 1024), idempotencyKey: "k" }) }));
    expect(answer.status).toBe(413);
    expect(await prisma.redemption.count()).toBe(0);
  });
});

describe("GET /customer-account/order", () => {
  const ORDER = "gid://shopify/Order/820982911946154508";

  it("says what the order earned the token's customer", async () => {
    await earn404();
    const answer = await call(orderPoints, extensionRequest("order", { query: `?order=${encodeURIComponent(ORDER)}` }));
    expect(answer.status).toBe(200);
    expect(answer.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(answer.body).toMatchObject({ status: "earned", net: 404 });
  });

  it("answers none for another customer's order: nothing about it leaks", async () => {
    await earn404();
    const answer = await call(orderPoints, extensionRequest("order", { token: customerToken({ sub: OTHER_GID }), query: `?order=${encodeURIComponent(ORDER)}` }));
    expect(answer.body).toMatchObject({ status: "none", net: 0 });
  });

  it("refuses an order that is not an Order GID", async () => {
    const answer = await call(orderPoints, extensionRequest("order", { query: "?order=1' OR 1=1" }));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: "INVALID_INPUT" });
  });
});
