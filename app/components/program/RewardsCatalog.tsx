import { useActionData, useNavigation, useSubmit } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Box, Button, Card, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { useAdminText } from "~/i18n/admin-text";
import type { FieldErrorCodes } from "~/loyalty/field-error-codes";
import { currencyExponent, minorToDecimalString, toMinorUnits } from "~/loyalty/money";
import { useFieldErrorTexts } from "./field-errors";
import { describeRewardTerms } from "../rewards/reward-description";
import { useProgramFormat } from "./format";
import { RewardKindFields, type KindDraft } from "./RewardKindFields";

export interface CatalogReward {
  id: string;
  name: string;
  kind: string;
  pointsCost: number;
  amountMinor: number | null;
  percentBasisPoints: number | null;
  minimumOrderMinor: number | null;
  expiryDays: number;
  active: boolean;
  archivedAt: string | null;
  redemptions: number;
  /** More than 5× the program's value per point. */
  outlier: boolean;
  sliderMinPoints: number | null;
  sliderMaxPoints: number | null;
  productGid: string | null;
  variantGid: string | null;
  productTitle: string | null;
}

/** What the Program action answers for the catalog's intents. */
type CatalogResult =
  | { ok: false; error: string; code?: string; fieldErrors: Record<string, string>; fieldErrorCodes?: FieldErrorCodes }
  | { ok: true; reward?: { status: "saved" | "duplicate"; id: string; name: string }; archived?: boolean; deleted?: boolean };

interface RewardDraft extends KindDraft {
  id: string | null;
  /** One per opened form: the server creates one reward per key, so a double submit creates one. */
  clientKey: string;
  name: string;
  kind: string;
  pointsCost: string;
  amount: string;
  percent: string;
  minimum: string;
  expiryDays: string;
  active: boolean;
}

function newClientKey(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

const empty = (): RewardDraft => ({
  id: null,
  clientKey: newClientKey(),
  name: "",
  kind: "fixed_amount",
  pointsCost: "",
  amount: "",
  percent: "",
  minimum: "",
  expiryDays: "30",
  active: true,
  sliderMin: "",
  sliderMax: "",
  productGid: null,
  variantGid: null,
  productTitle: null,
});

function asNumber(text: string): number | string {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : text;
}

/** Money typed by the merchant ("5", "5.00") in minor units; left as text when unreadable so the server names it. */
function asMinor(text: string, currency: string): number | string | null {
  if (text.trim() === "") return null;
  try {
    return toMinorUnits(text.trim(), currency);
  } catch {
    return text;
  }
}

function toDraft(reward: CatalogReward, currency: string): RewardDraft {
  const decimals = (minor: number | null) => (minor === null ? "" : minorToDecimalString(minor, currencyExponent(currency)));
  return {
    id: reward.id,
    clientKey: newClientKey(),
    name: reward.name,
    kind: reward.kind,
    pointsCost: String(reward.pointsCost),
    amount: decimals(reward.amountMinor),
    percent: reward.percentBasisPoints === null ? "" : String(reward.percentBasisPoints / 100),
    minimum: decimals(reward.minimumOrderMinor),
    expiryDays: String(reward.expiryDays),
    active: reward.active,
    sliderMin: reward.sliderMinPoints === null ? "" : String(reward.sliderMinPoints),
    sliderMax: reward.sliderMaxPoints === null ? "" : String(reward.sliderMaxPoints),
    productGid: reward.productGid,
    variantGid: reward.variantGid,
    productTitle: reward.productTitle,
  };
}

export function RewardsCatalog({ rewards, currency, pointWorth }: { rewards: CatalogReward[]; currency: string; pointWorth: string | null }) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const { t, formatLocale } = useAdminText();
  const format = useProgramFormat(currency);
  const result = useActionData() as CatalogResult | undefined;
  const [draft, setDraft] = useState<RewardDraft | null>(null);
  const handled = useRef<CatalogResult | undefined>(undefined);
  const update = (patch: Partial<RewardDraft>) => setDraft((current) => (current ? { ...current, ...patch } : current));
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent")?.toString().endsWith("reward") === true;

  // A saved reward: say so and start over with a fresh form (and key). Runs once per answer.
  useEffect(() => {
    if (!result || handled.current === result) return;
    handled.current = result;
    if (!result.ok) return;
    if (result.reward) {
      shopify.toast.show(t(result.reward.status === "duplicate" ? "program.rewards.alreadySaved" : "program.rewards.saved", { name: result.reward.name }));
      setDraft(null);
    } else if (result.archived) shopify.toast.show(t("program.rewards.archivedToast"));
    else if (result.deleted) shopify.toast.show(t("program.rewards.deletedToast"));
  }, [result, shopify, t]);

  const failure = result && !result.ok ? result : undefined;
  const fieldErrors = failure?.fieldErrors ?? {};
  const errorTexts = useFieldErrorTexts(failure);
  const error = (field: string) => errorTexts.error(`reward.${field}`);
  const needsConfirm = result && !result.ok && result.code === "CONFIRMATION_REQUIRED" && draft !== null ? error("amountMinor") : undefined;
  const catalogError = result && !result.ok && Object.keys(fieldErrors).length === 0 && result.code !== "INVALID_INPUT" ? errorTexts.message() : undefined;

  const save = (confirm = false) => {
    if (!draft) return;
    const percent = Number(draft.percent);
    const reward = {
      name: draft.name,
      kind: draft.kind,
      pointsCost: asNumber(draft.pointsCost),
      amountMinor: draft.kind === "fixed_amount" || draft.kind === "points_slider" || draft.kind === "store_credit" ? asMinor(draft.amount, currency) : null,
      percentBasisPoints: draft.kind === "percentage" ? (Number.isFinite(percent) && draft.percent.trim() !== "" ? Math.round(percent * 100) : draft.percent) : null,
      minimumOrderMinor: asMinor(draft.minimum, currency),
      expiryDays: asNumber(draft.expiryDays),
      active: draft.active,
      sliderMinPoints: draft.kind === "points_slider" && draft.sliderMin.trim() !== "" ? asNumber(draft.sliderMin) : null,
      sliderMaxPoints: draft.kind === "points_slider" && draft.sliderMax.trim() !== "" ? asNumber(draft.sliderMax) : null,
      productGid: draft.kind === "free_product" ? draft.productGid : null,
      variantGid: draft.kind === "free_product" ? draft.variantGid : null,
      productTitle: draft.kind === "free_product" ? draft.productTitle : null,
    };
    submit(
      { intent: "reward", rewardId: draft.id ?? "", clientKey: draft.clientKey, reward: JSON.stringify(reward), ...(confirm ? { confirm: "1" } : {}) },
      { method: "post" },
    );
  };

  const summary = (reward: CatalogReward) => {
    const worth = format.rewardWorth(reward);
    const parts = [
      t("program.rewards.pointsCost", { count: reward.pointsCost, points: format.number(reward.pointsCost) }),
      describeRewardTerms(reward, t, formatLocale, currency),
      t("program.rewards.validity", { count: reward.expiryDays, days: format.number(reward.expiryDays) }),
      worth
        ? pointWorth
          ? t("program.rewards.perPointVsProgram", { worth, program: pointWorth })
          : t("program.rewards.perPoint", { worth })
        : t("program.rewards.noFixedValue"),
    ];
    return parts.join(" · ");
  };

  const shown = rewards.filter((reward) => reward.archivedAt === null);
  const archived = rewards.filter((reward) => reward.archivedAt !== null);

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="p" tone="subdued">
          {pointWorth ? t("program.rewards.pointValue", { worth: pointWorth }) : t("program.rewards.noPointValue")} {t("program.rewards.explainer")}
        </Text>
        {catalogError ? (
          <Banner tone="critical">
            <p>{catalogError}</p>
          </Banner>
        ) : null}
        {shown.map((reward) => (
          <InlineStack key={reward.id} align="space-between" blockAlign="center" wrap={false} gap="200">
            <BlockStack gap="050">
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" fontWeight="semibold">
                  {reward.name}
                </Text>
                {reward.active ? null : <Badge>{t("program.rewards.inactive")}</Badge>}
                {reward.outlier ? <Badge tone="warning">{t("program.rewards.outlier")}</Badge> : null}
              </InlineStack>
              <Text as="span" tone="subdued">
                {summary(reward)}
              </Text>
            </BlockStack>
            <InlineStack gap="200" wrap={false}>
              <Button variant="plain" onClick={() => setDraft(toDraft(reward, currency))}>
                {t("program.rewards.edit")}
              </Button>
              <Button variant="plain" onClick={() => submit({ intent: "archive-reward", rewardId: reward.id }, { method: "post" })}>
                {t("program.rewards.archive")}
              </Button>
              {reward.redemptions === 0 ? (
                <Button variant="plain" tone="critical" onClick={() => submit({ intent: "delete-reward", rewardId: reward.id }, { method: "post" })}>
                  {t("program.rewards.delete")}
                </Button>
              ) : null}
            </InlineStack>
          </InlineStack>
        ))}
        {archived.length > 0 ? (
          <Text as="p" tone="subdued">
            {t("program.rewards.archived", {
              count: archived.reduce((sum, r) => sum + r.redemptions, 0),
              redemptions: format.number(archived.reduce((sum, r) => sum + r.redemptions, 0)),
              names: archived.map((reward) => reward.name).join(", "),
            })}
          </Text>
        ) : null}
        {draft ? (
          <Box paddingBlockStart="200">
            <FormLayout>
              <TextField label={t("program.rewards.name")} value={draft.name} onChange={(name) => update({ name })} error={error("name")} autoComplete="off" />
              <Select
                label={t("program.rewards.kind")}
                value={draft.kind}
                onChange={(kind) => update({ kind })}
                error={error("kind")}
                options={[
                  { label: t("program.rewards.kindAmount"), value: "fixed_amount" },
                  { label: t("program.rewards.kindPercentage"), value: "percentage" },
                  { label: t("program.rewards.freeShipping"), value: "free_shipping" },
                  { label: t("program.rewards.kindSlider"), value: "points_slider" },
                  { label: t("program.rewards.kindFreeProduct"), value: "free_product" },
                  { label: t("program.rewards.kindStoreCredit"), value: "store_credit" },
                ]}
              />
              <TextField
                label={draft.kind === "points_slider" ? t("program.rewards.stepCost") : t("program.rewards.cost")}
                value={draft.pointsCost}
                onChange={(pointsCost) => update({ pointsCost })}
                error={error("pointsCost")}
                autoComplete="off"
              />
              {draft.kind === "fixed_amount" || draft.kind === "points_slider" || draft.kind === "store_credit" ? (
                <TextField
                  label={draft.kind === "points_slider" ? t("program.rewards.stepAmount", { currency }) : t("program.rewards.amount", { currency })}
                  value={draft.amount}
                  onChange={(amount) => update({ amount })}
                  error={needsConfirm ? undefined : error("amountMinor")}
                  autoComplete="off"
                />
              ) : null}
              {draft.kind === "percentage" ? (
                <TextField label={t("program.rewards.percentage")} value={draft.percent} onChange={(percent) => update({ percent })} error={error("percentBasisPoints")} autoComplete="off" />
              ) : null}
              <RewardKindFields draft={draft} update={update} error={error} />
              <TextField
                label={t("program.rewards.minimum", { currency })}
                value={draft.minimum}
                onChange={(minimum) => update({ minimum })}
                error={error("minimumOrderMinor")}
                autoComplete="off"
              />
              <TextField label={t("program.rewards.codeValidity")} value={draft.expiryDays} onChange={(expiryDays) => update({ expiryDays })} error={error("expiryDays")} autoComplete="off" />
              <Select
                label={t("program.rewards.status")}
                value={draft.active ? "active" : "inactive"}
                onChange={(value) => update({ active: value === "active" })}
                options={[
                  { label: t("program.rewards.active"), value: "active" },
                  { label: t("program.rewards.inactive"), value: "inactive" },
                ]}
              />
              {needsConfirm ? (
                <Banner tone="warning" title={t("program.rewards.confirmTitle")} action={{ content: t("program.rewards.saveAnyway"), onAction: () => save(true) }}>
                  <p>{needsConfirm}</p>
                </Banner>
              ) : null}
              <InlineStack gap="200">
                <Button variant="primary" loading={busy} onClick={() => save()}>
                  {t("program.rewards.save")}
                </Button>
                <Button onClick={() => setDraft(null)}>{t("program.rewards.cancel")}</Button>
              </InlineStack>
            </FormLayout>
          </Box>
        ) : (
          <InlineStack>
            <Button onClick={() => setDraft(empty())}>{t("program.rewards.add")}</Button>
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}
