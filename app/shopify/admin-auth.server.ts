/**
 * The one way admin routes (app.*, auth.*) authenticate: `requireAdmin(request)` instead of `authenticate.admin`.
 *
 * Rules, in order (docs/decisions/010-trust-boundary.md):
 * - The body is capped first (ADMIN_BODY_LIMIT, 413; declared or streamed) and read once; the action reads the
 *   form from `formData()`, never from the original request.
 * - A malformed `host` → 400, and a session token whose `iss` shop is not its `dest` shop → 401, before the library
 *   (./admin-request.ts says why).
 * - Token exchange is single-flight per shop in this process: on install the embedded app's parallel loaders all
 *   arrive without a stored session, and each would exchange the same session token for a new offline token, each
 *   new one retiring the one before once it is used. The first request without a usable session exchanges; the
 *   others wait for it and then load the session it stored. Across instances, session storage keeps the newest
 *   token (./session-storage.server.ts).
 * - Everything else (signature, audience, expiry, bounce page, the exchange itself) is the library's.
 */
import { ADMIN_BODY_LIMIT, requireBodyWithin } from "~/http/body-limit.server";
import { authenticate, sessionStorage } from "~/shopify.server";
import { adminRequestProblem, sessionTokenOf, sessionTokenShops } from "./admin-request";
import { USABLE_FOR_MS } from "./session-storage.server";

export type AdminContext = Awaited<ReturnType<typeof authenticate.admin>>;

export interface RequiredAdmin extends AdminContext {
  /** The request's form, read from the body already capped at ADMIN_BODY_LIMIT. */
  formData(): Promise<FormData>;
}

const exchanging = new Map<string, Promise<unknown>>();

/** `bodyLimit`: a route that takes uploads (the points import) names its own cap; every other route has ADMIN_BODY_LIMIT. */
export async function requireAdmin(request: Request, { bodyLimit = ADMIN_BODY_LIMIT }: { bodyLimit?: number } = {}): Promise<RequiredAdmin> {
  const limited = await requireBodyWithin(request, bodyLimit);
  const problem = adminRequestProblem(limited);
  if (problem) throw new Response(problem.message, { status: problem.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const context = await authenticateOncePerShop(limited);
  return { ...context, formData: () => limited.formData() };
}

async function authenticateOncePerShop(request: Request): Promise<AdminContext> {
  const token = sessionTokenOf(request);
  const shop = token === null ? null : sessionTokenShops(token)?.destination;
  if (!shop) return authenticate.admin(request);
  const pending = exchanging.get(shop);
  if (pending) {
    await pending.catch(() => undefined);
    return authenticate.admin(request);
  }
  if (await hasUsableOfflineSession(shop)) return authenticate.admin(request);
  // Checked again after the await: another request may have started the exchange meanwhile.
  const started = exchanging.get(shop);
  if (started) {
    await started.catch(() => undefined);
    return authenticate.admin(request);
  }
  const exchange = authenticate.admin(request);
  exchanging.set(shop, exchange);
  try {
    return await exchange;
  } finally {
    if (exchanging.get(shop) === exchange) exchanging.delete(shop);
  }
}

/** What the library's token-exchange strategy accepts without exchanging (an access token not about to expire). */
async function hasUsableOfflineSession(shop: string): Promise<boolean> {
  const session = await sessionStorage.loadSession(`offline_${shop}`);
  return Boolean(session?.isActive(undefined, USABLE_FOR_MS));
}
