import { Form } from "@remix-run/react";
import { Badge, BlockStack, Card, ChoiceList, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useAdminText } from "~/i18n/admin-text";
import type { ChallengeRow } from "~/loyalty/server/engagement-admin.server";
import { CriteriaFields, type CriteriaState } from "./CriteriaFields";
import { criteriaFields, describeCriteria } from "./criteria-text";
import { EngagementRow, type FormProblems, SaveButtons, useFieldError, useStartOverAfterSave } from "./EngagementListParts";

interface Context {
  tiers: { id: string; name: string }[];
  currency: string;
  timeZone: string;
  today: string;
}

const STATUS_TONE = { upcoming: "info", active: "success", ended: undefined } as const;

/** The shop's challenges with joins and completions, and the form that creates or changes one. */
export function ChallengesCard({ challenges, context, problems, savedAt }: { challenges: ChallengeRow[]; context: Context; problems: FormProblems | null; savedAt?: number | null }) {
  const { t, formatLocale } = useAdminText();
  const [editing, setEditing] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [startsOn, setStartsOn] = useState(context.today);
  const [endsOn, setEndsOn] = useState(context.today);
  const [reward, setReward] = useState("100");
  const [tierIds, setTierIds] = useState<string[]>([]);
  const [goal, setGoal] = useState<CriteriaState>({ ...criteriaFields(null, context.currency), kind: "orders", count: "2" });
  const error = useFieldError(problems, "saveChallenge");
  const edit = (challenge: ChallengeRow | null) => {
    setEditing(challenge?.id ?? null);
    setName(challenge?.name ?? "");
    setStartsOn(challenge?.startsOn ?? context.today);
    setEndsOn(challenge?.endsOn ?? context.today);
    setReward(String(challenge?.rewardPoints ?? 100));
    setTierIds(challenge?.tierIds ?? []);
    setGoal(challenge ? criteriaFields(challenge.goal, context.currency) : { ...criteriaFields(null, context.currency), kind: "orders", count: "2" });
  };
  useStartOverAfterSave(savedAt, () => edit(null));
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {t("engagement.challenges.heading")}
        </Text>
        <Text as="p" tone="subdued">
          {t("engagement.challenges.intro", { zone: context.timeZone })}
        </Text>
        {challenges.length === 0 ? <Text as="p">{t("engagement.challenges.empty")}</Text> : null}
        {challenges.map((challenge) => (
          <EngagementRow
            key={challenge.id}
            id={challenge.id}
            removeIntent="removeChallenge"
            used={challenge.joined > 0}
            count={t("engagement.challenges.counts", { joined: challenge.joined, completed: challenge.completed })}
            countTestId={`completions-${challenge.id}`}
            onEdit={() => edit(challenge)}
          >
            <BlockStack gap="050">
              <InlineStack gap="200">
                <Text as="span" fontWeight="semibold">
                  {challenge.name}
                </Text>
                <Badge tone={STATUS_TONE[challenge.status]}>{t(`engagement.status.${challenge.status}`)}</Badge>
                {challenge.archived ? <Badge>{t("engagement.archived")}</Badge> : null}
              </InlineStack>
              <Text as="span" tone="subdued" variant="bodySm">
                {describeCriteria(t, challenge.goal, { formatLocale, ...context })} · {t("engagement.challenges.reward", { points: challenge.rewardPoints.toLocaleString(formatLocale) })} ·{" "}
                {t("engagement.challenges.dates", { start: challenge.startsOn, end: challenge.endsOn })}
              </Text>
            </BlockStack>
          </EngagementRow>
        ))}
        <Form method="post" key={editing ?? "new"}>
          <BlockStack gap="300">
            <Text as="h3" variant="headingSm">
              {editing ? t("engagement.challenges.editHeading") : t("engagement.challenges.newHeading")}
            </Text>
            <input type="hidden" name="intent" value="saveChallenge" />
            <input type="hidden" name="id" value={editing ?? ""} />
            {tierIds.map((id) => (
              <input key={id} type="hidden" name="tierIds" value={id} />
            ))}
            <InlineStack gap="300" wrap blockAlign="start">
              <TextField label={t("engagement.form.name")} name="name" value={name} onChange={setName} autoComplete="off" error={error("name")} />
              <TextField label={t("engagement.form.startsOn")} name="startsOn" type="date" value={startsOn} onChange={setStartsOn} autoComplete="off" error={error("startsOn")} />
              <TextField label={t("engagement.form.endsOn")} name="endsOn" type="date" value={endsOn} onChange={setEndsOn} autoComplete="off" error={error("endsOn")} />
              <TextField label={t("engagement.form.reward")} name="rewardPoints" type="number" min={1} value={reward} onChange={setReward} autoComplete="off" error={error("rewardPoints")} />
            </InlineStack>
            <CriteriaFields prefix="goal" value={goal} onChange={setGoal} tiers={context.tiers} currency={context.currency} error={error} excludeKinds={["tier"]} />
            {context.tiers.length > 0 ? (
              <ChoiceList
                allowMultiple
                title={t("engagement.form.tiers")}
                choices={context.tiers.map((tier) => ({ value: tier.id, label: tier.name }))}
                selected={tierIds}
                onChange={setTierIds}
                error={error("tierIds")}
              />
            ) : null}
            <SaveButtons editing={editing !== null} intent="saveChallenge" createLabel={t("engagement.challenges.create")} onCancel={() => edit(null)} />
          </BlockStack>
        </Form>
      </BlockStack>
    </Card>
  );
}
