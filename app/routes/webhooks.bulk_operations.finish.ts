import { webhookAction } from "~/shopify/webhook-action.server";

// Verified, checked and handled now (a nudge to the job waiting on the operation): app/shopify/webhooks/topics.server.ts.
export const action = webhookAction("bulk_operations/finish");
