import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { recordStorefrontSeen } from "~/loyalty/server/setup-checklist.server";
import { getStorefrontAccount } from "~/loyalty/server/storefront-account.server";
import { getStorefrontShopper } from "~/loyalty/server/storefront-shop.server";
import { answerProxy, requireProxyShopper } from "~/shopify/app-proxy.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  answerProxy(request, async (request) => {
    const { shop, customerGid } = await requireProxyShopper(request);
    const now = new Date();
    const shopper = await getStorefrontShopper(prisma, shop, customerGid, now);
    await recordStorefrontSeen(prisma, shopper.program, now);
    return getStorefrontAccount(prisma, shopper, now);
  });
