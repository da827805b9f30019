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
 * - One exception to "no retries": a 401 (Shopify refused the offline token) is retried once with a fresh token —
 *   the one in storage if another request stored a newer one meanwhile, else a refreshed one. When that fails too,
 *   the shop is recorded as needing re-authentication (./shop-auth-state.server.ts, shown on the home page) and
 *   its dead session is deleted, so the merchant's next visit exchanges a new token; the 401 is then thrown.
 */
import prisma from "~/db.server";
import { sessionStorage, unauthenticated } from "~/shopify.server";
import { classifyShopifyFailure, ShopifyHttpError } from "./errors";
import { recordReauthRequired } from "./shop-auth-state.server";

export type AdminGraphql = <T>(document: string, variables?: Record<string, unknown>) => Promise<T>;

/** What `unauthenticated.admin(shop)` and `authenticate.admin(request)` hand out as `admin`. */
export interface RemixAdminClient {
  graphql(document: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

type ShopAdminContext = Awaited<ReturnType<typeof unauthenticated.admin>>;

export async function adminGraphqlForShop(shop: string): Promise<AdminGraphql> {
  let context = await unauthenticated.admin(shop);
  return async <T>(document: string, variables?: Record<string, unknown>): Promise<T> => {
    try {
      return await adminGraphqlFor(context.admin)<T>(document, variables);
    } catch (error) {
      if (!isUnauthorized(error)) throw error;
      const fresh = await reconnect(shop, context.session.accessToken);
      if (!fresh) {
        await giveUp(shop, "Shopify refused the app's access token and it could not be renewed");
        throw error;
      }
      context = fresh;
      try {
        return await adminGraphqlFor(context.admin)<T>(document, variables);
      } catch (again) {
        if (isUnauthorized(again)) await giveUp(shop, "Shopify refused the app's renewed access token");
        throw again;
      }
    }
  };
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof ShopifyHttpError && error.status === 401;
}

/** A context with a token other than the refused one: a newer one from storage, or a refreshed one; else null. */
async function reconnect(shop: string, refusedToken: string | undefined): Promise<ShopAdminContext | null> {
  const stored = await sessionStorage.loadSession(`offline_${shop}`);
  if (!stored?.accessToken) return null;
  try {
    if (stored.accessToken !== refusedToken) return await unauthenticated.admin(shop);
    if (!stored.refreshToken) return null;
    // Marked expired, the library refreshes it with its refresh token (and stores the new pair) on the next load.
    // (Not the epoch itself: session storage reads an expiry of 0 as "never expires".)
    stored.expires = new Date(Date.now() - 1000);
    await sessionStorage.storeSession(stored);
    const refreshed = await unauthenticated.admin(shop);
    return refreshed.session.accessToken !== refusedToken ? refreshed : null;
  } catch {
    // The library throws a bare 500 Response when the refresh is refused (invalid_grant): nothing more to try.
    return null;
  }
}

async function giveUp(shop: string, reason: string): Promise<void> {
  await recordReauthRequired(prisma, shop, reason, new Date());
  // Without a session, the merchant's next visit exchanges a fresh token (and afterAuth clears the record).
  await sessionStorage.deleteSession(`offline_${shop}`);
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
