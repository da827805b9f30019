import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { Banner, BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { ChurnCard } from "~/components/reports/ChurnCard";
import { CustomersCard } from "~/components/reports/CustomersCard";
import { DateRangeForm } from "~/components/reports/DateRangeForm";
import { LiabilityCard } from "~/components/reports/LiabilityCard";
import { PointsCard } from "~/components/reports/PointsCard";
import { StoreCreditCard } from "~/components/reports/StoreCreditCard";
import { TiersCard } from "~/components/reports/TiersCard";
import { TopRewardsCard } from "~/components/reports/TopRewardsCard";
import prisma from "~/db.server";
import { answerAction } from "~/http/action-result.server";
import { parseReportQuery } from "~/loyalty/reports/range";
import { getReportsPage } from "~/loyalty/server/reports.server";
import { getStoreCreditLiability } from "~/loyalty/server/cashback.server";
import { useAdminText } from "~/i18n/admin-text";
import { requireAdmin } from "~/shopify/admin-auth.server";

export const links = () => [{ rel: "stylesheet", href: polarisVizStyles }];

export const meta: MetaFunction = () => [{ title: "Reports · Loyalty & Rewards" }];

/** ?range=last30 (a preset) or ?range=custom&start=YYYY-MM-DD&end=YYYY-MM-DD; invalid → 400 with fieldErrors. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  return answerAction(async () => {
    const [page, storeCredit] = await Promise.all([getReportsPage(prisma, session.shop, parseReportQuery(params), new Date()), getStoreCreditLiability(prisma, session.shop)]);
    return { ...page, storeCredit };
  });
};

export default function Reports() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const search = location.search;
  const { t } = useAdminText();

  if (!data.ok) {
    return (
      <Page title={t("reports.title")}>
        <Layout>
          <Layout.Section>
            <Card>
              <DateRangeForm initial={{ range: params.get("range") ?? "custom", start: params.get("start") ?? "", end: params.get("end") ?? "" }} fieldErrors={data.fieldErrors} />
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Banner tone="critical" title={t("reports.invalidRange")}>
              <p>{data.error}</p>
            </Banner>
          </Layout.Section>
        </Layout>
      </Page>
    );
  }

  const page = data;
  return (
    <Page
      title={t("reports.title")}
      subtitle={t("reports.subtitle", { range: t(`ranges.${page.range.preset}`), timezone: page.timezone, currency: page.currency })}
      secondaryActions={[{ content: t("insights.open"), url: "/app/reports/insights" }]}
    >
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <DateRangeForm key={search} initial={{ range: page.range.preset, start: page.range.start, end: page.range.end }} fieldErrors={{}} />
              {page.currencyKnown ? null : (
                <Text as="p" tone="caution">
                  {t("reports.currencyUnknown", { currency: page.currency })}
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <LiabilityCard page={page} search={search} />
        </Layout.Section>
        <Layout.Section>
          <StoreCreditCard rows={page.storeCredit} />
        </Layout.Section>
        <Layout.Section>
          <PointsCard page={page} search={search} />
        </Layout.Section>
        <Layout.Section>
          <CustomersCard page={page} search={search} />
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <TiersCard page={page} search={search} />
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <TopRewardsCard page={page} search={search} />
        </Layout.Section>
        <Layout.Section>
          <ChurnCard page={page} search={search} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
