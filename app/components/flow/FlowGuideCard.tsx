import { BlockStack, Card, List, Text } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";

const STEPS = ["switch", "create", "email", "condition", "test"] as const;

/** How to email members with Shopify Flow and Shopify Email, in five steps. */
export function FlowGuideCard() {
  const { t } = useAdminText();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("flow.guide.heading")}
        </Text>
        <List type="number">
          {STEPS.map((step) => (
            <List.Item key={step}>{t(`flow.guide.steps.${step}`)}</List.Item>
          ))}
        </List>
        <Text as="p" tone="subdued">
          {t("flow.guide.actions")}
        </Text>
      </BlockStack>
    </Card>
  );
}
