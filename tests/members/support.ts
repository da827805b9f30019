/**
 * Helpers of the members tests: members given a real history by Shopify's signed example webhooks, admin
 * requests carrying a session token of a chosen staff member, and responses read back as JSON or text.
 */
import { expect } from "vitest";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { action as customersCreate } from "~/routes/webhooks.customers.create";
import { action as customersRedact } from "~/routes/webhooks.customers.redact";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { adminRequest, callRoute } from "../support/admin";
import { launchProgramOf, prisma } from "../support/database";
import { storeOfflineSession } from "../support/sessions";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";
import { withSafeNumbers } from "~/loyalty/safe-integer";

type Json = Record<string, unknown>;
type Route = Parameters<typeof callRoute>[0];

/** The user id in the session tokens @shopify/shopify-api's test helpers sign (their USER_ID). */
export const DEFAULT_STAFF_ID = "12345";

/** Shopify's example order (tests/webhooks/orders.test.ts): 404 points at the default 1 pt/$ for its customer. */
export const EXAMPLE_ORDER_ID = "820982911946154508";
export const EXAMPLE_CUSTOMER_GID = "gid://shopify/Customer/115310627314723954";
export const EXAMPLE_ORDER_POINTS = 404;

export const customerGid = (id: string) => `gid://shopify/Customer/${id}`;

async function sendWebhook(action: typeof ordersPaid, topic: string, payload: unknown, shop = TEST_SHOP): Promise<void> {
  const response = await deliver(action, webhookRequest(topic, toRawJson(payload), { shop }));
  expect(response.status, `${topic} delivery`).toBe(200);
}

export interface CustomerSeed {
  id: string;
  firstName: string | null;
  lastName?: string | null;
  email: string | null;
  shop?: string;
}

/** customers/create with Shopify's example payload for this customer (the member gets the program's signup bonus). */
export async function createCustomer(customer: CustomerSeed): Promise<void> {
  const payload = webhookExample<Json>("customers/create");
  payload.id = exactId(customer.id);
  payload.admin_graphql_api_id = customerGid(customer.id);
  payload.first_name = customer.firstName;
  payload.last_name = customer.lastName ?? null;
  payload.email = customer.email;
  await sendWebhook(customersCreate, "customers/create", payload, customer.shop);
}

/** orders/paid with Shopify's example order, for its own customer unless `customerId` is given. */
export async function payExampleOrder(options: { orderId?: string; customerId?: string; shop?: string; paidAt?: Date } = {}): Promise<void> {
  const orderId = options.orderId ?? EXAMPLE_ORDER_ID;
  const order = webhookExample<Json & { line_items: Json[]; customer: Json }>("orders/paid");
  order.id = exactId(orderId);
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  for (const line of order.line_items) if (line.product_id) line.product_id = exactId("788032119674292922");
  if (options.paidAt) Object.assign(order, { processed_at: options.paidAt.toISOString(), created_at: options.paidAt.toISOString() });
  if (options.customerId) {
    order.customer = { ...order.customer, id: exactId(options.customerId), admin_graphql_api_id: customerGid(options.customerId) };
  }
  // Paid orders earn only in a launched program (the test shop's is, after resetDatabase; another shop's too here).
  await launchProgramOf(options.shop ?? TEST_SHOP);
  await sendWebhook(ordersPaid, "orders/paid", order, options.shop);
}

/** refunds/create with Shopify's example refund (two lines of the example order). */
export async function refundExampleOrder(orderId = EXAMPLE_ORDER_ID): Promise<void> {
  const refund = webhookExample<Json>("refunds/create");
  refund.order_id = exactId(orderId);
  await sendWebhook(refundsCreate, "refunds/create", refund);
}

/** customers/redact with Shopify's example payload for this customer. */
export async function redactCustomer(customerId: string, shop = TEST_SHOP): Promise<void> {
  const payload = webhookExample<Json & { customer: Json }>("customers/redact");
  payload.shop_domain = shop;
  payload.customer = { ...payload.customer, id: exactId(customerId) };
  await sendWebhook(customersRedact, "customers/redact", payload, shop);
}

export async function memberOf(gid: string, shop = TEST_SHOP) {
  // Balances are BigInt columns: compare them as the app reads them.
  return withSafeNumbers(await prisma.member.findUniqueOrThrow({ where: { shop_customerGid: { shop, customerGid: gid } } }));
}

export interface StaffRequestOptions {
  form?: Record<string, string>;
  shop?: string;
  /** The staff member in the session token (`sub`); the library's test user when absent. */
  staffId?: string;
}

/** An embedded-admin request (session token in the Authorization header) for `path`. */
export async function staffRequest(path: string, options: StaffRequestOptions = {}): Promise<Request> {
  if (options.staffId === undefined) return adminRequest(path, { form: options.form, shop: options.shop });
  const shop = options.shop ?? TEST_SHOP;
  await storeOfflineSession(shop);
  const { token } = await getJwt(shop.replace(/\.myshopify\.com$/, ""), TEST_API_KEY, TEST_API_SECRET, { sub: options.staffId });
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  const init: RequestInit = { method: options.form ? "POST" : "GET", headers };
  if (options.form) {
    init.body = new URLSearchParams(options.form);
    headers["Content-Type"] = "application/x-www-form-urlencoded";
  }
  return new Request(`${TEST_APP_URL}${path}`, init);
}

/** Calls a loader/action through authenticate.admin and returns what it answered (a Response or plain data). */
export async function callAs(route: Route, path: string, params: Record<string, string> = {}, options: StaffRequestOptions = {}): Promise<unknown> {
  return callRoute(route, await staffRequest(path, options), params);
}

export interface Answer<T> {
  status: number;
  body: T;
}

/** A route's answer as status + JSON body (plain loader data counts as 200). */
export async function answerOf<T = Json>(result: unknown): Promise<Answer<T>> {
  if (result instanceof Response) return { status: result.status, body: (await result.json()) as T };
  return { status: 200, body: result as T };
}

/** Everything about a member the tests check is unchanged by a refused request. */
export async function snapshot(memberId: string) {
  const [member, entries, jobs] = await Promise.all([
    prisma.member.findUniqueOrThrow({ where: { id: memberId } }),
    prisma.ledgerEntry.findMany({ where: { memberId }, orderBy: { id: "asc" } }),
    prisma.outboxJob.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { member, entries, jobs };
}
