/**
 * The survey after an order (issue 11, docs/decisions/035-surveys.md), pure: what the app's
 * `/customer-account/survey` answers, the form's draft as its fields hold it, the answers body built from the draft,
 * and which words to show for the app's answer. The app validates everything again; this only shapes the request.
 */

/** A question as the app sends it (app/loyalty/surveys.ts `SurveyQuestion`). */
export type SurveyQuestionView =
  | { id: string; prompt: string; required: boolean; kind: "nps" | "ces" }
  | { id: string; prompt: string; required: boolean; kind: "single" | "multiple"; choices: string[] }
  | { id: string; prompt: string; required: boolean; kind: "text"; maxLength: number }
  | { id: string; prompt: string; required: boolean; kind: "slider"; min: number; max: number; step: number };

export interface ShopperSurvey {
  survey: { id: string; version: number; title: string; points: number; questions: SurveyQuestionView[] } | null;
  answered: boolean;
}

/** Each field's value as typed or chosen: text for one value ("" = none), the chosen labels for a multiple choice. */
export type SurveyDraft = Record<string, string | string[]>;

export type SurveyAnswerValue = number | string | string[];

/** The scale a rating question offers: NPS 0–10, CES 1–7. */
export function ratingScale(kind: "nps" | "ces"): number[] {
  const [min, max] = kind === "nps" ? [0, 10] : [1, 7];
  return Array.from({ length: max - min + 1 }, (_, index) => min + index);
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * The `answers` object of the POST: only what was answered (an unanswered optional question is left out, so the app
 * says which required ones are missing), numbers for ratings and sliders (text that is not a number is sent as typed:
 * the app refuses it on its field), trimmed text.
 */
export function answersFromDraft(questions: readonly SurveyQuestionView[], draft: SurveyDraft): Record<string, SurveyAnswerValue> {
  const answers: Record<string, SurveyAnswerValue> = {};
  for (const question of questions) {
    const value = draft[question.id];
    if (question.kind === "multiple") {
      const chosen = Array.isArray(value) ? question.choices.filter((choice) => value.includes(choice)) : [];
      if (chosen.length > 0) answers[question.id] = chosen;
      continue;
    }
    const text = typeof value === "string" ? value.trim() : "";
    if (text === "") continue;
    const numeric = question.kind === "nps" || question.kind === "ces" || question.kind === "slider";
    answers[question.id] = numeric && NUMBER.test(text) ? Number(text) : text;
  }
  return answers;
}

/** A multiple-choice draft with `choice` ticked or unticked, in the question's order. */
export function toggleChoice(current: string | string[] | undefined, choice: string, checked: boolean): string[] {
  const list = Array.isArray(current) ? current.filter((value) => value !== choice) : [];
  return checked ? [...list, choice] : list;
}

/** The locale key of the sentence for the app's refusal (its `code`, and whether it named fields). */
export function refusalKey(code: string | null, hasFieldErrors: boolean): string {
  if (code === "ALREADY_ANSWERED") return "survey.already";
  if (code === "SURVEY_CLOSED") return "survey.closed";
  if (hasFieldErrors) return "survey.invalid";
  return "survey.error";
}
