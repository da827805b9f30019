import prisma from "~/db.server";
import { redactCustomer } from "~/loyalty/server/privacy.server";
import { webhookAction } from "~/shopify/webhook-action.server";
import { mapComplianceCustomer } from "~/shopify/webhook-payloads";

export const action = webhookAction({
  map: mapComplianceCustomer,
  handle: async ({ shop, data, now }) => {
    const { redacted } = await redactCustomer(prisma, shop, data, now);
    return { message: redacted ? `Customer ${data.customerGid} redacted` : `No member for ${data.customerGid}; orders unlinked` };
  },
});
