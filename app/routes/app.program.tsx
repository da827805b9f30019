import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Layout, Page } from "@shopify/polaris";
import { useEffect, useMemo, useRef, useState } from "react";
import { z } from "zod";
import prisma from "~/db.server";
import { answerAction, jsonField, type ActionFailure } from "~/http/action-result.server";
import { LoyaltyError } from "~/loyalty/errors";
import { fieldErrorCode } from "~/loyalty/field-error-codes";
import {
  archiveReward,
  deleteReward,
  getProgramEditor,
  saveProgram,
  saveReward,
  simulateProgram,
} from "~/loyalty/server/program-admin.server";
import { getCashbackSettings, saveCashbackSettings } from "~/loyalty/server/cashback.server";
import { launchProgram, pauseProgram } from "~/loyalty/server/launch.server";
import { getShopPointValue } from "~/loyalty/server/point-value.server";
import type { SimulationTotals, TierMove } from "~/loyalty/simulator";
import { requireAdmin } from "~/shopify/admin-auth.server";
import { useAdminText } from "~/i18n/admin-text";
import { CashbackSection } from "~/components/program/CashbackSection";
import { EarningSection } from "~/components/program/EarningSection";
import { useFieldErrorTexts } from "~/components/program/field-errors";
import { useProgramFormat } from "~/components/program/format";
import { LifecycleSection } from "~/components/program/LifecycleSection";
import { SegmentsSection } from "~/components/program/SegmentsSection";
import { PointValueSection } from "~/components/program/PointValueSection";
import { ProgramBanners } from "~/components/program/ProgramBanners";
import { fromDraft, hasUnsavedChanges, toDraft, type ProgramDraft } from "~/components/program/program-draft";
import { RewardsCatalog } from "~/components/program/RewardsCatalog";
import { SimulatorSection } from "~/components/program/SimulatorSection";
import { EngagementSection } from "~/components/program/EngagementSection";
import { getEngagementSettings } from "~/loyalty/server/engagement-settings.server";
import { TiersSection } from "~/components/program/TiersSection";
import { UnsavedChangesGuard } from "~/components/program/UnsavedChangesGuard";
import { ReferralsSection } from "~/components/program/ReferralsSection";
import { getReferralSettings, referralSettingsFromForm, saveReferralSettings } from "~/loyalty/server/referrals.server";

export const meta: MetaFunction = () => [{ title: "Program · Loyalty & Rewards" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const [editor, referrals, engagement, cashback] = await Promise.all([
    getProgramEditor(prisma, session.shop),
    getReferralSettings(prisma, session.shop),
    getEngagementSettings(prisma, session.shop),
    getCashbackSettings(prisma, session.shop),
  ]);
  return { ...editor, referrals, engagement, cashback };
};

const intentSchema = z.enum(["save", "simulate", "status", "reward", "archive-reward", "delete-reward", "referrals", "cashback"]);

function text(form: FormData, name: string): string | null {
  const value = form.get(name);
  return typeof value === "string" && value !== "" ? value : null;
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, formData } = await requireAdmin(request);
  const shop = session.shop;
  const form = await formData();
  return answerAction(async () => {
    const intent = intentSchema.safeParse(form.get("intent"));
    if (!intent.success) {
      throw new LoyaltyError("INVALID_INPUT", "Unknown action", { fieldErrors: { intent: "Unknown action" }, fieldErrorCodes: { intent: fieldErrorCode("unknownAction") } });
    }
    const now = new Date();
    switch (intent.data) {
      case "save":
        return { saved: await saveProgram(prisma, shop, jsonField(form, "settings"), { confirmTierChange: form.get("confirm") === "1", now }) };
      case "simulate":
        return {
          simulation: await simulateProgram(prisma, shop, jsonField(form, "settings"), {
            days: Number(form.get("days")),
            now,
            pointValue: await getShopPointValue(prisma, shop),
          }),
        };
      case "status": {
        const status = z.enum(["live", "paused"]).safeParse(form.get("status"));
        if (!status.success) {
          throw new LoyaltyError("INVALID_INPUT", "Choose live or paused", {
            fieldErrors: { status: "Choose live or paused" },
            fieldErrorCodes: { status: fieldErrorCode("chooseLiveOrPaused") },
          });
        }
        // The same rules as Home's Launch and Pause (a draft launches only once its setup is confirmed).
        await (status.data === "live" ? launchProgram(prisma, shop, now) : pauseProgram(prisma, shop));
        return { status: status.data };
      }
      case "reward": {
        const saved = await saveReward(prisma, shop, text(form, "rewardId"), jsonField(form, "reward"), {
          clientKey: text(form, "clientKey"),
          confirmed: form.get("confirm") === "1",
          now,
        });
        return { reward: { status: saved.status, id: saved.reward.id, name: saved.reward.name } };
      }
      case "archive-reward":
        await archiveReward(prisma, shop, text(form, "rewardId") ?? "", now);
        return { archived: true };
      case "delete-reward":
        await deleteReward(prisma, shop, text(form, "rewardId") ?? "");
        return { deleted: true };
      case "referrals":
        return { referrals: await saveReferralSettings(prisma, shop, referralSettingsFromForm(form), now) };
      case "cashback": {
        const tiers = Object.fromEntries([...form.entries()].flatMap(([key, value]) => (key.startsWith("tier:") && typeof value === "string" ? [[key.slice(5), value]] : [])));
        await saveCashbackSettings(prisma, shop, { enabled: form.get("enabled") === "1", base: text(form, "base") ?? "", tiers });
        return { cashback: true };
      }
    }
  });
};

type ActionData =
  | ActionFailure
  | {
      ok: true;
      saved?: { status: "saved" } | { status: "confirm_tier_change"; moves: TierMove[] };
      simulation?: SimulationTotals & { days: number };
      referrals?: unknown;
    };

export default function ProgramPage() {
  const loaded = useLoaderData<typeof loader>();
  const { settings, rewards, currency, members, warnings, pointValueText } = loaded;
  const result = useActionData<typeof action>() as ActionData | undefined;
  const submit = useSubmit();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const { t } = useAdminText();
  const pointWorth = useProgramFormat(currency).programWorth(settings.pointValue);
  const saved = useMemo(() => toDraft(settings, pointValueText), [settings, pointValueText]);
  const [draft, setDraft] = useState<ProgramDraft>(saved);
  const dirty = hasUnsavedChanges(draft, saved);
  const submitting = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const failure = result && !result.ok ? result : undefined;
  const errorTexts = useFieldErrorTexts(failure);
  // Reward errors are keyed "reward.*" and shown by the catalog: they never mark a program field.
  const error = (path: string) => (path.startsWith("reward.") || path.startsWith("cashback.") ? undefined : errorTexts.error(path));
  const programFailure =
    failure && !Object.keys(failure.fieldErrors).some((key) => key.startsWith("reward.") || key.startsWith("cashback.")) && failure.code !== "CONFIRMATION_REQUIRED" ? errorTexts.summary() : null;
  const update = (patch: Partial<ProgramDraft>) => setDraft((current) => ({ ...current, ...patch }));

  // Once per answer: a refused save focuses the first field in error (as Polaris forms do); a saved program says
  // so and the form starts again from what was saved, so nothing is left unsaved. Remix hands over the action's
  // answer while it still reloads the page's data: wait for the fresh data (idle) before starting again from it.
  const handled = useRef<ActionData | undefined>(undefined);
  const idle = navigation.state === "idle";
  useEffect(() => {
    if (!result || !idle || handled.current === result) return;
    handled.current = result;
    if (!result.ok) {
      document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    if (result.saved?.status === "saved") {
      setDraft(saved);
      shopify.toast.show(t("program.saved"));
    }
    if (result.referrals) shopify.toast.show(t("referrals.settings.saved"));
  }, [result, idle, saved, shopify, t]);

  const send = (intent: string, fields: Record<string, string> = {}) =>
    submit({ intent, settings: JSON.stringify(fromDraft(draft, loaded)), ...fields }, { method: "post" });

  const answer = result?.ok ? result : undefined;
  const tierMoves = answer?.saved?.status === "confirm_tier_change" && dirty ? answer.saved.moves : null;
  const live = settings.status === "live";

  return (
    <Page
      title={t("program.title")}
      titleMetadata={<Badge tone={live ? "success" : "attention"}>{t(`program.status.${settings.status}`)}</Badge>}
      secondaryActions={[
        // Launch and pause are on Home, with the guided setup and a confirmation of what shoppers will see.
        { content: settings.status === "draft" ? t("program.launch") : live ? t("program.pause") : t("program.resume"), url: "/app" },
      ]}
    >
      <UnsavedChangesGuard dirty={dirty} saving={submitting === "save"} onSave={() => send("save")} onDiscard={() => setDraft(saved)} />
      <Layout>
        <ProgramBanners failure={programFailure} warnings={warnings} tierMoves={tierMoves} confirmTierChange={() => send("save", { confirm: "1" })} />
        <EarningSection draft={draft} update={update} error={error} currency={currency} />
        <PointValueSection draft={draft} update={update} error={error} currency={currency} pointWorth={pointWorth} />
        <TiersSection
          draft={draft}
          update={update}
          error={error}
          currency={currency}
          members={members}
          saved={{ basis: settings.tierProgram.basis, countsManualCredits: settings.tierCountsManualCredits }}
        />
        <LifecycleSection draft={draft} update={update} error={error} />
        <SegmentsSection draft={draft} update={update} />
        <EngagementSection settings={loaded.engagement} />
        <CashbackSection saved={loaded.cashback} fieldErrors={failure?.fieldErrors ?? {}} />
        <SimulatorSection
          simulate={(days) => send("simulate", { days })}
          busy={submitting === "simulate"}
          error={error}
          simulation={answer?.simulation}
          currency={currency}
        />
        <ReferralsSection key={JSON.stringify(loaded.referrals)} settings={loaded.referrals} error={error} busy={submitting === "referrals"} />
        <Layout.AnnotatedSection title={t("program.rewards.title")} description={t("program.rewards.description")}>
          <RewardsCatalog rewards={rewards} currency={currency} pointWorth={pointWorth} />
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
