import { Box, Button, Card, Checkbox, FormLayout, InlineGrid, Layout, Select, TextField } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";
import type { FieldError, ProgramDraft, UpdateDraft } from "./program-draft";

/** The tier basis and window, whether manual credits count, and the tiers with their thresholds and multipliers. */
export function TiersSection({ draft, update, error, currency, members, saved }: {
  draft: ProgramDraft;
  update: UpdateDraft;
  error: FieldError;
  currency: string;
  members: number;
  /** The saved rules, which the metric sentence describes (what members' tiers count today). */
  saved: { basis: ProgramDraft["tierBasis"]; countsManualCredits: boolean };
}) {
  const { t, formatLocale } = useAdminText();
  const metric = saved.basis === "spend" ? "spend" : saved.countsManualCredits ? "pointsWithManual" : "points";
  const description = `${t("program.tiers.description", { count: members, members: new Intl.NumberFormat(formatLocale).format(members) })} ${t(`program.tiers.metric.${metric}`)}`;
  return (
    <Layout.AnnotatedSection title={t("program.tiers.title")} description={description}>
      <Card>
        <FormLayout>
          <FormLayout.Group>
            <Select
              label={t("program.tiers.basis")}
              value={draft.tierBasis}
              onChange={(value) => update({ tierBasis: value as ProgramDraft["tierBasis"] })}
              options={[
                { label: t("program.tiers.basisPoints"), value: "points" },
                { label: t("program.tiers.basisSpend", { currency }), value: "spend" },
              ]}
            />
            <Select
              label={t("program.tiers.window")}
              value={draft.tierWindow}
              onChange={(value) => update({ tierWindow: value as ProgramDraft["tierWindow"] })}
              options={[
                { label: t("program.tiers.lifetime"), value: "lifetime" },
                { label: t("program.tiers.calendarYear"), value: "calendarYear" },
                { label: t("program.tiers.rolling12Months"), value: "rolling12Months" },
              ]}
            />
          </FormLayout.Group>
          <Checkbox
            label={t("program.tiers.manualCredits")}
            checked={draft.tierCountsManualCredits}
            onChange={(tierCountsManualCredits) => update({ tierCountsManualCredits })}
            helpText={draft.tierCountsManualCredits ? t("program.tiers.manualCreditsOn") : t("program.tiers.manualCreditsOff")}
          />
          {draft.tiers.map((tier, index) => (
            // One row per tier at every width the card has: name, where it starts, multiplier, remove.
            <InlineGrid key={tier.id} columns="minmax(0, 2fr) minmax(0, 1fr) minmax(0, 1fr) auto" gap="200" alignItems="end">
              <TextField
                label={t("program.tiers.name")}
                value={tier.name}
                error={error(`tierProgram.tiers.${index}.name`)}
                autoComplete="off"
                onChange={(name) => update({ tiers: draft.tiers.map((item, i) => (i === index ? { ...item, name } : item)) })}
              />
              <TextField
                label={draft.tierBasis === "points" ? t("program.tiers.fromPoints") : t("program.tiers.fromMinorUnits")}
                value={tier.threshold}
                error={error(`tierProgram.tiers.${index}.threshold`)}
                autoComplete="off"
                onChange={(threshold) => update({ tiers: draft.tiers.map((item, i) => (i === index ? { ...item, threshold } : item)) })}
              />
              <TextField
                label={t("program.tiers.multiplier")}
                value={tier.multiplier}
                error={error(`tierProgram.tiers.${index}.multiplierMilli`)}
                autoComplete="off"
                onChange={(multiplier) => update({ tiers: draft.tiers.map((item, i) => (i === index ? { ...item, multiplier } : item)) })}
              />
              <Box paddingBlockEnd="150">
                <Button tone="critical" variant="plain" onClick={() => update({ tiers: draft.tiers.filter((_, i) => i !== index) })}>
                  {t("program.remove")}
                </Button>
              </Box>
            </InlineGrid>
          ))}
          <Button onClick={() => update({ tiers: [...draft.tiers, { id: `tier-${Date.now()}`, name: "", threshold: "", multiplier: "1" }] })}>
            {t("program.tiers.add")}
          </Button>
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}
