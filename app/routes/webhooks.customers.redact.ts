import { webhookAction } from "~/shopify/webhook-action.server";

// Verified, checked and queued (or, for this topic, handled now): app/shopify/webhooks/topics.server.ts.
export const action = webhookAction("customers/redact");
