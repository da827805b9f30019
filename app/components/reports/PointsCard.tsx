import { BlockStack, InlineGrid, Text } from "@shopify/polaris";
import { issuedOf, redeemedOf } from "~/loyalty/reports/liability";
import type { ReportsPage } from "~/loyalty/reports/page";
import { useReportText } from "./useReportText";
import { PointsChart } from "./PointsChart";
import { ReportCard } from "./ReportCard";

/** Points issued / redeemed / expired over time, and the redemption rates. */
export function PointsCard({ page, search }: { page: ReportsPage; search: string }) {
  const { t, f } = useReportText();
  const { points, percent } = f;
  const { rollForward, redemption } = page.liability;
  const days = rollForward.rows.map((row) => ({
    date: row.date,
    issued: issuedOf(row.movements),
    redeemed: redeemedOf(row.movements),
    expired: 0 - row.movements.expired,
  }));
  return (
    <ReportCard
      title={t("reports.points.title")}
      report="points"
      search={search}
      description={t("reports.points.description")}
    >
      <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
        <BlockStack gap="100">
          <Text as="p" tone="subdued">{t("reports.points.issued")}</Text>
          <Text as="p" variant="headingLg">{points(redemption.issuedInRange)}</Text>
        </BlockStack>
        <BlockStack gap="100">
          <Text as="p" tone="subdued">{t("reports.points.redeemed")}</Text>
          <Text as="p" variant="headingLg">{points(redemption.redeemedInRange)}</Text>
        </BlockStack>
        <BlockStack gap="100">
          <Text as="p" tone="subdued">{t("reports.points.rate")}</Text>
          <Text as="p" variant="headingLg">{percent(redemption.rangeRateBasisPoints)}</Text>
          <Text as="p" tone="subdued" variant="bodySm">
            {t("reports.points.sinceStart", { rate: percent(redemption.toDateRateBasisPoints), redeemed: points(redemption.redeemedToDate), issued: points(redemption.issuedToDate) })}
          </Text>
        </BlockStack>
      </InlineGrid>
      <PointsChart days={days} />
    </ReportCard>
  );
}
