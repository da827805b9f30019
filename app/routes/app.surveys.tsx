import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Banner, Layout, Page } from "@shopify/polaris";
import { SurveyBuilder } from "~/components/surveys/SurveyBuilder";
import { SurveyStatusCard } from "~/components/surveys/SurveyStatusCard";
import prisma from "~/db.server";
import { answerAction, jsonField } from "~/http/action-result.server";
import { useAdminText } from "~/i18n/admin-text";
import { LoyaltyError } from "~/loyalty/errors";
import { getSurveyPage, saveSurvey, saveSurveySettings, setSurveyStatus } from "~/loyalty/server/surveys.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

/** Surveys: build the survey (NPS, CES, own questions), publish or pause it, and mirror interests to tags. */
export const meta: MetaFunction = () => [{ title: "Surveys · Loyalty & Rewards" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  return getSurveyPage(prisma, session.shop);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, formData } = await requireAdmin(request);
  const form = await formData();
  const intent = form.get("intent");
  const now = new Date();
  return answerAction(async () => {
    switch (intent) {
      case "save": {
        const { newVersion } = await saveSurvey(prisma, session.shop, jsonField(form, "survey"), now);
        return { intent, newVersion };
      }
      case "publish":
      case "pause":
        await setSurveyStatus(prisma, session.shop, intent === "publish" ? "live" : "paused", now);
        return { intent, newVersion: false };
      case "settings":
        await saveSurveySettings(prisma, session.shop, { interestTags: form.get("interestTags") === "on" }, now);
        return { intent, newVersion: false };
      default:
        throw new LoyaltyError("INVALID_INPUT", "Unknown action", { fieldErrors: { intent: "Unknown action" } });
    }
  });
};

export default function SurveysPage() {
  const { survey, settings, responses } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useAdminText();
  const failure = result && !result.ok ? result : null;
  return (
    <Page title={t("surveys.title")} backAction={{ content: t("surveys.back"), url: "/app" }}>
      <Layout>
        {result?.ok ? (
          <Layout.Section variant="fullWidth">
            <Banner tone="success" title={t(`surveys.saved.${result.intent}`)}>
              {result.newVersion ? t("surveys.saved.newVersion") : null}
            </Banner>
          </Layout.Section>
        ) : null}
        {failure ? (
          <Layout.Section variant="fullWidth">
            <Banner tone="critical" title={failure.messageCode ? t(failure.messageCode.key) : t("surveys.errors.banner")} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <SurveyBuilder survey={survey} errors={failure} />
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <SurveyStatusCard status={survey?.status ?? null} version={survey?.version ?? null} responses={responses} interestTags={settings.interestTags} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
