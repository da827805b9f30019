import { BlockStack, Card, ProgressBar, Text } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";
import type { PointsImportSummary } from "~/loyalty/server/points-import.server";

type Progress = Pick<PointsImportSummary, "status" | "validRows" | "importedRows" | "importedPoints" | "validPoints">;

/** Rows and points written so far, as the job commits its chunks. */
export function ImportProgressCard({ summary }: { summary: Progress }) {
  const { t, formatLocale } = useAdminText();
  const numbers = new Intl.NumberFormat(formatLocale);
  const done = summary.status === "done";
  const percent = done ? 100 : summary.validRows === 0 ? 0 : Math.floor((summary.importedRows / summary.validRows) * 100);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {done ? t("import.progress.done") : summary.status === "queued" ? t("import.progress.queued") : t("import.progress.running")}
        </Text>
        <ProgressBar progress={percent} tone={done ? "success" : "highlight"} animated={false} />
        <Text as="p">
          {t("import.progress.counts", {
            rows: numbers.format(summary.importedRows),
            total: numbers.format(summary.validRows),
            points: numbers.format(summary.importedPoints),
            totalPoints: numbers.format(summary.validPoints),
            percent,
          })}
        </Text>
      </BlockStack>
    </Card>
  );
}
