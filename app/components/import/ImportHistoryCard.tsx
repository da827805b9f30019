import { Badge, Card, IndexTable, Link, Text } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";
import type { PointsImportSummary } from "~/loyalty/server/points-import.server";
import { ImportStatusBadge } from "./ImportStatusBadge";

type Summary = Pick<PointsImportSummary, "id" | "fileName" | "status" | "validRows" | "errorRows" | "validPoints" | "importedPoints" | "createdAt">;

export function ImportHistoryCard({ imports }: { imports: Summary[] }) {
  const { t, formatLocale } = useAdminText();
  const numbers = new Intl.NumberFormat(formatLocale);
  const dates = new Intl.DateTimeFormat(formatLocale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  return (
    <Card padding="0">
      <IndexTable
        resourceName={{ singular: t("import.history.resource.singular"), plural: t("import.history.resource.plural") }}
        itemCount={imports.length}
        selectable={false}
        emptyState={
          <Text as="p" tone="subdued" alignment="center">
            {t("import.history.empty")}
          </Text>
        }
        headings={[
          { title: t("import.history.file") },
          { title: t("import.history.uploaded") },
          { title: t("import.history.status") },
          { title: t("import.history.rowsToImport"), alignment: "end" },
          { title: t("import.history.rowsWithErrors"), alignment: "end" },
          { title: t("import.history.points"), alignment: "end" },
        ]}
      >
        {imports.map((item, index) => (
          <IndexTable.Row id={item.id} key={item.id} position={index}>
            <IndexTable.Cell>
              <Link url={`/app/import/${item.id}`}>{item.fileName}</Link>
            </IndexTable.Cell>
            <IndexTable.Cell>{dates.format(new Date(item.createdAt))}</IndexTable.Cell>
            <IndexTable.Cell>
              <ImportStatusBadge status={item.status} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {numbers.format(item.validRows)}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {item.errorRows > 0 ? <Badge tone="critical">{numbers.format(item.errorRows)}</Badge> : "0"}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {numbers.format(item.status === "done" ? item.importedPoints : item.validPoints)}
              </Text>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Card>
  );
}
