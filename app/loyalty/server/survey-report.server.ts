/**
 * The Surveys report, its CSV of answers, members' interests, and survey answers as personal data
 * (docs/decisions/035-surveys.md; the figures' definitions are in ../survey-report.ts).
 *
 * Rules:
 * - NPS, CES, the monthly trend (shop time zone) and NPS by tier count every response to every version of the
 *   shop's survey: the NPS and CES questions mean the same in every version. Answers per question are those of the
 *   current version, whose questions they answer.
 * - The tier of a response is the member's tier when they answered, named as the tier is named now.
 * - The CSV has one line per answer (response, version, question, answer), so versions with different questions
 *   share one file; it names customers by their Shopify id, as the members export does. Streamed in pages.
 * - Responses are personal data: exported on
 *   customers/data_request, deleted on customers/redact (privacy.server.ts).
 */
import type { PrismaClient } from "@prisma/client";
import { csvFilename, csvStream } from "../csv";
import { reportTimeZone } from "../reports/calendar";
import { calculateCes, calculateNps, npsByTier, surveyTrend, tallyAnswers, answerText, type ResponseFacts } from "../survey-report";
import { parseStoredQuestions, type SurveyAnswers, type SurveyQuestion } from "../surveys";
import { getShopProgram } from "./program.server";
import { getShopSurvey } from "./surveys.server";

export async function getSurveyReport(db: PrismaClient, shop: string) {
  const survey = await getShopSurvey(db, shop);
  if (!survey) return null;
  const program = await getShopProgram(db, shop);
  const [responses, tiers] = await Promise.all([
    db.surveyResponse.findMany({
      where: { shop, surveyId: survey.id },
      select: { nps: true, ces: true, tierId: true, submittedAt: true, version: true, answers: true },
      orderBy: { submittedAt: "desc" },
    }),
    db.tier.findMany({ where: { shop }, select: { id: true, name: true } }),
  ]);
  const tierNames = new Map(tiers.map((tier) => [tier.id, tier.name]));
  const facts: ResponseFacts[] = responses.map((r) => ({
    submittedAt: r.submittedAt,
    nps: r.nps,
    ces: r.ces,
    tierName: r.tierId ? (tierNames.get(r.tierId) ?? null) : null,
  }));
  const present = (values: (number | null)[]) => values.filter((v): v is number => v !== null);
  const current = responses.filter((r) => r.version === survey.version).map((r) => JSON.parse(r.answers) as SurveyAnswers);
  return {
    survey: { title: survey.title, version: survey.version, status: survey.status },
    responses: responses.length,
    nps: calculateNps(present(facts.map((f) => f.nps))),
    ces: calculateCes(present(facts.map((f) => f.ces))),
    trend: surveyTrend(facts, reportTimeZone(program.timezone)),
    byTier: npsByTier(facts),
    questions: tallyAnswers(survey.questions, current),
    currentVersionResponses: current.length,
  };
}

export type SurveyReport = NonNullable<Awaited<ReturnType<typeof getSurveyReport>>>;

const CSV_HEADER = ["submitted_at", "response_id", "customer_id", "version", "question_id", "question", "answer"];
const CSV_PAGE = 2000;

/** Every answer of the shop's survey as CSV, a page of responses at a time. */
export async function getSurveyAnswersCsv(db: PrismaClient, shop: string, now: Date): Promise<{ filename: string; body: ReadableStream<Uint8Array> } | null> {
  const survey = await getShopSurvey(db, shop);
  if (!survey) return null;
  const versions = await db.surveyVersion.findMany({ where: { surveyId: survey.id }, select: { version: true, questions: true } });
  const questionsOf = new Map<number, SurveyQuestion[]>(versions.map((v) => [v.version, parseStoredQuestions(v.questions)]));
  let cursor: string | null = null;
  let done = false;
  const body = csvStream(CSV_HEADER, async () => {
    if (done) return null;
    const page: { id: string; version: number; memberId: string; answers: string; submittedAt: Date }[] = await db.surveyResponse.findMany({
      where: { shop, surveyId: survey.id },
      orderBy: { id: "asc" },
      take: CSV_PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, version: true, memberId: true, answers: true, submittedAt: true },
    });
    if (page.length < CSV_PAGE) done = true;
    if (page.length === 0) return null;
    cursor = page.at(-1)?.id ?? null;
    const members = await db.member.findMany({ where: { id: { in: [...new Set(page.map((r) => r.memberId))] } }, select: { id: true, customerGid: true } });
    const customerOf = new Map(members.map((m) => [m.id, m.customerGid.replace(/^gid:\/\/shopify\/Customer\//, "")]));
    return page.flatMap((response) => {
      const answers = JSON.parse(response.answers) as SurveyAnswers;
      return (questionsOf.get(response.version) ?? [])
        .filter((question) => answers[question.id] !== undefined)
        .map((question) => [
          response.submittedAt,
          response.id,
          customerOf.get(response.memberId) ?? null,
          response.version,
          question.id,
          question.prompt,
          answerText(answers[question.id]),
        ]);
    });
  });
  return { filename: csvFilename("survey-answers", now), body };
}

/** The member's survey answers for a data request: each response with its questions' wording. */
export async function exportSurveyResponses(db: PrismaClient, memberId: string) {
  const responses = await db.surveyResponse.findMany({ where: { memberId }, orderBy: { submittedAt: "asc" } });
  if (responses.length === 0) return [];
  const versions = await db.surveyVersion.findMany({
    where: { OR: [...new Set(responses.map((r) => `${r.surveyId}:${r.version}`))].map((key) => ({ surveyId: key.split(":")[0], version: Number(key.split(":")[1]) })) },
  });
  const surveys = await db.survey.findMany({ where: { id: { in: [...new Set(responses.map((r) => r.surveyId))] } }, select: { id: true, title: true } });
  return responses.map((response) => {
    const stored = versions.find((v) => v.surveyId === response.surveyId && v.version === response.version);
    const questions = stored ? parseStoredQuestions(stored.questions) : [];
    const answers = JSON.parse(response.answers) as SurveyAnswers;
    return {
      survey: surveys.find((s) => s.id === response.surveyId)?.title ?? null,
      version: response.version,
      submittedAt: response.submittedAt.toISOString(),
      answers: Object.entries(answers).map(([id, answer]) => ({ question: questions.find((q) => q.id === id)?.prompt ?? id, answer })),
    };
  });
}
