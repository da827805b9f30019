/**
 * The one action every webhook route is: verify → check the shop → read the payload → store it in the inbox (or,
 * for the compliance topics and app/uninstalled, handle it now) → answer.
 *
 * Rules (docs/decisions/010-trust-boundary.md, 012-webhook-inbox.md):
 * - 413 for a body over the limit, 400 for a missing header, 401 for a wrong signature, 400 for a topic that is
 *   not the route's or a shop header that is not a shop domain: nothing read from or written to the database.
 * - 401 when the shop does not have the app (an offline session; or a recorded uninstall, for the compliance
 *   topics). Answered from memory (installations.server.ts).
 * - 400 when the body is not JSON, does not have the topic's shape, or names another shop than the header.
 * - Inbox topics: one INSERT keyed by X-Shopify-Webhook-Id (a retry is a no-op), then 200. Nothing else.
 * - Now topics: a LoyaltyError maps to its status; anything else is a 500 so Shopify retries (they are idempotent).
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { httpStatusForError, isLoyaltyError } from "~/loyalty/errors";
import { storeDelivery } from "~/loyalty/server/inbox.server";
import { parseWebhookBody } from "./webhook-payloads";
import { requireVerifiedDelivery, webhookError, type VerifiedDelivery } from "./webhooks/delivery.server";
import { wakeInboxWorker } from "./webhooks/inbox-worker.server";
import { getInstallationState } from "./webhooks/installations.server";
import { topicHandler, type TopicHandler } from "./webhooks/topics.server";

function jsonResponse(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

async function requireInstalled(shop: string, handler: TopicHandler<unknown>): Promise<void> {
  const state = await getInstallationState(prisma, shop);
  if (state === "installed" || (state === "uninstalled" && handler.afterUninstall)) return;
  throw webhookError(401, `${shop} does not have this app installed`);
}

/** Reads the payload and its shop; a LoyaltyError (wrong shape, another shop) for the caller to answer. */
function readPayload(delivery: VerifiedDelivery, handler: TopicHandler<unknown>): unknown {
  let payload: unknown;
  try {
    payload = parseWebhookBody(delivery.raw);
  } catch {
    throw webhookError(400, "The webhook body is not valid JSON");
  }
  if (handler.payloadShop) {
    const named = handler.payloadShop(payload);
    if (named !== delivery.shop) throw webhookError(400, `The payload names ${named}, not ${delivery.shop} (X-Shopify-Shop-Domain)`);
  }
  return handler.map(payload);
}

export function webhookAction(topic: string) {
  const handler = topicHandler(topic);
  return async ({ request }: ActionFunctionArgs): Promise<Response> => {
    const delivery = await requireVerifiedDelivery(request, topic);
    await requireInstalled(delivery.shop, handler);
    const label = `[webhook ${topic} ${delivery.webhookId}] ${delivery.shop}`;
    try {
      const data = readPayload(delivery, handler);
      if (handler.mode === "inbox") {
        const keys = handler.keys?.(data) ?? {};
        const stored = await storeDelivery(prisma, {
          webhookId: delivery.webhookId,
          eventId: delivery.eventId,
          shop: delivery.shop,
          topic,
          apiVersion: delivery.apiVersion,
          orderKey: keys.orderKey ?? null,
          customerGid: keys.customerGid ?? null,
          body: delivery.raw,
          receivedAt: new Date(),
        });
        if (stored === "stored") wakeInboxWorker();
        else console.debug(`${label}: already in the inbox`);
        return new Response(null, { status: 200 });
      }
      const result = await handler.handle({ db: prisma, shop: delivery.shop, data, now: new Date() });
      if (result) console.info(`${label}: ${result.message}`);
      return new Response(null, { status: 200 });
    } catch (error) {
      if (isLoyaltyError(error)) {
        console.info(`${label}: ${error.code} ${error.message}`);
        return jsonResponse(httpStatusForError(error.code), { error: error.message, code: error.code, fieldErrors: error.fieldErrors });
      }
      throw error;
    }
  };
}
