/**
 * Requests from the app's UI extensions in customer accounts (the Rewards page, the profile and order-status blocks)
 * and checkout (the thank-you block), answered as JSON to a page on Shopify's domain (a cross-origin `fetch` with a
 * Bearer token).
 *
 * Rules:
 * - The token is checked by `authenticate.public.customerAccount` (HS256 with the app's secret, exp/nbf with
 *   Shopify's 10 s tolerance): no token, a bad signature or an expired token → 401, nothing read or written.
 * - Customer accounts: `authenticate.public.customerAccount`; checkout: `authenticate.public.checkout` (same checks).
 * - The library does not check the audience for extension tokens; we do: `aud` must be this app's client id.
 * - The shop is the token's `dest` (a shop domain), the shopper the token's `sub` (a Customer GID). An id in the
 *   body or query string is never read. Customer accounts need one: no `sub` → 401 NOT_LOGGED_IN. Checkout takes
 *   a guest (no `sub`): the handler gets `customerGid: null`.
 * - Preflight (OPTIONS) is answered by the library with CORS headers; every answer, errors included, carries them
 *   (`Access-Control-Allow-Origin: *`: the extension runs in a sandbox with a null origin, and no cookie is used).
 * - The body is capped at PROXY_BODY_LIMIT (413) and read once, as on the app proxy.
 */
import { z } from "zod";
import { PROXY_BODY_LIMIT, requireBodyWithin } from "~/http/body-limit.server";
import { LoyaltyError } from "~/loyalty/errors";
import { authenticate } from "~/shopify.server";
import { proxyErrorAnswer, proxyJson } from "./app-proxy.server";
import { isShopDomain } from "./webhooks/delivery.server";

export interface CustomerAccountShopper {
  shop: string;
  customerGid: string;
}

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/\d{1,20}$/;

const claimsSchema = z.object({
  aud: z.union([z.string(), z.array(z.string())]),
  dest: z.string().max(300),
  sub: z.string().max(100).optional(),
});

const unauthorized = () => new Response(undefined, { status: 401, statusText: "Unauthorized" });

/** The shop (`dest`, with or without a scheme) as a bare shop domain, or null when it is none. */
export function shopOfDestination(dest: string): string | null {
  const host = dest.replace(/^https:\/\//, "").replace(/\/$/, "");
  return isShopDomain(host) ? host : null;
}

export interface ExtensionShopper {
  shop: string;
  /** Null for a guest at checkout. */
  customerGid: string | null;
}

/** The signed shop and customer (or guest) of a verified token's claims; throws a 401 Response when unusable. */
export function extensionShopperOfClaims(payload: unknown, apiKey: string): ExtensionShopper {
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw unauthorized();
  const audiences = Array.isArray(claims.data.aud) ? claims.data.aud : [claims.data.aud];
  if (!apiKey || !audiences.includes(apiKey)) throw unauthorized();
  const shop = shopOfDestination(claims.data.dest);
  if (!shop) throw unauthorized();
  const sub = claims.data.sub;
  if (sub === undefined) return { shop, customerGid: null };
  if (!CUSTOMER_GID.test(sub)) throw unauthorized();
  return { shop, customerGid: sub };
}

/** The signed shopper of a customer account token; throws a 401 Response or a NOT_LOGGED_IN LoyaltyError. */
export function shopperOfClaims(payload: unknown, apiKey: string): CustomerAccountShopper {
  const { shop, customerGid } = extensionShopperOfClaims(payload, apiKey);
  if (!customerGid) throw new LoyaltyError("NOT_LOGGED_IN", "Sign in to see and use your points");
  return { shop, customerGid };
}

type Work<Shopper> = (request: Request, shopper: Shopper) => Promise<unknown>;
type Surface = "customerAccount" | "checkout";

/**
 * Authenticates an extension's request, runs `work` on the capped body with the token's shopper, and answers JSON
 * with CORS headers, expected failures included.
 */
async function answerExtension<Shopper>(request: Request, surface: Surface, shopperOf: (claims: unknown) => Shopper, work: Work<Shopper>): Promise<Response> {
  let cors: (response: Response) => Response = withOpenCors;
  try {
    const context = await authenticate.public[surface](request);
    cors = (response) => withOpenCors(context.cors(response));
    const shopper = shopperOf(context.sessionToken);
    const limited = await requireBodyWithin(request, PROXY_BODY_LIMIT);
    return cors(proxyJson(200, await work(limited, shopper)));
  } catch (error) {
    if (error instanceof Response) return cors(error);
    const answer = proxyErrorAnswer(error);
    return cors(proxyJson(answer.status, answer.body));
  }
}

const apiKey = () => process.env.SHOPIFY_API_KEY || "";

/** A customer account extension's request: the token must name a customer. */
export function answerCustomerAccount(request: Request, work: Work<CustomerAccountShopper>): Promise<Response> {
  return answerExtension(request, "customerAccount", (claims) => shopperOfClaims(claims, apiKey()), work);
}

/** A checkout extension's request (the thank-you block): a guest is `customerGid: null`. */
export function answerCheckout(request: Request, work: Work<ExtensionShopper>): Promise<Response> {
  return answerExtension(request, "checkout", (claims) => extensionShopperOfClaims(claims, apiKey()), work);
}

/**
 * The extension's fetch comes from a null origin: without these headers the browser hides every answer from it,
 * errors included. The library adds them only when it got far enough to build its `cors` helper.
 */
function withOpenCors(response: Response): Response {
  if (!response.headers.has("Access-Control-Allow-Origin")) {
    const headers = new Headers(response.headers);
    headers.set("Access-Control-Allow-Origin", "*");
    headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
  return response;
}
