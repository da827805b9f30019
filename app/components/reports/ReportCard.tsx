import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { ReportName } from "~/loyalty/reports/csv";
import { CsvButton } from "./CsvButton";

/** A report's card: title, what it counts, its CSV download, then the figures. */
export function ReportCard({ title, description, report, search, children }: { title: string; description: ReactNode; report: ReportName; search: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="start" wrap={false} gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {title}
            </Text>
            <Text as="p" tone="subdued">
              {description}
            </Text>
          </BlockStack>
          <div style={{ flexShrink: 0 }}>
            <CsvButton report={report} search={search} />
          </div>
        </InlineStack>
        {children}
      </BlockStack>
    </Card>
  );
}
