import { useSubmit } from "@remix-run/react";
import { Button, InlineStack, Select, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useAdminText } from "~/i18n/admin-text";

export interface InsightsValues {
  months: string;
  margin: string;
}

const MONTH_OPTIONS = ["3", "6", "12", "18", "24"];

/** How many months of cohorts, and the merchant's gross margin; submitting reloads with ?months=…&margin=…. */
export function InsightsForm({ initial, fieldErrors }: { initial: InsightsValues; fieldErrors: Record<string, string> }) {
  const submit = useSubmit();
  const { t } = useAdminText();
  const [values, setValues] = useState<InsightsValues>(initial);
  const apply = (next: InsightsValues) => {
    const params: Record<string, string> = { months: next.months };
    if (next.margin.trim() !== "") params.margin = next.margin.trim();
    submit(params, { method: "get", replace: true });
  };
  return (
    <InlineStack gap="300" blockAlign="end" wrap>
      <Select
        label={t("insights.form.months")}
        options={MONTH_OPTIONS.map((value) => ({ value, label: t("insights.form.monthsOption", { months: value }) }))}
        value={MONTH_OPTIONS.includes(values.months) ? values.months : "12"}
        error={fieldErrors.months}
        onChange={(months) => {
          const next = { ...values, months };
          setValues(next);
          apply(next);
        }}
      />
      <TextField
        label={t("insights.form.margin")}
        helpText={t("insights.form.marginHelp")}
        type="text"
        inputMode="decimal"
        suffix="%"
        autoComplete="off"
        value={values.margin}
        error={fieldErrors.margin}
        onChange={(margin) => setValues({ ...values, margin })}
      />
      <Button variant="primary" onClick={() => apply(values)}>
        {t("insights.form.apply")}
      </Button>
    </InlineStack>
  );
}
