import { BlockStack, Card, ProgressBar, Text } from "@shopify/polaris";
import type { PointsImportSummary } from "~/loyalty/server/points-import.server";

const numbers = new Intl.NumberFormat("en-US");

type Progress = Pick<PointsImportSummary, "status" | "validRows" | "importedRows" | "importedPoints" | "validPoints">;

/** Rows and points written so far, as the job commits its chunks. */
export function ImportProgressCard({ summary }: { summary: Progress }) {
  const done = summary.status === "done";
  const percent = done ? 100 : summary.validRows === 0 ? 0 : Math.floor((summary.importedRows / summary.validRows) * 100);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {done ? "Import complete" : summary.status === "queued" ? "Waiting to start" : "Importing…"}
        </Text>
        <ProgressBar progress={percent} tone={done ? "success" : "highlight"} animated={false} />
        <Text as="p">
          {`${numbers.format(summary.importedRows)} of ${numbers.format(summary.validRows)} rows, ${numbers.format(summary.importedPoints)} of ${numbers.format(
            summary.validPoints,
          )} points (${percent}%)`}
        </Text>
      </BlockStack>
    </Card>
  );
}
