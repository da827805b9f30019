import { Banner } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";

/**
 * Shown on Home while the shop needs re-authentication (app/shopify/shop-auth-state.server.ts): what stopped, what
 * still works, and what the merchant does about it. `reason` is Shopify's own error, shown as it came.
 */
export function ReconnectBanner({ since, reason, timeZone = "UTC" }: { since: string; reason: string; timeZone?: string }) {
  const { t, formatLocale } = useAdminText();
  const when = new Intl.DateTimeFormat(formatLocale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(new Date(since));
  return (
    <Banner tone="critical" title={t("home.reconnect.title")}>
      <p>{t("home.reconnect.body", { since: when, reason })}</p>
    </Banner>
  );
}
