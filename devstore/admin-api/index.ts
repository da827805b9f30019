/**
 * The Admin GraphQL API core shared by the test fake (tests/support/fake-admin-api.ts, through msw) and the dev store
 * (devstore/server.ts, over HTTP): the real schema and its validator, Shopify's cost rules, the store state and the
 * resolvers that execute valid operations over it.
 */
export { ADMIN_SCHEMA_VERSION, adminSchema, checkAdminOperation, validateAdminOperation } from "./schema";
export { calculateQueryCost, MAX_SINGLE_QUERY_COST } from "./query-cost";
export * from "./endpoint";
export * from "./state";
export { metafieldValueProblem } from "./resolvers";
export { BulkOperations, DEFAULT_BULK_RESULT_ORIGIN, type BulkOperationErrorCode, type BulkOperationRecord, type FinishedBulkOperation } from "./bulk-operations";
export { FLOW_TRIGGER_PAYLOAD_LIMIT, flowTriggerCalls, type FlowTriggerCall } from "./flow";
