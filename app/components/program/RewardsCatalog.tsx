import { useActionData, useNavigation, useSubmit } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Box, Button, Card, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { currencyExponent, minorToDecimalString, toMinorUnits } from "~/loyalty/money";

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
  description: string;
  /** "$0.01" for a fixed amount; null when the reward has no fixed value per point. */
  valuePerPoint: string | null;
  /** More than 5× the program's value per point. */
  outlier: boolean;
}

/** What the Program action answers for the catalog's intents. */
type CatalogResult =
  | { ok: false; error: string; code?: string; fieldErrors: Record<string, string> }
  | { ok: true; reward?: { status: "saved" | "duplicate"; id: string; name: string }; archived?: boolean; deleted?: boolean };

interface RewardDraft {
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
  };
}

export function RewardsCatalog({ rewards, currency, pointWorth }: { rewards: CatalogReward[]; currency: string; pointWorth: string | null }) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const shopify = useAppBridge();
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
      shopify.toast.show(result.reward.status === "duplicate" ? `“${result.reward.name}” was already saved` : `Reward “${result.reward.name}” saved`);
      setDraft(null);
    } else if (result.archived) shopify.toast.show("Reward archived: shoppers no longer see it");
    else if (result.deleted) shopify.toast.show("Reward deleted");
  }, [result, shopify]);

  const fieldErrors = result && !result.ok ? result.fieldErrors : {};
  const error = (field: string) => fieldErrors[`reward.${field}`];
  const needsConfirm = result && !result.ok && result.code === "CONFIRMATION_REQUIRED" && draft !== null ? error("amountMinor") : undefined;
  const catalogError = result && !result.ok && Object.keys(fieldErrors).length === 0 && result.code !== "INVALID_INPUT" ? result.error : undefined;

  const save = (confirm = false) => {
    if (!draft) return;
    const percent = Number(draft.percent);
    const reward = {
      name: draft.name,
      kind: draft.kind,
      pointsCost: asNumber(draft.pointsCost),
      amountMinor: draft.kind === "fixed_amount" ? asMinor(draft.amount, currency) : null,
      percentBasisPoints: draft.kind === "percentage" ? (Number.isFinite(percent) && draft.percent.trim() !== "" ? Math.round(percent * 100) : draft.percent) : null,
      minimumOrderMinor: asMinor(draft.minimum, currency),
      expiryDays: asNumber(draft.expiryDays),
      active: draft.active,
    };
    submit(
      { intent: "reward", rewardId: draft.id ?? "", clientKey: draft.clientKey, reward: JSON.stringify(reward), ...(confirm ? { confirm: "1" } : {}) },
      { method: "post" },
    );
  };

  const shown = rewards.filter((reward) => reward.archivedAt === null);
  const archived = rewards.filter((reward) => reward.archivedAt !== null);

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="p" tone="subdued">
          {pointWorth ? `Your point value: 1 point = ${pointWorth}. ` : "Set a point value above to compare rewards. "}
          Each amount-off reward shows what it gives per point; one above 5× your point value needs a confirmation.
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
                {reward.active ? null : <Badge>Inactive</Badge>}
                {reward.outlier ? <Badge tone="warning">Above 5× your point value</Badge> : null}
              </InlineStack>
              <Text as="span" tone="subdued">
                {reward.pointsCost.toLocaleString("en-US")} points · {reward.description} · code valid {reward.expiryDays} days ·{" "}
                {reward.valuePerPoint ? `${reward.valuePerPoint} per point` : "no fixed value per point"}
                {pointWorth && reward.valuePerPoint ? ` (program: ${pointWorth})` : ""}
              </Text>
            </BlockStack>
            <InlineStack gap="200" wrap={false}>
              <Button variant="plain" onClick={() => setDraft(toDraft(reward, currency))}>
                Edit
              </Button>
              <Button variant="plain" onClick={() => submit({ intent: "archive-reward", rewardId: reward.id }, { method: "post" })}>
                Archive
              </Button>
              {reward.redemptions === 0 ? (
                <Button variant="plain" tone="critical" onClick={() => submit({ intent: "delete-reward", rewardId: reward.id }, { method: "post" })}>
                  Delete
                </Button>
              ) : null}
            </InlineStack>
          </InlineStack>
        ))}
        {archived.length > 0 ? (
          <Text as="p" tone="subdued">
            Archived (not offered to shoppers, kept for their {archived.reduce((sum, r) => sum + r.redemptions, 0).toLocaleString("en-US")} redemptions):{" "}
            {archived.map((reward) => reward.name).join(", ")}
          </Text>
        ) : null}
        {draft ? (
          <Box paddingBlockStart="200">
            <FormLayout>
              <TextField label="Name" value={draft.name} onChange={(name) => update({ name })} error={error("name")} autoComplete="off" />
              <Select
                label="Reward"
                value={draft.kind}
                onChange={(kind) => update({ kind })}
                error={error("kind")}
                options={[
                  { label: "Amount off", value: "fixed_amount" },
                  { label: "Percentage off", value: "percentage" },
                  { label: "Free shipping", value: "free_shipping" },
                ]}
              />
              <TextField label="Cost (points)" value={draft.pointsCost} onChange={(pointsCost) => update({ pointsCost })} error={error("pointsCost")} autoComplete="off" />
              {draft.kind === "fixed_amount" ? (
                <TextField
                  label={`Amount (${currency})`}
                  value={draft.amount}
                  onChange={(amount) => update({ amount })}
                  error={needsConfirm ? undefined : error("amountMinor")}
                  autoComplete="off"
                />
              ) : null}
              {draft.kind === "percentage" ? (
                <TextField label="Percentage" value={draft.percent} onChange={(percent) => update({ percent })} error={error("percentBasisPoints")} autoComplete="off" />
              ) : null}
              <TextField
                label={`Minimum order (${currency}, optional)`}
                value={draft.minimum}
                onChange={(minimum) => update({ minimum })}
                error={error("minimumOrderMinor")}
                autoComplete="off"
              />
              <TextField label="Code valid for (days)" value={draft.expiryDays} onChange={(expiryDays) => update({ expiryDays })} error={error("expiryDays")} autoComplete="off" />
              <Select
                label="Status"
                value={draft.active ? "active" : "inactive"}
                onChange={(value) => update({ active: value === "active" })}
                options={[
                  { label: "Active", value: "active" },
                  { label: "Inactive", value: "inactive" },
                ]}
              />
              {needsConfirm ? (
                <Banner tone="warning" title="Confirm this reward" action={{ content: "Save anyway", onAction: () => save(true) }}>
                  <p>{needsConfirm}</p>
                </Banner>
              ) : null}
              <InlineStack gap="200">
                <Button variant="primary" loading={busy} onClick={() => save()}>
                  Save reward
                </Button>
                <Button onClick={() => setDraft(null)}>Cancel</Button>
              </InlineStack>
            </FormLayout>
          </Box>
        ) : (
          <InlineStack>
            <Button onClick={() => setDraft(empty())}>Add reward</Button>
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}
