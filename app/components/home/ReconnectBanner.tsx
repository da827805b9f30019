import { Banner } from "@shopify/polaris";

/**
 * Shown on Home while the shop needs re-authentication (app/shopify/shop-auth-state.server.ts): what stopped, what
 * still works, and what the merchant does about it.
 */
export function ReconnectBanner({ since, reason }: { since: string; reason: string }) {
  return (
    <Banner tone="critical" title="Reconnect: Shopify stopped accepting this app's access to your store">
      <p>
        Since {new Date(since).toUTCString()}: {reason}. Points are still recorded, but customer balances, tiers and reward codes are not
        sent to Shopify. Open the app again from your Shopify admin (Apps → Loyalty &amp; Rewards) to reconnect it; if this message is still
        here afterwards, reinstall the app.
      </p>
    </Banner>
  );
}
