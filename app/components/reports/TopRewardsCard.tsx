import { DataTable, Text } from "@shopify/polaris";
import type { ReportsPage } from "~/loyalty/reports/page";
import { percent, points } from "./format";
import { ReportCard } from "./ReportCard";

/** Rewards by redemptions made in the range. */
export function TopRewardsCard({ page, search }: { page: ReportsPage; search: string }) {
  const rows = page.topRewards.map((reward) => [reward.name, points(reward.redemptions), points(reward.used), percent(reward.usageRateBasisPoints), points(reward.points)]);
  return (
    <ReportCard
      title="Top rewards"
      report="rewards"
      search={search}
      description="Codes redeemed in the range that were or may still be used (failed codes and points given back are left out)."
    >
      {rows.length === 0 ? (
        <Text as="p" tone="subdued">No rewards were redeemed in this range.</Text>
      ) : (
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
          headings={["Reward", "Redemptions", "Used", "Usage rate", "Points spent"]}
          rows={rows}
        />
      )}
    </ReportCard>
  );
}
