/** The merchant's causes: list with what each received, add, edit, archive (one form key per opened form). */
import { useActionData, useNavigation, useSubmit } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Box, Button, Card, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { useAdminText } from "~/i18n/admin-text";
import { useProgramFormat } from "../program/format";

export interface CauseRow {
  id: string;
  name: string;
  description: string;
  pointsPerUnit: number;
  minimumPoints: number;
  multiplePoints: number;
  archivedAt: string | null;
  donations: number;
  donatedPoints: number;
  donatedMinor: number;
}

type CauseResult = { ok: false; error: string; code?: string; fieldErrors: Record<string, string> } | { ok: true; cause?: { name: string }; archived?: boolean };

interface Draft {
  id: string | null;
  clientKey: string;
  name: string;
  description: string;
  pointsPerUnit: string;
  minimumPoints: string;
  multiplePoints: string;
}

const newKey = () => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `k${Date.now().toString(36)}`);
const asNumber = (text: string): number | string => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text);

export function CausesCard({ causes, currency }: { causes: CauseRow[]; currency: string }) {
  const { t } = useAdminText();
  const format = useProgramFormat(currency);
  const submit = useSubmit();
  const shopify = useAppBridge();
  const navigation = useNavigation();
  const result = useActionData() as CauseResult | undefined;
  const handled = useRef<CauseResult | undefined>(undefined);
  const [draft, setDraft] = useState<Draft | null>(null);
  const update = (patch: Partial<Draft>) => setDraft((current) => (current ? { ...current, ...patch } : current));

  useEffect(() => {
    if (!result || handled.current === result) return;
    handled.current = result;
    if (!result.ok) return;
    if (result.cause) {
      shopify.toast.show(t("donations.causes.saved", { name: result.cause.name }));
      setDraft(null);
    } else if (result.archived) shopify.toast.show(t("donations.causes.archivedToast"));
  }, [result, shopify, t]);

  const fieldErrors = result && !result.ok ? result.fieldErrors : {};
  // The server's sentences are English; each field has its own words in the admin's language.
  const error = (field: string) => (fieldErrors[`cause.${field}`] ? t(`donations.errors.${field}`) : undefined);
  const missing = result && !result.ok && result.code === "CAUSE_NOT_FOUND" ? t("donations.errors.missing") : undefined;
  const unit = format.money(unitMinor(currency));

  const save = () => {
    if (!draft) return;
    const cause = {
      name: draft.name,
      description: draft.description,
      pointsPerUnit: asNumber(draft.pointsPerUnit),
      minimumPoints: asNumber(draft.minimumPoints),
      multiplePoints: asNumber(draft.multiplePoints),
    };
    submit({ intent: "cause", causeId: draft.id ?? "", clientKey: draft.clientKey, cause: JSON.stringify(cause) }, { method: "post" });
  };

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("donations.causes.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("donations.causes.description")}
        </Text>
        {missing ? (
          <Text as="p" tone="critical">
            {missing}
          </Text>
        ) : null}
        {causes.length === 0 ? <Text as="p">{t("donations.causes.empty")}</Text> : null}
        {causes.map((cause) => (
          <InlineStack key={cause.id} align="space-between" blockAlign="center" wrap={false} gap="200">
            <BlockStack gap="050">
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" fontWeight="semibold">
                  {cause.name}
                </Text>
                {cause.archivedAt ? <Badge>{t("donations.causes.archived")}</Badge> : null}
              </InlineStack>
              {cause.description ? (
                <Text as="span" tone="subdued">
                  {cause.description}
                </Text>
              ) : null}
              <Text as="span" tone="subdued">
                {t("donations.causes.rate", {
                  points: format.number(cause.pointsPerUnit),
                  amount: unit,
                  minimum: format.number(cause.minimumPoints),
                  multiple: format.number(cause.multiplePoints),
                })}{" "}
                ·{" "}
                {t("donations.causes.received", { points: format.number(cause.donatedPoints), amount: format.money(cause.donatedMinor), count: cause.donations })}
              </Text>
            </BlockStack>
            {cause.archivedAt ? null : (
              <InlineStack gap="200" wrap={false}>
                <Button
                  variant="plain"
                  onClick={() =>
                    setDraft({
                      id: cause.id,
                      clientKey: newKey(),
                      name: cause.name,
                      description: cause.description,
                      pointsPerUnit: String(cause.pointsPerUnit),
                      minimumPoints: String(cause.minimumPoints),
                      multiplePoints: String(cause.multiplePoints),
                    })
                  }
                >
                  {t("donations.causes.edit")}
                </Button>
                <Button variant="plain" onClick={() => submit({ intent: "archive-cause", causeId: cause.id }, { method: "post" })}>
                  {t("donations.causes.archive")}
                </Button>
              </InlineStack>
            )}
          </InlineStack>
        ))}
        {draft ? (
          <Box paddingBlockStart="200">
            <FormLayout>
              <TextField label={t("donations.causes.name")} value={draft.name} onChange={(name) => update({ name })} error={error("name")} autoComplete="off" />
              <TextField
                label={t("donations.causes.descriptionField")}
                value={draft.description}
                onChange={(description) => update({ description })}
                error={error("description")}
                multiline={2}
                autoComplete="off"
              />
              <FormLayout.Group>
                <TextField
                  label={t("donations.causes.pointsPerUnit", { unit })}
                  value={draft.pointsPerUnit}
                  onChange={(pointsPerUnit) => update({ pointsPerUnit })}
                  error={error("pointsPerUnit")}
                  autoComplete="off"
                />
                <TextField
                  label={t("donations.causes.minimumPoints")}
                  value={draft.minimumPoints}
                  onChange={(minimumPoints) => update({ minimumPoints })}
                  error={error("minimumPoints")}
                  autoComplete="off"
                />
                <TextField
                  label={t("donations.causes.multiplePoints")}
                  value={draft.multiplePoints}
                  onChange={(multiplePoints) => update({ multiplePoints })}
                  error={error("multiplePoints")}
                  autoComplete="off"
                />
              </FormLayout.Group>
              <InlineStack gap="200">
                <Button variant="primary" loading={navigation.state !== "idle"} onClick={save}>
                  {t("donations.causes.save")}
                </Button>
                <Button onClick={() => setDraft(null)}>{t("donations.causes.cancel")}</Button>
              </InlineStack>
            </FormLayout>
          </Box>
        ) : (
          <InlineStack>
            <Button onClick={() => setDraft({ id: null, clientKey: newKey(), name: "", description: "", pointsPerUnit: "100", minimumPoints: "100", multiplePoints: "100" })}>
              {t("donations.causes.add")}
            </Button>
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}

/** One unit of the currency in minor units (100 for USD, 1 for JPY). */
function unitMinor(currency: string): number {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return 10 ** digits;
}
