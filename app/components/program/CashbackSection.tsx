import { Banner, BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Layout, TextField } from "@shopify/polaris";
import { useActionData, useNavigation, useSubmit } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useRef, useState } from "react";
import { useAdminText } from "~/i18n/admin-text";
import type { CashbackSettings } from "~/loyalty/server/cashback.server";

/**
 * Cash-back as store credit (ADR 038): on/off, the base percentage and one per tier, saved on their own (intent
 * "cashback"), apart from the program's save bar. Store credit is spendable only by shoppers on new customer
 * accounts: the section says so.
 */
export function CashbackSection({ saved, fieldErrors }: { saved: CashbackSettings; fieldErrors: Record<string, string> }) {
  const { t } = useAdminText();
  const submit = useSubmit();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const result = useActionData() as { ok?: boolean; cashback?: boolean } | undefined;
  const handled = useRef<unknown>(undefined);
  const [draft, setDraft] = useState(saved);
  useEffect(() => setDraft(saved), [saved]);
  useEffect(() => {
    if (!result?.ok || !result.cashback || handled.current === result) return;
    handled.current = result;
    shopify.toast.show(t("program.cashback.saved"));
  }, [result, shopify, t]);
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "cashback";
  const error = (field: string) => (fieldErrors[field] ? t("program.cashback.rateError") : undefined);
  const save = () =>
    submit(
      {
        intent: "cashback",
        enabled: draft.enabled ? "1" : "0",
        base: draft.base,
        ...Object.fromEntries(draft.tiers.map((tier) => [`tier:${tier.id}`, tier.rate])),
      },
      { method: "post" },
    );
  return (
    <Layout.AnnotatedSection title={t("program.cashback.title")} description={t("program.cashback.description")}>
      <Card>
        <BlockStack gap="400">
          <Banner tone="info">{t("program.cashback.newAccountsOnly")}</Banner>
          <FormLayout>
            <Checkbox label={t("program.cashback.enabled")} checked={draft.enabled} onChange={(enabled) => setDraft({ ...draft, enabled })} helpText={t("program.cashback.enabledHelp")} />
            <TextField
              label={t("program.cashback.base")}
              value={draft.base}
              onChange={(base) => setDraft({ ...draft, base })}
              suffix="%"
              autoComplete="off"
              error={error("cashback.base")}
            />
            {draft.tiers.map((tier, index) => (
              <TextField
                key={tier.id}
                label={t("program.cashback.tier", { tier: tier.name })}
                value={tier.rate}
                placeholder={draft.base}
                onChange={(rate) => setDraft({ ...draft, tiers: draft.tiers.map((other, i) => (i === index ? { ...other, rate } : other)) })}
                suffix="%"
                helpText={t("program.cashback.tierHelp")}
                autoComplete="off"
                error={error(`cashback.tier.${tier.id}`)}
              />
            ))}
          </FormLayout>
          <InlineStack align="end">
            <Button onClick={save} loading={busy}>
              {t("program.cashback.save")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
