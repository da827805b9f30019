import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import { shopDate } from "~/components/members/member-text";
import { useAdminText } from "~/i18n/admin-text";
import type { MemberBadgeView } from "~/loyalty/server/engagement-admin.server";
import { BadgeIcon } from "./BadgeIcon";

/** The member page's badges: icon, name and the date earned, in the shop's time zone. */
export function MemberBadgesCard({ badges, timeZone }: { badges: MemberBadgeView[]; timeZone: string }) {
  const { t, formatLocale } = useAdminText();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("engagement.member.heading")}
        </Text>
        {badges.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("engagement.member.empty")}
          </Text>
        ) : null}
        {badges.map((badge) => (
          <InlineStack key={badge.badgeId} gap="300" blockAlign="center">
            <BadgeIcon icon={badge.icon} />
            <BlockStack gap="050">
              <Text as="span" fontWeight="semibold">
                {badge.name}
              </Text>
              <Text as="span" tone="subdued" variant="bodySm">
                {t("engagement.member.earned", { date: shopDate(formatLocale, badge.earnedAt, timeZone) })}
              </Text>
            </BlockStack>
          </InlineStack>
        ))}
      </BlockStack>
    </Card>
  );
}
