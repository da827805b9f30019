import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { getStorefrontAccount } from "~/loyalty/server/storefront-account.server";
import { answerProxy, requireProxyShopper } from "~/shopify/app-proxy.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  answerProxy(async () => {
    const { shop, customerGid } = await requireProxyShopper(request);
    return getStorefrontAccount(prisma, shop, customerGid, new Date());
  });
