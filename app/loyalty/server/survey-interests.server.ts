/**
 * What the member sync needs from surveys (customer-sync.server.ts; docs/decisions/035-surveys.md): whether the
 * merchant mirrors interests to customer tags, and a member's interests. No other service is imported here, so the
 * sync depends on surveys without a circle.
 */
import type { Prisma, PrismaClient } from "@prisma/client";
import { mergeInterests } from "../surveys";

type Db = PrismaClient | Prisma.TransactionClient;

export async function getSurveySettings(db: Db, shop: string): Promise<{ interestTags: boolean }> {
  const settings = await db.surveySettings.findUnique({ where: { shop } });
  return { interestTags: settings?.interestTags ?? false };
}

/** The member's interests: the choices picked in every survey they answered. */
export async function getMemberInterests(db: Db, memberId: string): Promise<string[]> {
  const responses = await db.surveyResponse.findMany({ where: { memberId }, select: { interests: true } });
  return mergeInterests(responses.map((r) => JSON.parse(r.interests) as string[]));
}
