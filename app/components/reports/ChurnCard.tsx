import { DataTable, Text } from "@shopify/polaris";
import { CHURN_GAP_MULTIPLE, CHURN_MIN_QUIET_DAYS } from "~/loyalty/reports/churn";
import type { ReportsPage } from "~/loyalty/reports/page";
import { dateLabel, instantLabel, points } from "./format";
import { ReportCard } from "./ReportCard";

/** Members quiet for much longer than their usual gap between orders. */
export function ChurnCard({ page, search }: { page: ReportsPage; search: string }) {
  const { churn } = page;
  const asOf = page.asOf === page.generatedAt ? "now" : `the end of ${dateLabel(page.range.end)}`;
  const rows = churn.members.map((member) => [
    member.name ?? member.email ?? member.customerGid,
    instantLabel(member.lastPaidAt, page.timezone),
    points(member.orders),
    `${member.usualGapDays} d`,
    `${member.daysSinceLastOrder} d`,
    points(member.balance),
  ]);
  return (
    <ReportCard
      title="Members at risk of churning"
      report="churn"
      search={search}
      description={`Members with at least two orders whose last order is more than ${CHURN_GAP_MULTIPLE}× their usual gap between orders ago, and more than ${CHURN_MIN_QUIET_DAYS} days ago, as of ${asOf}.`}
    >
      <Text as="p">
        {points(churn.total)} member{churn.total === 1 ? "" : "s"} at risk
        {churn.limit !== null && churn.total > churn.members.length ? ` (the ${churn.members.length} most recently lapsed below; the CSV has them all)` : ""}.
      </Text>
      {rows.length > 0 ? (
        <DataTable
          columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric"]}
          headings={["Member", "Last order", "Orders", "Usual gap", "Since last order", "Points balance"]}
          rows={rows}
        />
      ) : null}
    </ReportCard>
  );
}
