/**
 * Surveys: pure rules for the survey a merchant builds and the answers a shopper gives (issue 11, "Surveys";
 * docs/decisions/035-surveys.md). The figures made from answers (NPS, CES, trends) are in survey-report.ts.
 *
 * Rules:
 * - A survey has a title (1–100 characters), the points one completed answer earns (0–100,000; 0: no points) and
 *   1 to 7 questions: at most one NPS question (0–10, "How likely are you to recommend…"), at most one CES question
 *   (1–7, "How easy was it to…"), and at most five own questions: single choice, multiple choice (2–10 distinct
 *   choices), short text (capped at 1–500 characters) and slider (whole numbers: min < max, step ≥ 1 dividing the
 *   range, at most 1,000 steps). Every prompt is 1–200 characters. Ids are given here: `nps`, `ces`, then `q1`…`q5`
 *   for the own questions in their order.
 * - Every refusal names its field (`title`, `points`, `questions`, `questions.2.choices`…) with a code the admin
 *   words in the merchant's language (`surveys.errors.<code>`) and an English sentence.
 * - Versions: changing the questions (anything but the title and the points) makes a new version; answers belong to
 *   the version they answered. One completed survey earns its points once per member and version: the ledger key is
 *   `survey:<surveyId>:<version>:<customerGid>`.
 * - Answers: an object of question id → value. An unknown question, a value of the wrong kind or out of range, a
 *   choice the question does not offer, a text longer than its cap (10,000 characters included) and a missing
 *   answer to a required question are refused, each naming the question: a partial answer earns nothing and is not
 *   kept. Optional questions may be left out; at least one question must be answered.
 * - Interests: the choices picked in single and multiple choice questions. As customer tags they read
 *   "Interest: <choice>" (commas removed, at most 255 characters, Shopify's limit).
 */
import { z } from "zod";

export const NPS_RANGE = { min: 0, max: 10 } as const;
export const CES_RANGE = { min: 1, max: 7 } as const;
export const MAX_OWN_QUESTIONS = 5;
export const MAX_TITLE_LENGTH = 100;
export const MAX_PROMPT_LENGTH = 200;
export const MIN_CHOICES = 2;
export const MAX_CHOICES = 10;
export const MAX_CHOICE_LENGTH = 80;
/** The most a short-text question can allow; the merchant picks a cap up to it. */
export const MAX_TEXT_CAP = 500;
export const MAX_SLIDER_STEPS = 1000;
export const MAX_SLIDER_VALUE = 1_000_000;
export const MAX_SURVEY_POINTS = 100_000;

export const QUESTION_KINDS = ["nps", "ces", "single", "multiple", "text", "slider"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const OWN_QUESTION_KINDS = ["single", "multiple", "text", "slider"] as const;

interface QuestionBase {
  id: string;
  prompt: string;
  required: boolean;
}
export type SurveyQuestion =
  | (QuestionBase & { kind: "nps" })
  | (QuestionBase & { kind: "ces" })
  | (QuestionBase & { kind: "single" | "multiple"; choices: string[] })
  | (QuestionBase & { kind: "text"; maxLength: number })
  | (QuestionBase & { kind: "slider"; min: number; max: number; step: number });

export interface SurveyDefinition {
  title: string;
  points: number;
  questions: SurveyQuestion[];
}

export const SURVEY_ERROR_CODES = [
  "titleLength",
  "pointsRange",
  "noQuestions",
  "tooManyOwnQuestions",
  "npsTwice",
  "cesTwice",
  "questionKind",
  "promptLength",
  "choicesCount",
  "choiceLength",
  "choiceTwice",
  "textCap",
  "sliderRange",
  "sliderStep",
  "invalidValue",
] as const;
export type SurveyErrorCode = (typeof SURVEY_ERROR_CODES)[number];

export interface SurveyFieldError {
  code: SurveyErrorCode;
  message: string;
  values?: Record<string, number>;
}

export type SurveyDefinitionResult = { ok: true; definition: SurveyDefinition } | { ok: false; fieldErrors: Record<string, SurveyFieldError> };

// The shape only; the rules below give each refusal its field and words.
const questionInput = z.object({
  kind: z.string(),
  prompt: z.string().max(10_000),
  required: z.boolean().optional(),
  choices: z.array(z.string().max(10_000)).max(100).optional(),
  maxLength: z.coerce.number().optional(),
  min: z.coerce.number().optional(),
  max: z.coerce.number().optional(),
  step: z.coerce.number().optional(),
});
const definitionInput = z.object({
  title: z.string().max(10_000),
  points: z.union([z.number(), z.string().max(30)]),
  questions: z.array(questionInput).max(50),
});

const clean = (text: string) => text.replace(/\s+/g, " ").trim();
const isWhole = (n: number) => Number.isSafeInteger(n);

/** Validates what the merchant built; ids are given by position (`nps`, `ces`, `q1`…). */
export function validateSurveyDefinition(input: unknown): SurveyDefinitionResult {
  const shape = definitionInput.safeParse(input);
  if (!shape.success) {
    const path = shape.error.issues[0]?.path.join(".") || "questions";
    return { ok: false, fieldErrors: { [path]: { code: "invalidValue", message: "This value is not valid" } } };
  }
  const errors: Record<string, SurveyFieldError> = {};
  const fail = (field: string, code: SurveyErrorCode, message: string, values?: Record<string, number>) => {
    errors[field] ??= values ? { code, message, values } : { code, message };
  };
  const title = clean(shape.data.title);
  if (title.length < 1 || title.length > MAX_TITLE_LENGTH) fail("title", "titleLength", `Give the survey a title of 1 to ${MAX_TITLE_LENGTH} characters`, { max: MAX_TITLE_LENGTH });
  const points = typeof shape.data.points === "number" ? shape.data.points : /^\s*\d+\s*$/.test(shape.data.points) ? Number(shape.data.points) : NaN;
  if (!isWhole(points) || points < 0 || points > MAX_SURVEY_POINTS) {
    fail("points", "pointsRange", `Points must be a whole number from 0 to ${MAX_SURVEY_POINTS.toLocaleString("en-US")}`, { max: MAX_SURVEY_POINTS });
  }
  const inputs = shape.data.questions;
  if (inputs.length === 0) fail("questions", "noQuestions", "Add at least one question");
  const own = inputs.filter((q) => (OWN_QUESTION_KINDS as readonly string[]).includes(q.kind)).length;
  if (own > MAX_OWN_QUESTIONS) fail("questions", "tooManyOwnQuestions", `A survey has at most ${MAX_OWN_QUESTIONS} own questions`, { max: MAX_OWN_QUESTIONS });
  if (inputs.filter((q) => q.kind === "nps").length > 1) fail("questions", "npsTwice", "A survey has one NPS question at most");
  if (inputs.filter((q) => q.kind === "ces").length > 1) fail("questions", "cesTwice", "A survey has one CES question at most");

  const questions: SurveyQuestion[] = [];
  let ownIndex = 0;
  inputs.forEach((q, index) => {
    const at = `questions.${index}`;
    const prompt = clean(q.prompt);
    if (prompt.length < 1 || prompt.length > MAX_PROMPT_LENGTH) fail(`${at}.prompt`, "promptLength", `Write a question of 1 to ${MAX_PROMPT_LENGTH} characters`, { max: MAX_PROMPT_LENGTH });
    const required = q.required ?? true;
    switch (q.kind) {
      case "nps":
      case "ces":
        questions.push({ id: q.kind, kind: q.kind, prompt, required });
        return;
      case "single":
      case "multiple": {
        const choices = (q.choices ?? []).map(clean).filter((c) => c !== "");
        if (choices.length < MIN_CHOICES || choices.length > MAX_CHOICES) {
          fail(`${at}.choices`, "choicesCount", `Give ${MIN_CHOICES} to ${MAX_CHOICES} choices`, { min: MIN_CHOICES, max: MAX_CHOICES });
        } else if (choices.some((c) => c.length > MAX_CHOICE_LENGTH)) {
          fail(`${at}.choices`, "choiceLength", `Each choice is at most ${MAX_CHOICE_LENGTH} characters`, { max: MAX_CHOICE_LENGTH });
        } else if (new Set(choices.map((c) => c.toLowerCase())).size !== choices.length) {
          fail(`${at}.choices`, "choiceTwice", "Each choice must be different");
        }
        questions.push({ id: `q${++ownIndex}`, kind: q.kind, prompt, required, choices });
        return;
      }
      case "text": {
        const maxLength = q.maxLength ?? MAX_TEXT_CAP;
        if (!isWhole(maxLength) || maxLength < 1 || maxLength > MAX_TEXT_CAP) fail(`${at}.maxLength`, "textCap", `Allow 1 to ${MAX_TEXT_CAP} characters`, { max: MAX_TEXT_CAP });
        questions.push({ id: `q${++ownIndex}`, kind: "text", prompt, required, maxLength });
        return;
      }
      case "slider": {
        const min = q.min ?? 0;
        const max = q.max ?? 10;
        const step = q.step ?? 1;
        if (![min, max].every((n) => isWhole(n) && Math.abs(n) <= MAX_SLIDER_VALUE) || min >= max) {
          fail(`${at}.min`, "sliderRange", `Give whole numbers from -${MAX_SLIDER_VALUE} to ${MAX_SLIDER_VALUE}, the lowest below the highest`, { max: MAX_SLIDER_VALUE });
        } else if (!isWhole(step) || step < 1 || (max - min) % step !== 0 || (max - min) / step > MAX_SLIDER_STEPS) {
          fail(`${at}.step`, "sliderStep", `The step must be a whole number that divides the range into at most ${MAX_SLIDER_STEPS} steps`, { max: MAX_SLIDER_STEPS });
        }
        questions.push({ id: `q${++ownIndex}`, kind: "slider", prompt, required, min, max, step });
        return;
      }
      default:
        fail(`${at}.kind`, "questionKind", "Choose a kind of question");
    }
  });
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  return { ok: true, definition: { title, points, questions } };
}

/** The questions of a stored version (JSON), checked again: stored data is read through the same rules. */
export function parseStoredQuestions(json: string): SurveyQuestion[] {
  const result = validateSurveyDefinition({ title: "stored", points: 0, questions: JSON.parse(json) as unknown });
  if (!result.ok) throw new Error(`A stored survey version is not valid: ${JSON.stringify(result.fieldErrors)}`);
  return result.definition.questions;
}

/** Whether two question lists differ (a new version), anything but the title and points counting. */
export function questionsChanged(before: readonly SurveyQuestion[], after: readonly SurveyQuestion[]): boolean {
  return JSON.stringify(before) !== JSON.stringify(after);
}

/** The version an edit saves to: the same one when the questions are unchanged, the next one otherwise. */
export function versionAfterEdit(current: { version: number; questions: readonly SurveyQuestion[] }, edited: readonly SurveyQuestion[]): number {
  return questionsChanged(current.questions, edited) ? current.version + 1 : current.version;
}

export type AnswerValue = number | string | string[];
export type SurveyAnswers = Record<string, AnswerValue>;

export type AnswersResult = { ok: true; answers: SurveyAnswers } | { ok: false; fieldErrors: Record<string, string> };

/** Validates a shopper's answers to the questions of one version; any refusal refuses them all. */
export function validateAnswers(questions: readonly SurveyQuestion[], input: unknown): AnswersResult {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, fieldErrors: { answers: "Send the answers as an object of question → answer" } };
  }
  const errors: Record<string, string> = {};
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const id of Object.keys(input)) {
    if (!byId.has(id)) errors[id.slice(0, 40)] = "This survey has no such question";
  }
  const answers: SurveyAnswers = {};
  for (const question of questions) {
    const sent = (input as Record<string, unknown>)[question.id];
    // A text of blanks or control characters alone is no answer.
    const raw = question.kind === "text" && typeof sent === "string" ? cleanTextAnswer(sent) : sent;
    const given = raw !== undefined && raw !== null && raw !== "" && !(Array.isArray(raw) && raw.length === 0);
    if (!given) {
      if (question.required) errors[question.id] = "Answer this question";
      continue;
    }
    const checked = checkAnswer(question, raw);
    if (typeof checked === "string") errors[question.id] = checked;
    else answers[question.id] = checked.value;
  }
  if (Object.keys(errors).length === 0 && Object.keys(answers).length === 0) errors.answers = "Answer at least one question";
  return Object.keys(errors).length > 0 ? { ok: false, fieldErrors: errors } : { ok: true, answers };
}

function wholeIn(raw: unknown, min: number, max: number): number | null {
  return typeof raw === "number" && Number.isSafeInteger(raw) && raw >= min && raw <= max ? raw : null;
}

function checkAnswer(question: SurveyQuestion, raw: unknown): { value: AnswerValue } | string {
  switch (question.kind) {
    case "nps": {
      const value = wholeIn(raw, NPS_RANGE.min, NPS_RANGE.max);
      return value === null ? `Give a whole number from ${NPS_RANGE.min} to ${NPS_RANGE.max}` : { value };
    }
    case "ces": {
      const value = wholeIn(raw, CES_RANGE.min, CES_RANGE.max);
      return value === null ? `Give a whole number from ${CES_RANGE.min} to ${CES_RANGE.max}` : { value };
    }
    case "slider": {
      const value = wholeIn(raw, question.min, question.max);
      if (value === null || (value - question.min) % question.step !== 0) {
        return `Give a value from ${question.min} to ${question.max} in steps of ${question.step}`;
      }
      return { value };
    }
    case "single":
      return typeof raw === "string" && question.choices.includes(raw) ? { value: raw } : "Pick one of the choices";
    case "multiple": {
      if (!Array.isArray(raw) || raw.length > question.choices.length || !raw.every((c) => typeof c === "string" && question.choices.includes(c))) {
        return "Pick among the choices";
      }
      const picked = raw as string[];
      if (new Set(picked).size !== picked.length) return "Pick each choice once";
      // In the question's order, so the same picks are the same answer.
      return { value: question.choices.filter((c) => picked.includes(c)) };
    }
    case "text": {
      if (typeof raw !== "string") return "Write your answer as text";
      if ([...raw].length > question.maxLength) return `Write at most ${question.maxLength} characters`;
      return { value: raw };
    }
  }
}

/** A text answer without control characters (tab and line breaks kept), trimmed. */
export function cleanTextAnswer(text: string): string {
  const kept = [...text].filter((c) => {
    const code = c.codePointAt(0) ?? 0;
    return code === 9 || code === 10 || code === 13 || (code >= 32 && code !== 127);
  });
  return kept.join("").trim();
}

/** The ledger key of one member's completed survey version: once per member and version. */
export function surveyIdempotencyKey(surveyId: string, version: number, customerGid: string): string {
  return `survey:${surveyId}:${version}:${customerGid}`;
}

/** "Survey “Tell us about you” (version 2): 50 pts". */
export function explainSurveyEntry(title: string, version: number, points: number): string {
  return `Survey “${title}” (version ${version}): ${points.toLocaleString("en-US")} pts`;
}

/** The choices picked in the choice questions of one response: the member's interests from it. */
export function interestsOf(questions: readonly SurveyQuestion[], answers: SurveyAnswers): string[] {
  const picked: string[] = [];
  for (const question of questions) {
    if (question.kind !== "single" && question.kind !== "multiple") continue;
    const value = answers[question.id];
    if (typeof value === "string") picked.push(value);
    else if (Array.isArray(value)) picked.push(...value);
  }
  return picked;
}

/** Distinct interests of many responses (case-insensitive, the first spelling kept), sorted. */
export function mergeInterests(lists: readonly (readonly string[])[]): string[] {
  const seen = new Map<string, string>();
  for (const list of lists) for (const interest of list) if (!seen.has(interest.toLowerCase())) seen.set(interest.toLowerCase(), interest);
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}

export const INTEREST_TAG_PREFIX = "Interest: ";
const MAX_TAG_LENGTH = 255;

/** The customer tags of a member's interests (distinct, sorted). */
export function interestTags(interests: readonly string[]): string[] {
  const tags = interests
    .map((interest) => interest.replace(/,/g, " ").replace(/\s+/g, " ").trim())
    .filter((interest) => interest !== "")
    .map((interest) => `${INTEREST_TAG_PREFIX}${interest}`.slice(0, MAX_TAG_LENGTH));
  return [...new Set(tags)].sort();
}

/** What to add and remove so the customer carries exactly `wanted` of the app's interest tags, given those written last. */
export function planInterestTags(previous: readonly string[], wanted: readonly string[]): { add: string[]; remove: string[]; tagged: string[] } {
  const before = new Set(previous);
  const after = new Set(wanted);
  return {
    add: [...after].filter((tag) => !before.has(tag)),
    remove: [...before].filter((tag) => !after.has(tag)),
    tagged: [...after].sort(),
  };
}
