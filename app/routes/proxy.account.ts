import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { getShopProgram } from "~/loyalty/server/program.server";
import { recordStorefrontSeen } from "~/loyalty/server/setup-checklist.server";
import { getStorefrontAccount } from "~/loyalty/server/storefront-account.server";
import { answerProxy, requireProxyShopper } from "~/shopify/app-proxy.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  answerProxy(request, async (request) => {
    const { shop, customerGid } = await requireProxyShopper(request);
    const now = new Date();
    const program = await getShopProgram(prisma, shop);
    await recordStorefrontSeen(prisma, program, now);
    return getStorefrontAccount(prisma, program, customerGid, now);
  });
