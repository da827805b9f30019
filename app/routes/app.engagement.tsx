import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Layout, Page } from "@shopify/polaris";
import { BadgesCard } from "~/components/engagement/BadgesCard";
import { ChallengesCard } from "~/components/engagement/ChallengesCard";
import prisma from "~/db.server";
import { useAdminText } from "~/i18n/admin-text";
import type { CriteriaInput } from "~/loyalty/engagement-criteria";
import { getEngagementPage, removeBadge, removeChallenge, saveBadge, saveChallenge } from "~/loyalty/server/engagement-admin.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

/** Badges & challenges: define them, see who holds, joined and completed them (docs/decisions/036-badges-and-challenges.md). */
export const meta: MetaFunction = () => [{ title: "Badges & challenges · Loyalty & Rewards" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  return getEngagementPage(prisma, session.shop, new Date());
};

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : null;
};

function criteriaOf(form: FormData, prefix: "criteria" | "goal"): CriteriaInput {
  return {
    kind: text(form, `${prefix}Kind`),
    count: text(form, `${prefix}Count`),
    amount: text(form, `${prefix}Amount`),
    tierId: text(form, `${prefix}TierId`),
    months: text(form, `${prefix}Months`),
  };
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, formData } = await requireAdmin(request);
  const form = await formData();
  const intent = text(form, "intent") ?? "";
  const id = text(form, "id") || null;
  const now = new Date();
  switch (intent) {
    case "saveBadge":
    case "saveChallenge": {
      const result =
        intent === "saveBadge"
          ? await saveBadge(prisma, session.shop, id, { name: text(form, "name"), icon: text(form, "icon"), bonusPoints: text(form, "bonusPoints"), criteria: criteriaOf(form, "criteria") }, now)
          : await saveChallenge(
              prisma,
              session.shop,
              id,
              {
                name: text(form, "name"),
                startsOn: text(form, "startsOn"),
                endsOn: text(form, "endsOn"),
                tierIds: form.getAll("tierIds").filter((value): value is string => typeof value === "string"),
                rewardPoints: text(form, "rewardPoints"),
                goal: criteriaOf(form, "goal"),
              },
              now,
            );
      if (!result.ok) return json({ ok: false as const, intent, errors: result.errors }, { status: 400 });
      return json({ ok: true as const, intent, outcome: id ? "updated" : "created", savedAt: now.getTime() });
    }
    case "removeBadge":
    case "removeChallenge": {
      const outcome = intent === "removeBadge" ? await removeBadge(prisma, session.shop, id ?? "", now) : await removeChallenge(prisma, session.shop, id ?? "", now);
      if (outcome === "not_found") return json({ ok: false as const, intent, errors: { id: { key: "notFound" } } }, { status: 404 });
      return json({ ok: true as const, intent, outcome, savedAt: null });
    }
    default:
      return json({ ok: false as const, intent, errors: { intent: { key: "unknownAction" } } }, { status: 400 });
  }
};

export default function EngagementPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useAdminText();
  const problems = result && !result.ok ? { intent: result.intent, errors: result.errors as Record<string, { key: string; values?: Record<string, string | number> }> } : null;
  const savedAt = result?.ok ? result.savedAt : null;
  return (
    <Page title={t("engagement.title")} backAction={{ content: t("engagement.back"), url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.ok ? <Banner tone="success" title={t(`engagement.outcomes.${result.outcome}`)} /> : null}
            {problems ? <Banner tone="critical" title={t("engagement.errors.banner")} /> : null}
            <BadgesCard badges={page.badges} context={page} problems={problems} savedAt={result?.intent === "saveBadge" ? savedAt : null} />
            <ChallengesCard challenges={page.challenges} context={page} problems={problems} savedAt={result?.intent === "saveChallenge" ? savedAt : null} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
