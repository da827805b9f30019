/**
 * `bulk_operations/finish`, as Shopify sends it when a bulk operation finishes: its documented example payload
 * (./examples.ts) with the operation's own id, times, status, type and error code.
 *
 * Rules:
 * - Shopify writes the enums in lower case in this payload ("completed", "query"); the error code is written the same
 *   way ("access_denied"), null unless the operation failed. Times are in the shop's zone offset, as other payloads.
 * - Shopify documents the topic for operations that completed, failed or were cancelled; the dev store sends it too
 *   when a completed operation's file expires (`expire(id)`), so an app can be tested against an operation that
 *   ends EXPIRED. The app treats the webhook as a nudge and reads the status itself either way.
 */
import type { FinishedBulkOperation } from "../admin-api";
import { shopTime, type ShopEvent } from "../commerce";
import { webhookExample } from "./examples";

export const BULK_OPERATIONS_FINISH = "bulk_operations/finish";

export function bulkOperationFinishEvent(operation: FinishedBulkOperation): ShopEvent {
  return {
    topic: BULK_OPERATIONS_FINISH,
    payload: {
      ...webhookExample(BULK_OPERATIONS_FINISH),
      admin_graphql_api_id: operation.id,
      completed_at: shopTime(new Date(operation.completedAt)),
      created_at: shopTime(new Date(operation.createdAt)),
      error_code: operation.errorCode === null ? null : operation.errorCode.toLowerCase(),
      status: operation.status.toLowerCase(),
      type: operation.type.toLowerCase(),
    },
  };
}
