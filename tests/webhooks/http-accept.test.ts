/**
 * The production server's webhook fast path (app/shopify/webhooks/http-accept.server.ts) against the Remix routes
 * it stands in front of (docs/decisions/017-webhooks-ahead-of-remix.md): every delivery below is sent to both, on
 * the same database state, and must get the same status, the same answer body and leave the same inbox rows.
 *
 * The fast path runs in a real node:http server here, as server.mjs mounts it, and is reached over loopback; the
 * Remix side is the route module's action. Shopify's example payloads, signed as Shopify signs them.
 */
import { request as httpRequest, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { WEBHOOK_BODY_LIMIT } from "~/http/body-limit.server";
import { action as customersCreate } from "~/routes/webhooks.customers.create";
import { action as ordersCancelled } from "~/routes/webhooks.orders.cancelled";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { handleWebhookRequest } from "~/shopify/webhooks/http-accept.server";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, installShop, toRawJson, webhookExample, webhookRequest, type DeliveryOptions } from "../support/webhooks";

type Json = Record<string, unknown>;
type Action = typeof ordersPaid;

const ACTIONS: Record<string, Action> = {
  "orders/paid": ordersPaid,
  "orders/cancelled": ordersCancelled,
  "refunds/create": refundsCreate,
  "customers/create": customersCreate,
};

let server: Server;
let port = 0;
let untaken: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (handleWebhookRequest(req, res)) return;
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
  vi.spyOn(console, "debug").mockImplementation(() => undefined);
});

interface Answer {
  status: number;
  body: unknown;
}

/** Sends the web Request's method, path, headers and body over HTTP to the fast path. `chunked` drops the length. */
async function overHttp(request: Request, options: { chunked?: boolean } = {}): Promise<Answer> {
  const body = Buffer.from(await request.arrayBuffer());
  const headers: Record<string, string> = Object.fromEntries(request.headers);
  if (!options.chunked) headers["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method: request.method, path: new URL(request.url).pathname + new URL(request.url).search, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
      });
    });
    req.on("error", (error) => (options.chunked ? resolve({ status: -1, body: error.message }) : reject(error)));
    if (options.chunked) {
      // In pieces, without a Content-Length: the limit is enforced while reading.
      for (let offset = 0; offset < body.length; offset += 64 * 1024) req.write(body.subarray(offset, offset + 64 * 1024));
      req.end();
    } else req.end(body);
  });
}

async function throughRemix(action: Action, request: Request): Promise<Answer> {
  const response = await deliver(action, request, { install: false, drain: false });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** The inbox as the answer left it, without what differs by nature (sequence, arrival time). */
async function inboxRows() {
  const rows = await prisma.webhookDelivery.findMany({ orderBy: { seq: "asc" } });
  return rows.map(({ seq: _seq, receivedAt, ...row }) => ({ ...row, receivedAt: receivedAt instanceof Date }));
}

interface Case {
  topic: string;
  body: string;
  options?: DeliveryOptions;
  /** Shops that have the app before the delivery (default: the test shop). */
  installed?: string[];
  /** Sent once before the delivery, with the same webhook id (a retry). */
  retry?: boolean;
  chunked?: boolean;
}

/** Runs the case on the Remix route, then on a fresh database through the fast path: both outcomes. */
async function bothWays(c: Case): Promise<{ remix: Answer & { rows: unknown[] }; fast: Answer & { rows: unknown[] } }> {
  const webhookId = c.options?.webhookId ?? `wh-${Math.random().toString(36).slice(2)}`;
  // One set of headers (one event id, one Triggered-At) for every send.
  const template = webhookRequest(c.topic, c.body, { ...c.options, webhookId });
  const make = () => new Request(template.url, { method: "POST", headers: template.headers, body: c.body });
  const action = ACTIONS[c.topic] ?? ordersPaid;
  const outcomes: (Answer & { rows: unknown[] })[] = [];
  for (const send of [(r: Request) => throughRemix(action, r), (r: Request) => overHttp(r, { chunked: c.chunked })]) {
    await resetDatabase();
    for (const shop of c.installed ?? [TEST_SHOP]) await installShop(shop);
    if (c.retry) expect((await send(make())).status).toBe(200);
    const answer = await send(make());
    outcomes.push({ ...answer, rows: await inboxRows() });
  }
  const [remix, fast] = outcomes as [Answer & { rows: unknown[] }, Answer & { rows: unknown[] }];
  return { remix, fast };
}

function paidOrder(): string {
  const order = webhookExample<Json>("orders/paid");
  order.id = exactId("820982911946154508");
  return toRawJson(order);
}

const refund = () => toRawJson(webhookExample<Json>("refunds/create"));
const cancelled = () => toRawJson(webhookExample<Json>("orders/cancelled"));
const customer = () => toRawJson(webhookExample<Json>("customers/create"));

describe("the fast path answers as the Remix routes do", () => {
  const cases: [string, () => Case, number][] = [
    ["a paid order", () => ({ topic: "orders/paid", body: paidOrder() }), 200],
    ["a retried paid order (same webhook id)", () => ({ topic: "orders/paid", body: paidOrder(), retry: true }), 200],
    ["a refund", () => ({ topic: "refunds/create", body: refund() }), 200],
    ["a cancellation", () => ({ topic: "orders/cancelled", body: cancelled() }), 200],
    ["a new customer", () => ({ topic: "customers/create", body: customer() }), 200],
    ["a wrong signature", () => ({ topic: "orders/paid", body: paidOrder(), options: { secret: "not-the-secret" } }), 401],
    ...["X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id", "X-Shopify-API-Version"].map(
      (header): [string, () => Case, number] => [`no ${header}`, () => ({ topic: "orders/paid", body: paidOrder(), options: { omitHeaders: [header] } }), 400],
    ),
    ["a shop without the app", () => ({ topic: "orders/paid", body: paidOrder(), installed: [] }), 401],
    ["a shop header that is not a shop domain", () => ({ topic: "orders/paid", body: paidOrder(), options: { shop: "evil.example.com" } }), 400],
    ["a body that is not JSON", () => ({ topic: "orders/paid", body: "{not json" }), 400],
    ["another topic's body", () => ({ topic: "orders/paid", body: customer() }), 400],
    ["a refund without its order id", () => ({ topic: "refunds/create", body: JSON.stringify({ ...webhookExample<Json>("refunds/create"), order_id: null }) }), 400],
    ["a body over the limit (Content-Length)", () => ({ topic: "orders/paid", body: " ".repeat(WEBHOOK_BODY_LIMIT + 1) }), 413],
  ];

  it.each(cases)("%s", async (_name, make, status) => {
    const { remix, fast } = await bothWays(make());
    expect(remix.status).toBe(status);
    expect(fast).toEqual(remix);
    expect(untaken).toEqual([]);
  });

  it("a topic sent to another topic's address", async () => {
    // The orders/paid body signed and labelled refunds/create, posted to /webhooks/orders/paid.
    const request = webhookRequest("refunds/create", paidOrder());
    const sent = new Request(request.url.replace("refunds/create", "orders/paid"), { method: "POST", headers: request.headers, body: await request.text() });
    await installShop(TEST_SHOP);
    const fast = await overHttp(sent.clone());
    const remix = await throughRemix(ordersPaid, sent);
    expect(fast).toEqual(remix);
    expect(fast.status).toBe(400);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });

  it("stores the delivery's keys as the Remix route does: order, customer, topic, API version, event id", async () => {
    const { fast } = await bothWays({ topic: "orders/paid", body: paidOrder() });
    expect(fast.rows).toEqual([
      expect.objectContaining({
        shop: TEST_SHOP,
        topic: "orders/paid",
        apiVersion: "2026-10",
        orderKey: "gid://shopify/Order/820982911946154508",
        customerGid: "gid://shopify/Customer/115310627314723954",
        status: "pending",
        attempts: 0,
        receivedAt: true,
      }),
    ]);
  });
});

describe("limits and what it leaves to Remix", () => {
  it("refuses a streamed body past the limit with 413 (no Content-Length), and closes the connection", async () => {
    await installShop(TEST_SHOP);
    const answer = await overHttp(webhookRequest("orders/paid", " ".repeat(WEBHOOK_BODY_LIMIT * 2)), { chunked: true });
    // Either the 413 arrives, or the server closed the socket while the client was still writing.
    if (answer.status !== -1) expect(answer).toMatchObject({ status: 413, body: { error: expect.stringContaining(String(WEBHOOK_BODY_LIMIT)) } });
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });

  it("leaves the compliance topics, app/uninstalled, other methods and query strings to Remix", async () => {
    for (const topic of ["shop/redact", "customers/redact", "customers/data_request", "app/uninstalled"]) {
      expect((await overHttp(webhookRequest(topic, "{}"))).status).toBe(404);
    }
    const paid = webhookRequest("orders/paid", paidOrder());
    expect((await overHttp(new Request(`${paid.url}?x=1`, { method: "POST", headers: paid.headers, body: paidOrder() }))).status).toBe(404);
    expect(untaken).toEqual([
      "POST /webhooks/shop/redact",
      "POST /webhooks/customers/redact",
      "POST /webhooks/customers/data_request",
      "POST /webhooks/app/uninstalled",
      "POST /webhooks/orders/paid?x=1",
    ]);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });
});
