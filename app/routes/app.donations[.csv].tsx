/** /app/donations.csv?start=&end=: the payout statement per cause per month as a CSV download. */
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { CSV_BOM, CSV_CONTENT_TYPE, csvFilename, csvLine } from "~/loyalty/csv";
import { DONATIONS_CSV_HEADER, donationsCsvRows } from "~/loyalty/donations";
import { httpStatusForError, isLoyaltyError } from "~/loyalty/errors";
import { donationsRangeOf, getDonationsReport } from "~/loyalty/server/donations.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const now = new Date();
  try {
    const range = await donationsRangeOf(prisma, session.shop, new URL(request.url).searchParams, now);
    const report = await getDonationsReport(prisma, session.shop, range);
    const body = CSV_BOM + [DONATIONS_CSV_HEADER, ...donationsCsvRows(report, report.currency)].map((row) => csvLine(row)).join("");
    return new Response(body, {
      headers: {
        "Content-Type": CSV_CONTENT_TYPE,
        "Content-Disposition": `attachment; filename="${csvFilename("donations", now)}"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    if (!isLoyaltyError(error)) throw error;
    return json({ ok: false, error: error.message, fieldErrors: error.fieldErrors ?? {} }, { status: httpStatusForError(error.code) });
  }
};
