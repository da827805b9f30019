import { Form } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useAdminText } from "~/i18n/admin-text";
import { BADGE_ICONS } from "~/loyalty/badges";
import type { BadgeRow } from "~/loyalty/server/engagement-admin.server";
import { BadgeIcon } from "./BadgeIcon";
import { CriteriaFields, type CriteriaState } from "./CriteriaFields";
import { criteriaFields, describeCriteria } from "./criteria-text";
import { EngagementRow, type FormProblems, SaveButtons, useFieldError, useStartOverAfterSave } from "./EngagementListParts";

interface Context {
  tiers: { id: string; name: string }[];
  currency: string;
}

/** The shop's badges with their holders, and the form that creates or changes one (`intent=saveBadge`). */
export function BadgesCard({ badges, context, problems, savedAt }: { badges: BadgeRow[]; context: Context; problems: FormProblems | null; savedAt?: number | null }) {
  const { t, formatLocale } = useAdminText();
  const [editing, setEditing] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [icon, setIcon] = useState<string>("star");
  const [bonus, setBonus] = useState("0");
  const [criteria, setCriteria] = useState<CriteriaState>(criteriaFields(null, context.currency));
  const error = useFieldError(problems, "saveBadge");
  const edit = (badge: BadgeRow | null) => {
    setEditing(badge?.id ?? null);
    setName(badge?.name ?? "");
    setIcon(badge?.icon ?? "star");
    setBonus(String(badge?.bonusPoints ?? 0));
    setCriteria(criteriaFields(badge?.criteria ?? null, context.currency));
  };
  useStartOverAfterSave(savedAt, () => edit(null));
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {t("engagement.badges.heading")}
        </Text>
        <Text as="p" tone="subdued">
          {t("engagement.badges.intro")}
        </Text>
        {badges.length === 0 ? <Text as="p">{t("engagement.badges.empty")}</Text> : null}
        {badges.map((badge) => (
          <EngagementRow
            key={badge.id}
            id={badge.id}
            removeIntent="removeBadge"
            used={badge.holders > 0}
            count={t("engagement.badges.holders", { count: badge.holders })}
            countTestId={`holders-${badge.id}`}
            onEdit={() => edit(badge)}
          >
            <InlineStack gap="300" blockAlign="center">
              <BadgeIcon icon={badge.icon} />
              <BlockStack gap="050">
                <InlineStack gap="200">
                  <Text as="span" fontWeight="semibold">
                    {badge.name}
                  </Text>
                  {badge.archived ? <Badge>{t("engagement.archived")}</Badge> : null}
                </InlineStack>
                <Text as="span" tone="subdued" variant="bodySm">
                  {describeCriteria(t, badge.criteria, { formatLocale, ...context })}
                  {badge.bonusPoints > 0 ? ` · ${t("engagement.badges.bonus", { points: badge.bonusPoints.toLocaleString(formatLocale) })}` : ""}
                </Text>
              </BlockStack>
            </InlineStack>
          </EngagementRow>
        ))}
        <Form method="post" key={editing ?? "new"}>
          <BlockStack gap="300">
            <Text as="h3" variant="headingSm">
              {editing ? t("engagement.badges.editHeading") : t("engagement.badges.newHeading")}
            </Text>
            <input type="hidden" name="intent" value="saveBadge" />
            <input type="hidden" name="id" value={editing ?? ""} />
            <input type="hidden" name="icon" value={icon} />
            <InlineStack gap="300" wrap blockAlign="start">
              <TextField label={t("engagement.form.name")} name="name" value={name} onChange={setName} autoComplete="off" error={error("name")} />
              <TextField label={t("engagement.form.bonus")} name="bonusPoints" type="number" min={0} value={bonus} onChange={setBonus} autoComplete="off" error={error("bonusPoints")} />
            </InlineStack>
            <BlockStack gap="100">
              <Text as="span">{t("engagement.form.icon")}</Text>
              <InlineStack gap="200">
                {BADGE_ICONS.map((choice) => (
                  <Button key={choice} pressed={icon === choice} onClick={() => setIcon(choice)} accessibilityLabel={t(`engagement.icons.${choice}`)} icon={<BadgeIcon icon={choice} size={20} />} />
                ))}
              </InlineStack>
              {error("icon") ? (
                <Text as="p" tone="critical">
                  {error("icon")}
                </Text>
              ) : null}
            </BlockStack>
            <CriteriaFields prefix="criteria" value={criteria} onChange={setCriteria} tiers={context.tiers} currency={context.currency} error={error} />
            <SaveButtons editing={editing !== null} intent="saveBadge" createLabel={t("engagement.badges.create")} onCancel={() => edit(null)} />
          </BlockStack>
        </Form>
      </BlockStack>
    </Card>
  );
}
