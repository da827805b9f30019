import { BlockStack, DataTable, InlineStack, Text } from "@shopify/polaris";
import type { InsightsPage } from "~/loyalty/server/insights.server";
import { POINT_SOURCES } from "~/loyalty/reports/engagement";
import { useAdminText } from "~/i18n/admin-text";
import { CsvButton } from "../reports/CsvButton";
import { reportFormat } from "../reports/format";
import { InsightCard, monthLabel } from "./InsightCard";
import { InsightChart } from "./InsightChart";

/** Active members, redemption by tier, and points issued by source per month. */
export function EngagementCard({ page, search }: { page: InsightsPage; search: string }) {
  const { t, formatLocale } = useAdminText();
  const f = reportFormat(formatLocale);
  const { engagement } = page;
  const meaning = engagement.members === 0 ? t("insights.engagement.meaningNoMembers") : t("insights.engagement.meaning", {
    active: f.points(engagement.activeMembers),
    members: f.points(engagement.members),
    share: f.percent(engagement.activeBasisPoints),
    days: engagement.activeDays,
  });
  const tierName = (tier: { kind: string; name: string }) => (tier.kind === "tier" ? tier.name : tier.kind === "none" ? t("insights.engagement.noTier") : t("insights.engagement.removedTier"));
  const rows = engagement.tiers.map((tier) => [
    tierName(tier),
    f.points(tier.members),
    f.percent(tier.redeemersBasisPoints),
    f.points(tier.earnedPoints),
    f.points(tier.redeemedPoints),
    f.percent(tier.redemptionRateBasisPoints),
  ]);
  return (
    <InsightCard title={t("insights.engagement.title")} meaning={meaning} insight="engagement" search={search}>
      <Text as="h3" variant="headingSm">
        {t("insights.engagement.sourcesTitle")}
      </Text>
      <InsightChart
        kind="bar"
        stacked
        series={POINT_SOURCES.map((source) => ({
          name: t(`insights.engagement.sources.${source}`),
          data: engagement.sources.map((month) => ({ key: month.month, value: month.points[source] })),
        }))}
        xLabel={(key) => monthLabel(key, formatLocale)}
        yLabel={(value) => f.points(Math.round(value))}
      />
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h3" variant="headingSm">
            {t("insights.engagement.tiersTitle")}
          </Text>
          <CsvButton report="redemption" path="/app/reports/insights/redemption.csv" search={search} />
        </InlineStack>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
          headings={(["tier", "members", "redeemers", "earned", "redeemed", "rate"] as const).map((key) => t(`insights.engagement.headings.${key}`))}
          rows={rows}
        />
      </BlockStack>
    </InsightCard>
  );
}
