import { DataTable, Text } from "@shopify/polaris";
import type { InsightsPage } from "~/loyalty/server/insights.server";
import { useAdminText } from "~/i18n/admin-text";
import { reportFormat } from "../reports/format";
import { InsightCard, monthLabel } from "./InsightCard";
import { InsightChart } from "./InsightChart";

/** Share lapsed and won back per cohort, and net revenue retention by month since the first order. */
export function RetentionCard({ page, search }: { page: InsightsPage; search: string }) {
  const { t, formatLocale } = useAdminText();
  const f = reportFormat(formatLocale);
  const { retention } = page;
  // The last full month number the member curve has (the as-of month is partial).
  const points = retention.curve.filter((point) => point.member !== null);
  const reference = points.length > 2 ? points[points.length - 2] : points[points.length - 1];
  const meaning = retention.totals.member.customers === 0 ? t("insights.retention.meaningNoMembers") : t("insights.retention.meaning", {
    lapsed: f.percent(retention.totals.member.lapsedBasisPoints),
    nonMemberLapsed: f.percent(retention.totals.nonMember.lapsedBasisPoints),
    days: retention.lapsedDays,
    wonBack: f.points(retention.totals.member.wonBack),
    month: reference?.monthNumber ?? 1,
    nrr: f.percent(reference?.member ?? null),
  });
  const members = retention.cohorts.filter((row) => row.segment === "member");
  const nrrAt = (values: (number | null)[], month: number) => (values.length >= month ? f.percent(values[month - 1] ?? null) : "—");
  const rows = members.map((row) => [
    monthLabel(row.cohort, formatLocale),
    f.points(row.customers),
    f.percent(row.lapsedBasisPoints),
    f.points(row.wonBack),
    nrrAt(row.nrrBasisPoints, 2),
    nrrAt(row.nrrBasisPoints, 3),
    nrrAt(row.nrrBasisPoints, 6),
    nrrAt(row.nrrBasisPoints, 12),
  ]);
  return (
    <InsightCard title={t("insights.retention.title")} meaning={meaning} insight="retention" search={search}>
      <InsightChart
        kind="line"
        series={[
          { name: t("insights.members"), data: retention.curve.map((point) => ({ key: String(point.monthNumber), value: point.member })) },
          { name: t("insights.nonMembers"), data: retention.curve.map((point) => ({ key: String(point.monthNumber), value: point.nonMember })) },
        ]}
        xLabel={(key) => t("insights.retention.monthNumber", { month: key })}
        yLabel={(value) => f.percent(Math.round(value))}
      />
      <Text as="p" tone="subdued">
        {t("insights.retention.how", { days: retention.lapsedDays })}
      </Text>
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
        headings={(["cohort", "customers", "lapsed", "wonBack", "month2", "month3", "month6", "month12"] as const).map((key) => t(`insights.retention.headings.${key}`))}
        rows={rows}
      />
    </InsightCard>
  );
}
