/**
 * Embedded-admin requests as App Bridge sends them: a session token (JWT signed with the app secret, `aud` = api key,
 * `dest` = the shop) in the Authorization header, through `authenticate.admin`, for a shop with a stored offline
 * session (so the library never needs to exchange tokens with Shopify).
 */
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { storeOfflineSession } from "./sessions";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "./test-env";

export interface AdminRequestOptions {
  method?: "GET" | "POST";
  /** Form fields (sent as application/x-www-form-urlencoded, as Remix forms do). */
  form?: Record<string, string>;
  json?: unknown;
  shop?: string;
}

export async function adminRequest(path: string, options: AdminRequestOptions = {}): Promise<Request> {
  const shop = options.shop ?? TEST_SHOP;
  await storeOfflineSession(shop);
  const method = options.method ?? (options.form || options.json ? "POST" : "GET");
  const init: RequestInit = { method };
  if (options.form) {
    init.body = new URLSearchParams(options.form);
    init.headers = { "Content-Type": "application/x-www-form-urlencoded" };
  } else if (options.json !== undefined) {
    init.body = JSON.stringify(options.json);
    init.headers = { "Content-Type": "application/json" };
  }
  const request = new Request(`${TEST_APP_URL}${path}`, init);
  return setUpValidRequest(
    { type: RequestType.Bearer, store: shop.replace(/\.myshopify\.com$/, ""), apiKey: TEST_API_KEY, apiSecretKey: TEST_API_SECRET },
    request,
  );
}

type RouteFunction = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;

/** Calls a loader/action; a thrown Response (redirects, 400s with field errors, 404s) comes back as the result. */
export async function callRoute(fn: RouteFunction, request: Request, params: Record<string, string> = {}): Promise<unknown> {
  try {
    return await fn({ request, params, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
