import { DataTable, ProgressBar } from "@shopify/polaris";
import type { ReportsPage } from "~/loyalty/reports/page";
import { useReportText } from "./useReportText";
import { ReportCard } from "./ReportCard";

/** How many members each tier holds today. */
export function TiersCard({ page, search }: { page: ReportsPage; search: string }) {
  const { t, f } = useReportText();
  const rows = page.tiers.rows.map((row) => [
    row.name,
    f.points(row.members),
    f.percent(row.shareBasisPoints),
    <div key={row.name} style={{ minWidth: 120 }}>
      <ProgressBar progress={row.shareBasisPoints / 100} size="small" />
    </div>,
  ]);
  return (
    <ReportCard title={t("reports.tiers.title")} report="tiers" search={search} description={t("reports.tiers.description", { count: page.tiers.totalMembers, members: f.points(page.tiers.totalMembers) })}>
      <DataTable columnContentTypes={["text", "numeric", "numeric", "text"]} headings={[t("reports.tiers.headings.tier"), t("reports.tiers.headings.members"), t("reports.tiers.headings.share"), ""]} rows={rows} />
    </ReportCard>
  );
}
