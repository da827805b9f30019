import { json, type LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { csvResponse } from "~/http/csv-download.server";
import { exportMemberLedgerCsv } from "~/loyalty/server/members-admin.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

/** GET /app/members/:id/ledger.csv: the member's whole ledger, oldest first, with the running balance. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const csv = await exportMemberLedgerCsv(prisma, session.shop, params.id ?? "", new Date());
  if (!csv) throw json({ ok: false, error: "This member is not in your program", fieldErrors: {} }, { status: 404 });
  return csvResponse(csv);
};
