import { useSubmit } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
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
  description: string;
}

interface RewardDraft {
  id: string | null;
  name: string;
  kind: string;
  pointsCost: string;
  amount: string;
  percent: string;
  minimum: string;
  expiryDays: string;
  active: boolean;
}

const EMPTY: RewardDraft = { id: null, name: "", kind: "fixed_amount", pointsCost: "", amount: "", percent: "", minimum: "", expiryDays: "30", active: true };

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

export function RewardsCatalog({ rewards, currency, fieldErrors }: { rewards: CatalogReward[]; currency: string; fieldErrors: Record<string, string> }) {
  const submit = useSubmit();
  const [draft, setDraft] = useState<RewardDraft | null>(null);
  const update = (patch: Partial<RewardDraft>) => setDraft((current) => (current ? { ...current, ...patch } : current));

  const save = () => {
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
    submit({ intent: "reward", rewardId: draft.id ?? "", reward: JSON.stringify(reward) }, { method: "post" });
  };

  return (
    <Card>
      <BlockStack gap="300">
        {rewards.map((reward) => (
          <InlineStack key={reward.id} align="space-between" blockAlign="center">
            <BlockStack gap="050">
              <Text as="span" fontWeight="semibold">
                {reward.name} {reward.active ? null : <Badge>Inactive</Badge>}
              </Text>
              <Text as="span" tone="subdued">
                {reward.pointsCost} points · {reward.description} · code valid {reward.expiryDays} days
              </Text>
            </BlockStack>
            <Button variant="plain" onClick={() => setDraft(toDraft(reward, currency))}>
              Edit
            </Button>
          </InlineStack>
        ))}
        {draft ? (
          <FormLayout>
            <TextField label="Name" value={draft.name} onChange={(name) => update({ name })} error={fieldErrors.name} autoComplete="off" />
            <Select
              label="Reward"
              value={draft.kind}
              onChange={(kind) => update({ kind })}
              options={[
                { label: "Amount off", value: "fixed_amount" },
                { label: "Percentage off", value: "percentage" },
                { label: "Free shipping", value: "free_shipping" },
              ]}
            />
            <TextField label="Cost (points)" value={draft.pointsCost} onChange={(pointsCost) => update({ pointsCost })} error={fieldErrors.pointsCost} autoComplete="off" />
            {draft.kind === "fixed_amount" ? (
              <TextField label={`Amount (${currency})`} value={draft.amount} onChange={(amount) => update({ amount })} error={fieldErrors.amountMinor} autoComplete="off" />
            ) : null}
            {draft.kind === "percentage" ? (
              <TextField label="Percentage" value={draft.percent} onChange={(percent) => update({ percent })} error={fieldErrors.percentBasisPoints} autoComplete="off" />
            ) : null}
            <TextField label={`Minimum order (${currency}, optional)`} value={draft.minimum} onChange={(minimum) => update({ minimum })} error={fieldErrors.minimumOrderMinor} autoComplete="off" />
            <TextField label="Code valid for (days)" value={draft.expiryDays} onChange={(expiryDays) => update({ expiryDays })} error={fieldErrors.expiryDays} autoComplete="off" />
            <Select
              label="Status"
              value={draft.active ? "active" : "inactive"}
              onChange={(value) => update({ active: value === "active" })}
              options={[
                { label: "Active", value: "active" },
                { label: "Inactive", value: "inactive" },
              ]}
            />
            <InlineStack gap="200">
              <Button variant="primary" onClick={save}>
                Save reward
              </Button>
              <Button onClick={() => setDraft(null)}>Cancel</Button>
            </InlineStack>
          </FormLayout>
        ) : (
          <Button onClick={() => setDraft({ ...EMPTY })}>Add reward</Button>
        )}
      </BlockStack>
    </Card>
  );
}
