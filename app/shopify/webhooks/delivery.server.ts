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

export function webhookError(status: number, error: string, detail: Pick<Refusal, "code" | "fieldErrors"> = {}): Response {
  return new Response(JSON.stringify({ error, ...detail }), { status, headers: { "Content-Type": "application/json" } });
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

/** The parts of an incoming request the checks read: a web `Request` (Remix) and a node request both give them. */
export interface DeliveryHeaders {
  method: string;
  header(name: string): string | null;
}

/** Why a delivery is refused: the status and message to answer with. Nothing has been read or written. */
export interface Refusal {
  status: number;
  error: string;
  /** For a payload refused as invalid input: INVALID_INPUT and the fields at fault. */
  code?: string;
  fieldErrors?: Record<string, string>;
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === "object" && value !== null && "status" in value && "error" in value;
}

/** The checks made before the body is read: the method and the headers Shopify always sends. */
export function checkBeforeBody(request: DeliveryHeaders): Refusal | null {
  if (request.method !== "POST") return { status: 405, error: "Webhooks are delivered with POST" };
  const missing = REQUIRED_HEADERS.filter((name) => !request.header(name));
  if (missing.length > 0) return { status: 400, error: `Missing webhook headers: ${missing.join(", ")}` };
  if (!process.env.SHOPIFY_API_SECRET) throw new Error("SHOPIFY_API_SECRET is not set: webhooks cannot be verified");
  return null;
}

/** The checks made on the body (read under WEBHOOK_BODY_LIMIT by the caller): the signature, then the headers. */
export function verifyBody(request: DeliveryHeaders, body: Uint8Array, routeTopic: string): VerifiedDelivery | Refusal {
  if (!signatureMatches(body, request.header("X-Shopify-Hmac-Sha256") ?? "", process.env.SHOPIFY_API_SECRET ?? "")) {
    return { status: 401, error: "The webhook signature (X-Shopify-Hmac-Sha256) does not match the body" };
  }
  const topic = normalizeTopic(request.header("X-Shopify-Topic") ?? "");
  if (topic !== routeTopic) return { status: 400, error: `This address receives ${routeTopic} webhooks, not ${topic}` };
  const shop = (request.header("X-Shopify-Shop-Domain") ?? "").trim().toLowerCase();
  if (!isShopDomain(shop)) return { status: 400, error: "X-Shopify-Shop-Domain is not a shop domain" };
  return {
    topic,
    shop,
    webhookId: request.header("X-Shopify-Webhook-Id") ?? "",
    eventId: request.header("X-Shopify-Event-Id"),
    apiVersion: request.header("X-Shopify-API-Version") ?? "",
    raw: new TextDecoder().decode(body),
  };
}

/**
 * Verifies a delivery (a web Request) for the route that handles `routeTopic`; throws the Response to answer when
 * it fails. Reads (and so consumes) the request body.
 */
export async function requireVerifiedDelivery(request: Request, routeTopic: string): Promise<VerifiedDelivery> {
  const headers: DeliveryHeaders = { method: request.method, header: (name) => request.headers.get(name) };
  const refused = checkBeforeBody(headers);
  if (refused) throw webhookError(refused.status, refused.error);
  let body: Uint8Array;
  try {
    body = await readBodyBytes(request, WEBHOOK_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw bodyTooLargeResponse(error.limit);
    throw error;
  }
  const verified = verifyBody(headers, body, routeTopic);
  if (isRefusal(verified)) throw webhookError(verified.status, verified.error);
  return verified;
}
