/**
 * /app/reports/<report>.csv?range=…: one report as a CSV download (text/csv, attachment). An unknown report is a
 * 404; an invalid range answers 400 with fieldErrors, like the page.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { answerCsv } from "~/http/csv-download.server";
import { isReportName } from "~/loyalty/reports/csv";
import { parseReportQuery } from "~/loyalty/reports/range";
import { getReportCsv } from "~/loyalty/server/reports.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const report = params.report ?? "";
  if (!isReportName(report)) throw new Response(`No report named "${report}"`, { status: 404 });
  return answerCsv(() => getReportCsv(prisma, session.shop, report, parseReportQuery(new URL(request.url).searchParams), new Date()));
};
