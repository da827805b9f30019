import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { csvResponse } from "~/http/csv-download.server";
import { exportReferralsCsv } from "~/loyalty/server/referrals.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

/** GET /app/referrals.csv: every referral of the shop. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  return csvResponse(await exportReferralsCsv(prisma, session.shop, new Date()));
};
