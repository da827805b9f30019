/**
 * Accepting a verified delivery of an inbox topic: the shop has the app (from memory), the payload carries its
 * keys, one INSERT, 200. Shared by the Remix routes (webhook-action.server.ts) and the server's fast path
 * (http-accept.server.ts), so both answer every delivery the same way (docs/decisions/017-webhooks-ahead-of-remix.md).
 *
 * Rules:
 * - 401 when the shop does not have the app (an offline session; or a recorded uninstall, for the topics that
 *   are accepted after it): installations.server.ts, no database read per delivery.
 * - 400 when the body is not JSON, or lacks its topic's keys (another topic's body, say). The whole payload is
 *   mapped by the inbox worker; a payload it cannot map ends failed, with its reason, listed for the merchant.
 * - Otherwise one INSERT keyed by X-Shopify-Webhook-Id (a retry is a no-op), the worker is woken, 200.
 */
import type { PrismaClient } from "@prisma/client";
import { isLoyaltyError } from "~/loyalty/errors";
import { storeDelivery } from "~/loyalty/server/inbox.server";
import { parseWebhookBody } from "../webhook-payloads";
import type { Refusal, VerifiedDelivery } from "./delivery.server";
import { wakeInboxWorker } from "./inbox-worker.server";
import { getInstallationState } from "./installations.server";
import type { TopicHandler } from "./topics.server";

/** Null when the shop may send this topic; the refusal otherwise. */
export async function installationRefusal(db: PrismaClient, shop: string, handler: TopicHandler<unknown>): Promise<Refusal | null> {
  const state = await getInstallationState(db, shop);
  if (state === "installed" || (state === "uninstalled" && handler.afterUninstall)) return null;
  return { status: 401, error: `${shop} does not have this app installed` };
}

/** The parsed body, or a refusal when it is not JSON. */
export function parsedBody(delivery: VerifiedDelivery): { payload: unknown } | Refusal {
  try {
    return { payload: parseWebhookBody(delivery.raw) };
  } catch {
    return { status: 400, error: "The webhook body is not valid JSON" };
  }
}

/** Stores a verified delivery of an inbox topic; answers 200, or the refusal (nothing written). */
export async function acceptInboxDelivery(db: PrismaClient, delivery: VerifiedDelivery, handler: TopicHandler<unknown>): Promise<Refusal | { status: 200 }> {
  const refused = await installationRefusal(db, delivery.shop, handler);
  if (refused) return refused;
  const parsed = parsedBody(delivery);
  if ("error" in parsed) return parsed;
  let keys;
  try {
    keys = handler.keys?.(parsed.payload);
  } catch (error) {
    if (isLoyaltyError(error)) return { status: 400, error: error.message, code: error.code, fieldErrors: error.fieldErrors };
    throw error;
  }
  const stored = await storeDelivery(db, {
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    shop: delivery.shop,
    topic: delivery.topic,
    apiVersion: delivery.apiVersion,
    orderKey: keys?.orderKey ?? null,
    customerGid: keys?.customerGid ?? null,
    body: delivery.raw,
    receivedAt: new Date(),
  });
  if (stored === "stored") wakeInboxWorker();
  else console.debug(`[webhook ${delivery.topic} ${delivery.webhookId}] ${delivery.shop}: already in the inbox`);
  return { status: 200 };
}
