import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Layout, Page } from "@shopify/polaris";
import prisma from "~/db.server";
import { useAdminText } from "~/i18n/admin-text";
import { BackfillCard } from "~/components/backfill/BackfillCard";
import { staffActor } from "~/loyalty/adjustments";
import { parseBackfillRequest } from "~/loyalty/backfill";
import { isLoyaltyError } from "~/loyalty/errors";
import { confirmBackfill, discardBackfill, getLatestBackfill, requestBackfill } from "~/loyalty/server/backfill.server";
import { getShopProgram } from "~/loyalty/server/program.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

/** Backfill past orders (docs/decisions/028-backfill-past-orders.md): preview, confirm, progress. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const program = await getShopProgram(prisma, session.shop);
  return {
    backfill: await getLatestBackfill(prisma, session.shop, new Date()),
    programLive: program.settings.status === "live",
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken, formData } = await requireAdmin(request);
  const form = Object.fromEntries(await formData());
  const now = new Date();
  const backfillId = typeof form.backfillId === "string" ? form.backfillId : "";
  try {
    if (form.intent === "confirm") return json({ ok: true as const, backfill: await confirmBackfill(prisma, { shop: session.shop, backfillId, now }) });
    if (form.intent === "discard") {
      await discardBackfill(prisma, { shop: session.shop, backfillId, now });
      return json({ ok: true as const, backfill: null });
    }
    const parsed = parseBackfillRequest(form, now);
    if (!parsed.ok) {
      return json({ ok: false as const, error: parsed.errors.map((e) => e.message).join("; "), errors: parsed.errors }, { status: 400 });
    }
    const { backfill } = await requestBackfill(prisma, { shop: session.shop, request: parsed.request, actor: staffActor(sessionToken.sub), now });
    return json({ ok: true as const, backfill });
  } catch (error) {
    if (!isLoyaltyError(error)) throw error;
    return json({ ok: false as const, error: error.message, errors: [] }, { status: 400 });
  }
};

export default function BackfillPage() {
  const { backfill, programLive } = useLoaderData<typeof loader>();
  const { t } = useAdminText();
  return (
    <Page title={t("backfill.title")} subtitle={t("backfill.subtitle")} backAction={{ content: t("backfill.back"), url: "/app/import" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <BackfillCard backfill={backfill} programLive={programLive} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
