import { useSubmit } from "@remix-run/react";
import { Button, InlineStack, Select, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useAdminText } from "~/i18n/admin-text";
import { RANGE_PRESETS, type RangePreset } from "~/loyalty/reports/presets";

export interface RangeValues {
  range: string;
  start: string;
  end: string;
}

function isPreset(value: string): value is RangePreset {
  return (RANGE_PRESETS as readonly string[]).includes(value);
}

/** Preset or custom dates; submitting reloads the page's data with ?range=…&start=…&end=… (the loader validates). */
export function DateRangeForm({ initial, fieldErrors }: { initial: RangeValues; fieldErrors: Record<string, string> }) {
  const submit = useSubmit();
  const { t } = useAdminText();
  const options = RANGE_PRESETS.map((preset) => ({ label: t(`ranges.${preset}`), value: preset }));
  const [values, setValues] = useState<RangeValues>(initial);
  const apply = (next: RangeValues) => {
    const params: Record<string, string> = { range: next.range };
    if (next.range === "custom") Object.assign(params, { start: next.start, end: next.end });
    submit(params, { method: "get", replace: true });
  };
  const custom = values.range === "custom";
  return (
    <InlineStack gap="300" blockAlign="end" wrap>
      <Select
        label={t("reports.dateRange")}
        options={options}
        value={isPreset(values.range) ? values.range : "last30"}
        error={fieldErrors.range}
        onChange={(range) => {
          const next = { ...values, range };
          setValues(next);
          if (range !== "custom") apply(next);
        }}
      />
      {custom ? (
        <>
          <TextField label={t("reports.start")} type="date" autoComplete="off" value={values.start} error={fieldErrors.start} onChange={(start) => setValues({ ...values, start })} />
          <TextField label={t("reports.end")} type="date" autoComplete="off" value={values.end} error={fieldErrors.end} onChange={(end) => setValues({ ...values, end })} />
          <Button variant="primary" onClick={() => apply(values)}>
            {t("reports.apply")}
          </Button>
        </>
      ) : null}
    </InlineStack>
  );
}
