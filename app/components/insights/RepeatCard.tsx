import { DataTable } from "@shopify/polaris";
import type { InsightsPage } from "~/loyalty/server/insights.server";
import { useAdminText } from "~/i18n/admin-text";
import { reportFormat } from "../reports/format";
import { InsightCard, monthLabel } from "./InsightCard";
import { InsightChart } from "./InsightChart";

/** Repeat purchase rate and median time between orders, by first-order cohort month. */
export function RepeatCard({ page, search }: { page: InsightsPage; search: string }) {
  const { t, formatLocale } = useAdminText();
  const f = reportFormat(formatLocale);
  const { repeat } = page;
  const days = (value: number | null) => (value === null ? "—" : t("insights.days", { days: f.points(value) }));
  const meaning = repeat.totals.member.customers === 0 ? t("insights.repeat.meaningNoMembers") : t("insights.repeat.meaning", {
    member: f.percent(repeat.totals.member.repeatRateBasisPoints),
    nonMember: f.percent(repeat.totals.nonMember.repeatRateBasisPoints),
    memberGap: days(repeat.totals.member.medianDaysBetweenOrders),
    nonMemberGap: days(repeat.totals.nonMember.medianDaysBetweenOrders),
  });
  const rows = repeat.cohorts.map((cohort) => [
    monthLabel(cohort.cohort, formatLocale),
    f.points(cohort.member.customers),
    f.percent(cohort.member.repeatRateBasisPoints),
    days(cohort.member.medianDaysBetweenOrders),
    f.points(cohort.nonMember.customers),
    f.percent(cohort.nonMember.repeatRateBasisPoints),
    days(cohort.nonMember.medianDaysBetweenOrders),
  ]);
  return (
    <InsightCard title={t("insights.repeat.title")} meaning={meaning} insight="repeat" search={search}>
      <InsightChart
        kind="bar"
        series={[
          { name: t("insights.members"), data: repeat.cohorts.map((cohort) => ({ key: cohort.cohort, value: cohort.member.repeatRateBasisPoints })) },
          { name: t("insights.nonMembers"), data: repeat.cohorts.map((cohort) => ({ key: cohort.cohort, value: cohort.nonMember.repeatRateBasisPoints })) },
        ]}
        xLabel={(key) => monthLabel(key, formatLocale)}
        yLabel={(value) => f.percent(Math.round(value))}
      />
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
        headings={(["cohort", "members", "memberRate", "memberGap", "nonMembers", "nonMemberRate", "nonMemberGap"] as const).map((key) => t(`insights.repeat.headings.${key}`))}
        rows={rows}
      />
    </InsightCard>
  );
}
