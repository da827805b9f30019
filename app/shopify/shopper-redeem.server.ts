/**
 * A signed-in shopper redeems a reward: one function for every surface that has a verified shopper (the app proxy's
 * `POST /proxy/redeem`, the customer account's `POST /customer-account/redeem`). The caller proves who the shopper
 * is; this reads only the reward and the client's idempotency key from the body.
 */
import { z } from "zod";
import prisma from "~/db.server";
import { LoyaltyError } from "~/loyalty/errors";
import { redeemReward } from "~/loyalty/server/redemptions.server";
import { describeShopper } from "~/loyalty/server/storefront-account.server";
import { getStorefrontShopper } from "~/loyalty/server/storefront-shop.server";
import { adminGraphqlForShop } from "./admin-graphql.server";

const redeemBody = z.object({
  rewardId: z.string().min(1).max(64),
  idempotencyKey: z.string().min(1).max(100),
  /** A points slider: how many points to spend (the slider's rules check it). */
  points: z.unknown().optional(),
});

async function parseBody(request: Request) {
  if (request.method !== "POST") throw new LoyaltyError("INVALID_INPUT", "Redeem with a POST request");
  const result = redeemBody.safeParse(await request.json().catch(() => null));
  if (!result.success) {
    throw new LoyaltyError("INVALID_INPUT", "Choose a reward to redeem", {
      fieldErrors: Object.fromEntries(result.error.issues.map((issue) => [issue.path.join(".") || "body", issue.message])),
    });
  }
  return result.data;
}

/** Redeems the body's reward for the verified shopper; answers the code and the shopper's new standing. */
export async function redeemForShopper(request: Request, shopper: { shop: string; customerGid: string }) {
  const body = await parseBody(request);
  const { shop, customerGid } = shopper;
  const now = new Date();
  const { redemption } = await redeemReward(prisma, adminGraphqlForShop, {
    shop,
    customerGid,
    rewardId: body.rewardId,
    clientKey: body.idempotencyKey,
    points: body.points,
    now,
  });
  const standing = await getStorefrontShopper(prisma, shop, customerGid, now);
  return {
    redemption: {
      code: redemption.code,
      rewardName: redemption.rewardName,
      status: redemption.status === "issued" ? "unused" : redemption.status,
      expiresAt: redemption.expiresAt?.toISOString() ?? null,
    },
    member: describeShopper(standing),
  };
}
