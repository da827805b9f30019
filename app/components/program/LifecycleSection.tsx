import { Card, Checkbox, FormLayout, Layout, Select, TextField } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";
import type { FieldError, ProgramDraft, UpdateDraft } from "./program-draft";

/** Vesting, expiry, what a refund does past the balance, and codes that expire unused. */
export function LifecycleSection({ draft, update, error }: { draft: ProgramDraft; update: UpdateDraft; error: FieldError }) {
  const { t } = useAdminText();
  return (
    <Layout.AnnotatedSection title={t("program.lifecycle.title")} description={t("program.lifecycle.description")}>
      <Card>
        <FormLayout>
          <TextField label={t("program.lifecycle.vestingDays")} value={draft.vestingDays} onChange={(vestingDays) => update({ vestingDays })} error={error("vestingDays")} autoComplete="off" />
          <TextField label={t("program.lifecycle.expiryDays")} value={draft.expiryDays} onChange={(expiryDays) => update({ expiryDays })} error={error("expiryDays")} autoComplete="off" />
          <Select
            label={t("program.lifecycle.refundPolicy")}
            value={draft.refundPolicy}
            onChange={(value) => update({ refundPolicy: value as ProgramDraft["refundPolicy"] })}
            options={[
              { label: t("program.lifecycle.clampAtZero"), value: "clampAtZero" },
              { label: t("program.lifecycle.allowNegative"), value: "allowNegative" },
            ]}
          />
          <Checkbox label={t("program.lifecycle.returnExpiredCodes")} checked={draft.returnExpiredCodes} onChange={(returnExpiredCodes) => update({ returnExpiredCodes })} />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}
