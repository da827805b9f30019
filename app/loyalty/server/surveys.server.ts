/**
 * Surveys: the merchant's survey (build, publish, pause), the shopper's answers, and the interest-tag setting
 * (docs/decisions/035-surveys.md; the rules are in ../surveys.ts).
 *
 * Rules:
 * - One survey per shop (the newest). Saving questions that differ from the current version's writes the next
 *   version (SurveyVersion); the title and the points change in place.
 * - Shoppers see and answer only a live survey, in a live program, at its current version: an answer to an older
 *   version (the merchant edited it meanwhile) is refused with SURVEY_CLOSED, and nothing is written.
 * - One transaction per answer: lock the member (created if needed), refuse a second answer to the same version
 *   (ALREADY_ANSWERED, under the lock; the unique (survey, version, member) index stops a race past it), keep the
 *   response with its NPS, CES, tier and interests, and append one `survey` entry through the ledger writer with
 *   the key `survey:<surveyId>:<version>:<customerGid>`. A survey worth 0 points writes no entry.
 * - Every answer queues the member's sync (the ledger writer does when it writes; here when it does not), which
 *   mirrors interests to customer tags when the merchant turned that on (customer-sync.server.ts).
 * - Turning interest tags on or off resyncs every member, as the tier tag switch does, so each member's sync adds or
 *   removes exactly the tags it recorded.
 */
import { Prisma, type PrismaClient } from "@prisma/client";
import { LoyaltyError } from "../errors";
import {
  explainSurveyEntry,
  interestsOf,
  parseStoredQuestions,
  surveyIdempotencyKey,
  validateAnswers,
  validateSurveyDefinition,
  versionAfterEdit,
  type SurveyFieldError,
  type SurveyQuestion,
} from "../surveys";
import { toSafeNumber } from "../safe-integer";
import { appendEntries, lockMember } from "./ledger.server";
import { enqueueJob, enqueueMetafieldSync, enqueueProgramFactsSync } from "./outbox.server";
import { RESYNC_MEMBERS } from "./program-admin.server";
import { getShopProgram } from "./program.server";
import { transactionWithRollups } from "./rollups.server";
import { getSurveySettings } from "./survey-interests.server";

export type SurveyStatus = "draft" | "live" | "paused";

export interface SurveyView {
  id: string;
  title: string;
  points: number;
  status: SurveyStatus;
  version: number;
  questions: SurveyQuestion[];
}

type Db = PrismaClient | Prisma.TransactionClient;

/** The shop's survey with its current version's questions, or null before the merchant saved one. */
export async function getShopSurvey(db: Db, shop: string): Promise<SurveyView | null> {
  const survey = await db.survey.findFirst({ where: { shop }, orderBy: { createdAt: "desc" } });
  if (!survey) return null;
  const version = await db.surveyVersion.findUniqueOrThrow({ where: { surveyId_version: { surveyId: survey.id, version: survey.version } } });
  return {
    id: survey.id,
    title: survey.title,
    points: toSafeNumber(survey.points, "Survey points"),
    status: survey.status as SurveyStatus,
    version: survey.version,
    questions: parseStoredQuestions(version.questions),
  };
}

function definitionError(fieldErrors: Record<string, SurveyFieldError>): LoyaltyError {
  return new LoyaltyError("INVALID_INPUT", Object.values(fieldErrors)[0]?.message ?? "The survey is not valid", {
    fieldErrors: Object.fromEntries(Object.entries(fieldErrors).map(([field, error]) => [field, error.message])),
    fieldErrorCodes: Object.fromEntries(
      Object.entries(fieldErrors).map(([field, error]) => [field, { key: `surveys.errors.${error.code}`, values: error.values ?? {} }]),
    ),
  });
}

/** The Surveys page: the survey, the interest-tag setting and how many answered (every version). */
export async function getSurveyPage(db: PrismaClient, shop: string) {
  const [survey, settings] = await Promise.all([getShopSurvey(db, shop), getSurveySettings(db, shop)]);
  const responses = survey ? await db.surveyResponse.count({ where: { surveyId: survey.id } }) : 0;
  return { survey, settings, responses };
}

/** Saves what the merchant built; a change of questions is the next version. Refuses invalid input, writing nothing. */
export async function saveSurvey(db: PrismaClient, shop: string, input: unknown, now: Date): Promise<{ survey: SurveyView; newVersion: boolean }> {
  const result = validateSurveyDefinition(input);
  if (!result.ok) throw definitionError(result.fieldErrors);
  const { title, points, questions } = result.definition;
  const json = JSON.stringify(questions);
  const newVersion = await db.$transaction(async (tx) => {
    const current = await getShopSurvey(tx, shop);
    if (!current) {
      const created = await tx.survey.create({ data: { shop, title, points, version: 1, createdAt: now } });
      await tx.surveyVersion.create({ data: { shop, surveyId: created.id, version: 1, questions: json, createdAt: now } });
      return false;
    }
    const version = versionAfterEdit(current, questions);
    if (version !== current.version) {
      await tx.surveyVersion.create({ data: { shop, surveyId: current.id, version, questions: json, createdAt: now } });
    }
    await tx.survey.update({ where: { id: current.id }, data: { title, points, version } });
    return version !== current.version;
  });
  const survey = await getShopSurvey(db, shop);
  if (!survey) throw new Error("The survey just saved is missing");
  return { survey, newVersion };
}

/**
 * Publishes (live) or pauses the shop's survey, and queues the program facts' rewrite: the storefront block asks for
 * a survey only while the facts say one is published (no request otherwise).
 */
export async function setSurveyStatus(db: PrismaClient, shop: string, status: "live" | "paused", now: Date): Promise<SurveyView> {
  const survey = await getShopSurvey(db, shop);
  if (!survey) throw new LoyaltyError("INVALID_INPUT", "Save the survey before publishing it", { messageCode: { key: "surveys.errors.saveFirst", values: {} } });
  await db.$transaction(async (tx) => {
    await tx.survey.update({ where: { id: survey.id }, data: { status } });
    await enqueueProgramFactsSync(tx, shop, now);
  });
  return { ...survey, status };
}

/** Turns interest tags on or off; a change resyncs every member (each adds or removes exactly its own tags). */
export async function saveSurveySettings(db: PrismaClient, shop: string, settings: { interestTags: boolean }, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await getSurveySettings(tx, shop);
    await tx.surveySettings.upsert({ where: { shop }, create: { shop, interestTags: settings.interestTags }, update: { interestTags: settings.interestTags } });
    if (current.interestTags !== settings.interestTags) {
      await enqueueJob(tx, { shop, kind: RESYNC_MEMBERS, dedupeKey: shop, payload: { afterId: null }, now });
    }
  });
}

export interface ShopperSurvey {
  survey: { id: string; version: number; title: string; points: number; questions: SurveyQuestion[] } | null;
  answered: boolean;
}

/** What a signed-in shopper sees: the live survey (null when none) and whether they already answered this version. */
export async function getShopperSurvey(db: PrismaClient, shop: string, customerGid: string): Promise<ShopperSurvey> {
  const survey = await getShopSurvey(db, shop);
  if (!survey || survey.status !== "live") return { survey: null, answered: false };
  const program = await getShopProgram(db, shop);
  if (program.settings.status !== "live") return { survey: null, answered: false };
  const member = await db.member.findUnique({ where: { shop_customerGid: { shop, customerGid } }, select: { id: true } });
  const answered = member
    ? (await db.surveyResponse.count({ where: { surveyId: survey.id, version: survey.version, memberId: member.id } })) > 0
    : false;
  const { id, version, title, points, questions } = survey;
  return { survey: { id, version, title, points, questions }, answered };
}

export interface SubmitSurveyInput {
  shop: string;
  customerGid: string;
  surveyId: string;
  version: number;
  answers: unknown;
  now: Date;
}

function alreadyAnswered(): LoyaltyError {
  return new LoyaltyError("ALREADY_ANSWERED", "You have already answered this survey");
}

/** Records a signed-in shopper's complete answers and awards the survey's points once per member and version. */
export async function submitSurveyAnswers(db: PrismaClient, input: SubmitSurveyInput): Promise<{ points: number; balance: number }> {
  const { shop, customerGid, now } = input;
  const survey = await getShopSurvey(db, shop);
  const program = await getShopProgram(db, shop);
  if (!survey || survey.status !== "live" || survey.id !== input.surveyId || program.settings.status !== "live") {
    throw new LoyaltyError("SURVEY_CLOSED", "This survey is not open");
  }
  if (survey.version !== input.version) throw new LoyaltyError("SURVEY_CLOSED", "This survey has changed: reload the page to see the new questions");
  const checked = validateAnswers(survey.questions, input.answers);
  if (!checked.ok) {
    throw new LoyaltyError("INVALID_INPUT", Object.values(checked.fieldErrors)[0] ?? "Check your answers", { fieldErrors: checked.fieldErrors });
  }
  const answers = checked.answers;
  const number = (id: string) => (typeof answers[id] === "number" ? (answers[id] as number) : null);
  try {
    return await transactionWithRollups(db, async (tx) => {
      const member = await lockMember(tx, shop, customerGid);
      if (member.redactedAt) throw new LoyaltyError("MEMBER_NOT_FOUND", "This customer's data was erased");
      const known = await tx.surveyResponse.findUnique({
        where: { surveyId_version_memberId: { surveyId: survey.id, version: survey.version, memberId: member.id } },
        select: { id: true },
      });
      if (known) throw alreadyAnswered();
      await tx.surveyResponse.create({
        data: {
          shop,
          surveyId: survey.id,
          version: survey.version,
          memberId: member.id,
          answers: JSON.stringify(answers),
          interests: JSON.stringify(interestsOf(survey.questions, answers)),
          nps: number("nps"),
          ces: number("ces"),
          tierId: member.tierId,
          points: survey.points,
          submittedAt: now,
        },
      });
      if (survey.points === 0) {
        await enqueueMetafieldSync(tx, { shop, memberId: member.id, now });
        return { points: 0, balance: member.balance };
      }
      const { member: updated, duplicateKeys } = await appendEntries(
        tx,
        member,
        [
          {
            type: "survey",
            points: survey.points,
            idempotencyKey: surveyIdempotencyKey(survey.id, survey.version, customerGid),
            explanation: explainSurveyEntry(survey.title, survey.version, survey.points),
            // surveyName: the breakdown contract of ledger-explanation.ts (the member page words it).
            breakdown: { surveyName: survey.title, surveyId: survey.id, version: survey.version },
          },
        ],
        { now, program },
      );
      // The response row above is new, so its entry is too; a key already used means the two disagree: refuse.
      if (duplicateKeys.length > 0) throw alreadyAnswered();
      return { points: survey.points, balance: updated.balance };
    });
  } catch (error) {
    // Another request of the same member committed first (unique response or ledger key).
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw alreadyAnswered();
    throw error;
  }
}
