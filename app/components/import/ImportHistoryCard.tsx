import { Badge, Card, IndexTable, Link, Text } from "@shopify/polaris";
import type { PointsImportSummary } from "~/loyalty/server/points-import.server";
import { ImportStatusBadge } from "./ImportStatusBadge";

const numbers = new Intl.NumberFormat("en-US");
const dates = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

type Summary = Pick<PointsImportSummary, "id" | "fileName" | "status" | "validRows" | "errorRows" | "validPoints" | "importedPoints" | "createdAt">;

export function ImportHistoryCard({ imports }: { imports: Summary[] }) {
  return (
    <Card padding="0">
      <IndexTable
        resourceName={{ singular: "import", plural: "imports" }}
        itemCount={imports.length}
        selectable={false}
        emptyState={
          <Text as="p" tone="subdued" alignment="center">
            No imports yet.
          </Text>
        }
        headings={[{ title: "File" }, { title: "Uploaded (UTC)" }, { title: "Status" }, { title: "Rows to import", alignment: "end" }, { title: "Rows with errors", alignment: "end" }, { title: "Points", alignment: "end" }]}
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
