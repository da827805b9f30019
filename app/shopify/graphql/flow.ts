/**
 * Fires a Shopify Flow trigger (the app's `flow_trigger` extensions) with `flowTriggerReceive(handle, payload)`.
 *
 * Rules:
 * - The payload is a flat JSON object whose keys are the trigger's fields (its toml), `customer_id` being the
 *   customer reference; the caller has already kept it under Flow's size limit (app/loyalty/flow-events.ts).
 * - userErrors (unknown handle, payload refused) are thrown as ShopifyUserError: a refused trigger is not "sent".
 */
import type { AdminGraphql } from "../admin-graphql.server";
import { throwIfUserErrors, type UserErrorDetail } from "../errors";

export const FLOW_TRIGGER_RECEIVE = `#graphql
  mutation FlowTriggerReceive($handle: String!, $payload: JSON!) {
    flowTriggerReceive(handle: $handle, payload: $payload) {
      userErrors {
        field
        message
      }
    }
  }
`;

interface FlowTriggerReceiveResult {
  flowTriggerReceive: { userErrors: UserErrorDetail[] } | null;
}

export async function sendFlowTrigger(admin: AdminGraphql, handle: string, payload: Record<string, unknown>): Promise<void> {
  const { flowTriggerReceive } = await admin<FlowTriggerReceiveResult>(FLOW_TRIGGER_RECEIVE, { handle, payload });
  throwIfUserErrors("flowTriggerReceive", flowTriggerReceive?.userErrors);
}
