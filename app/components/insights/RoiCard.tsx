import { BlockStack, DataTable, Text } from "@shopify/polaris";
import type { InsightsPage } from "~/loyalty/server/insights.server";
import { useAdminText } from "~/i18n/admin-text";
import { reportFormat } from "../reports/format";
import { InsightCard, monthLabel } from "./InsightCard";
import { InsightChart } from "./InsightChart";

const ordersText = (milli: number | null, locale: string) =>
  milli === null ? "—" : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(milli / 1000);

/** Members against comparable non-members (same first-order cohort, same months), and the program's cost. */
export function RoiCard({ page, search }: { page: InsightsPage; search: string }) {
  const { t, formatLocale } = useAdminText();
  const f = reportFormat(formatLocale);
  const { roi, currency } = page;
  const money = (minor: number | null) => f.money(minor, currency);
  const values = {
    incremental: money(roi.incrementalRevenueMinor),
    cost: money(roi.cost.totalMinor),
    margin: f.percent(roi.marginBasisPoints),
    return: money(roi.returnMinor),
    net: money(roi.netReturnMinor),
    perUnit: roi.returnOnCostBasisPoints === null ? "—" : money(Math.round(roi.returnOnCostBasisPoints / 100)),
    one: money(100),
  };
  const meaning =
    roi.members.customers === 0
      ? t("insights.roi.meaningEmpty")
      : roi.marginBasisPoints === null
        ? t("insights.roi.meaningNoMargin", values)
        : roi.cost.totalMinor > 0
          ? t("insights.roi.meaning", values)
          : t("insights.roi.meaningNoCost", values);
  const rows = [
    [t("insights.roi.rows.customers"), f.points(roi.members.customers), f.points(roi.comparableNonMembers.customers)],
    [t("insights.roi.rows.revenuePerCustomer"), money(roi.members.revenuePerCustomerMinor), money(roi.comparableNonMembers.revenuePerCustomerMinor)],
    [t("insights.roi.rows.ordersPerCustomer"), ordersText(roi.members.ordersPerCustomerMilli, formatLocale), ordersText(roi.comparableNonMembers.ordersPerCustomerMilli, formatLocale)],
  ];
  const costRows = [
    [t("insights.roi.cost.rewards", { points: f.points(roi.cost.redeemedPoints) }), money(roi.cost.rewardsMinor)],
    [t("insights.roi.cost.storeCredit"), money(roi.cost.storeCreditMinor)],
    [t("insights.roi.cost.referrals"), money(roi.cost.referralDiscountsMinor)],
    [t("insights.roi.cost.total"), money(roi.cost.totalMinor)],
    [t("insights.roi.cost.incremental"), money(roi.incrementalRevenueMinor)],
    [t("insights.roi.cost.return", { margin: values.margin }), money(roi.returnMinor)],
    [t("insights.roi.cost.net"), money(roi.netReturnMinor)],
  ];
  const compared = roi.cohorts.filter((cohort) => cohort.comparable);
  return (
    <InsightCard title={t("insights.roi.title")} meaning={meaning} insight="roi" search={search}>
      {compared.length === 0 ? null : (
        <InsightChart
          kind="bar"
          series={[
            { name: t("insights.members"), data: compared.map((cohort) => ({ key: cohort.cohort, value: cohort.memberRevenuePerCustomerMinor })) },
            { name: t("insights.nonMembers"), data: compared.map((cohort) => ({ key: cohort.cohort, value: cohort.nonMemberRevenuePerCustomerMinor })) },
          ]}
          xLabel={(key) => monthLabel(key, formatLocale)}
          yLabel={(value) => money(Math.round(value))}
        />
      )}
      <DataTable columnContentTypes={["text", "numeric", "numeric"]} headings={["", t("insights.members"), t("insights.roi.comparable")]} rows={rows} />
      <DataTable columnContentTypes={["text", "numeric"]} headings={[t("insights.roi.cost.heading"), ""]} rows={costRows} />
      {roi.membersNotCompared > 0 ? <Text as="p" tone="subdued">{t("insights.roi.notCompared", { members: f.points(roi.membersNotCompared) })}</Text> : null}
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm">
          {t("insights.roi.methodTitle")}
        </Text>
        <Text as="p" tone="subdued">
          {t("insights.roi.method")}
        </Text>
        <Text as="p" tone="subdued">
          {t("insights.roi.limits")}
        </Text>
      </BlockStack>
    </InsightCard>
  );
}
