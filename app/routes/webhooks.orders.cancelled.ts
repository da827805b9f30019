import prisma from "~/db.server";
import { recordOrderCancelled } from "~/loyalty/server/orders.server";
import { webhookAction } from "~/shopify/webhook-action.server";
import { mapCancelledOrder } from "~/shopify/webhook-payloads";

export const action = webhookAction({
  map: mapCancelledOrder,
  handle: ({ shop, data, now }) => recordOrderCancelled(prisma, shop, data, now),
});
