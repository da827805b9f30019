/**
 * Bulk query operations (`bulkOperationRunQuery`), as Shopify runs them, for the test fake and the dev store.
 *
 * Rules (Shopify's documented behaviour, https://shopify.dev/docs/api/usage/bulk-operations/queries):
 * - The mutation validates the inner query against the schema (an invalid one is a `userErrors` entry with code
 *   INVALID, no operation) and answers the new operation with status CREATED.
 * - The query runs over the store's data as it is when the operation is created. The operation is RUNNING until
 *   `completionMs` have passed on the endpoint's clock (0 by default: the first poll sees it COMPLETED), then
 *   COMPLETED with `objectCount`, `rootObjectCount`, `fileSize`, `completedAt` and a `url` — null when the query
 *   found nothing, as Shopify answers.
 * - The result is JSONL: one JSON object per line, one line per node, connections flattened — a node of a nested
 *   connection is its own line with `__parentId` naming its parent. Pagination arguments are not needed (every
 *   node is read).
 * - `failNext(errorCode)` makes the next operation end FAILED with that `errorCode` and no url; `expire(id)`
 *   makes a completed operation EXPIRED and its file gone (a download answers 403, as an expired signed URL does).
 * - Operations live in memory (a restarted dev store has none: the app's job then starts a new one).
 * - With `onFinish`, the store is told once when an operation finishes — COMPLETED or FAILED once its
 *   `completionMs` have passed (a timer on the real clock; it waits again if the endpoint's clock is behind), and
 *   EXPIRED when `expire(id)` retires a completed file — so the dev store can send `bulk_operations/finish`.
 *   `finishNow(id)` ends a running operation at once (and tells).
 *   Without it (the test fake) no timer runs.
 */
import { GraphQLError, Kind, type FieldNode, type GraphQLSchema, type SelectionSetNode } from "graphql";
import { checkAdminOperation } from "./schema";

export type BulkOperationStatus = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "EXPIRED" | "CANCELED";
export type BulkOperationErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

export interface BulkOperationRecord {
  id: string;
  shop: string;
  query: string;
  createdAt: number;
  completesAt: number;
  /** The JSONL file (null when it failed, or when the query found nothing). */
  jsonl: string | null;
  objectCount: number;
  rootObjectCount: number;
  failedWith: BulkOperationErrorCode | null;
  expired: boolean;
}

export interface BulkOperationsOptions {
  now: () => number;
  /** Where the result of operation `n` is downloaded (the transport serves `resultFile`). */
  resultUrl: (shop: string, numericId: number) => string;
  /** How long an operation runs before it completes (ms on the endpoint's clock). */
  completionMs?: number;
  /** Told when an operation finishes (completed or failed) and when a completed one expires. */
  onFinish?: (operation: FinishedBulkOperation) => void;
}

/** What `onFinish` is told: the operation as `node(id:)` answers it, and its shop. */
export interface FinishedBulkOperation {
  shop: string;
  id: string;
  type: "QUERY";
  status: "COMPLETED" | "FAILED" | "EXPIRED";
  errorCode: BulkOperationErrorCode | null;
  createdAt: string;
  completedAt: string;
}

/** The query's root executor: runs a validated document over the store's data with every node of each connection. */
export type BulkExecutor = (schema: GraphQLSchema, document: import("graphql").DocumentNode) => Promise<Record<string, unknown> | null>;

export const DEFAULT_BULK_RESULT_ORIGIN = "https://bulk-operations.devstore.invalid";

export class BulkOperations {
  private readonly operations = new Map<string, BulkOperationRecord>();
  private nextId = 1;
  private failures: BulkOperationErrorCode[] = [];
  /** The finish timer of each operation still running (with `onFinish`). */
  private readonly timers = new Map<string, NodeJS.Timeout>();
  completionMs: number;

  constructor(private readonly options: BulkOperationsOptions) {
    this.completionMs = options.completionMs ?? 0;
  }

  failNext(errorCode: BulkOperationErrorCode): void {
    this.failures.push(errorCode);
  }

  expire(id: string): void {
    const operation = this.operations.get(id);
    if (!operation || operation.expired) return;
    const wasCompleted = this.statusOf(operation) === "COMPLETED";
    operation.expired = true;
    if (wasCompleted) this.tell(operation);
  }

  /**
   * Finishes a running operation now (a slow operation that a test or the merchant's demo does not want to wait
   * for): it is COMPLETED (or FAILED, when it was set to fail) from now on, and `onFinish` is told at once.
   */
  finishNow(id: string): boolean {
    const operation = this.operations.get(id);
    if (!operation || this.statusOf(operation) !== "RUNNING") return false;
    operation.completesAt = this.options.now();
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.tell(operation);
    return true;
  }

  /** Stops the timers of operations still running (no finish is told for them). */
  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  clear(): void {
    this.close();
    this.operations.clear();
    this.failures = [];
    this.nextId = 1;
    this.completionMs = this.options.completionMs ?? 0;
  }

  /** The JSONL of `numericId` for `shop`, or null when there is none (never was, failed, expired). */
  resultFile(shop: string, numericId: number): string | null {
    const operation = this.operations.get(`gid://shopify/BulkOperation/${numericId}`);
    if (!operation || operation.shop !== shop || operation.expired || this.statusOf(operation) !== "COMPLETED") return null;
    return operation.jsonl;
  }

  /** `bulkOperationRunQuery(query:)`: the operation, or userErrors. */
  async run(shop: string, query: string, schema: GraphQLSchema, executeQuery: BulkExecutor) {
    const checked = checkAdminOperation(query);
    const invalid = (message: string) => ({
      bulkOperation: null,
      userErrors: [{ __typename: "BulkOperationUserError", field: ["query"], message, code: "INVALID" }],
    });
    if (!checked.ok) return invalid(`Invalid bulk query: ${checked.errors.map((e) => e.message).join("; ")}`);
    if (checked.operation.operation !== "query") return invalid("Bulk queries cannot contain mutations");
    const roots = fieldsOf(checked.operation.selectionSet);
    if (roots.length !== 1 || !isConnection(roots[0])) return invalid("Bulk queries must contain exactly one top-level connection field");

    const numericId = this.nextId++;
    const id = `gid://shopify/BulkOperation/${numericId}`;
    const now = this.options.now();
    const failedWith = this.failures.shift() ?? null;
    let jsonl: string | null = null;
    let objectCount = 0;
    let rootObjectCount = 0;
    if (!failedWith) {
      const data = await executeQuery(schema, checked.document);
      const lines = flatten(data, roots[0] as FieldNode);
      objectCount = lines.length;
      rootObjectCount = lines.filter((line) => !("__parentId" in line)).length;
      jsonl = lines.length === 0 ? null : `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`;
    }
    const record: BulkOperationRecord = {
      id,
      shop,
      query,
      createdAt: now,
      completesAt: now + this.completionMs,
      jsonl,
      objectCount,
      rootObjectCount,
      failedWith,
      expired: false,
    };
    this.operations.set(id, record);
    if (this.options.onFinish) this.whenFinished(record, this.completionMs);
    return { bulkOperation: { ...this.objectOf(record), status: "CREATED" }, userErrors: [] };
  }

  /** The operation as `node(id:)` / `currentBulkOperation` answer it, or null (another shop's is not found). */
  get(shop: string, id: string) {
    const operation = this.operations.get(id);
    return operation && operation.shop === shop ? this.objectOf(operation) : null;
  }

  /** The shop's latest query operation (`currentBulkOperation`), or null. */
  current(shop: string) {
    const mine = [...this.operations.values()].filter((o) => o.shop === shop);
    const latest = mine[mine.length - 1];
    return latest ? this.objectOf(latest) : null;
  }

  /** Tells `onFinish` once the operation's time has come on the endpoint's clock (after the mutation answered). */
  private whenFinished(operation: BulkOperationRecord, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(operation.id);
      if (this.operations.get(operation.id) !== operation) return; // cleared meanwhile
      const left = operation.completesAt - this.options.now();
      if (left > 0) return this.whenFinished(operation, left);
      this.tell(operation);
    }, delayMs);
    timer.unref();
    this.timers.set(operation.id, timer);
  }

  private tell(operation: BulkOperationRecord): void {
    const status = this.statusOf(operation);
    if (status !== "COMPLETED" && status !== "FAILED" && status !== "EXPIRED") return;
    this.options.onFinish?.({
      shop: operation.shop,
      id: operation.id,
      type: "QUERY",
      status,
      errorCode: status === "FAILED" ? operation.failedWith : null,
      createdAt: new Date(operation.createdAt).toISOString(),
      completedAt: new Date(operation.completesAt).toISOString(),
    });
  }

  private statusOf(operation: BulkOperationRecord): BulkOperationStatus {
    if (this.options.now() < operation.completesAt) return "RUNNING";
    if (operation.failedWith) return "FAILED";
    if (operation.expired) return "EXPIRED";
    return "COMPLETED";
  }

  private objectOf(operation: BulkOperationRecord) {
    const status = this.statusOf(operation);
    const completed = status === "COMPLETED" || status === "EXPIRED";
    const numericId = Number(operation.id.split("/").pop());
    return {
      __typename: "BulkOperation",
      id: operation.id,
      type: "QUERY",
      status,
      query: operation.query,
      createdAt: new Date(operation.createdAt).toISOString(),
      completedAt: status === "RUNNING" ? null : new Date(operation.completesAt).toISOString(),
      errorCode: status === "FAILED" ? operation.failedWith : null,
      objectCount: String(completed ? operation.objectCount : 0),
      rootObjectCount: String(completed ? operation.rootObjectCount : 0),
      fileSize: completed && operation.jsonl !== null ? String(Buffer.byteLength(operation.jsonl)) : null,
      url: status === "COMPLETED" && operation.jsonl !== null ? this.options.resultUrl(operation.shop, numericId) : null,
      partialDataUrl: null,
    };
  }
}

function fieldsOf(selectionSet: SelectionSetNode | undefined): FieldNode[] {
  return (selectionSet?.selections ?? []).filter((s): s is FieldNode => s.kind === Kind.FIELD);
}

function isConnection(field: FieldNode | undefined): boolean {
  return fieldsOf(field?.selectionSet).some((f) => f.name.value === "edges" || f.name.value === "nodes");
}

/** The nodes of the connection `field` (and of the connections inside them) as JSONL objects. */
function flatten(data: Record<string, unknown> | null, field: FieldNode): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  const key = field.alias?.value ?? field.name.value;
  const visit = (connection: unknown, connectionField: FieldNode, parentId: string | null) => {
    for (const node of nodesOf(connection)) {
      const line: Record<string, unknown> = {};
      const nested: [unknown, FieldNode, string][] = [];
      const nodeFields = fieldsOf(fieldsOf(connectionField.selectionSet).find((f) => f.name.value === "nodes")?.selectionSet)
        .concat(fieldsOf(fieldsOf(fieldsOf(connectionField.selectionSet).find((f) => f.name.value === "edges")?.selectionSet).find((f) => f.name.value === "node")?.selectionSet));
      for (const f of nodeFields) {
        const name = f.alias?.value ?? f.name.value;
        if (isConnection(f)) nested.push([node[name], f, String(node.id)]);
        else line[name] = node[name];
      }
      if (parentId !== null) line.__parentId = parentId;
      lines.push(line);
      for (const [inner, innerField, id] of nested) {
        if (typeof id !== "string" || id === "undefined") throw new GraphQLError("A bulk query's nested connection needs its parent's id selected");
        visit(inner, innerField, id);
      }
    }
  };
  visit(data?.[key], field, null);
  return lines;
}

function nodesOf(connection: unknown): Record<string, unknown>[] {
  if (typeof connection !== "object" || connection === null) return [];
  const { edges, nodes } = connection as { edges?: { node: Record<string, unknown> }[]; nodes?: Record<string, unknown>[] };
  return nodes ?? (edges ?? []).map((edge) => edge.node);
}

