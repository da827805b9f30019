import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { csvResponse } from "~/http/csv-download.server";
import { exportMembersCsv, requireMemberListQuery } from "~/loyalty/server/members-admin.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

/** GET /app/members.csv?q=&tier=: every member matching the index's search and tier filter, streamed. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const query = requireMemberListQuery(new URL(request.url).searchParams);
  return csvResponse(await exportMembersCsv(prisma, session.shop, query, new Date()));
};
