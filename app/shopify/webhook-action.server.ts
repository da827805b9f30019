/**
 * The shape every webhook route shares: authenticate (HMAC) → parse the raw body losslessly → map the payload →
 * call one service → answer.
 *
 * Rules:
 * - `authenticate.webhook` answers 400 (missing headers) and 401 (bad HMAC) before anything is read or written.
 * - A body that is not JSON, or a payload missing what the handler needs → 400 with a message; nothing written.
 * - A LoyaltyError maps to its status (httpStatusForError); a unique-key race is an expected duplicate → 200.
 * - Anything else propagates as a 500 so Shopify retries the delivery (our writes are idempotent).
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { Prisma } from "@prisma/client";
import { httpStatusForError, isLoyaltyError } from "~/loyalty/errors";
import { authenticate } from "~/shopify.server";
import { parseWebhookBody } from "./webhook-payloads";

export interface WebhookInput<T> {
  shop: string;
  topic: string;
  webhookId: string;
  data: T;
  now: Date;
}

export interface WebhookHandler<T> {
  map: (payload: unknown) => T;
  handle: (input: WebhookInput<T>) => Promise<{ message: string } | void>;
}

function jsonResponse(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export function webhookAction<T>(handler: WebhookHandler<T>) {
  return async ({ request }: ActionFunctionArgs): Promise<Response> => {
    const raw = await request.clone().text();
    let context: Awaited<ReturnType<typeof authenticate.webhook>>;
    try {
      context = await authenticate.webhook(request);
    } catch (error) {
      // The HMAC was valid (it is checked first) but the body is not JSON.
      if (error instanceof SyntaxError) return jsonResponse(400, { error: "The webhook body is not valid JSON" });
      throw error;
    }
    const { shop, topic, webhookId } = context;
    try {
      const data = handler.map(parseWebhookBody(raw));
      const result = await handler.handle({ shop, topic, webhookId, data, now: new Date() });
      if (result) console.info(`[webhook ${topic} ${webhookId}] ${shop}: ${result.message}`);
      return new Response(null, { status: 200 });
    } catch (error) {
      if (isLoyaltyError(error)) {
        const status = httpStatusForError(error.code);
        console.info(`[webhook ${topic} ${webhookId}] ${shop}: ${error.code} ${error.message}`);
        return jsonResponse(status, { error: error.message, code: error.code, fieldErrors: error.fieldErrors });
      }
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        console.info(`[webhook ${topic} ${webhookId}] ${shop}: duplicate delivery stopped by a unique key`);
        return new Response(null, { status: 200 });
      }
      throw error;
    }
  };
}
