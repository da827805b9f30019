import prisma from "~/db.server";
import { recordCustomerCreated } from "~/loyalty/server/members.server";
import { webhookAction } from "~/shopify/webhook-action.server";
import { mapCreatedCustomer } from "~/shopify/webhook-payloads";

export const action = webhookAction({
  map: mapCreatedCustomer,
  handle: ({ shop, data, now }) => recordCustomerCreated(prisma, shop, data, now),
});
