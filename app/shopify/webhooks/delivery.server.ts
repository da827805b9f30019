/**
 * What a webhook delivery proves, checked before anything is read from or written to the database
 * (docs/decisions/010-trust-boundary.md, "Webhooks").
 *
 * Rules:
 * - Shopify signs the body only: `X-Shopify-Hmac-Sha256` = base64(HMAC-SHA256(raw body, app secret)). A wrong or
 *   missing signature → 401; a missing header → 400 (as Shopify's library answers).
 * - The headers are not signed, so they are checked against what the route is: the topic must be the route's own
 *   (400 otherwise), the shop a well-formed shop domain (400 otherwise). Whether the shop has the app is checked
 *   next, by the caller (installations.server.ts).
 * - The body is read once, under WEBHOOK_BODY_LIMIT (413 past it), before the signature is computed.
 * - Comparison is constant-time; nothing here logs a header value that proves anything (HMAC).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { BodyTooLargeError, bodyTooLargeResponse, readBodyBytes, WEBHOOK_BODY_LIMIT } from "~/http/body-limit.server";

export interface VerifiedDelivery {
  topic: string;
  shop: string;
  webhookId: string;
  eventId: string | null;
  apiVersion: string;
  /** The body exactly as signed, decoded as UTF-8. */
  raw: string;
}

const REQUIRED_HEADERS = ["X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id", "X-Shopify-API-Version"];

/** `*.myshopify.com`, or the one custom domain the app is configured with (SHOP_CUSTOM_DOMAIN). */
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$/;

export function isShopDomain(shop: string): boolean {
  if (SHOP_DOMAIN.test(shop)) return true;
  const custom = process.env.SHOP_CUSTOM_DOMAIN;
  return Boolean(custom) && shop === custom;
}

export function webhookError(status: number, error: string): Response {
  return new Response(JSON.stringify({ error }), { status, headers: { "Content-Type": "application/json" } });
}

/** Shopify writes topics as `orders/paid`; its GraphQL enum form (`ORDERS_PAID`) means the same topic. */
export function normalizeTopic(topic: string): string {
  const trimmed = topic.trim();
  return /^[A-Z_]+$/.test(trimmed) ? trimmed.toLowerCase().replace("_", "/") : trimmed.toLowerCase();
}

function signatureMatches(body: Uint8Array, header: string, secret: string): boolean {
  const expected = createHmac("sha256", secret).update(body).digest();
  let given: Buffer;
  try {
    given = Buffer.from(header, "base64");
  } catch {
    return false;
  }
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Verifies a delivery for the route that handles `routeTopic`; throws the Response to answer when it fails.
 * Reads (and so consumes) the request body.
 */
export async function requireVerifiedDelivery(request: Request, routeTopic: string): Promise<VerifiedDelivery> {
  if (request.method !== "POST") throw webhookError(405, "Webhooks are delivered with POST");
  const missing = REQUIRED_HEADERS.filter((name) => !request.headers.get(name));
  if (missing.length > 0) throw webhookError(400, `Missing webhook headers: ${missing.join(", ")}`);
  const secret = process.env.SHOPIFY_API_SECRET ?? "";
  if (!secret) throw new Error("SHOPIFY_API_SECRET is not set: webhooks cannot be verified");

  let body: Uint8Array;
  try {
    body = await readBodyBytes(request, WEBHOOK_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw bodyTooLargeResponse(error.limit);
    throw error;
  }
  if (!signatureMatches(body, request.headers.get("X-Shopify-Hmac-Sha256") ?? "", secret)) {
    throw webhookError(401, "The webhook signature (X-Shopify-Hmac-Sha256) does not match the body");
  }

  const topic = normalizeTopic(request.headers.get("X-Shopify-Topic") ?? "");
  if (topic !== routeTopic) throw webhookError(400, `This address receives ${routeTopic} webhooks, not ${topic}`);
  const shop = (request.headers.get("X-Shopify-Shop-Domain") ?? "").trim().toLowerCase();
  if (!isShopDomain(shop)) throw webhookError(400, "X-Shopify-Shop-Domain is not a shop domain");

  return {
    topic,
    shop,
    webhookId: request.headers.get("X-Shopify-Webhook-Id") ?? "",
    eventId: request.headers.get("X-Shopify-Event-Id"),
    apiVersion: request.headers.get("X-Shopify-API-Version") ?? "",
    raw: new TextDecoder().decode(body),
  };
}
