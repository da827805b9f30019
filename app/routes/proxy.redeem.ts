import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import prisma from "~/db.server";
import { LoyaltyError } from "~/loyalty/errors";
import { redeemReward } from "~/loyalty/server/redemptions.server";
import { describeShopper } from "~/loyalty/server/storefront-account.server";
import { getStorefrontShopper } from "~/loyalty/server/storefront-shop.server";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { answerProxy, requireProxyShopper } from "~/shopify/app-proxy.server";

const redeemBody = z.object({
  rewardId: z.string().min(1).max(64),
  idempotencyKey: z.string().min(1).max(100),
});

async function parseBody(request: Request) {
  const result = redeemBody.safeParse(await request.json().catch(() => null));
  if (!result.success) {
    throw new LoyaltyError("INVALID_INPUT", "Choose a reward to redeem", {
      fieldErrors: Object.fromEntries(result.error.issues.map((issue) => [issue.path.join(".") || "body", issue.message])),
    });
  }
  return result.data;
}

export const action = ({ request }: ActionFunctionArgs) =>
  answerProxy(request, async (request) => {
    if (request.method !== "POST") throw new LoyaltyError("INVALID_INPUT", "Redeem with a POST request");
    const { shop, customerGid } = await requireProxyShopper(request);
    const body = await parseBody(request);
    const now = new Date();
    const { redemption } = await redeemReward(prisma, adminGraphqlForShop, {
      shop,
      customerGid,
      rewardId: body.rewardId,
      clientKey: body.idempotencyKey,
      now,
    });
    const shopper = await getStorefrontShopper(prisma, shop, customerGid, now);
    return {
      redemption: {
        code: redemption.code,
        rewardName: redemption.rewardName,
        status: redemption.status === "issued" ? "unused" : redemption.status,
        expiresAt: redemption.expiresAt?.toISOString() ?? null,
      },
      member: describeShopper(shopper),
    };
  });
