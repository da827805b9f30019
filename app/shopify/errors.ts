/**
 * Errors of the Shopify Admin adapter, and the one pure function that turns whatever the Shopify libraries
 * threw into them.
 *
 * Rules:
 * - Background code catches these classes only, and asks `isRetryableShopifyError` whether to try again.
 *   Throttled (wait `retryAfterMs`) and Unavailable (network, 5xx, Shopify's INTERNAL_SERVER_ERROR) are
 *   retryable; a GraphQL error, an HTTP 4xx or a mutation's userErrors repeat identically on retry, so they are not.
 * - `classifyShopifyFailure` reads the error objects of @shopify/shopify-api 15 as its GraphQL client builds
 *   them (lib/clients/common.mjs `throwFailedRequest`), called with no client-side retries as
 *   shopify-app-remix does:
 *     HTTP 200 with `errors`     → GraphqlQueryError, even beside partial `data` (which is then only in `body.data`);
 *                                  `body` is the client's response object: `body.errors.graphQLErrors` holds
 *                                  Shopify's errors, `body.extensions.cost` the throttle status
 *     HTTP 429                   → HttpThrottlingError; `response.retryAfter` is Retry-After parsed as seconds
 *     HTTP ≥ 500                 → HttpInternalError
 *     any other HTTP status      → HttpResponseError: 401 bad token, 402 frozen shop, 404, 423 locked (not
 *                                  retryable), and a 200 that was not JSON or carried neither `data` nor `errors`
 *     no response (DNS, reset)   → HttpRequestError (the original network error is not kept)
 *     retries > 0 exhausted      → HttpMaxRetriesError (no status at all)
 * - Unknown errors are returned unchanged: nothing is swallowed or disguised.
 * - Nothing here reads a clock or the network.
 */
import {
  GraphqlQueryError,
  HttpMaxRetriesError,
  HttpRequestError,
  HttpResponseError,
  HttpThrottlingError,
} from "@shopify/shopify-api";

/** Wait used when Shopify says "throttled" without numbers we can use: its bucket restores within a second. */
export const DEFAULT_RETRY_AFTER_MS = 1000;

export type ShopifyErrorCode = "THROTTLED" | "UNAVAILABLE" | "GRAPHQL_ERROR" | "HTTP_ERROR" | "USER_ERROR";

/** `extensions.cost` of an Admin GraphQL response. */
export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

/** One entry of a GraphQL response's top-level `errors`. */
export interface GraphqlErrorDetail {
  message: string;
  code: string | null;
  path: readonly (string | number)[] | null;
}

/** One entry of a mutation payload's `userErrors`. */
export interface UserErrorDetail {
  field?: readonly string[] | null;
  message: string;
  code?: string | null;
}

export abstract class ShopifyAdminError extends Error {
  abstract readonly code: ShopifyErrorCode;
  abstract readonly retryable: boolean;
}

export class ShopifyThrottledError extends ShopifyAdminError {
  readonly code = "THROTTLED";
  readonly retryable = true;
  readonly retryAfterMs: number;
  readonly cost: QueryCost | null;

  constructor(message: string, retryAfterMs: number, options: { cost?: QueryCost | null; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "ShopifyThrottledError";
    this.retryAfterMs = retryAfterMs;
    this.cost = options.cost ?? null;
  }
}

export class ShopifyUnavailableError extends ShopifyAdminError {
  readonly code = "UNAVAILABLE";
  readonly retryable = true;
  /** HTTP status when Shopify answered (5xx); null for network failures. */
  readonly status: number | null;

  constructor(message: string, options: { status?: number | null; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "ShopifyUnavailableError";
    this.status = options.status ?? null;
  }
}

export class ShopifyGraphqlError extends ShopifyAdminError {
  readonly code = "GRAPHQL_ERROR";
  readonly retryable = false;
  readonly graphqlErrors: readonly GraphqlErrorDetail[];

  constructor(graphqlErrors: readonly GraphqlErrorDetail[], options: { cause?: unknown } = {}) {
    const summary = graphqlErrors.map((e) => (e.code ? `${e.message} (${e.code})` : e.message)).join("; ");
    super(`Shopify rejected the GraphQL operation: ${summary || "no error details"}`, { cause: options.cause });
    this.name = "ShopifyGraphqlError";
    this.graphqlErrors = graphqlErrors;
  }
}

/** Shopify answered with a non-retryable HTTP status (401 revoked token, 402 frozen shop, 404, 423 locked…). */
export class ShopifyHttpError extends ShopifyAdminError {
  readonly code = "HTTP_ERROR";
  readonly retryable = false;
  readonly status: number;

  constructor(status: number, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "ShopifyHttpError";
    this.status = status;
  }
}

export class ShopifyUserError extends ShopifyAdminError {
  readonly code = "USER_ERROR";
  readonly retryable = false;
  readonly operation: string;
  readonly userErrors: readonly UserErrorDetail[];

  constructor(operation: string, userErrors: readonly UserErrorDetail[]) {
    const details = userErrors
      .map((e) => `${e.field?.length ? `${e.field.join(".")}: ` : ""}${e.message}${e.code ? ` (${e.code})` : ""}`)
      .join("; ");
    super(`Shopify rejected ${operation}: ${details}`);
    this.name = "ShopifyUserError";
    this.operation = operation;
    this.userErrors = userErrors;
  }
}

export function isRetryableShopifyError(error: unknown): boolean {
  return error instanceof ShopifyAdminError && error.retryable;
}

/** A mutation "succeeded" at the HTTP/GraphQL level but refused its input: make that a thrown error. */
export function throwIfUserErrors(operation: string, userErrors: readonly UserErrorDetail[] | null | undefined): void {
  if (userErrors && userErrors.length > 0) throw new ShopifyUserError(operation, userErrors);
}

/**
 * Milliseconds until the bucket holds the requested cost again: (requested − available) / restoreRate seconds.
 * Falls back to DEFAULT_RETRY_AFTER_MS when the numbers are missing, or when they say there was room
 * (another request took it first, or a resource-based throttle applied).
 */
export function retryAfterMsFromCost(cost: QueryCost | null): number {
  if (!cost) return DEFAULT_RETRY_AFTER_MS;
  const { currentlyAvailable, restoreRate } = cost.throttleStatus;
  const deficit = cost.requestedQueryCost - currentlyAvailable;
  if (!(restoreRate > 0) || !(deficit > 0)) return DEFAULT_RETRY_AFTER_MS;
  return Math.ceil((deficit / restoreRate) * 1000);
}

/** Retry-After is in seconds ("2.0"); the library already parsed it with parseFloat (NaN when absent/garbled). */
export function retryAfterMsFromHeader(seconds: number | undefined): number {
  return seconds !== undefined && Number.isFinite(seconds) && seconds > 0
    ? Math.ceil(seconds * 1000)
    : DEFAULT_RETRY_AFTER_MS;
}

export function classifyShopifyFailure(error: unknown): unknown {
  if (error instanceof ShopifyAdminError) return error;

  if (error instanceof GraphqlQueryError) return classifyGraphqlQueryError(error);

  if (error instanceof HttpThrottlingError) {
    const retryAfterMs = retryAfterMsFromHeader(error.response.retryAfter);
    return new ShopifyThrottledError(`Shopify answered HTTP 429; retry in ${retryAfterMs} ms`, retryAfterMs, {
      cause: error,
    });
  }
  // Only thrown when the caller asked the library to retry (`tries` > 1) and it gave up, or, through a quirk
  // of shopify-api, on the first 5xx of such a call. Either way Shopify was not answering properly.
  if (error instanceof HttpMaxRetriesError) {
    return new ShopifyUnavailableError(`Shopify kept failing: ${error.message}`, { cause: error });
  }
  if (error instanceof HttpResponseError) {
    const status = error.response.code;
    if (status === 429) {
      return new ShopifyThrottledError("Shopify answered HTTP 429", DEFAULT_RETRY_AFTER_MS, { cause: error });
    }
    // A 2xx lands here only when it was not a GraphQL answer (not JSON, or neither `data` nor `errors`): a proxy
    // or maintenance page, as transient as a 5xx.
    if (status >= 500 || status < 400) {
      return new ShopifyUnavailableError(`Shopify answered HTTP ${status} ${error.response.statusText}`.trim(), {
        status,
        cause: error,
      });
    }
    return new ShopifyHttpError(status, `Shopify answered HTTP ${status} ${error.response.statusText}`.trim(), {
      cause: error,
    });
  }
  if (error instanceof HttpRequestError) {
    return new ShopifyUnavailableError(`Shopify could not be reached: ${error.message}`, { cause: error });
  }
  return error;
}

function classifyGraphqlQueryError(error: GraphqlQueryError): ShopifyAdminError {
  const body = asRecord(error.body);
  const graphqlErrors = readGraphqlErrors(asRecord(body?.errors)?.graphQLErrors);
  const codes = new Set(graphqlErrors.map((e) => e.code));

  if (codes.has("THROTTLED")) {
    const cost = readQueryCost(asRecord(body?.extensions)?.cost);
    const retryAfterMs = retryAfterMsFromCost(cost);
    const numbers = cost
      ? `: ${cost.requestedQueryCost} points requested, ${cost.throttleStatus.currentlyAvailable} available, ` +
        `restoring ${cost.throttleStatus.restoreRate}/s`
      : "";
    return new ShopifyThrottledError(
      `Shopify throttled the request${numbers}; retry in ${retryAfterMs} ms`,
      retryAfterMs,
      {
        cost,
        cause: error,
      }
    );
  }
  // Shopify reports its own failures inside a 200 too ("Internal error. Looks like something went wrong on our end.").
  if (codes.has("INTERNAL_SERVER_ERROR")) {
    return new ShopifyUnavailableError(`Shopify failed internally: ${graphqlErrors[0]?.message ?? error.message}`, {
      cause: error,
    });
  }
  return new ShopifyGraphqlError(
    graphqlErrors.length > 0 ? graphqlErrors : [{ message: error.message, code: null, path: null }],
    { cause: error }
  );
}

function readGraphqlErrors(value: unknown): GraphqlErrorDetail[] {
  if (!Array.isArray(value)) return [];
  return value.map((raw): GraphqlErrorDetail => {
    const entry = asRecord(raw);
    const code = asRecord(entry?.extensions)?.code;
    const path = entry?.path;
    return {
      message: typeof entry?.message === "string" ? entry.message : JSON.stringify(raw),
      code: typeof code === "string" ? code : null,
      path: Array.isArray(path)
        ? path.filter((p): p is string | number => typeof p === "string" || typeof p === "number")
        : null,
    };
  });
}

function readQueryCost(value: unknown): QueryCost | null {
  const cost = asRecord(value);
  const status = asRecord(cost?.throttleStatus);
  const requested = asNumber(cost?.requestedQueryCost);
  const maximumAvailable = asNumber(status?.maximumAvailable);
  const currentlyAvailable = asNumber(status?.currentlyAvailable);
  const restoreRate = asNumber(status?.restoreRate);
  if (requested === null || maximumAvailable === null || currentlyAvailable === null || restoreRate === null) {
    return null;
  }
  return {
    requestedQueryCost: requested,
    actualQueryCost: asNumber(cost?.actualQueryCost),
    throttleStatus: { maximumAvailable, currentlyAvailable, restoreRate },
  };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

function asNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
