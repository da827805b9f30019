/**
 * The one way background code (webhook jobs, workers) calls the Shopify Admin GraphQL API.
 *
 * Rules:
 * - An `AdminGraphql` resolves to the response's `data`, or throws one of the errors of `./errors`
 *   (classification lives there, as a pure function); callers never see the library's own error classes.
 * - No retries here: shopify-app-remix passes `retries: 0` unless told otherwise, and the caller's job
 *   runner decides, using `isRetryableShopifyError` and `retryAfterMs`.
 * - `adminGraphqlForShop` needs the shop's offline session in session storage (written at install);
 *   without one `unauthenticated.admin` throws SessionNotFoundError, which is passed on unchanged.
 */
import { unauthenticated } from "~/shopify.server";
import { classifyShopifyFailure } from "./errors";

export type AdminGraphql = <T>(document: string, variables?: Record<string, unknown>) => Promise<T>;

/** What `unauthenticated.admin(shop)` and `authenticate.admin(request)` hand out as `admin`. */
export interface RemixAdminClient {
  graphql(document: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

export async function adminGraphqlForShop(shop: string): Promise<AdminGraphql> {
  const { admin } = await unauthenticated.admin(shop);
  return adminGraphqlFor(admin);
}

export function adminGraphqlFor(admin: RemixAdminClient): AdminGraphql {
  return async <T>(document: string, variables?: Record<string, unknown>): Promise<T> => {
    let response: Response;
    try {
      response = await admin.graphql(document, variables === undefined ? undefined : { variables });
    } catch (error) {
      throw classifyShopifyFailure(error);
    }
    // The library throws whenever Shopify's answer carried `errors` or lacked `data`, so `data` is here.
    const body = (await response.json()) as { data: T };
    return body.data;
  };
}
