/**
 * App proxy requests (storefront → https://<shop>/apps/loyalty/* → /proxy/*), answered as JSON.
 *
 * Rules:
 * - Shopify's signature is checked first, by the library's rules but without loading the shop's offline session
 *   (`isSignedAppProxyUrl`, docs/decisions/016-storefront-path.md): 400 when it is wrong or stale, or when the signed
 *   `shop` is not a shop domain; nothing is read from or written to the database before.
 * - The shopper is only ever the signed `logged_in_customer_id`: an id in the body or query string is ignored.
 *   Logged out → 401 with a sentence the block can show.
 * - The body is capped before anything else (PROXY_BODY_LIMIT, 413 as JSON, declared or streamed) and read once:
 *   handlers get the capped copy of the request from `answerProxy` and never touch the original.
 * - LoyaltyErrors map to their status with `{ error, code }`; answers are private and never cached.
 */
import { PROXY_BODY_LIMIT, requireBodyWithin } from "~/http/body-limit.server";
import { httpStatusForError, isLoyaltyError, LoyaltyError } from "~/loyalty/errors";
import { isSignedAppProxyUrl } from "./app-proxy-signature.server";
import { isShopDomain } from "./webhooks/delivery.server";

export interface ProxyShopper {
  shop: string;
  customerGid: string;
}

const HEADERS = { "Content-Type": "application/json", "Cache-Control": "private, no-store" };

export function proxyJson(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: HEADERS });
}

/** What the library answers a request Shopify did not sign (an empty 400). */
const badRequest = () => new Response(undefined, { status: 400, statusText: "Bad Request" });

/**
 * Checks Shopify's signature and returns the signed shopper; throws a 400 Response when the request is not signed
 * (or its shop is not a shop domain), a LoyaltyError NOT_LOGGED_IN when nobody is signed in.
 */
export async function requireProxyShopper(request: Request): Promise<ProxyShopper> {
  const url = new URL(request.url);
  const params = url.searchParams;
  // The secret the library is configured with (app/shopify.server.ts), read per request like the rest of the env.
  if (!isSignedAppProxyUrl(url, process.env.SHOPIFY_API_SECRET || "", Math.trunc(Date.now() / 1000))) {
    console.info(`[app proxy] refused a request for ${JSON.stringify(params.get("shop")?.slice(0, 100) ?? null)}: not signed by Shopify, or stale`);
    throw badRequest();
  }
  const shop = params.get("shop") ?? "";
  if (!isShopDomain(shop)) throw badRequest();
  const customerId = params.get("logged_in_customer_id") ?? "";
  if (!/^\d+$/.test(customerId)) throw new LoyaltyError("NOT_LOGGED_IN", "Sign in to see and use your points");
  return { shop, customerGid: `gid://shopify/Customer/${customerId}` };
}

/**
 * Runs a proxy handler on the request with its body capped at PROXY_BODY_LIMIT (413 past it), and turns expected
 * failures into JSON answers.
 */
export async function answerProxy(request: Request, work: (request: Request) => Promise<unknown>): Promise<Response> {
  try {
    const limited = await requireBodyWithin(request, PROXY_BODY_LIMIT);
    return proxyJson(200, await work(limited));
  } catch (error) {
    if (error instanceof Response) return error;
    if (isLoyaltyError(error)) {
      return proxyJson(httpStatusForError(error.code), { error: error.message, code: error.code, fieldErrors: error.fieldErrors });
    }
    throw error;
  }
}
