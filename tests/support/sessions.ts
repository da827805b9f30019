/**
 * Offline sessions in the app's real session storage, so `unauthenticated.admin(shop)` works in tests.
 *
 * Rules:
 * - Import this only after the fake Admin API is listening (it imports `~/shopify.server`, which captures
 *   `fetch`): from a test, `const { storeOfflineSession } = await import("../tests/support/sessions")`.
 * - Needs a migrated database at DATABASE_URL, and SHOPIFY_APP_URL set (shopifyApp refuses an empty app URL).
 * - The id is Shopify's offline id for the shop (`offline_<shop>`), the one `unauthenticated.admin` loads.
 */
import { Session } from "@shopify/shopify-api";
import { sessionStorage } from "~/shopify.server";

export const TEST_ACCESS_TOKEN = "shpat_test";

export async function storeOfflineSession(
  shop: string,
  scope = "read_products,read_customers,write_customers"
): Promise<Session> {
  const session = new Session({
    id: `offline_${shop}`,
    shop,
    state: "x",
    isOnline: false,
    accessToken: TEST_ACCESS_TOKEN,
    scope,
  });
  await sessionStorage.storeSession(session);
  return session;
}
