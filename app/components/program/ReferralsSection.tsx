import { Form } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, Layout, Select, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useAdminText } from "~/i18n/admin-text";
import type { ReferralSettings } from "~/loyalty/referrals";

const NUMBER_FIELDS = ["referrerPoints", "friendDiscountValue", "friendMinimumOrderMinor", "friendCodeDays", "pendingDays", "capPerPeriod", "capPeriodDays"] as const;

/** Program → Referrals: its own form (intent "referrals"), validated by the server (field errors "referrals.*"). */
export function ReferralsSection({ settings, error, busy }: { settings: ReferralSettings; error: (path: string) => string | undefined; busy: boolean }) {
  const { t } = useAdminText();
  const [enabled, setEnabled] = useState(settings.enabled);
  const [kind, setKind] = useState<string>(settings.friendDiscountKind);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(NUMBER_FIELDS.map((field) => [field, settings[field] === null ? "" : String(settings[field])])),
  );
  return (
    <Layout.AnnotatedSection id="referrals" title={t("referrals.settings.title")} description={t("referrals.settings.description")}>
      <Card>
        <Form method="post">
          <input type="hidden" name="intent" value="referrals" />
          <input type="hidden" name="enabled" value={enabled ? "on" : ""} />
          <input type="hidden" name="friendDiscountKind" value={kind} />
          <BlockStack gap="300">
            <Checkbox label={t("referrals.settings.enabled")} checked={enabled} onChange={setEnabled} />
            <Select
              label={t("referrals.settings.friendDiscountKind")}
              options={[
                { label: t("referrals.settings.fixed_amount"), value: "fixed_amount" },
                { label: t("referrals.settings.percentage"), value: "percentage" },
              ]}
              value={kind}
              onChange={setKind}
            />
            {NUMBER_FIELDS.map((field) => (
              <TextField
                key={field}
                label={t(`referrals.settings.${field}`)}
                name={field}
                type="number"
                autoComplete="off"
                value={values[field] ?? ""}
                onChange={(value) => setValues((current) => ({ ...current, [field]: value }))}
                error={error(`referrals.${field}`)}
              />
            ))}
            <Button submit variant="primary" loading={busy}>
              {t("referrals.settings.save")}
            </Button>
          </BlockStack>
        </Form>
      </Card>
    </Layout.AnnotatedSection>
  );
}
