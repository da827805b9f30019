import { BlockStack, Card, InlineStack, Tag, Text } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";

/** The member's interests: the choices they picked in surveys (docs/decisions/035-surveys.md). */
export function MemberInterests({ interests }: { interests: string[] }) {
  const { t } = useAdminText();
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("surveys.member.heading")}
        </Text>
        {interests.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("surveys.member.none")}
          </Text>
        ) : (
          <InlineStack gap="200">
            {interests.map((interest) => (
              <Tag key={interest}>{interest}</Tag>
            ))}
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}
