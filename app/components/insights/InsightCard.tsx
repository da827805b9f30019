import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { InsightName } from "~/loyalty/reports/insights-csv";
import { CsvButton } from "../reports/CsvButton";

/** An insight's card: title, the plain sentence saying what it means, its CSV download, then the figures. */
export function InsightCard({ title, meaning, insight, search, children }: { title: string; meaning: ReactNode; insight: InsightName; search: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="start" wrap={false} gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {title}
            </Text>
            <Text as="p">{meaning}</Text>
          </BlockStack>
          <div style={{ flexShrink: 0 }}>
            <CsvButton report={insight} path={`/app/reports/insights/${insight}.csv`} search={search} />
          </div>
        </InlineStack>
        {children}
      </BlockStack>
    </Card>
  );
}

/** "2026-03" → a short month label in the admin's language ("Mar 2026", "mars 2026"). */
export function monthLabel(month: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`));
}
