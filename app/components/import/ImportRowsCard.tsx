import { useLocation, useNavigate } from "@remix-run/react";
import { Badge, BlockStack, Card, IndexTable, Tabs, Text, type BadgeProps } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";
import type { PreviewRow, RowFilter } from "~/loyalty/server/points-import.server";
import { importRowReason } from "./import-messages";

const STATUS_TONE: Record<string, BadgeProps["tone"]> = { valid: "success", skipped: undefined, error: "critical" };

const REASON_CODES = new Set(["unknown_customer", "bad_number", "duplicate_row", "missing_key", "bad_customer_id", "bad_email", "bad_tier"]);

const TABS: { id: RowFilter; count: (c: Counts) => number }[] = [
  { id: "error", count: (c) => c.errorRows },
  { id: "valid", count: (c) => c.validRows },
  { id: "skipped", count: (c) => c.skippedRows },
  { id: "all", count: (c) => c.totalRows },
];

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
  const { t, formatLocale } = useAdminText();
  const numbers = new Intl.NumberFormat(formatLocale);
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
          tabs={TABS.map((tab) => ({ id: `rows-${tab.id}`, content: t(`import.rows.tabs.${tab.id}`, { n: numbers.format(tab.count(counts)) }) }))}
          selected={selected}
          onSelect={(index) => go({ rows: TABS[index]?.id ?? "all", page: "1" })}
        />
        <IndexTable
          resourceName={{ singular: t("import.rows.resource.singular"), plural: t("import.rows.resource.plural") }}
          itemCount={rows.rows.length}
          selectable={false}
          emptyState={
            <Text as="p" tone="subdued" alignment="center">
              {t("import.rows.empty")}
            </Text>
          }
          headings={[
            { title: t("import.rows.row") },
            { title: t("import.rows.customer") },
            { title: t("import.rows.points"), alignment: "end" },
            { title: t("import.rows.statusHeading") },
            { title: t("import.rows.reason") },
          ]}
          pagination={{
            hasPrevious: rows.page > 1,
            hasNext: rows.page < rows.pages,
            onPrevious: () => go({ page: String(rows.page - 1) }),
            onNext: () => go({ page: String(rows.page + 1) }),
            label: t("import.rows.page", { count: rows.total, page: rows.page, pages: rows.pages, total: numbers.format(rows.total) }),
          }}
        >
          {rows.rows.map((row, index) => {
            const known = row.status in STATUS_TONE;
            const reasonLabel = row.errorCode && REASON_CODES.has(row.errorCode) ? t(`import.rows.reasons.${row.errorCode}`) : undefined;
            return (
              <IndexTable.Row id={String(row.row)} key={row.row} position={index}>
                <IndexTable.Cell>{row.row}</IndexTable.Cell>
                <IndexTable.Cell>{row.keyValue.startsWith("gid://shopify/Customer/") ? t("import.rows.customerLabel", { id: row.keyValue.slice("gid://shopify/Customer/".length) }) : row.keyValue || "—"}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {row.status === "error" && row.errorCode === "bad_number" ? "—" : numbers.format(row.points)}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={STATUS_TONE[row.status]}>{known ? t(`import.rows.status.${row.status}`) : row.status}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  {row.error ? (
                    <Text as="span" tone={row.status === "error" ? "critical" : "subdued"}>
                      {importRowReason(row, reasonLabel, t, formatLocale)}
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
