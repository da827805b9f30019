import prisma from "~/db.server";
import { recordRefund } from "~/loyalty/server/orders.server";
import { webhookAction } from "~/shopify/webhook-action.server";
import { mapRefund } from "~/shopify/webhook-payloads";

export const action = webhookAction({
  map: mapRefund,
  handle: ({ shop, data, now }) => recordRefund(prisma, shop, data, now),
});
