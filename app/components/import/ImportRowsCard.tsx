import { useLocation, useNavigate } from "@remix-run/react";
import { Badge, BlockStack, Card, IndexTable, Tabs, Text, type BadgeProps } from "@shopify/polaris";
import type { PreviewRow, RowFilter } from "~/loyalty/server/points-import.server";

const numbers = new Intl.NumberFormat("en-US");

const STATUS: Record<string, { label: string; tone: BadgeProps["tone"] }> = {
  valid: { label: "Matched", tone: "success" },
  skipped: { label: "Skipped", tone: undefined },
  error: { label: "Error", tone: "critical" },
};

const REASONS: Record<string, string> = {
  unknown_customer: "Unknown customer",
  bad_number: "Bad number",
  duplicate_row: "Duplicate row",
  missing_key: "No customer",
  bad_customer_id: "Bad customer id",
  bad_email: "Bad email",
  bad_tier: "Bad tier",
};

const TABS: { id: RowFilter; label: (c: Counts) => string }[] = [
  { id: "error", label: (c) => `Errors (${numbers.format(c.errorRows)})` },
  { id: "valid", label: (c) => `Matched (${numbers.format(c.validRows)})` },
  { id: "skipped", label: (c) => `Skipped (${numbers.format(c.skippedRows)})` },
  { id: "all", label: (c) => `All rows (${numbers.format(c.totalRows)})` },
];

/** The reason, led by its kind unless the sentence already starts with it ("Unknown customer: …"). */
function reasonText(code: string | null, error: string): string {
  const label = code ? REASONS[code] : undefined;
  return label && !error.startsWith(label) ? `${label}: ${error}` : error;
}

interface Counts {
  totalRows: number;
  validRows: number;
  errorRows: number;
  skippedRows: number;
}

interface RowsPage {
  rows: PreviewRow[];
  total: number;
  page: number;
  pages: number;
}

/** Every row of the file with its status and reason, a page at a time, errors first. */
export function ImportRowsCard({ filter, rows, counts }: { filter: RowFilter; rows: RowsPage; counts: Counts }) {
  const navigate = useNavigate();
  const location = useLocation();
  const go = (changes: Record<string, string>) => {
    const params = new URLSearchParams(location.search);
    for (const [key, value] of Object.entries(changes)) params.set(key, value);
    navigate(`${location.pathname}?${params.toString()}`, { preventScrollReset: true });
  };
  const selected = Math.max(0, TABS.findIndex((tab) => tab.id === filter));
  return (
    <Card padding="0">
      <BlockStack>
        <Tabs
          tabs={TABS.map((tab) => ({ id: `rows-${tab.id}`, content: tab.label(counts) }))}
          selected={selected}
          onSelect={(index) => go({ rows: TABS[index]?.id ?? "all", page: "1" })}
        />
        <IndexTable
          resourceName={{ singular: "row", plural: "rows" }}
          itemCount={rows.rows.length}
          selectable={false}
          emptyState={
            <Text as="p" tone="subdued" alignment="center">
              No rows here.
            </Text>
          }
          headings={[{ title: "Row" }, { title: "Customer" }, { title: "Points", alignment: "end" }, { title: "Status" }, { title: "Reason" }]}
          pagination={{
            hasPrevious: rows.page > 1,
            hasNext: rows.page < rows.pages,
            onPrevious: () => go({ page: String(rows.page - 1) }),
            onNext: () => go({ page: String(rows.page + 1) }),
            label: `Page ${rows.page} of ${rows.pages} · ${numbers.format(rows.total)} rows`,
          }}
        >
          {rows.rows.map((row, index) => {
            const status = STATUS[row.status] ?? { label: row.status, tone: undefined };
            return (
              <IndexTable.Row id={String(row.row)} key={row.row} position={index}>
                <IndexTable.Cell>{row.row}</IndexTable.Cell>
                <IndexTable.Cell>{row.keyValue.replace("gid://shopify/Customer/", "Customer ") || "—"}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {row.status === "error" && row.errorCode === "bad_number" ? "—" : numbers.format(row.points)}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={status.tone}>{status.label}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  {row.error ? (
                    <Text as="span" tone={row.status === "error" ? "critical" : "subdued"}>
                      {reasonText(row.errorCode, row.error)}
                    </Text>
                  ) : (
                    ""
                  )}
                </IndexTable.Cell>
              </IndexTable.Row>
            );
          })}
        </IndexTable>
      </BlockStack>
    </Card>
  );
}
