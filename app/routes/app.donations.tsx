import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Layout, Page } from "@shopify/polaris";
import { z } from "zod";
import { CausesCard } from "~/components/donations/CausesCard";
import { PayoutCard } from "~/components/donations/PayoutCard";
import prisma from "~/db.server";
import { answerAction, jsonField } from "~/http/action-result.server";
import { useAdminText } from "~/i18n/admin-text";
import { LoyaltyError } from "~/loyalty/errors";
import { reportTimeZone } from "~/loyalty/reports/calendar";
import { archiveCause, donationsRangeOf, getDonationsReport, listCauses, saveCause } from "~/loyalty/server/donations.server";
import { getShopProgram } from "~/loyalty/server/program.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

export const meta: MetaFunction = () => [{ title: "Donations · Loyalty & Rewards" }];

/** The causes and the payout statement for ?start=&end= (shop-local dates; default this year to today). */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const shop = session.shop;
  const now = new Date();
  const params = new URL(request.url).searchParams;
  let rangeError = false;
  const range = await donationsRangeOf(prisma, shop, params, now).catch(async (error: unknown) => {
    if (!(error instanceof LoyaltyError)) throw error;
    rangeError = true;
    return donationsRangeOf(prisma, shop, new URLSearchParams(), now);
  });
  const [{ causes, currency }, report, program] = await Promise.all([
    listCauses(prisma, shop),
    getDonationsReport(prisma, shop, range),
    getShopProgram(prisma, shop),
  ]);
  return { causes, currency, report, range, rangeError, timezone: reportTimeZone(program.timezone) };
};

const intents = z.enum(["cause", "archive-cause"]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, formData } = await requireAdmin(request);
  const form = await formData();
  return answerAction(async () => {
    const intent = intents.safeParse(form.get("intent"));
    if (!intent.success) throw new LoyaltyError("INVALID_INPUT", "Unknown action", { fieldErrors: { intent: "Unknown action" } });
    const causeId = typeof form.get("causeId") === "string" && form.get("causeId") !== "" ? String(form.get("causeId")) : null;
    if (intent.data === "archive-cause") {
      await archiveCause(prisma, session.shop, causeId ?? "", new Date());
      return { archived: true };
    }
    const clientKey = typeof form.get("clientKey") === "string" ? String(form.get("clientKey")).slice(0, 100) : null;
    const saved = await saveCause(prisma, session.shop, causeId, jsonField(form, "cause"), { clientKey });
    return { cause: { status: saved.status, id: saved.cause.id, name: saved.cause.name } };
  });
};

export default function Donations() {
  const data = useLoaderData<typeof loader>();
  const { t } = useAdminText();
  return (
    <Page title={t("donations.title")} subtitle={t("donations.subtitle")}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <CausesCard causes={data.causes} currency={data.currency} />
            <PayoutCard report={data.report} currency={data.report.currency} range={data.range} timezone={data.timezone} rangeError={data.rangeError} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
