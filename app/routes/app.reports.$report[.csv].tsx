/**
 * /app/reports/<report>.csv?range=…: one report as a CSV download (text/csv, attachment). An unknown report is a
 * 404; an invalid range answers 400 with fieldErrors, like the page.
 */
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { httpStatusForError, isLoyaltyError } from "~/loyalty/errors";
import { isReportName } from "~/loyalty/reports/csv";
import { parseReportQuery } from "~/loyalty/reports/range";
import { getReportCsv } from "~/loyalty/server/reports.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const report = params.report ?? "";
  if (!isReportName(report)) throw new Response(`No report named "${report}"`, { status: 404 });
  try {
    const csv = await getReportCsv(prisma, session.shop, report, parseReportQuery(new URL(request.url).searchParams), new Date());
    return new Response(csv.body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${csv.filename}"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    if (!isLoyaltyError(error)) throw error;
    return json({ ok: false, error: error.message, fieldErrors: error.fieldErrors ?? {} }, { status: httpStatusForError(error.code) });
  }
};
