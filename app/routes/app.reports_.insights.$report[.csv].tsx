/**
 * /app/reports/insights/<insight>.csv?months=…&margin=…: one insight as a CSV download. An unknown insight is a 404;
 * invalid settings answer 400 with fieldErrors, like the page.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { answerCsv } from "~/http/csv-download.server";
import { isInsightName } from "~/loyalty/reports/insights-csv";
import { getInsightCsv, parseInsightsQuery } from "~/loyalty/server/insights.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const name = params.report ?? "";
  if (!isInsightName(name)) throw new Response(`No insight named "${name}"`, { status: 404 });
  return answerCsv(() => getInsightCsv(prisma, session.shop, name, parseInsightsQuery(new URL(request.url).searchParams), new Date()));
};
