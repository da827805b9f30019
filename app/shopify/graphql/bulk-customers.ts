/**
 * Reading every customer of the shop through a bulk query operation (docs/decisions/027-enrol-existing-customers.md):
 * start it, poll it, read its JSONL result. Only what a member already stores is read: the customer GID, the email
 * and the name (for the display name).
 */
import type { AdminGraphql } from "../admin-graphql.server";

/** The bulk query: one JSONL line per customer, `{"id":…,"firstName":…,"lastName":…,"defaultEmailAddress":{…}}`. */
export const CUSTOMERS_BULK_QUERY = `
  query EnrolCustomers {
    customers {
      edges {
        node {
          id
          firstName
          lastName
          defaultEmailAddress {
            emailAddress
          }
        }
      }
    }
  }
`;

export const BULK_OPERATION_RUN_QUERY = `#graphql
  mutation BulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const BULK_OPERATION_STATUS = `#graphql
  query BulkOperationStatus($id: ID!) {
    node(id: $id) {
      ... on BulkOperation {
        id
        status
        errorCode
        objectCount
        url
      }
    }
  }
`;

export type BulkStatus = "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";

export interface BulkOperationState {
  id: string;
  status: BulkStatus;
  errorCode: string | null;
  /** Objects read so far (all of them once completed). */
  objectCount: number;
  /** The JSONL result (a signed URL valid for a week); null until completed, and when nothing was found. */
  url: string | null;
}

interface RunResult {
  bulkOperationRunQuery: { bulkOperation: { id: string; status: BulkStatus } | null; userErrors: { field: string[] | null; message: string; code: string | null }[] };
}

interface StatusResult {
  node: { id: string; status: BulkStatus; errorCode: string | null; objectCount: string; url: string | null } | null;
}

/** Starts the customers' bulk query: its id, or the sentence Shopify refused it with. */
export async function startCustomersBulkQuery(admin: AdminGraphql): Promise<{ id: string } | { error: string }> {
  const { bulkOperationRunQuery: answer } = await admin<RunResult>(BULK_OPERATION_RUN_QUERY, { query: CUSTOMERS_BULK_QUERY });
  if (answer.bulkOperation && answer.userErrors.length === 0) return { id: answer.bulkOperation.id };
  return { error: answer.userErrors.map((e) => e.message).join("; ") || "Shopify did not start the bulk operation" };
}

/** The operation's state, or null when Shopify no longer knows it. */
export async function getBulkOperation(admin: AdminGraphql, id: string): Promise<BulkOperationState | null> {
  const { node } = await admin<StatusResult>(BULK_OPERATION_STATUS, { id });
  if (!node || !node.id) return null;
  return { id: node.id, status: node.status, errorCode: node.errorCode, objectCount: Number(node.objectCount), url: node.url };
}
