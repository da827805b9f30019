import { DataTable, Text } from "@shopify/polaris";
import type { ReportsPage } from "~/loyalty/reports/page";
import { useReportText } from "./useReportText";
import { ReportCard } from "./ReportCard";

/** Rewards by redemptions made in the range. */
export function TopRewardsCard({ page, search }: { page: ReportsPage; search: string }) {
  const { t, f } = useReportText();
  const rows = page.topRewards.map((reward) => [reward.name, f.points(reward.redemptions), f.points(reward.used), f.percent(reward.usageRateBasisPoints), f.points(reward.points)]);
  return (
    <ReportCard
      title={t("reports.topRewards.title")}
      report="rewards"
      search={search}
      description={t("reports.topRewards.description")}
    >
      {rows.length === 0 ? (
        <Text as="p" tone="subdued">{t("reports.topRewards.none")}</Text>
      ) : (
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
          headings={(["reward", "redemptions", "used", "usageRate", "pointsSpent"] as const).map((key) => t(`reports.topRewards.headings.${key}`))}
          rows={rows}
        />
      )}
    </ReportCard>
  );
}
