import { InlineStack, Select, TextField } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";
import { CRITERIA_KINDS, type CriteriaKind } from "~/loyalty/engagement-criteria";

export interface CriteriaState {
  kind: string;
  count: string;
  amount: string;
  tierId: string;
  months: string;
}

/** The criterion's kind and its one parameter, sent as `<prefix>Kind`, `<prefix>Count`, … */
export function CriteriaFields({
  prefix,
  value,
  onChange,
  tiers,
  currency,
  error,
  excludeKinds = [],
}: {
  prefix: "criteria" | "goal";
  value: CriteriaState;
  onChange: (next: CriteriaState) => void;
  tiers: { id: string; name: string }[];
  currency: string;
  error: (field: string) => string | undefined;
  excludeKinds?: CriteriaKind[];
}) {
  const { t } = useAdminText();
  const set = (field: keyof CriteriaState) => (text: string) => onChange({ ...value, [field]: text });
  const kinds = CRITERIA_KINDS.filter((kind) => !excludeKinds.includes(kind));
  return (
    <InlineStack gap="300" wrap blockAlign="start">
      <Select
        label={t("engagement.form.criteriaKind")}
        name={`${prefix}Kind`}
        options={kinds.map((kind) => ({ value: kind, label: t(`engagement.kinds.${kind}`) }))}
        value={value.kind}
        onChange={set("kind")}
        error={error(`${prefix}.kind`)}
      />
      {["orders", "product_types", "referral", "survey"].includes(value.kind) ? (
        <TextField label={t("engagement.form.count")} name={`${prefix}Count`} type="number" min={1} value={value.count} onChange={set("count")} autoComplete="off" error={error(`${prefix}.count`)} />
      ) : null}
      {value.kind === "spend" ? (
        <TextField label={t("engagement.form.amount", { currency })} name={`${prefix}Amount`} value={value.amount} onChange={set("amount")} autoComplete="off" inputMode="decimal" error={error(`${prefix}.amount`)} />
      ) : null}
      {value.kind === "order_streak" ? (
        <TextField label={t("engagement.form.months")} name={`${prefix}Months`} type="number" min={1} value={value.months} onChange={set("months")} autoComplete="off" error={error(`${prefix}.months`)} />
      ) : null}
      {value.kind === "tier" ? (
        <Select
          label={t("engagement.form.tier")}
          name={`${prefix}TierId`}
          options={[{ value: "", label: t("engagement.form.chooseTier") }, ...tiers.map((tier) => ({ value: tier.id, label: tier.name }))]}
          value={value.tierId}
          onChange={set("tierId")}
          error={error(`${prefix}.tierId`)}
        />
      ) : null}
    </InlineStack>
  );
}
