import { Card, Checkbox, FormLayout, Layout, List, Text } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";
import type { ProgramDraft, UpdateDraft } from "./program-draft";

/** Mirrors for segments, Flow and other apps: merchant-owned customer metafields and tier tags (ADR 031). */
export function SegmentsSection({ draft, update }: { draft: ProgramDraft; update: UpdateDraft }) {
  const { t } = useAdminText();
  return (
    <Layout.AnnotatedSection title={t("program.segments.title")} description={t("program.segments.description")}>
      <Card>
        <FormLayout>
          <Checkbox
            label={t("program.segments.metafields")}
            checked={draft.mirrorMetafields}
            onChange={(mirrorMetafields) => update({ mirrorMetafields })}
            helpText={t("program.segments.metafieldsHelp")}
          />
          {draft.mirrorMetafields ? (
            <List type="bullet">
              <List.Item>
                <Text as="span" fontWeight="medium">loyalty.points_balance</Text> {t("program.segments.balanceField")}
              </List.Item>
              <List.Item>
                <Text as="span" fontWeight="medium">loyalty.tier</Text> {t("program.segments.tierField")}
              </List.Item>
              <List.Item>
                <Text as="span" fontWeight="medium">loyalty.lifetime_spend</Text> {t("program.segments.spendField")}
              </List.Item>
            </List>
          ) : null}
          <Checkbox
            label={t("program.segments.tierTags")}
            checked={draft.tierTags}
            onChange={(tierTags) => update({ tierTags })}
            helpText={t("program.segments.tierTagsHelp")}
          />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}
