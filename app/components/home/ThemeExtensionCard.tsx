import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";
import { blockDeepLink, embedDeepLink, type BlockStatus, type ThemeExtensionStatus } from "./theme-extension";

const LABEL: Record<BlockStatus, string> = {
  active: "home.storefront.status.active",
  available: "home.storefront.status.available",
  unavailable: "home.storefront.status.unavailable",
  unknown: "home.storefront.status.unknown",
};

function StatusBadge({ status, loading }: { status: BlockStatus; loading: boolean }) {
  const { t } = useAdminText();
  if (loading) return <Badge>{t("home.storefront.status.checking")}</Badge>;
  return <Badge tone={status === "active" ? "success" : status === "unavailable" ? "critical" : "attention"}>{t(LABEL[status])}</Badge>;
}

/**
 * The storefront block and embed on the shop's published theme, as App Bridge reports them (Built for Shopify asks
 * for this on the app's home page), with deep links that open the theme editor with each one being added.
 */
export function ThemeExtensionCard({ shop, apiKey, status }: { shop: string; apiKey: string; status: ThemeExtensionStatus }) {
  const { t } = useAdminText();
  const loading = status.state === "loading";
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("home.storefront.title")}
          </Text>
          <Button variant="plain" onClick={status.refresh}>
            {t("home.storefront.checkAgain")}
          </Button>
        </InlineStack>
        <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
          <BlockStack gap="050">
            <InlineStack gap="200" blockAlign="center" align="start">
              <Text as="h3" fontWeight="semibold">
                {t("home.storefront.block")}
              </Text>
              <span data-extension-status="block">
                <StatusBadge status={status.block} loading={loading} />
              </span>
            </InlineStack>
            <Text as="p" tone="subdued">
              {t("home.storefront.blockHelp")}
            </Text>
          </BlockStack>
          <Button url={blockDeepLink(shop, apiKey)} target="_top" disabled={status.block === "active"}>
            {status.block === "active" ? t("home.storefront.added") : t("home.storefront.addBlock")}
          </Button>
        </InlineStack>
        <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
          <BlockStack gap="050">
            <InlineStack gap="200" blockAlign="center" align="start">
              <Text as="h3" fontWeight="semibold">
                {t("home.storefront.embed")}
              </Text>
              <span data-extension-status="embed">
                <StatusBadge status={status.embed} loading={loading} />
              </span>
            </InlineStack>
            <Text as="p" tone="subdued">
              {t("home.storefront.embedHelp")}
            </Text>
          </BlockStack>
          <Button url={embedDeepLink(shop, apiKey)} target="_top" disabled={status.embed === "active"}>
            {status.embed === "active" ? t("home.storefront.turnedOn") : t("home.storefront.turnOn")}
          </Button>
        </InlineStack>
        {status.state === "failed" ? (
          <Text as="p" tone="critical">
            {t("home.storefront.failed", { error: status.error })}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
