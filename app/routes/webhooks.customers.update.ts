import { webhookAction } from "~/shopify/webhook-action.server";

// Verified, checked and queued for the inbox worker: app/shopify/webhooks/topics.server.ts.
export const action = webhookAction("customers/update");
