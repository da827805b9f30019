import { Card, FormLayout, Layout, TextField } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";
import type { FieldError, ProgramDraft, UpdateDraft } from "./program-draft";

/** What one point is worth to the merchant (liability, simulator costs, reward comparisons). */
export function PointValueSection({ draft, update, error, currency, pointWorth }: {
  draft: ProgramDraft;
  update: UpdateDraft;
  error: FieldError;
  currency: string;
  /** "$0.01", or null when no point value is set. */
  pointWorth: string | null;
}) {
  const { t } = useAdminText();
  return (
    <Layout.AnnotatedSection title={t("program.pointValue.title")} description={t("program.pointValue.description")}>
      <Card>
        <FormLayout>
          <TextField
            label={t("program.pointValue.label", { currency })}
            value={draft.pointValue}
            onChange={(pointValue) => update({ pointValue })}
            error={error("pointValue") ?? error("pointValue.minorUnits") ?? error("pointValue.points")}
            helpText={pointWorth ? t("program.pointValue.help", { worth: pointWorth }) : t("program.pointValue.unset")}
            autoComplete="off"
          />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}
