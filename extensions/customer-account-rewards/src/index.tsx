/** @jsxImportSource preact */
/** customer-account.page.render: Shopify calls this default export with the `shopify` global set up. */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { APP_URL } from "./app-url";
import { createRewardsClient } from "./client";
import { RewardsPage } from "./RewardsPage";
import { shopifyApi } from "./shopify-api";

export default async () => {
  const shopify = shopifyApi();
  const client = createRewardsClient({ appUrl: APP_URL, getToken: () => shopify.sessionToken.get(), fetch: globalThis.fetch.bind(globalThis) });
  render(<RewardsPage client={client} text={shopify.i18n} />, document.body);
};
