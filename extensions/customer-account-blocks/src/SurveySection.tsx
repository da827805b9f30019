/** @jsxImportSource preact */
/**
 * The merchant's survey on the order-status page (issue 11, docs/decisions/035-surveys.md), below what the order
 * earned: the title, the points it earns, each question as the customer account's own fields (NPS 0–10 and CES 1–7
 * as inline choice lists, single and multiple choice as choice lists, short text as a text area, a slider as a number
 * field with its range and step), each refusal under its question, and the thanks with the points after.
 * Pure: the same survey, draft and state always render the same section (order-status.tsx holds the state).
 */
import type { RewardsText } from "../../customer-account-rewards/src/account";
import { scaleValues, thanksSentence, type ShopperSurvey, type SurveyDraft, type SurveyErrors, type SurveyQuestion, type SurveyThanks } from "./survey-form";

export interface SurveySectionProps {
  survey: ShopperSurvey;
  text: RewardsText;
  draft: SurveyDraft;
  onDraft: (draft: SurveyDraft) => void;
  onSubmit: () => void;
  sending: boolean;
  errors: SurveyErrors | null;
  thanks: SurveyThanks | null;
}

type Field = { question: SurveyQuestion; label: string; draft: SurveyDraft; error: string | undefined; onDraft: (draft: SurveyDraft) => void; text: RewardsText };

const valuesOf = (event: Event) => [...((event.currentTarget as HTMLElementTagNameMap["s-choice-list"]).values ?? [])];
const valueOf = (event: Event) => (event.currentTarget as HTMLInputElement).value;
const picked = (held: string | string[] | undefined) => (held === undefined ? [] : Array.isArray(held) ? held : [held]);
const typed = (held: string | string[] | undefined) => (Array.isArray(held) ? (held[0] ?? "") : (held ?? ""));

function QuestionField({ question, label, draft, error, onDraft, text }: Field) {
  const set = (value: string | string[]) => onDraft({ ...draft, [question.id]: value });
  switch (question.kind) {
    case "nps":
    case "ces": {
      const values = scaleValues(question.kind);
      return (
        <s-stack direction="block" gap="small-300">
          <s-choice-list label={label} variant="inline" values={picked(draft[question.id])} error={error} onChange={(event: Event) => set(valuesOf(event))}>
            {values.map((value) => (
              <s-choice key={value} value={String(value)}>
                {text.formatNumber(value)}
              </s-choice>
            ))}
          </s-choice-list>
          <s-text color="subdued">
            {text.translate(`survey.${question.kind}Ends`, { min: text.formatNumber(values[0] ?? 0), max: text.formatNumber(values[values.length - 1] ?? 0) })}
          </s-text>
        </s-stack>
      );
    }
    case "single":
    case "multiple":
      return (
        <s-choice-list label={label} multiple={question.kind === "multiple"} values={picked(draft[question.id])} error={error} onChange={(event: Event) => set(valuesOf(event))}>
          {question.choices.map((choice) => (
            <s-choice key={choice} value={choice}>
              {choice}
            </s-choice>
          ))}
        </s-choice-list>
      );
    case "text":
      return (
        <s-text-area label={label} rows={3} maxLength={question.maxLength} value={typed(draft[question.id])} error={error} onInput={(event: Event) => set(valueOf(event))} />
      );
    case "slider":
      return (
        <s-stack direction="block" gap="small-300">
          <s-number-field
            label={label}
            min={question.min}
            max={question.max}
            step={question.step}
            value={typed(draft[question.id])}
            error={error}
            onInput={(event: Event) => set(valueOf(event))}
            onChange={(event: Event) => set(valueOf(event))}
          />
          <s-text color="subdued">
            {text.translate("survey.sliderRange", { min: text.formatNumber(question.min), max: text.formatNumber(question.max), step: text.formatNumber(question.step) })}
          </s-text>
        </s-stack>
      );
  }
}

export function SurveySection({ survey, text, draft, onDraft, onSubmit, sending, errors, thanks }: SurveySectionProps) {
  if (thanks) {
    return (
      <s-banner tone="success" heading={survey.title}>
        <s-text>{thanksSentence(thanks, text)}</s-text>
      </s-banner>
    );
  }
  if (errors?.final) {
    return (
      <s-banner tone="info" heading={survey.title}>
        <s-text>{errors.general}</s-text>
      </s-banner>
    );
  }
  return (
    <s-section heading={survey.title}>
      <s-stack direction="block" gap="base">
        {survey.points > 0 && <s-text type="strong">{text.translate("survey.earn", { count: survey.points, points: text.formatNumber(survey.points) })}</s-text>}
        {errors?.general && <s-banner tone="critical">{errors.general}</s-banner>}
        {survey.questions.map((question) => (
          <QuestionField
            key={question.id}
            question={question}
            label={question.required ? question.prompt : text.translate("survey.optional", { prompt: question.prompt })}
            draft={draft}
            error={errors?.byQuestion[question.id]}
            onDraft={onDraft}
            text={text}
          />
        ))}
        <s-button variant="primary" loading={sending} disabled={sending} onClick={onSubmit}>
          {text.translate("survey.submit")}
        </s-button>
      </s-stack>
    </s-section>
  );
}
