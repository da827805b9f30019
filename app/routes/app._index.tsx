import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { Badge, Banner, BlockStack, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { ReconnectBanner } from "~/components/home/ReconnectBanner";
import { SetupGuide } from "~/components/home/SetupGuide";
import { LaunchModal, PauseModal } from "~/components/home/StatusModals";
import { ThemeExtensionCard } from "~/components/home/ThemeExtensionCard";
import { useThemeExtensionStatus } from "~/components/home/theme-extension";
import { WidgetPreview } from "~/components/home/WidgetPreview";
import { useHomeText } from "~/components/home/format";
import { PointsChart } from "~/components/reports/PointsChart";
import prisma from "~/db.server";
import { adminText } from "~/i18n/admin-text";
import { DEFAULT_ADMIN_LOCALE, type AdminLocale } from "~/i18n/admin-locale";
import { fieldErrorMessage } from "~/components/program/field-errors";
import { answerAction, type ActionFailure } from "~/http/action-result.server";
import { LoyaltyError } from "~/loyalty/errors";
import { formatPointWorth } from "~/loyalty/reports/valuation";
import { countInbox } from "~/loyalty/server/inbox.server";
import { getLaunchSetup, launchProgram, pauseProgram, REVIEW_STEPS, reviewSetupStep, type ReviewStep } from "~/loyalty/server/launch.server";
import { getHomeMetrics } from "~/loyalty/server/reports.server";
import { requireAdmin } from "~/shopify/admin-auth.server";
import { getReauthRequired } from "~/shopify/shop-auth-state.server";

// The home chart is Polaris Viz, as on Reports: its stylesheet is needed wherever a chart renders.
export const links = () => [{ rel: "stylesheet", href: polarisVizStyles }];

/** The tab's title in the admin's language (the app layout's loader knows it: ADR 022). */
export const meta: MetaFunction = ({ matches }) => {
  const layout = matches.find((match) => match.id === "routes/app")?.data as { locale?: AdminLocale } | undefined;
  return [{ title: adminText(layout?.locale ?? DEFAULT_ADMIN_LOCALE).t("home.documentTitle") }];
};

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const now = new Date();
  const [metrics, setup, inbox, reauth] = await Promise.all([
    getHomeMetrics(prisma, session.shop, now),
    getLaunchSetup(prisma, session.shop),
    countInbox(prisma, session.shop),
    getReauthRequired(prisma, session.shop),
  ]);
  return {
    metrics,
    setup,
    shop: session.shop,
    apiKey: process.env.SHOPIFY_API_KEY || "",
    failedEvents: inbox.failed,
    reauth: reauth ? { since: reauth.since.toISOString(), reason: reauth.reason } : null,
  };
};

const intentSchema = z.enum(["review", "launch", "pause"]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, formData } = await requireAdmin(request);
  const form = await formData();
  return answerAction(async () => {
    const intent = intentSchema.safeParse(form.get("intent"));
    if (!intent.success) throw new LoyaltyError("INVALID_INPUT", "Unknown action", { fieldErrors: { intent: "Unknown action" } });
    const now = new Date();
    switch (intent.data) {
      case "review": {
        const step = z.enum(REVIEW_STEPS).safeParse(form.get("step"));
        if (!step.success) throw new LoyaltyError("INVALID_INPUT", "Unknown setup step", { fieldErrors: { step: "Unknown setup step" } });
        await reviewSetupStep(prisma, session.shop, step.data, now);
        return { reviewed: step.data };
      }
      case "launch":
        await launchProgram(prisma, session.shop, now);
        return { status: "live" as const };
      case "pause":
        await pauseProgram(prisma, session.shop);
        return { status: "paused" as const };
    }
  });
};

type ActionData = ActionFailure | { ok: true; reviewed?: ReviewStep; status?: "live" | "paused" };

function Metric({ label, value }: { label: string; value: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
      </BlockStack>
    </Card>
  );
}

const STATUS_TONE = { draft: "info", live: "success", paused: "attention" } as const;

export default function Home() {
  const { metrics, setup, shop, apiKey, failedEvents, reauth } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const { t, f, formatLocale, locale } = useHomeText();
  const extensions = useThemeExtensionStatus();
  const [modal, setModal] = useState<"launch" | "pause" | null>(null);
  const pending = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const storefrontActive = extensions.block === "active" || extensions.embed === "active";

  useEffect(() => {
    if (!result) return;
    if (!result.ok) {
      // Refusals here come from a page that is out of date (the buttons follow the program's state): the rule that
      // refused, in the admin's language when it has a code; otherwise the English sentence, or the reason to reload.
      const message = result.messageCode ? fieldErrorMessage(result.messageCode, t, formatLocale) : locale === "en" ? result.error : t("home.errors.refused");
      shopify.toast.show(message, { isError: true });
      return;
    }
    setModal(null);
    if (result.status === "live") shopify.toast.show(t("home.toast.launched"));
    if (result.status === "paused") shopify.toast.show(t("home.toast.paused"));
  }, [result, shopify, t, locale, formatLocale]);

  const send = (fields: Record<string, string>) => submit(fields, { method: "post" });
  const rate = f.percent(metrics.redemptionRate30dBasisPoints);
  const worth = formatPointWorth(metrics.pointValue, metrics.currency, formatLocale);
  const storefrontCard = <ThemeExtensionCard shop={shop} apiKey={apiKey} status={extensions} />;
  return (
    <Page
      title="Loyalty & Rewards"
      titleMetadata={<Badge tone={STATUS_TONE[setup.status]}>{t(`home.status.${setup.status}`)}</Badge>}
      primaryAction={setup.status === "paused" ? { content: t("home.resume"), onAction: () => setModal("launch") } : undefined}
      secondaryActions={setup.status === "live" ? [{ content: t("home.pause.action"), destructive: true, onAction: () => setModal("pause") }] : []}
    >
      <Layout>
        {reauth ? (
          <Layout.Section>
            <ReconnectBanner since={reauth.since} reason={reauth.reason} timeZone={metrics.timeZone} />
          </Layout.Section>
        ) : null}
        {failedEvents > 0 ? (
          <Layout.Section>
            <Banner
              tone="critical"
              title={t("home.failedEvents.title", { count: failedEvents, events: f.points(failedEvents) })}
              action={{ content: t("home.failedEvents.action"), url: "/app/deliveries" }}
            >
              <p>{t("home.failedEvents.body")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {setup.status === "paused" ? (
          <Layout.Section>
            <Banner tone="warning" title={t("home.paused.title")}>
              <p>{t("home.paused.body")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {setup.status === "draft" ? (
          <Layout.Section>
            <SetupGuide
              setup={setup}
              storefrontActive={storefrontActive}
              submitting={pending === "review" ? (navigation.formData?.get("step") as ReviewStep) : null}
              onConfirm={(step) => send({ intent: "review", step })}
              onLaunch={() => setModal("launch")}
              storefrontCard={storefrontCard}
            />
          </Layout.Section>
        ) : (
          <Layout.Section>{storefrontCard}</Layout.Section>
        )}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            <Metric label={t("home.metrics.members")} value={f.points(metrics.members)} />
            <Metric label={t("home.metrics.issued")} value={t("home.metrics.points", { count: metrics.issued30d, points: f.points(metrics.issued30d) })} />
            <Metric label={t("home.metrics.redeemed")} value={t("home.metrics.points", { count: metrics.redeemed30d, points: f.points(metrics.redeemed30d) })} />
            <Metric label={t("home.metrics.redemptionRate")} value={rate} />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("home.liability.title", { amount: f.money(metrics.outstandingMinor, metrics.currency) })}
              </Text>
              <Text as="p" tone="subdued">
                {t("home.liability.outstanding", { count: metrics.outstandingPoints, points: f.points(metrics.outstandingPoints) })}{" "}
                {metrics.pointValue.source === "setting" ? t("home.pointValue.setting", { worth }) : t("home.pointValue.assumed", { worth })}.
              </Text>
              <PointsChart days={metrics.days.map((day) => ({ ...day, expired: 0 }))} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <WidgetPreview setup={setup} />
        </Layout.Section>
      </Layout>
      <LaunchModal
        open={modal === "launch"}
        loading={pending === "launch"}
        setup={setup}
        storefrontActive={storefrontActive || setup.steps.some((step) => step.id === "storefront" && step.done)}
        onClose={() => setModal(null)}
        onConfirm={() => send({ intent: "launch" })}
      />
      <PauseModal open={modal === "pause"} loading={pending === "pause"} onClose={() => setModal(null)} onConfirm={() => send({ intent: "pause" })} />
    </Page>
  );
}
