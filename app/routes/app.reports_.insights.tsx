import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { Banner, BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { EngagementCard } from "~/components/insights/EngagementCard";
import { InsightsForm } from "~/components/insights/InsightsForm";
import { RepeatCard } from "~/components/insights/RepeatCard";
import { ProductGroupsCard } from "~/components/insights/ProductGroupsCard";
import { RetentionCard } from "~/components/insights/RetentionCard";
import { RoiCard } from "~/components/insights/RoiCard";
import prisma from "~/db.server";
import { answerAction } from "~/http/action-result.server";
import { useAdminText } from "~/i18n/admin-text";
import { getInsightsView, parseInsightsQuery } from "~/loyalty/server/insights.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

export const links = () => [{ rel: "stylesheet", href: polarisVizStyles }];

export const meta: MetaFunction = () => [{ title: "Insights · Loyalty & Rewards" }];

/** ?months=12 (3–24) and ?margin=40 (the merchant's gross margin, 0–100); invalid → 400 with fieldErrors. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  return answerAction(() => getInsightsView(prisma, session.shop, parseInsightsQuery(params), new Date()));
};

export default function Insights() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const search = location.search;
  const { t, formatLocale } = useAdminText();
  const initial = { months: params.get("months") ?? "12", margin: params.get("margin") ?? "" };
  const back = { content: t("insights.back"), url: "/app/reports" };

  if (!data.ok) {
    return (
      <Page title={t("insights.title")} backAction={back}>
        <Layout>
          <Layout.Section>
            <Card>
              <InsightsForm initial={initial} fieldErrors={data.fieldErrors} />
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Banner tone="critical" title={t("insights.invalid")}>
              <p>{data.error}</p>
            </Banner>
          </Layout.Section>
        </Layout>
      </Page>
    );
  }

  if (data.state === "computing") {
    return (
      <Page title={t("insights.title")} backAction={back}>
        <Layout>
          <Layout.Section>
            <Card>
              <InsightsForm key={search} initial={initial} fieldErrors={{}} />
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Banner tone="info" title={t("insights.computingTitle")}>
              <p>{t("insights.computing")}</p>
            </Banner>
          </Layout.Section>
        </Layout>
      </Page>
    );
  }

  const { page } = data;
  const first = page.months[0] ?? "";
  const last = page.months[page.months.length - 1] ?? "";
  return (
    <Page title={t("insights.title")} subtitle={t("insights.subtitle", { first, last, timezone: page.timezone, currency: page.currency })} backAction={back}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <InsightsForm key={search} initial={initial} fieldErrors={{}} />
              <Text as="p" tone="subdued">
                {t("insights.computedAt", { time: new Intl.DateTimeFormat(formatLocale, { dateStyle: "medium", timeStyle: "short", timeZone: page.timezone }).format(new Date(page.computedAt)) })}
                {page.refreshing ? ` ${t("insights.refreshing")}` : ""}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        {page.rollupsBuilt ? null : (
          <Layout.Section>
            <Banner tone="warning">
              <Text as="p">{t("insights.notBuilt")}</Text>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <RoiCard page={page} search={search} />
        </Layout.Section>
        <Layout.Section>
          <RepeatCard page={page} search={search} />
        </Layout.Section>
        <Layout.Section>
          <RetentionCard page={page} search={search} />
        </Layout.Section>
        <Layout.Section>
          <ProductGroupsCard page={page} search={search} />
        </Layout.Section>
        <Layout.Section>
          <EngagementCard page={page} search={search} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
