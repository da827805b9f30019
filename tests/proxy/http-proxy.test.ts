/**
 * The production server's fast path for `GET /proxy/account` (app/shopify/http-proxy.server.ts) against the Remix
 * route it stands in front of: each request below goes to both, and must get the same status, the same headers that
 * matter (JSON, private, never cached) and the same body. The fast path runs in a real node:http server, as
 * server.mjs mounts it, reached over loopback; requests are signed as Shopify's app proxy signs them.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { loader as account } from "~/routes/proxy.account";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { handleProxyRequest } from "~/shopify/http-proxy.server";
import { shopifyProxyQuery, type ShopifyProxyQueryOptions } from "../support/app-proxy";
import { prisma, resetDatabase } from "../support/database";
import { TEST_APP_URL } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const CUSTOMER_ID = "115310627314723954";

let server: Server;
let port = 0;
let untaken: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (handleProxyRequest(req, res)) return;
    untaken.push(`${req.method} ${req.url}`);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(async () => {
  await resetDatabase();
  untaken = [];
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  // The shopper has history: Shopify's example order, paid now.
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.id = exactId("820982911946154508");
  order.processed_at = new Date().toISOString();
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
});

interface Answer {
  status: number;
  contentType: string | null;
  cacheControl: string | null;
  body: string;
}

function overHttp(pathAndQuery: string, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path: pathAndQuery }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers["content-type"] ?? null,
          cacheControl: res.headers["cache-control"] ?? null,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

async function throughRemix(pathAndQuery: string): Promise<Answer> {
  const response = await account({ request: new Request(`${TEST_APP_URL}${pathAndQuery}`), params: {}, context: {} });
  return {
    status: response.status,
    contentType: response.headers.get("Content-Type"),
    cacheControl: response.headers.get("Cache-Control"),
    body: await response.text(),
  };
}

/** Both answers to the same signed request; the Remix one first (the account reads the same data either way). */
async function bothWays(pathAndQuery: string) {
  const remix = await throughRemix(pathAndQuery);
  const fast = await overHttp(pathAndQuery);
  return { remix, fast };
}

const signed = (options: ShopifyProxyQueryOptions = {}): string => `/proxy/account?${shopifyProxyQuery({}, { customerId: CUSTOMER_ID, ...options }).toString()}`;

describe("GET /proxy/account ahead of Remix", () => {
  const cases: ReadonlyArray<readonly [string, () => string, number]> = [
    ["a signed-in member", () => signed(), 200],
    ["a signed-in shopper the shop has never seen", () => signed({ customerId: "42" }), 200],
    ["a logged-out shopper", () => signed({ customerId: null }), 401],
    ["a forged signature", () => signed({ secret: "not-the-secret" }), 400],
    ["a stale request (10 minutes old)", () => signed({ timestamp: Math.floor(Date.now() / 1000) - 600 }), 400],
    ["a signed shop that is not a shop domain", () => signed({ shop: "evil.example.com" }), 400],
    ["no query at all", () => "/proxy/account", 400],
  ];
  it.each(cases)("%s: same answer as the route", async (_name, make, status) => {
    const { remix, fast } = await bothWays(make());
    expect(remix.status).toBe(status);
    expect(fast).toEqual(remix);
    expect(untaken).toEqual([]);
  });

  it("shows the member's balance and activity", async () => {
    const answer = await overHttp(signed());
    const body = JSON.parse(answer.body) as { member: { balance: number }; activity: unknown[] };
    expect(body.member.balance).toBe(404);
    expect(body.activity).toHaveLength(1);
    expect(answer.cacheControl).toBe("private, no-store");
  });

  it("ignores a customer id in the query: only the signed one counts", async () => {
    // `logged_in_customer_id` is Shopify's; a storefront-supplied duplicate would break the signature.
    const query = shopifyProxyQuery({}, { customerId: "42" });
    query.append("logged_in_customer_id", CUSTOMER_ID);
    const { remix, fast } = await bothWays(`/proxy/account?${query.toString()}`);
    expect(fast).toEqual(remix);
    expect(fast.status).toBe(400);
  });

  it("leaves other methods and other proxy paths to Remix", async () => {
    expect((await overHttp(signed(), "POST")).status).toBe(404);
    expect((await overHttp(signed().replace("/proxy/account", "/proxy/redeem"))).status).toBe(404);
    expect((await overHttp(signed().replace("/proxy/account", "/proxy/accounts"))).status).toBe(404);
    expect(untaken).toHaveLength(3);
    expect(await prisma.ledgerEntry.count()).toBe(1);
  });
});
