/**
 * A signed-in shopper's survey (docs/decisions/035-surveys.md): one pair of functions for every surface that has a
 * verified shopper (the app proxy's `/proxy/survey`, the customer account's `/customer-account/survey`). The caller
 * proves who the shopper is; only the survey, its version and the answers are read from the body.
 */
import { z } from "zod";
import prisma from "~/db.server";
import { LoyaltyError } from "~/loyalty/errors";
import { getShopperSurvey, submitSurveyAnswers } from "~/loyalty/server/surveys.server";

const answerBody = z.object({
  surveyId: z.string().min(1).max(64),
  version: z.number().int().min(1).max(1_000_000),
  answers: z.record(z.string().max(40), z.unknown()),
});

/** The live survey for the shopper, and whether they already answered its current version. */
export function surveyForShopper(shopper: { shop: string; customerGid: string }) {
  return getShopperSurvey(prisma, shopper.shop, shopper.customerGid);
}

/** Records the shopper's answers (POST `{ surveyId, version, answers }`) and answers the points earned. */
export async function answerSurveyForShopper(request: Request, shopper: { shop: string; customerGid: string }) {
  if (request.method !== "POST") throw new LoyaltyError("INVALID_INPUT", "Answer with a POST request");
  const body = answerBody.safeParse(await request.json().catch(() => null));
  if (!body.success) {
    throw new LoyaltyError("INVALID_INPUT", "Send the survey, its version and your answers", {
      fieldErrors: Object.fromEntries(body.error.issues.map((issue) => [issue.path.join(".") || "body", issue.message])),
    });
  }
  const { points, balance } = await submitSurveyAnswers(prisma, { ...shopper, ...body.data, now: new Date() });
  return { ok: true, points, balance };
}
