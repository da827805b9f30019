/**
 * The real Shopify Admin GraphQL schema (2026-10 introspection, committed gzipped) and a validator that rejects
 * what the real API would reject before running anything.
 *
 * Rules:
 * - The schema is built once per process (it has ~3,500 types; building it takes a moment).
 * - An operation is valid when it parses, passes graphql-js `validate` against the schema, names one operation
 *   (or is the only one), and its variables coerce to the declared types — so a wrong variable shape is refused
 *   just as Shopify refuses it.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type IntrospectionQuery,
  type OperationDefinitionNode,
} from "graphql";
import { getVariableValues } from "graphql/execution/values";

export const ADMIN_SCHEMA_VERSION = "2026-10";

const SCHEMA_FILE = new URL(`../../app/shopify/schema/admin_${ADMIN_SCHEMA_VERSION}.json.gz`, import.meta.url);

let cachedSchema: GraphQLSchema | undefined;

export function adminSchema(): GraphQLSchema {
  if (!cachedSchema) {
    const introspection = JSON.parse(gunzipSync(readFileSync(SCHEMA_FILE)).toString("utf8")) as {
      data: IntrospectionQuery;
    };
    cachedSchema = buildClientSchema(introspection.data);
  }
  return cachedSchema;
}

export type CheckedOperation =
  | { ok: true; document: DocumentNode; operation: OperationDefinitionNode; variables: Record<string, unknown> }
  | { ok: false; errors: readonly GraphQLError[] };

/** Parses and validates; on success returns the operation and its coerced variables. */
export function checkAdminOperation(
  source: string,
  variables: Record<string, unknown> = {},
  operationName?: string
): CheckedOperation {
  const schema = adminSchema();
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    return { ok: false, errors: [error instanceof GraphQLError ? error : new GraphQLError(String(error))] };
  }
  const validationErrors = validate(schema, document);
  if (validationErrors.length > 0) return { ok: false, errors: validationErrors };

  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  const operation =
    operationName === undefined
      ? operations.length === 1
        ? operations[0]
        : undefined
      : operations.find((o) => o.name?.value === operationName);
  if (!operation) {
    const message =
      operationName === undefined
        ? "An operation name is required when the document holds several operations"
        : `No operation named "${operationName}"`;
    return { ok: false, errors: [new GraphQLError(message)] };
  }

  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return { ok: false, errors: coerced.errors };
  return { ok: true, document, operation, variables: coerced.coerced };
}

/** Error messages for `source` + `variables`; empty when Shopify would accept the operation. */
export function validateAdminOperation(
  source: string,
  variables: Record<string, unknown> = {},
  operationName?: string
): string[] {
  const checked = checkAdminOperation(source, variables, operationName);
  return checked.ok ? [] : checked.errors.map((e) => e.message);
}
