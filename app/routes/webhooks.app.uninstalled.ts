import prisma from "~/db.server";
import { recordAppUninstalled } from "~/loyalty/server/privacy.server";
import { webhookAction } from "~/shopify/webhook-action.server";

export const action = webhookAction({
  map: () => null,
  handle: async ({ shop }) => {
    await recordAppUninstalled(prisma, shop);
    return { message: "Sessions removed; data kept until shop/redact" };
  },
});
