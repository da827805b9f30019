/**
 * App proxy requests (storefront → https://<shop>/apps/loyalty/* → /proxy/*), answered as JSON.
 *
 * Rules:
 * - `authenticate.public.appProxy` checks Shopify's signature first (400 when it is wrong, nothing read or written).
 * - The shopper is only ever the signed `logged_in_customer_id`: an id in the body or query string is ignored.
 *   Logged out → 401 with a sentence the block can show.
 * - The body is capped before anything else (PROXY_BODY_LIMIT, 413 as JSON, declared or streamed) and read once:
 *   handlers get the capped copy of the request from `answerProxy` and never touch the original.
 * - LoyaltyErrors map to their status with `{ error, code }`; answers are private and never cached.
 */
import { PROXY_BODY_LIMIT, requireBodyWithin } from "~/http/body-limit.server";
import { httpStatusForError, isLoyaltyError, LoyaltyError } from "~/loyalty/errors";
import { authenticate } from "~/shopify.server";

export interface ProxyShopper {
  shop: string;
  customerGid: string;
}

const HEADERS = { "Content-Type": "application/json", "Cache-Control": "private, no-store" };

export function proxyJson(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: HEADERS });
}

/** Authenticates the proxy request and returns the signed shopper, or throws a LoyaltyError NOT_LOGGED_IN. */
export async function requireProxyShopper(request: Request): Promise<ProxyShopper> {
  await authenticate.public.appProxy(request);
  const params = new URL(request.url).searchParams;
  const shop = params.get("shop") ?? "";
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
