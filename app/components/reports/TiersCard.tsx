import { DataTable, ProgressBar } from "@shopify/polaris";
import type { ReportsPage } from "~/loyalty/reports/page";
import { percent, points } from "./format";
import { ReportCard } from "./ReportCard";

/** How many members each tier holds today. */
export function TiersCard({ page, search }: { page: ReportsPage; search: string }) {
  const rows = page.tiers.rows.map((row) => [
    row.name,
    points(row.members),
    percent(row.shareBasisPoints),
    <div key={row.name} style={{ minWidth: 120 }}>
      <ProgressBar progress={row.shareBasisPoints / 100} size="small" />
    </div>,
  ]);
  return (
    <ReportCard title="Tier distribution" report="tiers" search={search} description={`Members by their current tier (today, whatever the range): ${points(page.tiers.totalMembers)} members.`}>
      <DataTable columnContentTypes={["text", "numeric", "numeric", "text"]} headings={["Tier", "Members", "Share", ""]} rows={rows} />
    </ReportCard>
  );
}
