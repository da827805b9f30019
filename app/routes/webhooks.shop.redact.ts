import prisma from "~/db.server";
import { redactShop } from "~/loyalty/server/privacy.server";
import { webhookAction } from "~/shopify/webhook-action.server";

export const action = webhookAction({
  map: () => null,
  handle: async ({ shop }) => {
    await redactShop(prisma, shop);
    return { message: "All shop data deleted" };
  },
});
