import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Layout, Page } from "@shopify/polaris";
import prisma from "~/db.server";
import { FlowGuideCard } from "~/components/flow/FlowGuideCard";
import { FlowTriggersCard } from "~/components/flow/FlowTriggersCard";
import { useAdminText } from "~/i18n/admin-text";
import { FLOW_TRIGGER_IDS } from "~/loyalty/flow-events";
import { flowSettingsSchema, getFlowPage, saveFlowSettings } from "~/loyalty/server/flow-settings.server";
import { MAX_SEND_ATTEMPTS } from "~/loyalty/server/flow-triggers.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

/** Shopify Flow: which loyalty triggers fire, the days the scheduled ones use, and how to email members with them. */
export const meta: MetaFunction = () => [{ title: "Shopify Flow · Loyalty & Rewards" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  return getFlowPage(prisma, session.shop, MAX_SEND_ATTEMPTS);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, formData } = await requireAdmin(request);
  const form = await formData();
  const parsed = flowSettingsSchema.safeParse({
    on: FLOW_TRIGGER_IDS.filter((trigger) => form.get(`trigger_${trigger}`) === "on"),
    expiringDays: form.get("expiringDays"),
    atRiskDays: form.get("atRiskDays"),
    birthdayDays: form.get("birthdayDays") ?? undefined,
  });
  // The error names a field; the page words it in the merchant's language (flow.errors.*).
  if (!parsed.success) return json({ ok: false, field: String(parsed.error.issues[0]?.path[0] ?? "on") }, { status: 400 });
  await saveFlowSettings(prisma, session.shop, parsed.data, new Date());
  return json({ ok: true, field: null });
};

/** The day-count fields, each with its own error text (flow.errors.<field>). */
const DAY_FIELDS: readonly string[] = ["expiringDays", "atRiskDays", "birthdayDays"];

export default function FlowPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useAdminText();
  return (
    <Page title={t("flow.title")} backAction={{ content: t("flow.back"), url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.ok ? <Banner tone="success" title={t("flow.saved")} /> : null}
            {result && !result.ok ? <Banner tone="critical" title={t(`flow.errors.${DAY_FIELDS.includes(result.field ?? "") ? result.field : "triggers"}`)} /> : null}
            <FlowTriggersCard triggers={page.triggers} expiringDays={page.expiringDays} atRiskDays={page.atRiskDays} birthdayDays={page.birthdayDays} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <FlowGuideCard />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
