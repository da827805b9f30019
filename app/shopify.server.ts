import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "./db.server";
import { recordShopSettings } from "./loyalty/server/shop-settings.server";
import { adminGraphqlFor } from "./shopify/admin-graphql.server";
import { fetchShopSettings } from "./shopify/graphql/shop";
import { createShopifyLogger, logLevelFrom } from "./shopify/logger.server";
import { NewestTokenWinsStorage } from "./shopify/session-storage.server";
import { clearReauthRequired } from "./shopify/shop-auth-state.server";

/** The Admin API version the whole app speaks (also `shopify.app.toml [webhooks] api_version`). */
export const ADMIN_API_VERSION = ApiVersion.October26;

const shopify = shopifyApp({
  apiKey: process.env.SHOPIFY_API_KEY,
  apiSecretKey: process.env.SHOPIFY_API_SECRET || "",
  apiVersion: ADMIN_API_VERSION,
  scopes: process.env.SCOPES?.split(","),
  appUrl: process.env.SHOPIFY_APP_URL || "",
  authPathPrefix: "/auth",
  // Two token exchanges racing must leave the newest token in the row (app/shopify/session-storage.server.ts).
  sessionStorage: new NewestTokenWinsStorage(new PrismaSessionStorage(prisma)),
  // Redacted, per-request lines at debug; LOG_LEVEL sets the level (app/shopify/logger.server.ts).
  logger: createShopifyLogger(logLevelFrom(process.env.LOG_LEVEL)),
  distribution: AppDistribution.AppStore,
  // Shopify-managed install + token exchange (scopes come from shopify.app.toml), and offline tokens that expire
  // and are refreshed by the library: both are Shopify's current recommendation for embedded apps.
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  hooks: {
    // After install or re-auth: learn the shop's currency and time zone (amounts and tier windows depend on them).
    afterAuth: async ({ session, admin }) => {
      await recordShopSettings(prisma, session.shop, await fetchShopSettings(adminGraphqlFor(admin)), new Date());
      // A fresh token that just worked: the shop no longer needs re-authenticating.
      await clearReauthRequired(prisma, session.shop);
    },
  },
  ...(process.env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [process.env.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = ADMIN_API_VERSION;
/**
 * The library's document headers — CSP `frame-ancestors` (the shop's admin and admin.shopify.com may frame the
 * app) and a preload of the App Bridge script — with two settings from the environment, both unset in production
 * (docs/decisions/006-local-dev-store.md): SHOPIFY_ADMIN_ORIGINS (space-separated) are more admin origins allowed
 * to frame the app (the local dev store's admin), and APP_BRIDGE_URL, where the library's pages and AppProvider
 * load App Bridge from, is also what gets preloaded.
 */
export function addDocumentResponseHeaders(request: Request, headers: Headers): void {
  shopify.addDocumentResponseHeaders(request, headers);
  const extra = process.env.SHOPIFY_ADMIN_ORIGINS?.split(/\s+/).filter(Boolean) ?? [];
  const policy = headers.get("Content-Security-Policy");
  if (extra.length > 0 && policy?.startsWith("frame-ancestors ")) {
    headers.set("Content-Security-Policy", policy.replace(/^frame-ancestors /, `frame-ancestors ${extra.join(" ")} `));
  }
  const appBridge = process.env.APP_BRIDGE_URL;
  if (appBridge && headers.has("Link")) headers.set("Link", `<${appBridge}>; rel="preload"; as="script";`);
}
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
