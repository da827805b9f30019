/**
 * The storefront account (`GET /proxy/account`): the signed-in shopper's balance, tier progress, rewards, codes
 * and activity. One function for the Remix route and the production server's fast path (http-proxy.server.ts).
 */
import prisma from "~/db.server";
import { recordStorefrontSeen } from "~/loyalty/server/setup-checklist.server";
import { getStorefrontAccount } from "~/loyalty/server/storefront-account.server";
import { getStorefrontShopper } from "~/loyalty/server/storefront-shop.server";
import { proxyShopperOf } from "./app-proxy.server";

/** Throws a 400 Response for an unsigned request, a LoyaltyError for an expected failure (logged out). */
export async function proxyAccount(url: URL) {
  const { shop, customerGid } = proxyShopperOf(url);
  const now = new Date();
  const shopper = await getStorefrontShopper(prisma, shop, customerGid, now);
  await recordStorefrontSeen(prisma, shopper.program, now);
  return getStorefrontAccount(prisma, shopper, now);
}
