import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import prisma from "~/db.server";
import { answerAction, jsonField, type ActionFailure } from "~/http/action-result.server";
import { LoyaltyError } from "~/loyalty/errors";
import { formatMilli, parseMilli } from "~/loyalty/money";
import { parsePointValue } from "~/loyalty/point-value";
import type { ProgramSettings } from "~/loyalty/program";
import {
  archiveReward,
  deleteReward,
  getProgramEditor,
  saveProgram,
  saveReward,
  simulateProgram,
} from "~/loyalty/server/program-admin.server";
import { launchProgram, pauseProgram } from "~/loyalty/server/launch.server";
import { getShopPointValue } from "~/loyalty/server/point-value.server";
import type { SimulationTotals, TierMove } from "~/loyalty/simulator";
import { requireAdmin } from "~/shopify/admin-auth.server";
import { RewardsCatalog } from "~/components/program/RewardsCatalog";
import { SimulationResult } from "~/components/program/SimulationResult";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  return getProgramEditor(prisma, session.shop);
};

const intentSchema = z.enum(["save", "simulate", "status", "reward", "archive-reward", "delete-reward"]);

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
    if (!intent.success) throw new LoyaltyError("INVALID_INPUT", "Unknown action", { fieldErrors: { intent: "Unknown action" } });
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
        if (!status.success) throw new LoyaltyError("INVALID_INPUT", "Choose live or paused", { fieldErrors: { status: "Choose live or paused" } });
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
    }
  });
};

type ActionData =
  | ActionFailure
  | { ok: true; saved?: { status: "saved" } | { status: "confirm_tier_change"; moves: TierMove[] }; simulation?: SimulationTotals & { days: number } };

/** The form keeps decimals as text (rates "1.5", multipliers "1.25") and converts them exactly on submit. */
interface TierDraft {
  id: string;
  name: string;
  threshold: string;
  multiplier: string;
}

interface Draft {
  baseRate: string;
  includeShipping: boolean;
  includeTax: boolean;
  signupBonus: string;
  maxPointsPerOrder: string;
  productTypeRates: { productType: string; rate: string }[];
  collectionRates: { collectionGid: string; title: string; rate: string }[];
  vestingDays: string;
  expiryDays: string;
  refundPolicy: ProgramSettings["refundPolicy"];
  returnExpiredCodes: boolean;
  tierBasis: ProgramSettings["tierProgram"]["basis"];
  tierWindow: ProgramSettings["tierProgram"]["window"];
  tiers: TierDraft[];
  /** Money per point as typed; the stored fraction is sent unchanged while the text is as loaded. */
  pointValue: string;
  tierCountsManualCredits: boolean;
}

function toDraft(settings: ProgramSettings, pointValueText: string): Draft {
  return {
    pointValue: pointValueText,
    tierCountsManualCredits: settings.tierCountsManualCredits,
    baseRate: formatMilli(settings.baseRateMilli),
    includeShipping: settings.includeShipping,
    includeTax: settings.includeTax,
    signupBonus: String(settings.signupBonusPoints),
    maxPointsPerOrder: String(settings.maxPointsPerOrder),
    productTypeRates: settings.productTypeRates.map((rate) => ({ productType: rate.productType, rate: formatMilli(rate.rateMilli) })),
    collectionRates: settings.collectionRates.map((rate) => ({ collectionGid: rate.collectionGid, title: rate.title, rate: formatMilli(rate.rateMilli) })),
    vestingDays: String(settings.vestingDays),
    expiryDays: settings.expiryDays === null ? "" : String(settings.expiryDays),
    refundPolicy: settings.refundPolicy,
    returnExpiredCodes: settings.returnExpiredCodes,
    tierBasis: settings.tierProgram.basis,
    tierWindow: settings.tierProgram.window,
    tiers: settings.tierProgram.tiers.map((tier) => ({
      id: tier.id,
      name: tier.name,
      threshold: String(tier.threshold),
      multiplier: formatMilli(tier.multiplierMilli),
    })),
  };
}

/** Text the server cannot read as a number is sent as-is, so the server's validation names the field. */
function number(text: string): number | string {
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
}

function milli(text: string): number | string {
  return parseMilli(text) ?? text;
}

interface Loaded {
  settings: ProgramSettings;
  pointValueText: string;
  currency: string;
}

function pointValueOf(draft: Draft, loaded: Loaded): unknown {
  const text = draft.pointValue.trim();
  if (text === loaded.pointValueText) return loaded.settings.pointValue;
  if (text === "") return null;
  // Unreadable text goes as-is, so the server's message names the field.
  return parsePointValue(text, loaded.currency) ?? text;
}

function fromDraft(draft: Draft, loaded: Loaded): unknown {
  const status = loaded.settings.status;
  return {
    pointValue: pointValueOf(draft, loaded),
    tierCountsManualCredits: draft.tierCountsManualCredits,
    baseRateMilli: milli(draft.baseRate),
    includeShipping: draft.includeShipping,
    includeTax: draft.includeTax,
    signupBonusPoints: number(draft.signupBonus),
    maxPointsPerOrder: number(draft.maxPointsPerOrder),
    productTypeRates: draft.productTypeRates.map((rate) => ({ productType: rate.productType, rateMilli: milli(rate.rate) })),
    collectionRates: draft.collectionRates.map((rate) => ({ collectionGid: rate.collectionGid, title: rate.title, rateMilli: milli(rate.rate) })),
    vestingDays: number(draft.vestingDays),
    expiryDays: draft.expiryDays.trim() === "" ? null : number(draft.expiryDays),
    refundPolicy: draft.refundPolicy,
    returnExpiredCodes: draft.returnExpiredCodes,
    tierProgram: {
      basis: draft.tierBasis,
      window: draft.tierWindow,
      tiers: draft.tiers.map((tier) => ({ id: tier.id, name: tier.name, threshold: number(tier.threshold), multiplierMilli: milli(tier.multiplier) })),
    },
    status,
  };
}

export default function ProgramPage() {
  const loaded = useLoaderData<typeof loader>();
  const { settings, rewards, currency, members, warnings, tierMetric, pointValueText, pointWorth } = loaded;
  const result = useActionData<typeof action>() as ActionData | undefined;
  const submit = useSubmit();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const [draft, setDraft] = useState<Draft>(() => toDraft(settings, pointValueText));
  const [days, setDays] = useState("30");
  const busy = navigation.state !== "idle";
  const errors = result && !result.ok ? result.fieldErrors : {};
  // Reward errors are keyed "reward.*" and shown by the catalog: they never mark a program field.
  const error = (path: string) => errors[path];
  const programFailure = result && !result.ok && !Object.keys(result.fieldErrors).some((key) => key.startsWith("reward.")) && result.code !== "CONFIRMATION_REQUIRED";

  // Focus the first field in error after a refused save, as Polaris forms do.
  useEffect(() => {
    if (!result || result.ok) return;
    const first = document.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
  }, [result]);
  const update = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));

  const send = (intent: string, fields: Record<string, string> = {}) =>
    submit({ intent, settings: JSON.stringify(fromDraft(draft, loaded)), ...fields }, { method: "post" });

  const pickCollections = async () => {
    const picked = await shopify.resourcePicker({ type: "collection", multiple: true, action: "select" });
    if (!picked) return;
    const known = new Set(draft.collectionRates.map((rate) => rate.collectionGid));
    const added = picked.filter((item) => !known.has(item.id)).map((item) => ({ collectionGid: item.id, title: String(item.title ?? item.id), rate: draft.baseRate }));
    update({ collectionRates: [...draft.collectionRates, ...added] });
  };

  const saved = result?.ok ? result.saved : undefined;
  const simulation = result?.ok ? result.simulation : undefined;
  const live = settings.status === "live";

  return (
    <Page
      title="Program"
      titleMetadata={<Badge tone={live ? "success" : "attention"}>{settings.status}</Badge>}
      primaryAction={{ content: "Save", loading: busy, onAction: () => send("save") }}
      secondaryActions={[
        // Launch and pause are on Home, with the guided setup and a confirmation of what shoppers will see.
        { content: settings.status === "draft" ? "Set up and launch" : live ? "Pause program" : "Resume program", url: "/app" },
      ]}
    >
      <Layout>
        {programFailure ? (
          <Layout.Section>
            <Banner tone="critical" title="Nothing was saved">
              <p>{result.error.replace(/^Nothing was saved\. /, "")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {warnings.map((warning) => (
          <Layout.Section key={warning}>
            <Banner tone="warning">
              <p>{warning}</p>
            </Banner>
          </Layout.Section>
        ))}
        {saved?.status === "saved" ? (
          <Layout.Section>
            <Banner tone="success" title="Program saved" />
          </Layout.Section>
        ) : null}
        {saved?.status === "confirm_tier_change" ? (
          <Layout.Section>
            <Banner
              tone="warning"
              title="These members would change tier"
              action={{ content: "Save and move members", onAction: () => send("save", { confirm: "1" }) }}
            >
              <BlockStack gap="100">
                {saved.moves.length === 0 ? <p>No member changes tier.</p> : null}
                {saved.moves.map((move) => (
                  <p key={`${move.from}-${move.to}`}>
                    {move.members} member{move.members === 1 ? "" : "s"}: {move.from ?? "no tier"} → {move.to ?? "no tier"}
                  </p>
                ))}
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}

        <Layout.AnnotatedSection title="Earning" description={`Points per ${currency} 1 spent after discounts. Product-type rates override collection rates, which override the base rate.`}>
          <Card>
            <FormLayout>
              <TextField label={`Points per ${currency} 1`} value={draft.baseRate} onChange={(baseRate) => update({ baseRate })} error={error("baseRateMilli")} autoComplete="off" />
              <Checkbox label="Earn on shipping" checked={draft.includeShipping} onChange={(includeShipping) => update({ includeShipping })} />
              <Checkbox label="Earn on tax" checked={draft.includeTax} onChange={(includeTax) => update({ includeTax })} />
              <TextField label="Signup bonus (points)" value={draft.signupBonus} onChange={(signupBonus) => update({ signupBonus })} error={error("signupBonusPoints")} autoComplete="off" />
              <TextField label="Most points one order can earn" value={draft.maxPointsPerOrder} onChange={(maxPointsPerOrder) => update({ maxPointsPerOrder })} error={error("maxPointsPerOrder")}
                helpText="A larger award is capped at this, and the member's activity says so." autoComplete="off" />
              <Text as="h3" variant="headingSm">Product type rates</Text>
              {draft.productTypeRates.map((rate, index) => (
                <InlineStack key={index} gap="200" blockAlign="end">
                  <TextField label="Product type" value={rate.productType} error={error(`productTypeRates.${index}.productType`)} autoComplete="off"
                    onChange={(productType) => update({ productTypeRates: draft.productTypeRates.map((r, i) => (i === index ? { ...r, productType } : r)) })} />
                  <TextField label={`Points per ${currency} 1`} value={rate.rate} error={error(`productTypeRates.${index}.rateMilli`)} autoComplete="off"
                    onChange={(value) => update({ productTypeRates: draft.productTypeRates.map((r, i) => (i === index ? { ...r, rate: value } : r)) })} />
                  <Button tone="critical" variant="plain" onClick={() => update({ productTypeRates: draft.productTypeRates.filter((_, i) => i !== index) })}>Remove</Button>
                </InlineStack>
              ))}
              <Button onClick={() => update({ productTypeRates: [...draft.productTypeRates, { productType: "", rate: draft.baseRate }] })}>Add product type rate</Button>
              <Text as="h3" variant="headingSm">Collection rates</Text>
              {draft.collectionRates.map((rate, index) => (
                <InlineStack key={rate.collectionGid} gap="200" blockAlign="end">
                  <Text as="span">{rate.title}</Text>
                  <TextField label={`Points per ${currency} 1`} value={rate.rate} error={error(`collectionRates.${index}.rateMilli`)} autoComplete="off"
                    onChange={(value) => update({ collectionRates: draft.collectionRates.map((r, i) => (i === index ? { ...r, rate: value } : r)) })} />
                  <Button tone="critical" variant="plain" onClick={() => update({ collectionRates: draft.collectionRates.filter((_, i) => i !== index) })}>Remove</Button>
                </InlineStack>
              ))}
              <Button onClick={pickCollections}>Add collections</Button>
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection
          title="Point value"
          description="What one point is worth to you. Home and Reports value outstanding points (your liability) with it, the simulator prices changes with it, and rewards are compared with it. Shoppers never see it, and changing it changes no one's points."
        >
          <Card>
            <FormLayout>
              <TextField
                label={`Value of 1 point (${currency})`}
                value={draft.pointValue}
                onChange={(pointValue) => update({ pointValue })}
                error={error("pointValue") ?? error("pointValue.minorUnits") ?? error("pointValue.points")}
                helpText={pointWorth ? `Now 1 point = ${pointWorth}. A reward of $5 off for 500 points gives 0.01 a point.` : "Not set: figures assume 1 minor unit a point until you set it."}
                autoComplete="off"
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection title="Tiers" description={`${members} members. Tiers are re-evaluated on every points change; a higher tier's multiplier applies to later orders. ${tierMetric}`}>
          <Card>
            <FormLayout>
              <FormLayout.Group>
                <Select label="Based on" value={draft.tierBasis} onChange={(value) => update({ tierBasis: value as Draft["tierBasis"] })}
                  options={[{ label: "Points earned", value: "points" }, { label: `Amount spent (${currency})`, value: "spend" }]} />
                <Select label="Counted over" value={draft.tierWindow} onChange={(value) => update({ tierWindow: value as Draft["tierWindow"] })}
                  options={[{ label: "Lifetime", value: "lifetime" }, { label: "Calendar year", value: "calendarYear" }, { label: "Rolling 12 months", value: "rolling12Months" }]} />
              </FormLayout.Group>
              <Checkbox
                label="Manual credits and debits count toward tiers"
                checked={draft.tierCountsManualCredits}
                onChange={(tierCountsManualCredits) => update({ tierCountsManualCredits })}
                helpText={
                  draft.tierCountsManualCredits
                    ? "On: points you add or remove by hand on a member's page move them toward or away from a tier. Takes effect at each member's next points change."
                    : "Off (the default): points you add by hand count in the balance and lifetime earned, not toward tiers."
                }
              />
              {draft.tiers.map((tier, index) => (
                <InlineStack key={tier.id} gap="200" blockAlign="end">
                  <TextField label="Name" value={tier.name} error={error(`tierProgram.tiers.${index}.name`)} autoComplete="off"
                    onChange={(name) => update({ tiers: draft.tiers.map((t, i) => (i === index ? { ...t, name } : t)) })} />
                  <TextField label={draft.tierBasis === "points" ? "From (points)" : "From (minor units)"} value={tier.threshold} error={error(`tierProgram.tiers.${index}.threshold`)} autoComplete="off"
                    onChange={(threshold) => update({ tiers: draft.tiers.map((t, i) => (i === index ? { ...t, threshold } : t)) })} />
                  <TextField label="Multiplier" value={tier.multiplier} error={error(`tierProgram.tiers.${index}.multiplierMilli`)} autoComplete="off"
                    onChange={(multiplier) => update({ tiers: draft.tiers.map((t, i) => (i === index ? { ...t, multiplier } : t)) })} />
                  <Button tone="critical" variant="plain" onClick={() => update({ tiers: draft.tiers.filter((_, i) => i !== index) })}>Remove</Button>
                </InlineStack>
              ))}
              <Button onClick={() => update({ tiers: [...draft.tiers, { id: `tier-${Date.now()}`, name: "", threshold: "", multiplier: "1" }] })}>Add tier</Button>
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection title="Points lifecycle" description="Vesting keeps points pending through your return window; refunds claw points back by the rule that awarded them.">
          <Card>
            <FormLayout>
              <TextField label="Pending for (days after payment)" value={draft.vestingDays} onChange={(vestingDays) => update({ vestingDays })} error={error("vestingDays")} autoComplete="off" />
              <TextField label="Points expire after (days, empty = never)" value={draft.expiryDays} onChange={(expiryDays) => update({ expiryDays })} error={error("expiryDays")} autoComplete="off" />
              <Select label="When a refund takes back more points than the balance" value={draft.refundPolicy}
                onChange={(value) => update({ refundPolicy: value as Draft["refundPolicy"] })}
                options={[{ label: "Stop at zero", value: "clampAtZero" }, { label: "Allow a negative balance", value: "allowNegative" }]} />
              <Checkbox label="Return points when a redeemed code expires unused" checked={draft.returnExpiredCodes} onChange={(returnExpiredCodes) => update({ returnExpiredCodes })} />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection title="Rule simulator" description="Replays recent orders under the settings above, before you save.">
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="end">
                <TextField label="Replay the last (days)" value={days} onChange={setDays} error={error("days")} autoComplete="off" />
                <Button loading={busy} onClick={() => send("simulate", { days })}>Simulate</Button>
              </InlineStack>
              {simulation ? <SimulationResult simulation={simulation} currency={currency} /> : null}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection title="Rewards" description="What shoppers can redeem points for in the storefront block.">
          <RewardsCatalog rewards={rewards} currency={currency} pointWorth={pointWorth} />
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
