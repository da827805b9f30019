import { Badge, BlockStack, Box, ButtonGroup, Button, DataTable, InlineGrid, Text } from "@shopify/polaris";
import { useState } from "react";
import type { ReportsPage } from "~/loyalty/reports/page";
import { MOVEMENT_COLUMNS, type Balances } from "~/loyalty/reports/roll-forward";
import { dateLabel, dayLabel, money, percent, points } from "./format";
import { ReportCard } from "./ReportCard";

const HEADINGS = ["Day", "Opening", "Earned", "Redeemed", "Clawed back", "Expired", "Adjusted out", "Closing"];

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
  const { rollForward, breakage, breakageMoney } = page.liability;
  const totals = rollForward.totals;
  const cell = (balances: Balances | null) => (value: number) => (unit === "points" || !balances ? points(value) : money(value, page.currency));
  const rowOf = (balances: Balances) => {
    const show = cell(balances);
    return [show(balances.opening), ...MOVEMENT_COLUMNS.map((column) => show(balances.movements[column])), show(balances.closing)];
  };
  const rows = rollForward.rows.map((row) => {
    const balances = unit === "money" && row.money ? row.money : row;
    return [dayLabel(row.date), ...rowOf(balances)];
  });
  const totalBalances = unit === "money" && totals.money ? totals.money : totals;
  const closingMoney = totals.money?.closing ?? null;

  return (
    <ReportCard
      title="Points liability"
      report="liability"
      search={search}
      description={`Outstanding points day by day (${dateLabel(page.range.start)} – ${dateLabel(page.range.end)}, days in ${page.timezone}): closing = opening + earned + redeemed + clawed back + expired + adjusted out. ${page.pointValue.sentence}.`}
    >
      <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
        <Figure label="Outstanding at the end" value={money(closingMoney, page.currency)} detail={`${points(totals.closing)} points`} />
        <Figure label="Change over the range" value={points(totals.closing - totals.opening)} detail={`from ${points(totals.opening)} points`} />
        {breakage.status === "estimated" && breakageMoney ? (
          <Figure
            label="Net of expected breakage"
            value={money(breakageMoney.liabilityNetMinor, page.currency)}
            detail={`${points(breakage.liabilityNetPoints)} points expected to be redeemed`}
          />
        ) : (
          <Figure label="Net of expected breakage" value="—" detail="Not enough history yet" />
        )}
      </InlineGrid>
      <Box background="bg-surface-secondary" padding="300" borderRadius="200">
        <BlockStack gap="100">
          <Text as="p">
            <Badge tone="attention">Estimate</Badge>{" "}
            {breakage.status === "estimated"
              ? `Expected breakage ${percent(breakage.breakageRateBasisPoints)}: of the ${points(breakage.decided)} points issued whose fate is known (redeemed, expired, or unused for over ${breakage.maturityDays} days), ${percent(breakage.redemptionRateBasisPoints)} were redeemed. Applied to the ${points(breakage.outstanding)} outstanding points, ${points(breakage.expectedBreakagePoints)} (${money(breakageMoney?.expectedBreakageMinor ?? null, page.currency)}) are expected never to be redeemed.`
              : `Breakage needs points older than ${breakage.maturityDays} days (the program's expiry period, or a year): there is no estimate yet.`}
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            Estimated from your own redemption history, in the spirit of IFRS 15 / ASC 606 breakage. It is an estimate, not accounting advice: confirm the treatment with your accountant.
          </Text>
        </BlockStack>
      </Box>
      <ButtonGroup variant="segmented">
        <Button pressed={unit === "points"} onClick={() => setUnit("points")}>
          Points
        </Button>
        <Button pressed={unit === "money"} onClick={() => setUnit("money")}>
          {page.currency}
        </Button>
      </ButtonGroup>
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
        headings={HEADINGS}
        rows={rows}
        totals={["", ...rowOf(totalBalances)]}
        totalsName={{ singular: "Range", plural: "Range" }}
        showTotalsInFooter
        increasedTableDensity
        stickyHeader
      />
    </ReportCard>
  );
}
