/**
 * Shopify Flow actions (the app's `flow_action` extensions): Flow POSTs the action's properties, signed with the
 * app's secret, to the extension's `runtime_url`.
 *
 * Rules (Flow's contract, shopify.dev "Flow action endpoints"):
 * - The body is capped first (PROXY_BODY_LIMIT, 413: the library reads it whole to check the HMAC), then the
 *   request is verified by `authenticate.flow` (HMAC of the raw body; the shop must have installed the app):
 *   anything else is refused before the body is trusted (400/405 from the library).
 * - Only a 200 is success. Another 4XX is a failure Flow shows in the run and does not retry: the answer for bad
 *   input, an unknown customer or a debit that would overdraw, as `{ "message": "…" }`. A 5XX is retried.
 * - Flow resends with the same `action_run_id`: each action is idempotent by it, so a retry changes nothing.
 * - The shop is the one the library verified; a customer id is the action's own `customer_id` property (the
 *   merchant's workflow chose it), resolved within that shop only.
 */
import { z } from "zod";
import { PROXY_BODY_LIMIT, requireBodyWithin } from "~/http/body-limit.server";
import { isLoyaltyError } from "~/loyalty/errors";
import { authenticate } from "~/shopify.server";

export interface FlowActionRequest<Properties> {
  shop: string;
  actionRunId: string;
  properties: Properties;
}

const envelope = z.object({
  action_run_id: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, "action_run_id is not a Flow run id"),
  properties: z.record(z.string(), z.unknown()),
});

const JSON_HEADERS = { "Content-Type": "application/json" };

export function flowFailure(status: number, message: string): Response {
  return new Response(JSON.stringify({ message }), { status, headers: JSON_HEADERS });
}

/**
 * Verifies a Flow action request, parses its properties with `schema`, runs `work`, and answers as Flow expects:
 * 200 with `{ "message": … }` from `work`, or a 4XX with the reason.
 */
export async function answerFlowAction<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  work: (action: FlowActionRequest<z.output<Schema>>) => Promise<string>,
): Promise<Response> {
  try {
    const { session, payload } = await authenticate.flow(await requireBodyWithin(request, PROXY_BODY_LIMIT));
    const parsed = envelope.safeParse(payload);
    if (!parsed.success) return flowFailure(400, parsed.error.issues.map((issue) => issue.message).join("; "));
    const properties = schema.safeParse(parsed.data.properties);
    if (!properties.success) {
      return flowFailure(422, properties.error.issues.map((issue) => `${issue.path.join(".") || "properties"}: ${issue.message}`).join("; "));
    }
    const message = await work({ shop: session.shop, actionRunId: parsed.data.action_run_id, properties: properties.data });
    return new Response(JSON.stringify({ message }), { status: 200, headers: JSON_HEADERS });
  } catch (error) {
    if (error instanceof Response) return error;
    if (isLoyaltyError(error)) return flowFailure(422, error.message);
    throw error;
  }
}
