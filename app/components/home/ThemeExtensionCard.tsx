import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { blockDeepLink, embedDeepLink, type BlockStatus, type ThemeExtensionStatus } from "./theme-extension";

const LABEL: Record<BlockStatus, string> = { active: "Active", available: "Not added", unavailable: "Unavailable", unknown: "Unknown" };

function StatusBadge({ status, loading }: { status: BlockStatus; loading: boolean }) {
  if (loading) return <Badge>Checking…</Badge>;
  return <Badge tone={status === "active" ? "success" : status === "unavailable" ? "critical" : "attention"}>{LABEL[status]}</Badge>;
}

/**
 * The storefront block and embed on the shop's published theme, as App Bridge reports them (Built for Shopify asks
 * for this on the app's home page), with deep links that open the theme editor with each one being added.
 */
export function ThemeExtensionCard({ shop, apiKey, status }: { shop: string; apiKey: string; status: ThemeExtensionStatus }) {
  const loading = status.state === "loading";
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Storefront
          </Text>
          <Button variant="plain" onClick={status.refresh}>
            Check again
          </Button>
        </InlineStack>
        <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
          <BlockStack gap="050">
            <InlineStack gap="200" blockAlign="center" align="start">
              <Text as="h3" fontWeight="semibold">
                Rewards block
              </Text>
              <span data-extension-status="block">
                <StatusBadge status={status.block} loading={loading} />
              </span>
            </InlineStack>
            <Text as="p" tone="subdued">
              Balance, tier progress and rewards on a page of your theme.
            </Text>
          </BlockStack>
          <Button url={blockDeepLink(shop, apiKey)} target="_top" disabled={status.block === "active"}>
            {status.block === "active" ? "Added" : "Add to home page"}
          </Button>
        </InlineStack>
        <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
          <BlockStack gap="050">
            <InlineStack gap="200" blockAlign="center" align="start">
              <Text as="h3" fontWeight="semibold">
                Rewards launcher (app embed)
              </Text>
              <span data-extension-status="embed">
                <StatusBadge status={status.embed} loading={loading} />
              </span>
            </InlineStack>
            <Text as="p" tone="subdued">
              A floating Rewards button on every page.
            </Text>
          </BlockStack>
          <Button url={embedDeepLink(shop, apiKey)} target="_top" disabled={status.embed === "active"}>
            {status.embed === "active" ? "Turned on" : "Turn on"}
          </Button>
        </InlineStack>
        {status.state === "failed" ? (
          <Text as="p" tone="critical">
            Shopify did not say whether they are on your theme ({status.error}). Open the theme editor to check.
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
