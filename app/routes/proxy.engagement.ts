import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { getStorefrontEngagement } from "~/loyalty/server/engagement-storefront.server";
import { answerProxy, requireProxyShopper } from "~/shopify/app-proxy.server";

/** The signed shopper's badges and challenges (docs/decisions/036-badges-and-challenges.md). */
export const loader = ({ request }: LoaderFunctionArgs) =>
  answerProxy(request, async (request) => {
    const { shop, customerGid } = await requireProxyShopper(request);
    return getStorefrontEngagement(prisma, shop, customerGid, new Date());
  });
