/**
 * The `bulk_operations/finish` webhook's payload (docs/decisions/028-backfill-past-orders.md): which operation
 * finished. Only the GID is trusted to mean anything: the job that owns the operation asks Shopify for its status
 * itself (the payload's status is a hint, never acted on).
 */
import { z } from "zod";
import { LoyaltyError } from "~/loyalty/errors";

export interface FinishedBulkOperation {
  operationGid: string;
}

const schema = z.object({ admin_graphql_api_id: z.string().regex(/^gid:\/\/shopify\/BulkOperation\/\d+$/, "expected a BulkOperation GID") });

export function mapFinishedBulkOperation(payload: unknown): FinishedBulkOperation {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new LoyaltyError("INVALID_INPUT", "The bulk operation payload has no valid admin_graphql_api_id", { fieldErrors: { admin_graphql_api_id: "Required" } });
  }
  return { operationGid: parsed.data.admin_graphql_api_id };
}
