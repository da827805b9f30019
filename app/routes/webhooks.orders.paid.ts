import prisma from "~/db.server";
import { recordOrderPaid } from "~/loyalty/server/orders.server";
import { webhookAction } from "~/shopify/webhook-action.server";
import { mapPaidOrder } from "~/shopify/webhook-payloads";

export const action = webhookAction({
  map: mapPaidOrder,
  handle: ({ shop, data, now }) => recordOrderPaid(prisma, shop, data, now),
});
