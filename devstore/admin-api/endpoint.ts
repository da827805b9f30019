/**
 * Shopify's Admin GraphQL endpoint (`POST /admin/api/2026-10/graphql.json`) for one store, independent of how
 * requests arrive: the test fake serves it through msw, the dev store over real HTTP. Both call `handle()`.
 *
 * Rules (as Shopify answers):
 * - Every request needs an access token the store accepts (`authorize`; by default any non-empty token), else 401.
 * - A document or variables that fail validation against the real 2026-10 schema are refused with HTTP 200 and
 *   `errors`, nothing executed; a requested cost over 1,000 is refused (MAX_COST_EXCEEDED); a request costing more
 *   than the bucket holds is THROTTLED; every answer carries `extensions.cost` (bucket 2,000, restoring 100/s on
 *   the endpoint's clock; what was requested but not used is refunded).
 * - Valid operations run on graphql-js `execute` over the store's ShopState (./resolvers.ts).
 * - `failNext(n, kind)` makes the next n valid requests fail that way; "lost-response" executes the operation,
 *   state changes included, then drops the answer (a network error): the "did my mutation happen?" case.
 */
import { execute, parse, type GraphQLError } from "graphql";
import { adminSchema, checkAdminOperation } from "./schema";
import { calculateQueryCost, MAX_SINGLE_QUERY_COST } from "./query-cost";
import { rootValue, strictFieldResolver } from "./resolvers";
import { appNamespace, DEFAULT_APP_ID, type ShopState } from "./state";
import { BulkOperations, DEFAULT_BULK_RESULT_ORIGIN, type FinishedBulkOperation } from "./bulk-operations";

export const BUCKET_MAXIMUM = 2000;
export const BUCKET_RESTORE_RATE = 100;

/** "lost-response": the operation runs (state changes) but the client gets a network error instead of the answer. */
export type FailureKind = "throttled" | "http429" | "http500" | "network" | "lost-response";

export interface FailureOptions {
  /** "throttled": the `currentlyAvailable` to report (default 0). */
  currentlyAvailable?: number;
  /** "http429": the Retry-After header in seconds (default "2.0"). */
  retryAfter?: string;
}

export type OperationOutcome = "ok" | "invalid" | "max-cost" | "unauthorized" | FailureKind;

export interface RecordedOperation {
  shop: string;
  accessToken: string | null;
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
  /** The document's own operation name (`query ProductsForEarning`), when it parsed. */
  name: string | null;
  outcome: OperationOutcome;
  requestedQueryCost: number | null;
  /** The validation errors of an "invalid" operation. */
  errors?: string[];
}

export interface AdminApiRequest {
  /** The shop domain the request was addressed to. */
  shop: string;
  /** The `X-Shopify-Access-Token` header, or null. */
  accessToken: string | null;
  /** The parsed JSON body (null when it was not JSON). */
  body: unknown;
}

/** What to send back: a JSON response, or no response at all (the connection fails). */
export type AdminApiAnswer =
  | { kind: "response"; status: number; headers: Record<string, string>; body: unknown }
  | { kind: "network-error" };

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface AdminApiEndpointOptions {
  state: ShopState;
  /** Clock for the bucket and timestamps (default Date.now, which vitest's fake timers also drive). */
  now?: () => number;
  /** The calling app's id, for its reserved "$app" metafield namespace (`app--<id>`). */
  appId?: string;
  /** Whether `token` may call the API of `shop` (default: any token). */
  authorize?: (shop: string, token: string) => boolean;
  /** The scopes granted to `token` (store credit checks them); null or absent: not checked. */
  scopesOf?: (shop: string, token: string) => readonly string[] | null;
  /** Keep only the last n operations in `operations` (default: all). */
  keepOperations?: number;
  /** Told about every request once it is answered (the dev store logs and persists from here). */
  onOperation?: (operation: RecordedOperation, changedState: boolean) => void;
  /** Where a bulk operation's JSONL is downloaded (default `${DEFAULT_BULK_RESULT_ORIGIN}/<shop>/<n>.jsonl`). */
  bulkResultUrl?: (shop: string, numericId: number) => string;
  /** How long a bulk operation runs before it completes (default 0: the first poll sees it completed). */
  bulkCompletionMs?: number;
  /** Told when a bulk operation finishes or expires (the dev store sends `bulk_operations/finish`). */
  onBulkFinish?: (operation: FinishedBulkOperation) => void;
}

/** The default download URL of bulk operation `numericId`'s result (the test fake serves it through msw). */
export function defaultBulkResultUrl(shop: string, numericId: number): string {
  return `${DEFAULT_BULK_RESULT_ORIGIN}/${shop}/${numericId}.jsonl`;
}

export class AdminApiEndpoint {
  readonly state: ShopState;
  readonly operations: RecordedOperation[] = [];
  /** Bulk query operations and their result files (./bulk-operations.ts). */
  readonly bulk: BulkOperations;
  private failures: { kind: FailureKind; options: FailureOptions }[] = [];
  private readonly bucket: { available: number; at: number };
  private readonly now: () => number;
  private readonly namespace: string;

  constructor(private readonly options: AdminApiEndpointOptions) {
    this.state = options.state;
    this.now = options.now ?? (() => Date.now());
    this.namespace = appNamespace(options.appId ?? DEFAULT_APP_ID);
    this.bucket = { available: BUCKET_MAXIMUM, at: this.now() };
    this.bulk = new BulkOperations({
      now: this.now,
      resultUrl: options.bulkResultUrl ?? defaultBulkResultUrl,
      completionMs: options.bulkCompletionMs,
      ...(options.onBulkFinish ? { onFinish: options.onBulkFinish } : {}),
    });
  }

  /** The next `count` requests (that pass validation) fail this way. */
  failNext(count: number, kind: FailureKind, options: FailureOptions = {}): void {
    for (let i = 0; i < count; i++) this.failures.push({ kind, options });
  }

  /** Scopes every token has from now on (a test revokes one); null: back to `scopesOf`. */
  scopes: readonly string[] | null = null;

  /** Sets the bucket's level now (e.g. 0 to make the next request throttle for real). */
  setBucket(currentlyAvailable: number): void {
    this.bucket.available = currentlyAvailable;
    this.bucket.at = this.now();
  }

  /** Clears the log and queued failures and refills the bucket (the state is the caller's to clear). */
  resetTraffic(): void {
    this.operations.length = 0;
    this.failures = [];
    this.scopes = null;
    this.bucket.available = BUCKET_MAXIMUM;
    this.bucket.at = this.now();
  }

  async handle(request: AdminApiRequest): Promise<AdminApiAnswer> {
    const body = isRecord(request.body) ? request.body : null;
    const query = typeof body?.query === "string" ? body.query : "";
    const variables = isRecord(body?.variables) ? body.variables : {};
    const operationName = typeof body?.operationName === "string" ? body.operationName : null;
    const record: RecordedOperation = {
      shop: request.shop,
      accessToken: request.accessToken,
      query,
      variables,
      operationName,
      name: null,
      outcome: "ok",
      requestedQueryCost: null,
    };
    let changedState = false;
    this.operations.push(record);
    const keep = this.options.keepOperations;
    if (keep !== undefined && this.operations.length > keep) this.operations.splice(0, this.operations.length - keep);
    try {
      const answer = await this.answer(request, record, query, variables, operationName);
      changedState = answer.changedState;
      return answer.answer;
    } finally {
      this.options.onOperation?.(record, changedState);
    }
  }

  private async answer(
    request: AdminApiRequest,
    record: RecordedOperation,
    query: string,
    variables: Record<string, unknown>,
    operationName: string | null,
  ): Promise<{ answer: AdminApiAnswer; changedState: boolean }> {
    const done = (answer: AdminApiAnswer, changedState = false) => ({ answer, changedState });
    const token = request.accessToken;
    if (!token || !(this.options.authorize?.(request.shop, token) ?? true)) {
      record.outcome = "unauthorized";
      return done(
        json(401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" }),
      );
    }

    const checked = checkAdminOperation(query, variables, operationName ?? undefined);
    if (!checked.ok) {
      record.outcome = "invalid";
      record.name = operationNameOf(query);
      record.errors = checked.errors.map((e) => e.message);
      return done(json(200, { errors: checked.errors.map((e: GraphQLError) => e.toJSON()) }));
    }
    record.name = checked.operation.name?.value ?? null;
    const schema = adminSchema();
    const requested = calculateQueryCost(schema, checked.document, checked.operation, checked.variables);
    record.requestedQueryCost = requested;

    const failure = this.failures.shift();
    if (failure && failure.kind !== "lost-response") {
      record.outcome = failure.kind;
      switch (failure.kind) {
        case "network":
          return done({ kind: "network-error" });
        case "http500":
          return done(json(500, { errors: "Internal Server Error" }));
        case "http429":
          return done(
            json(
              429,
              {
                errors:
                  "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
              },
              { "Retry-After": failure.options.retryAfter ?? "2.0" },
            ),
          );
        case "throttled":
          return done(throttled(requested, this.throttleStatus(failure.options.currentlyAvailable ?? 0)));
      }
    }

    if (requested > MAX_SINGLE_QUERY_COST) {
      record.outcome = "max-cost";
      return done(
        json(200, {
          errors: [
            {
              message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).`,
              extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_SINGLE_QUERY_COST },
            },
          ],
        }),
      );
    }
    this.refill();
    if (requested > this.bucket.available) {
      record.outcome = "throttled";
      return done(throttled(requested, this.throttleStatus()));
    }
    this.bucket.available -= requested;

    const context = {
      shopDomain: request.shop,
      appNamespace: this.namespace,
      now: new Date(this.now()).toISOString(),
      scopes: this.scopes ?? this.options.scopesOf?.(request.shop, token) ?? null,
    };
    const bulk = {
      run: (bulkQuery: string) =>
        this.bulk.run(request.shop, bulkQuery, schema, async (bulkSchema, document) => {
          const ran = await execute({
            schema: bulkSchema,
            document,
            rootValue: rootValue(this.state, { ...context, bulkMode: true }),
            fieldResolver: strictFieldResolver,
          });
          if (ran.errors?.length) throw ran.errors[0];
          return (ran.data ?? null) as Record<string, unknown> | null;
        }),
      get: (id: string) => this.bulk.get(request.shop, id),
      current: () => this.bulk.current(request.shop),
    };
    const result = await execute({
      schema,
      document: checked.document,
      operationName: operationName ?? undefined,
      variableValues: variables,
      rootValue: rootValue(this.state, { ...context, bulk }),
      fieldResolver: strictFieldResolver,
    });
    const data = (result.data ?? null) as Record<string, unknown> | null;
    const actual = calculateQueryCost(schema, checked.document, checked.operation, checked.variables, data);
    this.bucket.available += Math.max(0, requested - actual); // Shopify refunds what was requested but not used
    const mutated = checked.operation.operation === "mutation";
    if (failure?.kind === "lost-response") {
      record.outcome = "lost-response";
      return done({ kind: "network-error" }, mutated);
    }
    return done(
      json(200, {
        ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}),
        data,
        extensions: {
          cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: this.throttleStatus() },
        },
      }),
      mutated,
    );
  }

  private refill(): void {
    const t = this.now();
    // A test that moves the clock back (fake timers) must not drain the bucket.
    const elapsedMs = Math.max(0, t - this.bucket.at);
    this.bucket.available = Math.min(BUCKET_MAXIMUM, this.bucket.available + (elapsedMs / 1000) * BUCKET_RESTORE_RATE);
    this.bucket.at = t;
  }

  private throttleStatus(currentlyAvailable = this.bucket.available): ThrottleStatus {
    return {
      maximumAvailable: BUCKET_MAXIMUM,
      currentlyAvailable: Math.floor(currentlyAvailable),
      restoreRate: BUCKET_RESTORE_RATE,
    };
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): AdminApiAnswer {
  return { kind: "response", status, headers: { "Content-Type": "application/json", ...headers }, body };
}

function throttled(requestedQueryCost: number, status: ThrottleStatus): AdminApiAnswer {
  return json(200, {
    errors: [
      {
        message: "Throttled",
        extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
      },
    ],
    extensions: { cost: { requestedQueryCost, actualQueryCost: null, throttleStatus: status } },
  });
}

/** The name of the document's first operation, when it parses (to say which operation was refused). */
function operationNameOf(query: string): string | null {
  try {
    for (const definition of parse(query).definitions) {
      if (definition.kind === "OperationDefinition") return definition.name?.value ?? null;
    }
  } catch {
    // does not parse: no name to report
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
