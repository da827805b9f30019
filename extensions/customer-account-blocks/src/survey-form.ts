/**
 * The survey after an order (issue 11, docs/decisions/035-surveys.md), the order-status block's side: what the app's
 * `GET /customer-account/survey` answers, the form's state, the body it posts, and the app's refusals in the
 * shopper's words. Pure: no fetch, no DOM, no clock (survey-client.ts calls the app, SurveySection.tsx draws).
 *
 * Rules:
 * - The app decides: this module only shapes what was typed. NPS, CES and slider answers are sent as numbers when
 *   they read as one, otherwise as typed (the app refuses them, naming the question); blank text, no pick and an
 *   empty field are left out (no answer), so a missing required answer is the app's refusal too.
 * - Ids come from the survey the app sent; the body names that survey and version, nothing else.
 * - Each refusal naming a question is worded for that question (missing → "Answer this question", otherwise what the
 *   question takes); one naming no question (or a question this survey lacks) is a general sentence.
 * - Error codes map to words once here; an unknown code or a failed request is the generic sentence.
 */
import type { RewardsText } from "../../customer-account-rewards/src/account";

/** A question as the app sends it (app/loyalty/surveys.ts `SurveyQuestion`). */
export type SurveyQuestion =
  | { id: string; kind: "nps" | "ces"; prompt: string; required: boolean }
  | { id: string; kind: "single" | "multiple"; prompt: string; required: boolean; choices: string[] }
  | { id: string; kind: "text"; prompt: string; required: boolean; maxLength: number }
  | { id: string; kind: "slider"; prompt: string; required: boolean; min: number; max: number; step: number };

/** `GET /customer-account/survey`: the live survey (null when none) and whether this shopper answered its version. */
export interface ShopperSurveyAnswer {
  survey: { id: string; version: number; title: string; points: number; questions: SurveyQuestion[] } | null;
  answered: boolean;
}

export type ShopperSurvey = NonNullable<ShopperSurveyAnswer["survey"]>;

/** `POST /customer-account/survey` accepted: the points earned and the new balance. */
export interface SurveyThanks {
  points: number;
  balance: number;
}

/** The form as the fields hold it: a string per field, the picked values of a choice list. */
export type SurveyDraft = Record<string, string | string[]>;

export type AnswerValue = number | string | string[];

export interface SurveyBody {
  surveyId: string;
  version: number;
  answers: Record<string, AnswerValue>;
}

export const NPS_RANGE = { min: 0, max: 10 } as const;
export const CES_RANGE = { min: 1, max: 7 } as const;

/** The values a scale question offers, in order (NPS 0–10, CES 1–7). */
export function scaleValues(kind: "nps" | "ces"): number[] {
  const { min, max } = kind === "nps" ? NPS_RANGE : CES_RANGE;
  return Array.from({ length: max - min + 1 }, (_, index) => min + index);
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;

/** One question's answer from the draft, or undefined for no answer. */
export function answerOf(question: SurveyQuestion, draft: SurveyDraft): AnswerValue | undefined {
  const held = draft[question.id];
  if (held === undefined) return undefined;
  const picked = (Array.isArray(held) ? held : [held]).filter((value) => value !== "");
  switch (question.kind) {
    case "multiple":
      return picked.length > 0 ? picked : undefined;
    case "single":
      return picked[0];
    case "text": {
      const text = picked.join("\n").trim();
      return text === "" ? undefined : text;
    }
    case "nps":
    case "ces":
    case "slider": {
      const typed = (picked[0] ?? "").trim();
      if (typed === "") return undefined;
      return NUMBER.test(typed) ? Number(typed) : typed;
    }
  }
}

/** The body of `POST /customer-account/survey` for the survey shown and what was typed. */
export function buildSurveyBody(survey: Pick<ShopperSurvey, "id" | "version" | "questions">, draft: SurveyDraft): SurveyBody {
  const answers: Record<string, AnswerValue> = {};
  for (const question of survey.questions) {
    const answer = answerOf(question, draft);
    if (answer !== undefined) answers[question.id] = answer;
  }
  return { surveyId: survey.id, version: survey.version, answers };
}

/** What the app answered when it refused (JSON of app/shopify/app-proxy.server.ts `proxyErrorAnswer`). */
export interface SurveyRefusal {
  status: number;
  code: string | null;
  fieldErrors: Record<string, string>;
}

export interface SurveyErrors {
  /** Question id → the sentence shown under it. */
  byQuestion: Record<string, string>;
  /** The sentence above the form (null when none). */
  general: string | null;
  /** The survey cannot be answered here any more (answered already, closed, the program paused, signed out). */
  final: boolean;
}

const CODE_KEYS: Record<string, string> = {
  INVALID_INPUT: "survey.errors.invalid",
  ALREADY_ANSWERED: "survey.errors.alreadyAnswered",
  SURVEY_CLOSED: "survey.errors.closed",
  PROGRAM_PAUSED: "survey.errors.paused",
  NOT_LOGGED_IN: "survey.errors.signIn",
  MEMBER_NOT_FOUND: "survey.errors.signIn",
};
const FINAL_CODES = new Set(["ALREADY_ANSWERED", "SURVEY_CLOSED", "PROGRAM_PAUSED", "NOT_LOGGED_IN", "MEMBER_NOT_FOUND"]);

/** The locale key of a refusal's general sentence. */
export function surveyErrorKey(refusal: Pick<SurveyRefusal, "status" | "code">): string {
  if (refusal.code && CODE_KEYS[refusal.code]) return CODE_KEYS[refusal.code] as string;
  if (refusal.status === 413) return "survey.errors.tooLong";
  if (refusal.status === 401) return "survey.errors.signIn";
  return "survey.errors.generic";
}

/** A refused question's sentence: what it still needs, from the answer that was sent. */
export function questionErrorText(question: SurveyQuestion, sent: AnswerValue | undefined, text: RewardsText): string {
  if (sent === undefined) return text.translate("survey.errors.answer");
  switch (question.kind) {
    case "nps":
    case "ces": {
      const { min, max } = question.kind === "nps" ? NPS_RANGE : CES_RANGE;
      return text.translate("survey.errors.scale", { min, max });
    }
    case "slider":
      return text.translate("survey.errors.slider", {
        min: text.formatNumber(question.min),
        max: text.formatNumber(question.max),
        step: text.formatNumber(question.step),
      });
    case "single":
      return text.translate("survey.errors.single");
    case "multiple":
      return text.translate("survey.errors.multiple");
    case "text":
      return typeof sent === "string" && [...sent].length > question.maxLength
        ? text.translate("survey.errors.textLength", { count: question.maxLength, max: text.formatNumber(question.maxLength) })
        : text.translate("survey.errors.check");
  }
}

/** The app's refusal of `body`, worded per question and above the form. */
export function surveyErrors(questions: readonly SurveyQuestion[], body: SurveyBody, refusal: SurveyRefusal, text: RewardsText): SurveyErrors {
  const byId = new Map(questions.map((question) => [question.id, question]));
  const byQuestion: Record<string, string> = {};
  for (const field of Object.keys(refusal.fieldErrors)) {
    // The shared handler names a question by its id; its zod check names `answers.<id>` (never both).
    const id = field.startsWith("answers.") ? field.slice("answers.".length) : field;
    const question = byId.get(id);
    if (question) byQuestion[id] = questionErrorText(question, body.answers[id], text);
  }
  const final = refusal.code !== null && FINAL_CODES.has(refusal.code);
  // "Answer at least one question" names no question: each required one is what is missing.
  if (!final && Object.keys(byQuestion).length === 0 && refusal.fieldErrors.answers !== undefined) {
    return { byQuestion, general: text.translate("survey.errors.answerOne"), final };
  }
  return { byQuestion, general: text.translate(surveyErrorKey(refusal)), final };
}

/** "Thanks — you earned 50 points" (or thanks alone for a survey worth no points). */
export function thanksSentence(thanks: SurveyThanks, text: RewardsText): string {
  return thanks.points > 0
    ? text.translate("survey.thanksPoints", { count: thanks.points, points: text.formatNumber(thanks.points) })
    : text.translate("survey.thanks");
}
