import { Badge, BlockStack, Box, ButtonGroup, Button, DataTable, InlineGrid, Text } from "@shopify/polaris";
import { useState } from "react";
import { useAdminText } from "~/i18n/admin-text";
import type { ReportsPage } from "~/loyalty/reports/page";
import { MOVEMENT_COLUMNS, type Balances } from "~/loyalty/reports/roll-forward";
import { formatPointWorth } from "~/loyalty/reports/valuation";
import { useReportText } from "./useReportText";
import { ReportCard } from "./ReportCard";

const HEADING_KEYS = ["day", "opening", "earned", "redeemed", "donated", "clawedBack", "expired", "adjustedOut", "closing"] as const;

function Figure({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        {value}
      </Text>
      {detail ? (
        <Text as="p" tone="subdued" variant="bodySm">
          {detail}
        </Text>
      ) : null}
    </BlockStack>
  );
}

/** The daily liability roll-forward, in points or money, with the breakage estimate. */
export function LiabilityCard({ page, search }: { page: ReportsPage; search: string }) {
  const [unit, setUnit] = useState<"points" | "money">("points");
  const { t, f } = useReportText();
  const { formatLocale } = useAdminText();
  const { points, money, percent } = f;
  const { rollForward, breakage, breakageMoney } = page.liability;
  const totals = rollForward.totals;
  const cell = (balances: Balances | null) => (value: number) => (unit === "points" || !balances ? points(value) : money(value, page.currency));
  const rowOf = (balances: Balances) => {
    const show = cell(balances);
    return [show(balances.opening), ...MOVEMENT_COLUMNS.map((column) => show(balances.movements[column])), show(balances.closing)];
  };
  const rows = rollForward.rows.map((row) => {
    const balances = unit === "money" && row.money ? row.money : row;
    return [f.dayLabel(row.date), ...rowOf(balances)];
  });
  const totalBalances = unit === "money" && totals.money ? totals.money : totals;
  const closingMoney = totals.money?.closing ?? null;
  // The point value in the admin's language (the page's `sentence` is the English one, for the CSV).
  const worth = formatPointWorth(page.pointValue, page.currency, formatLocale);
  const pointValueText = page.pointValue.source === "setting" ? t("home.pointValue.setting", { worth }) : t("home.pointValue.assumed", { worth });

  return (
    <ReportCard
      title={t("reports.liability.title")}
      report="liability"
      search={search}
      description={t("reports.liability.description", { start: f.dateLabel(page.range.start), end: f.dateLabel(page.range.end), timezone: page.timezone, pointValue: pointValueText })}
    >
      <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
        <Figure label={t("reports.liability.outstanding")} value={money(closingMoney, page.currency)} detail={t("reports.liability.pointsDetail", { points: points(totals.closing) })} />
        <Figure label={t("reports.liability.change")} value={points(totals.closing - totals.opening)} detail={t("reports.liability.changeDetail", { points: points(totals.opening) })} />
        {breakage.status === "estimated" && breakageMoney ? (
          <Figure
            label={t("reports.liability.netOfBreakage")}
            value={money(breakageMoney.liabilityNetMinor, page.currency)}
            detail={t("reports.liability.expectedRedeemed", { points: points(breakage.liabilityNetPoints) })}
          />
        ) : (
          <Figure label={t("reports.liability.netOfBreakage")} value="—" detail={t("reports.liability.notEnoughHistory")} />
        )}
      </InlineGrid>
      <Box background="bg-surface-secondary" padding="300" borderRadius="200">
        <BlockStack gap="100">
          <Text as="p">
            <Badge tone="attention">{t("reports.liability.estimate")}</Badge>{" "}
            {breakage.status === "estimated"
              ? t("reports.liability.breakageEstimated", {
                  rate: percent(breakage.breakageRateBasisPoints),
                  decided: points(breakage.decided),
                  days: breakage.maturityDays,
                  redemptionRate: percent(breakage.redemptionRateBasisPoints),
                  outstanding: points(breakage.outstanding),
                  breakage: points(breakage.expectedBreakagePoints),
                  breakageMoney: money(breakageMoney?.expectedBreakageMinor ?? null, page.currency),
                })
              : t("reports.liability.breakageNone", { days: breakage.maturityDays })}
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            {t("reports.liability.disclaimer")}
          </Text>
        </BlockStack>
      </Box>
      <ButtonGroup variant="segmented">
        <Button pressed={unit === "points"} onClick={() => setUnit("points")}>
          {t("reports.liability.points")}
        </Button>
        <Button pressed={unit === "money"} onClick={() => setUnit("money")}>
          {page.currency}
        </Button>
      </ButtonGroup>
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
        headings={HEADING_KEYS.map((key) => t(`reports.liability.headings.${key}`))}
        rows={rows}
        totals={["", ...rowOf(totalBalances)]}
        totalsName={{ singular: t("reports.liability.range"), plural: t("reports.liability.range") }}
        showTotalsInFooter
        increasedTableDensity
        stickyHeader
      />
    </ReportCard>
  );
}
