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

interface ExtensionRowProps {
  kind: "block" | "embed";
  title: string;
  help: string;
  status: BlockStatus;
  loading: boolean;
  /** The theme editor's deep link that adds it. */
  url: string;
  action: string;
}

/** One theme extension: its name and status, what it is, and the button that adds it (disabled once active). */
function ExtensionRow({ kind, title, help, status, loading, url, action }: ExtensionRowProps) {
  return (
    <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
      <BlockStack gap="050">
        <InlineStack gap="200" blockAlign="center" align="start">
          <Text as="h3" fontWeight="semibold">
            {title}
          </Text>
          <span data-extension-status={kind}>
            <StatusBadge status={status} loading={loading} />
          </span>
        </InlineStack>
        <Text as="p" tone="subdued">
          {help}
        </Text>
      </BlockStack>
      <Button url={url} target="_top" disabled={status === "active"}>
        {action}
      </Button>
    </InlineStack>
  );
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
        <ExtensionRow
          kind="block"
          title={t("home.storefront.block")}
          help={t("home.storefront.blockHelp")}
          status={status.block}
          loading={loading}
          url={blockDeepLink(shop, apiKey)}
          action={status.block === "active" ? t("home.storefront.added") : t("home.storefront.addBlock")}
        />
        <ExtensionRow
          kind="embed"
          title={t("home.storefront.embed")}
          help={t("home.storefront.embedHelp")}
          status={status.embed}
          loading={loading}
          url={embedDeepLink(shop, apiKey)}
          action={status.embed === "active" ? t("home.storefront.turnedOn") : t("home.storefront.turnOn")}
        />
        {status.state === "failed" ? (
          <Text as="p" tone="critical">
            {t("home.storefront.failed", { error: status.error })}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
