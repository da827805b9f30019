/**
 * /app/reports/insights/<insight>.csv?months=…&margin=…: one insight as a CSV download. An unknown insight is a 404;
 * invalid settings answer 400 with fieldErrors, like the page.
 */
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { httpStatusForError, isLoyaltyError } from "~/loyalty/errors";
import { isInsightName } from "~/loyalty/reports/insights-csv";
import { getInsightCsv, parseInsightsQuery } from "~/loyalty/server/insights.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const name = params.report ?? "";
  if (!isInsightName(name)) throw new Response(`No insight named "${name}"`, { status: 404 });
  try {
    const csv = await getInsightCsv(prisma, session.shop, name, parseInsightsQuery(new URL(request.url).searchParams), new Date());
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
