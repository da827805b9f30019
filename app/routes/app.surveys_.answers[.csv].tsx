/** /app/surveys/answers.csv: every answer of the shop's survey, one line per answer (survey-report.server.ts). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { csvResponse } from "~/http/csv-download.server";
import { getSurveyAnswersCsv } from "~/loyalty/server/survey-report.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const csv = await getSurveyAnswersCsv(prisma, session.shop, new Date());
  if (!csv) throw new Response("No survey yet", { status: 404 });
  return csvResponse(csv);
};
