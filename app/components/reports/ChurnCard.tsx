import { DataTable, Text } from "@shopify/polaris";
import { CHURN_GAP_MULTIPLE, CHURN_MIN_QUIET_DAYS } from "~/loyalty/reports/churn";
import type { ReportsPage } from "~/loyalty/reports/page";
import { useReportText } from "./useReportText";
import { ReportCard } from "./ReportCard";

/** Members quiet for much longer than their usual gap between orders. */
export function ChurnCard({ page, search }: { page: ReportsPage; search: string }) {
  const { t, f } = useReportText();
  const { churn } = page;
  const asOf = page.asOf === page.generatedAt ? t("reports.churn.now") : t("reports.churn.endOf", { date: f.dateLabel(page.range.end) });
  const rows = churn.members.map((member) => [
    member.name ?? member.email ?? member.customerGid,
    f.instantLabel(member.lastPaidAt, page.timezone),
    f.points(member.orders),
    t("reports.churn.days", { days: f.points(member.usualGapDays) }),
    t("reports.churn.days", { days: f.points(member.daysSinceLastOrder) }),
    f.points(member.balance),
  ]);
  return (
    <ReportCard
      title={t("reports.churn.title")}
      report="churn"
      search={search}
      description={t("reports.churn.description", { multiple: CHURN_GAP_MULTIPLE, days: CHURN_MIN_QUIET_DAYS, asOf })}
    >
      <Text as="p">
        {t("reports.churn.atRisk", { count: churn.total, formatted: f.points(churn.total) })}
        {churn.limit !== null && churn.total > churn.members.length ? t("reports.churn.mostRecent", { shown: f.points(churn.members.length) }) : ""}.
      </Text>
      {rows.length > 0 ? (
        <DataTable
          columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric"]}
          headings={(["member", "lastOrder", "orders", "usualGap", "sinceLast", "balance"] as const).map((key) => t(`reports.churn.headings.${key}`))}
          rows={rows}
        />
      ) : null}
    </ReportCard>
  );
}
