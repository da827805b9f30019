/** @jsxImportSource preact */
/**
 * The merchant's survey on the order-status page (issue 11, docs/decisions/035-surveys.md), pure: the same survey,
 * draft and answer always render the same section (order-status.tsx holds the state and calls the app). Ratings and
 * single choices are selects, multiple choices a choice list, text a text area, sliders a number field within their
 * bounds. A refused question shows "Check this answer" on its field; after the answers are in, only the thanks.
 */
import type { RewardsText } from "../../customer-account-rewards/src/account";
import { ratingScale, type ShopperSurvey, type SurveyDraft, type SurveyQuestionView } from "./survey";

type LiveSurvey = NonNullable<ShopperSurvey["survey"]>;

export interface SurveySectionProps {
  survey: LiveSurvey;
  text: RewardsText;
  draft: SurveyDraft;
  onDraft: (draft: SurveyDraft) => void;
  onSubmit: () => void;
  sending: boolean;
  /** The points the answers earned, once they are in. */
  done: { points: number } | null;
  /** The locale key of the refusal's sentence, and the questions the app named. */
  refusal: { key: string; fields: string[] } | null;
}

const valueOf = (event: Event) => (event.currentTarget as HTMLInputElement).value;
const valuesOf = (event: Event) => [...((event.currentTarget as unknown as { values?: string[] }).values ?? [])];

function label(question: SurveyQuestionView): string {
  return question.required ? `${question.prompt} *` : question.prompt;
}

function QuestionField({ question, text, draft, onDraft, error }: { question: SurveyQuestionView; text: RewardsText; draft: SurveyDraft; onDraft: (draft: SurveyDraft) => void; error?: string }) {
  const value = draft[question.id];
  const set = (next: string | string[]) => onDraft({ ...draft, [question.id]: next });
  const single = typeof value === "string" ? value : "";
  switch (question.kind) {
    case "nps":
    case "ces": {
      const scale = ratingScale(question.kind);
      const ends = { [scale[0] ?? 0]: text.translate(`survey.${question.kind}Low`), [scale.at(-1) ?? 0]: text.translate(`survey.${question.kind}High`) };
      return (
        <s-select label={label(question)} value={single} error={error} onChange={(event: Event) => set(valueOf(event))}>
          <s-option value="">{text.translate("survey.choose")}</s-option>
          {scale.map((n) => (
            <s-option key={n} value={String(n)}>
              {ends[n] ? `${text.formatNumber(n)} – ${ends[n]}` : text.formatNumber(n)}
            </s-option>
          ))}
        </s-select>
      );
    }
    case "single":
      return (
        <s-select label={label(question)} value={single} error={error} onChange={(event: Event) => set(valueOf(event))}>
          <s-option value="">{text.translate("survey.choose")}</s-option>
          {question.choices.map((choice) => (
            <s-option key={choice} value={choice}>
              {choice}
            </s-option>
          ))}
        </s-select>
      );
    case "multiple":
      return (
        <s-choice-list label={label(question)} multiple values={Array.isArray(value) ? value : []} error={error} onChange={(event: Event) => set(valuesOf(event))}>
          {question.choices.map((choice) => (
            <s-choice key={choice} value={choice} selected={Array.isArray(value) && value.includes(choice)}>
              {choice}
            </s-choice>
          ))}
        </s-choice-list>
      );
    case "text":
      return <s-text-area label={label(question)} value={single} maxLength={question.maxLength} rows={3} error={error} onChange={(event: Event) => set(valueOf(event))} />;
    case "slider":
      return (
        <s-number-field
          label={`${label(question)} (${text.formatNumber(question.min)}–${text.formatNumber(question.max)})`}
          min={question.min}
          max={question.max}
          step={question.step}
          value={single}
          error={error}
          onChange={(event: Event) => set(valueOf(event))}
        />
      );
  }
}

export function SurveySection({ survey, text, draft, onDraft, onSubmit, sending, done, refusal }: SurveySectionProps) {
  if (done) {
    return (
      <s-banner tone="success" heading={survey.title}>
        <s-text>{done.points > 0 ? text.translate("survey.thanksPoints", { count: done.points, points: text.formatNumber(done.points) }) : text.translate("survey.thanks")}</s-text>
      </s-banner>
    );
  }
  const fieldError = (id: string) => (refusal?.fields.includes(id) ? text.translate("survey.check") : undefined);
  return (
    <s-section heading={survey.title}>
      <s-stack direction="block" gap="base">
        {survey.points > 0 && <s-text color="subdued">{text.translate("survey.earn", { count: survey.points, points: text.formatNumber(survey.points) })}</s-text>}
        {refusal && <s-banner tone="critical">{text.translate(refusal.key)}</s-banner>}
        {survey.questions.map((question) => (
          <QuestionField key={question.id} question={question} text={text} draft={draft} onDraft={onDraft} error={fieldError(question.id)} />
        ))}
        <s-button variant="primary" loading={sending} disabled={sending} onClick={onSubmit}>
          {text.translate("survey.submit")}
        </s-button>
      </s-stack>
    </s-section>
  );
}
