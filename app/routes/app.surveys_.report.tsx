import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Layout, Page } from "@shopify/polaris";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { CsvButton } from "~/components/reports/CsvButton";
import { AnswersCard, NpsByTierCard, SurveyFigures, SurveyTrendCard } from "~/components/surveys/SurveyReportCards";
import prisma from "~/db.server";
import { useAdminText } from "~/i18n/admin-text";
import { getSurveyReport } from "~/loyalty/server/survey-report.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

export const links = () => [{ rel: "stylesheet", href: polarisVizStyles }];

export const meta: MetaFunction = () => [{ title: "Surveys report · Loyalty & Rewards" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  return { report: await getSurveyReport(prisma, session.shop) };
};

/** The Surveys report: NPS with counts, CES, their trend by month, NPS by tier, answers per question, CSV. */
export default function SurveyReportPage() {
  const { report } = useLoaderData<typeof loader>();
  const { t } = useAdminText();
  return (
    <Page
      title={t("surveys.report.title")}
      subtitle={report ? report.survey.title : undefined}
      backAction={{ content: t("surveys.title"), url: "/app/surveys" }}
      primaryAction={report ? <CsvButton report="survey-answers" path="/app/surveys/answers.csv" search="" /> : undefined}
    >
      {report ? (
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <SurveyFigures nps={report.nps} ces={report.ces} responses={report.responses} />
              <SurveyTrendCard trend={report.trend} />
              <NpsByTierCard byTier={report.byTier} />
              <AnswersCard questions={report.questions} version={report.survey.version} />
            </BlockStack>
          </Layout.Section>
        </Layout>
      ) : (
        <Banner tone="info" title={t("surveys.report.noSurvey")} action={{ content: t("surveys.title"), url: "/app/surveys" }} />
      )}
    </Page>
  );
}
