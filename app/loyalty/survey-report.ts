/**
 * Survey figures (issue 11, "Surveys": reporting; docs/decisions/035-surveys.md). Pure: responses in, figures out.
 *
 * Rules:
 * - NPS: of the NPS answers, promoters score 9–10, passives 7–8, detractors 0–6. NPS = (promoters − detractors) /
 *   answers × 100, rounded to a whole number (−100…100); no answers → null, never 0. The counts are always given.
 * - CES: the average of the CES answers (1–7), to two decimals; no answers → null.
 * - Trends group responses by the shop-local month they were submitted in ("2026-12"), oldest first.
 * - NPS by tier groups by the member's tier when they answered (null: no tier).
 * - Answers per question: for NPS, CES and sliders the count per value; for choices the count per choice (a multiple
 *   choice answer counts once for each choice picked); for text the count and the latest answers.
 */
import { localDateOf } from "./reports/calendar";
import { CES_RANGE, NPS_RANGE, type SurveyAnswers, type SurveyQuestion } from "./surveys";

export interface NpsSummary {
  promoters: number;
  passives: number;
  detractors: number;
  answers: number;
  /** −100…100, or null without answers. */
  score: number | null;
}

export interface CesSummary {
  answers: number;
  /** 1…7 to two decimals, or null without answers. */
  average: number | null;
}

export function npsCategory(score: number): "promoter" | "passive" | "detractor" {
  return score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
}

export function calculateNps(scores: readonly number[]): NpsSummary {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const score of scores) {
    const category = npsCategory(score);
    if (category === "promoter") promoters += 1;
    else if (category === "passive") passives += 1;
    else detractors += 1;
  }
  const answers = scores.length;
  return { promoters, passives, detractors, answers, score: answers === 0 ? null : Math.round(((promoters - detractors) * 100) / answers) };
}

export function calculateCes(scores: readonly number[]): CesSummary {
  if (scores.length === 0) return { answers: 0, average: null };
  const sum = scores.reduce((a, b) => a + b, 0);
  return { answers: scores.length, average: Math.round((sum * 100) / scores.length) / 100 };
}

export interface ResponseFacts {
  submittedAt: Date;
  nps: number | null;
  ces: number | null;
  tierName: string | null;
}

const present = (values: readonly (number | null)[]) => values.filter((v): v is number => v !== null);

export interface SurveyTrendPoint {
  month: string;
  responses: number;
  nps: NpsSummary;
  ces: CesSummary;
}

/** NPS and CES per shop-local month, oldest first; months without responses are left out. */
export function surveyTrend(responses: readonly ResponseFacts[], timeZone: string): SurveyTrendPoint[] {
  const byMonth = new Map<string, ResponseFacts[]>();
  for (const response of responses) {
    const month = localDateOf(response.submittedAt, timeZone).slice(0, 7);
    const list = byMonth.get(month);
    if (list) list.push(response);
    else byMonth.set(month, [response]);
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, list]) => ({
      month,
      responses: list.length,
      nps: calculateNps(present(list.map((r) => r.nps))),
      ces: calculateCes(present(list.map((r) => r.ces))),
    }));
}

/** NPS per tier at answer time, tiers with NPS answers only, the most answers first (null: no tier). */
export function npsByTier(responses: readonly ResponseFacts[]): { tierName: string | null; nps: NpsSummary }[] {
  const byTier = new Map<string | null, number[]>();
  for (const response of responses) {
    if (response.nps === null) continue;
    const scores = byTier.get(response.tierName);
    if (scores) scores.push(response.nps);
    else byTier.set(response.tierName, [response.nps]);
  }
  return [...byTier.entries()].map(([tierName, scores]) => ({ tierName, nps: calculateNps(scores) })).sort((a, b) => b.nps.answers - a.nps.answers);
}

export type QuestionTally =
  | { id: string; kind: "nps" | "ces" | "slider"; prompt: string; answers: number; counts: { value: number; count: number }[]; average: number | null }
  | { id: string; kind: "single" | "multiple"; prompt: string; answers: number; counts: { choice: string; count: number }[] }
  | { id: string; kind: "text"; prompt: string; answers: number; latest: string[] };

export const LATEST_TEXT_ANSWERS = 10;

/** Answers per question of one version, given its responses' answers newest first. */
export function tallyAnswers(questions: readonly SurveyQuestion[], answersNewestFirst: readonly SurveyAnswers[]): QuestionTally[] {
  return questions.map((question) => {
    const values = answersNewestFirst.map((a) => a[question.id]).filter((v) => v !== undefined);
    switch (question.kind) {
      case "nps":
      case "ces":
      case "slider": {
        const numbers = values.filter((v): v is number => typeof v === "number");
        const range = question.kind === "nps" ? { ...NPS_RANGE, step: 1 } : question.kind === "ces" ? { ...CES_RANGE, step: 1 } : question;
        const countOf = new Map<number, number>();
        for (const n of numbers) countOf.set(n, (countOf.get(n) ?? 0) + 1);
        const counts: { value: number; count: number }[] = [];
        for (let value = range.min; value <= range.max; value += range.step) counts.push({ value, count: countOf.get(value) ?? 0 });
        const average = numbers.length === 0 ? null : Math.round((numbers.reduce((a, b) => a + b, 0) * 100) / numbers.length) / 100;
        return { id: question.id, kind: question.kind, prompt: question.prompt, answers: numbers.length, counts, average };
      }
      case "single":
      case "multiple": {
        const picked = new Map<unknown, number>();
        for (const value of values) for (const pick of Array.isArray(value) ? value : [value]) picked.set(pick, (picked.get(pick) ?? 0) + 1);
        return {
          id: question.id,
          kind: question.kind,
          prompt: question.prompt,
          answers: values.length,
          counts: question.choices.map((choice) => ({ choice, count: picked.get(choice) ?? 0 })),
        };
      }
      case "text": {
        const texts = values.filter((v): v is string => typeof v === "string");
        return { id: question.id, kind: "text", prompt: question.prompt, answers: texts.length, latest: texts.slice(0, LATEST_TEXT_ANSWERS) };
      }
    }
  });
}

/** An answer as one CSV cell: choices joined by "; ". */
export function answerText(value: SurveyAnswers[string] | undefined): string | number | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join("; ") : value;
}
