/** The Donations report: what the merchant owes each cause for the period, and per cause per month, with a CSV. */
import { Form } from "@remix-run/react";
import { BlockStack, Button, Card, DataTable, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useAdminText } from "~/i18n/admin-text";
import type { DonationsReport } from "~/loyalty/donations";
import { useProgramFormat } from "../program/format";

export function PayoutCard({ report, currency, range, timezone, rangeError }: { report: DonationsReport; currency: string; range: { start: string; end: string }; timezone: string; rangeError: boolean }) {
  const { t } = useAdminText();
  const format = useProgramFormat(currency);
  const [start, setStart] = useState(range.start);
  const [end, setEnd] = useState(range.end);
  const csvHref = `/app/donations.csv?${new URLSearchParams({ start: range.start, end: range.end }).toString()}`;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("donations.report.title")}
        </Text>
        <Form method="get">
          <InlineStack gap="200" blockAlign="end">
            <TextField label={t("donations.report.start")} name="start" value={start} onChange={setStart} autoComplete="off" error={rangeError ? t("donations.errors.range") : undefined} />
            <TextField label={t("donations.report.end")} name="end" value={end} onChange={setEnd} autoComplete="off" />
            <Button submit>{t("donations.report.show")}</Button>
            <Button url={csvHref} download>
              {t("donations.report.csv")}
            </Button>
          </InlineStack>
        </Form>
        <Text as="p" tone="subdued">
          {t("donations.report.period", { start: range.start, end: range.end, timezone })}
        </Text>
        {report.totals.donations === 0 ? (
          <Text as="p">{t("donations.report.none")}</Text>
        ) : (
          <>
            <Text as="h3" variant="headingSm">
              {t("donations.report.owed")}
            </Text>
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric"]}
              headings={[t("donations.report.cause"), t("donations.report.donations"), t("donations.report.points"), t("donations.report.amount")]}
              rows={report.payouts.map((p) => [p.causeName, format.number(p.donations), format.number(p.points), format.money(p.amountMinor)])}
              totals={["", format.number(report.totals.donations), format.number(report.totals.points), format.money(report.totals.amountMinor)]}
              totalsName={{ singular: t("donations.report.total"), plural: t("donations.report.total") }}
              showTotalsInFooter
            />
            <Text as="h3" variant="headingSm">
              {t("donations.report.byMonth")}
            </Text>
            <DataTable
              columnContentTypes={["text", "text", "numeric", "numeric", "numeric"]}
              headings={[t("donations.report.month"), t("donations.report.cause"), t("donations.report.donations"), t("donations.report.points"), t("donations.report.amount")]}
              rows={report.months.map((m) => [m.month, m.causeName, format.number(m.donations), format.number(m.points), format.money(m.amountMinor)])}
            />
          </>
        )}
      </BlockStack>
    </Card>
  );
}
