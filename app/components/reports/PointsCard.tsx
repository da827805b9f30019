import { BlockStack, InlineGrid, Text } from "@shopify/polaris";
import { issuedOf, redeemedOf } from "~/loyalty/reports/liability";
import type { ReportsPage } from "~/loyalty/reports/page";
import { percent, points } from "./format";
import { PointsChart } from "./PointsChart";
import { ReportCard } from "./ReportCard";

/** Points issued / redeemed / expired over time, and the redemption rates. */
export function PointsCard({ page, search }: { page: ReportsPage; search: string }) {
  const { rollForward, redemption } = page.liability;
  const days = rollForward.rows.map((row) => ({
    date: row.date,
    issued: issuedOf(row.movements),
    redeemed: redeemedOf(row.movements),
    expired: 0 - row.movements.expired,
  }));
  return (
    <ReportCard
      title="Points over time"
      report="points"
      search={search}
      description="Issued = earned net of clawbacks and manual debits; redeemed is net of rollbacks. Redemption rate = points redeemed ÷ points issued."
    >
      <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
        <BlockStack gap="100">
          <Text as="p" tone="subdued">Issued in the range</Text>
          <Text as="p" variant="headingLg">{points(redemption.issuedInRange)}</Text>
        </BlockStack>
        <BlockStack gap="100">
          <Text as="p" tone="subdued">Redeemed in the range</Text>
          <Text as="p" variant="headingLg">{points(redemption.redeemedInRange)}</Text>
        </BlockStack>
        <BlockStack gap="100">
          <Text as="p" tone="subdued">Redemption rate</Text>
          <Text as="p" variant="headingLg">{percent(redemption.rangeRateBasisPoints)}</Text>
          <Text as="p" tone="subdued" variant="bodySm">
            {percent(redemption.toDateRateBasisPoints)} since the program started ({points(redemption.redeemedToDate)} of {points(redemption.issuedToDate)})
          </Text>
        </BlockStack>
      </InlineGrid>
      <PointsChart days={days} />
    </ReportCard>
  );
}
