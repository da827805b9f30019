import prisma from "~/db.server";
import { exportCustomerData } from "~/loyalty/server/privacy.server";
import { webhookAction } from "~/shopify/webhook-action.server";
import { mapComplianceCustomer } from "~/shopify/webhook-payloads";

export const action = webhookAction({
  map: mapComplianceCustomer,
  handle: async ({ shop, data, now }) => {
    const exported = await exportCustomerData(prisma, shop, data, now);
    return { message: `Data export for ${data.customerGid} stored (${exported.member?.ledger.length ?? 0} ledger entries)` };
  },
});
