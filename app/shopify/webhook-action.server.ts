/**
 * The one action every webhook route is: verify → check the shop → store it in the inbox (or, for the compliance
 * topics and app/uninstalled, handle it now) → answer.
 *
 * Rules (docs/decisions/010-trust-boundary.md, 012-webhook-inbox.md, 017-webhooks-ahead-of-remix.md):
 * - 413 for a body over the limit, 400 for a missing header, 401 for a wrong signature, 400 for a topic that is
 *   not the route's or a shop header that is not a shop domain: nothing read from or written to the database.
 * - 401 when the shop does not have the app. Answered from memory (installations.server.ts).
 * - Inbox topics: webhooks/accept.server.ts (the production server answers them ahead of Remix, the same way).
 * - Now topics: 400 when the body is not JSON, does not have the topic's shape, or names another shop than the
 *   header; a LoyaltyError maps to its status; anything else is a 500 so Shopify retries (they are idempotent).
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { httpStatusForError, isLoyaltyError } from "~/loyalty/errors";
import { acceptInboxDelivery, installationRefusal, parsedBody } from "./webhooks/accept.server";
import { isRefusal, requireVerifiedDelivery, webhookError, type Refusal } from "./webhooks/delivery.server";
import { topicHandler } from "./webhooks/topics.server";

function jsonResponse(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function answer(result: Refusal | { status: 200 }): Response {
  if (!isRefusal(result)) return new Response(null, { status: 200 });
  return webhookError(result.status, result.error, { code: result.code, fieldErrors: result.fieldErrors });
}

export function webhookAction(topic: string) {
  const handler = topicHandler(topic);
  return async ({ request }: ActionFunctionArgs): Promise<Response> => {
    const delivery = await requireVerifiedDelivery(request, topic);
    if (handler.mode === "inbox") return answer(await acceptInboxDelivery(prisma, delivery, handler));

    const refused = await installationRefusal(prisma, delivery.shop, handler);
    if (refused) return answer(refused);
    const parsed = parsedBody(delivery);
    if (isRefusal(parsed)) return answer(parsed);
    const label = `[webhook ${topic} ${delivery.webhookId}] ${delivery.shop}`;
    try {
      if (handler.payloadShop) {
        const named = handler.payloadShop(parsed.payload);
        if (named !== delivery.shop) return webhookError(400, `The payload names ${named}, not ${delivery.shop} (X-Shopify-Shop-Domain)`);
      }
      const data = handler.map(parsed.payload);
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
