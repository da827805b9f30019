import { DataTable, Text } from "@shopify/polaris";
import type { ReportsPage } from "~/loyalty/reports/page";
import { useReportText } from "./useReportText";
import { ReportCard } from "./ReportCard";

/** Members vs non-member customers vs guest checkouts over the range. */
export function CustomersCard({ page, search }: { page: ReportsPage; search: string }) {
  const { t, f } = useReportText();
  const { segments, memberRevenueShareBasisPoints } = page.customers;
  const columns = [segments.member, segments.nonMember, segments.guest];
  const count = (value: number | null) => (value === null ? "—" : f.points(value));
  const rows = [
    [t("reports.customers.rows.customers"), ...columns.map((s) => count(s.customers))],
    [t("reports.customers.rows.orders"), ...columns.map((s) => f.points(s.orders))],
    [t("reports.customers.rows.revenue"), ...columns.map((s) => f.money(s.revenueMinor, page.currency))],
    [t("reports.customers.rows.averageOrder"), ...columns.map((s) => f.money(s.averageOrderMinor, page.currency))],
    [t("reports.customers.rows.revenuePerCustomer"), ...columns.map((s) => f.money(s.revenuePerCustomerMinor, page.currency))],
    [t("reports.customers.rows.repeatRate"), ...columns.map((s) => f.percent(s.repeatRateBasisPoints))],
  ];
  return (
    <ReportCard
      title={t("reports.customers.title")}
      report="customers"
      search={search}
      description={t("reports.customers.description")}
    >
      <Text as="p">{t("reports.customers.share", { share: f.percent(memberRevenueShareBasisPoints) })}</Text>
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "numeric"]}
        headings={["", t("reports.customers.headings.members"), t("reports.customers.headings.nonMembers"), t("reports.customers.headings.guests")]}
        rows={rows}
      />
    </ReportCard>
  );
}
