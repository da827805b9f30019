import { DataTable, Text } from "@shopify/polaris";
import type { ReportsPage } from "~/loyalty/reports/page";
import { money, percent, points } from "./format";
import { ReportCard } from "./ReportCard";

/** Members vs non-member customers vs guest checkouts over the range. */
export function CustomersCard({ page, search }: { page: ReportsPage; search: string }) {
  const { segments, memberRevenueShareBasisPoints } = page.customers;
  const columns = [segments.member, segments.nonMember, segments.guest];
  const count = (value: number | null) => (value === null ? "—" : points(value));
  const rows = [
    ["Customers", ...columns.map((s) => count(s.customers))],
    ["Orders", ...columns.map((s) => points(s.orders))],
    ["Revenue", ...columns.map((s) => money(s.revenueMinor, page.currency))],
    ["Average order value", ...columns.map((s) => money(s.averageOrderMinor, page.currency))],
    ["Revenue per customer", ...columns.map((s) => money(s.revenuePerCustomerMinor, page.currency))],
    ["Repeat purchase rate", ...columns.map((s) => percent(s.repeatRateBasisPoints))],
  ];
  return (
    <ReportCard
      title="Members vs non-members"
      report="customers"
      search={search}
      description="Paid orders in the range that were not cancelled, at their total when paid. Repeat purchase rate: of the customers who ordered in the range, the share who have paid for more than one order by its end."
    >
      <Text as="p">Members brought {percent(memberRevenueShareBasisPoints)} of revenue.</Text>
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "numeric"]}
        headings={["", "Members", "Non-member customers", "Guest checkouts"]}
        rows={rows}
      />
    </ReportCard>
  );
}
