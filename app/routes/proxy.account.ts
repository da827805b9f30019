import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { recordStorefrontSeen } from "~/loyalty/server/setup-checklist.server";
import { getStorefrontAccount } from "~/loyalty/server/storefront-account.server";
import { answerProxy, requireProxyShopper } from "~/shopify/app-proxy.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  answerProxy(async () => {
    const { shop, customerGid } = await requireProxyShopper(request);
    const now = new Date();
    await recordStorefrontSeen(prisma, shop, now);
    return getStorefrontAccount(prisma, shop, customerGid, now);
  });
