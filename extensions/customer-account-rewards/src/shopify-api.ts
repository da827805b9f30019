/**
 * The `shopify` global of the customer-account.page.render target, typed. Importing the target's types also
 * declares the `s-*` elements for JSX (as Shopify CLI's generated shopify.d.ts does).
 */
import type { Api } from "@shopify/ui-extensions/customer-account.page.render";

export type ShopifyApi = Api;

export function shopifyApi(): ShopifyApi {
  return (globalThis as unknown as { shopify: ShopifyApi }).shopify;
}
