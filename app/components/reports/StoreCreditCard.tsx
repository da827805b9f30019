import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import type { StoreCreditLiability } from "~/loyalty/server/cashback.server";
import { useReportText } from "./useReportText";

/**
 * Store credit as a liability of its own (ADR 038), apart from points: the cash-back credited at Shopify, what
 * refunds took back, what remains outstanding, and what is still waiting for its return window, per currency.
 */
export function StoreCreditCard({ rows }: { rows: StoreCreditLiability[] }) {
  const { t, f } = useReportText();
  if (rows.length === 0) return null;
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {t("reports.storeCredit.title")}
          </Text>
          <Text as="p" tone="subdued">
            {t("reports.storeCredit.description")}
          </Text>
        </BlockStack>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
          headings={[t("reports.storeCredit.currency"), t("reports.storeCredit.issued"), t("reports.storeCredit.reversed"), t("reports.storeCredit.outstanding"), t("reports.storeCredit.pending")]}
          rows={rows.map((row) => [row.currency, f.money(row.issuedMinor, row.currency), f.money(row.reversedMinor, row.currency), f.money(row.outstandingMinor, row.currency), f.money(row.pendingMinor, row.currency)])}
        />
      </BlockStack>
    </Card>
  );
}
