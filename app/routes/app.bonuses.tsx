import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { answerAction, jsonField } from "~/http/action-result.server";
import { saveEngagementSettings } from "~/loyalty/server/engagement-settings.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

/** The Program page's birthday and action bonuses (components/program/EngagementSection.tsx): POST saves them. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, formData } = await requireAdmin(request);
  const form = await formData();
  return answerAction(async () => {
    await saveEngagementSettings(prisma, session.shop, jsonField(form, "settings"), new Date());
    return {};
  });
};
