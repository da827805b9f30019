/**
 * Classification of the errors @shopify/shopify-api 15 throws, built the way its GraphQL client builds them
 * (lib/clients/common.mjs). tests/fake-admin-api.test.ts checks the same mapping end to end over HTTP.
 */
import {
  GraphqlQueryError,
  HttpInternalError,
  HttpMaxRetriesError,
  HttpRequestError,
  HttpResponseError,
  HttpThrottlingError,
} from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import {
  classifyShopifyFailure,
  DEFAULT_RETRY_AFTER_MS,
  isRetryableShopifyError,
  retryAfterMsFromCost,
  ShopifyGraphqlError,
  ShopifyHttpError,
  ShopifyThrottledError,
  ShopifyUnavailableError,
  ShopifyUserError,
} from "./errors";

/** What GraphqlQueryError carries for an HTTP 200 with `errors`: the client's whole response object. */
function graphqlQueryError(errors: unknown[], extensions?: unknown) {
  const response = new Response("{}", { status: 200 });
  return new GraphqlQueryError({
    message: "GraphQL Client: An error occurred while fetching from the API. Review 'graphQLErrors' for details.",
    response: response as unknown as Record<string, unknown>,
    headers: {},
    body: {
      ...(extensions ? { extensions } : {}),
      errors: { networkStatusCode: 200, message: "GraphQL Client: …", graphQLErrors: errors, response },
    } as unknown as Record<string, unknown>,
  });
}

const throttledBody = [{ message: "Throttled", extensions: { code: "THROTTLED" } }];
const cost = (requestedQueryCost: number, currentlyAvailable: number, restoreRate = 100) => ({
  cost: {
    requestedQueryCost,
    actualQueryCost: null,
    throttleStatus: { maximumAvailable: 2000, currentlyAvailable, restoreRate },
  },
});

describe("classifyShopifyFailure", () => {
  it("THROTTLED: waits until the bucket holds the requested cost", () => {
    const error = classifyShopifyFailure(graphqlQueryError(throttledBody, cost(480, 130)));
    expect(error).toBeInstanceOf(ShopifyThrottledError);
    expect((error as ShopifyThrottledError).retryAfterMs).toBe(3500); // (480 − 130) / 100 s
    expect((error as ShopifyThrottledError).cost?.requestedQueryCost).toBe(480);
    expect((error as Error).message).toBe(
      "Shopify throttled the request: 480 points requested, 130 available, restoring 100/s; retry in 3500 ms"
    );
  });

  it("THROTTLED without cost numbers: waits the default second", () => {
    const error = classifyShopifyFailure(graphqlQueryError(throttledBody));
    expect((error as ShopifyThrottledError).retryAfterMs).toBe(DEFAULT_RETRY_AFTER_MS);
  });

  it("HTTP 429: honours Retry-After (seconds)", () => {
    const error = classifyShopifyFailure(
      new HttpThrottlingError({
        message: "Shopify is throttling requests",
        code: 429,
        statusText: "Too Many Requests",
        retryAfter: 2.5,
      })
    );
    expect(error).toBeInstanceOf(ShopifyThrottledError);
    expect((error as ShopifyThrottledError).retryAfterMs).toBe(2500);
  });

  it("HTTP 429 without a usable Retry-After: waits the default second", () => {
    const error = classifyShopifyFailure(
      new HttpThrottlingError({
        message: "throttled",
        code: 429,
        statusText: "Too Many Requests",
        retryAfter: Number.NaN,
      })
    );
    expect((error as ShopifyThrottledError).retryAfterMs).toBe(DEFAULT_RETRY_AFTER_MS);
  });

  it("HTTP 5xx and Shopify's INTERNAL_SERVER_ERROR inside a 200 are unavailability", () => {
    const http = classifyShopifyFailure(
      new HttpInternalError({ message: "Shopify internal error", code: 503, statusText: "Service Unavailable" })
    );
    expect(http).toBeInstanceOf(ShopifyUnavailableError);
    expect((http as ShopifyUnavailableError).status).toBe(503);

    const inBody = classifyShopifyFailure(
      graphqlQueryError([
        {
          message: "Internal error. Looks like something went wrong on our end.",
          extensions: { code: "INTERNAL_SERVER_ERROR" },
        },
      ])
    );
    expect(inBody).toBeInstanceOf(ShopifyUnavailableError);
  });

  it("no response at all (network) and exhausted library retries are unavailability", () => {
    const network = classifyShopifyFailure(
      new HttpRequestError("Http request error, no response available: GraphQL Client: Failed to fetch")
    );
    expect(network).toBeInstanceOf(ShopifyUnavailableError);
    expect((network as ShopifyUnavailableError).status).toBeNull();
    expect(classifyShopifyFailure(new HttpMaxRetriesError("Attempted the maximum number of retries"))).toBeInstanceOf(
      ShopifyUnavailableError
    );
  });

  it("other GraphQL errors are not retryable and keep Shopify's messages and codes", () => {
    const error = classifyShopifyFailure(
      graphqlQueryError([
        { message: "Access denied for customer field.", extensions: { code: "ACCESS_DENIED" }, path: ["customer"] },
      ])
    );
    expect(error).toBeInstanceOf(ShopifyGraphqlError);
    expect((error as ShopifyGraphqlError).graphqlErrors).toEqual([
      { message: "Access denied for customer field.", code: "ACCESS_DENIED", path: ["customer"] },
    ]);
    expect(isRetryableShopifyError(error)).toBe(false);
  });

  it("other HTTP statuses (revoked token, frozen shop) are not retryable", () => {
    const error = classifyShopifyFailure(
      new HttpResponseError({ message: "…", code: 401, statusText: "Unauthorized" })
    );
    expect(error).toBeInstanceOf(ShopifyHttpError);
    expect((error as ShopifyHttpError).status).toBe(401);
    expect(isRetryableShopifyError(error)).toBe(false);
  });

  it("a 200 that was not a GraphQL answer (HTML page, no data) is unavailability", () => {
    const error = classifyShopifyFailure(new HttpResponseError({ message: "…", code: 200, statusText: "OK" }));
    expect(error).toBeInstanceOf(ShopifyUnavailableError);
  });

  it("keeps the library's error as the cause", () => {
    const original = new HttpRequestError("boom");
    expect((classifyShopifyFailure(original) as Error).cause).toBe(original);
  });

  it("returns errors it does not know, and already classified ones, unchanged", () => {
    const bug = new TypeError("x is undefined");
    expect(classifyShopifyFailure(bug)).toBe(bug);
    const classified = new ShopifyUserError("metafieldsSet", [{ message: "Value can't be blank." }]);
    expect(classifyShopifyFailure(classified)).toBe(classified);
  });
});

describe("isRetryableShopifyError", () => {
  it("retries throttling and unavailability only", () => {
    expect(isRetryableShopifyError(new ShopifyThrottledError("t", 1000))).toBe(true);
    expect(isRetryableShopifyError(new ShopifyUnavailableError("u"))).toBe(true);
    expect(isRetryableShopifyError(new ShopifyGraphqlError([]))).toBe(false);
    expect(isRetryableShopifyError(new ShopifyHttpError(402, "Payment Required"))).toBe(false);
    expect(isRetryableShopifyError(new ShopifyUserError("metafieldsSet", []))).toBe(false);
    expect(isRetryableShopifyError(new Error("other"))).toBe(false);
  });
});

describe("retryAfterMsFromCost", () => {
  it("falls back to a second when the numbers say there was room", () => {
    expect(retryAfterMsFromCost(cost(10, 500).cost)).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(retryAfterMsFromCost(cost(10, 0, 0).cost)).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(retryAfterMsFromCost(null)).toBe(DEFAULT_RETRY_AFTER_MS);
  });

  it("rounds up to whole milliseconds", () => {
    expect(retryAfterMsFromCost(cost(101, 0, 3).cost)).toBe(33667);
  });
});
