import { DataTable, Text } from "@shopify/polaris";
import type { InsightsPage } from "~/loyalty/server/insights.server";
import { useAdminText } from "~/i18n/admin-text";
import { reportFormat } from "../reports/format";
import { InsightCard, monthLabel } from "./InsightCard";
import { InsightChart } from "./InsightChart";

/** Members buying from two or more product types: per month, over the window, and the types they buy. */
export function ProductGroupsCard({ page, search }: { page: InsightsPage; search: string }) {
  const { t, formatLocale } = useAdminText();
  const f = reportFormat(formatLocale);
  const groups = page.productGroups;
  if (!groups) return null;
  const meaning =
    groups.window.buyers === 0
      ? t("insights.productGroups.meaningNone")
      : t("insights.productGroups.meaning", {
          share: f.percent(groups.window.crossBasisPoints),
          cross: f.points(groups.window.crossBuyers),
          buyers: f.points(groups.window.buyers),
        });
  const rows = groups.months.map((month) => [monthLabel(month.month, formatLocale), f.points(month.buyers), f.points(month.crossBuyers), f.percent(month.crossBasisPoints)]);
  const top = groups.groups.slice(0, 8).map((group) => t("insights.productGroups.group", { name: group.name, members: f.points(group.members) }));
  return (
    <InsightCard title={t("insights.productGroups.title")} meaning={meaning} insight="product-groups" search={search}>
      <InsightChart
        kind="line"
        series={[{ name: t("insights.productGroups.share"), data: groups.months.map((month) => ({ key: month.month, value: month.crossBasisPoints })) }]}
        xLabel={(key) => monthLabel(key, formatLocale)}
        yLabel={(value) => f.percent(Math.round(value))}
      />
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "numeric"]}
        headings={(["month", "buyers", "crossBuyers", "share"] as const).map((key) => t(`insights.productGroups.headings.${key}`))}
        rows={rows}
      />
      {top.length > 0 ? (
        <Text as="p" tone="subdued">
          {t("insights.productGroups.top", { groups: top.join(" · ") })}
        </Text>
      ) : null}
    </InsightCard>
  );
}
