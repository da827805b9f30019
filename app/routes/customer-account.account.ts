import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { getShopperStoreCredit } from "~/loyalty/server/shopper-store-credit.server";
import { getStorefrontAccount } from "~/loyalty/server/storefront-account.server";
import { getStorefrontShopper } from "~/loyalty/server/storefront-shop.server";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { answerCustomerAccount } from "~/shopify/customer-account.server";

/**
 * The signed-in customer's account for the customer account extensions: the storefront's answer, same shape. With
 * `?storeCredit=1` (the Rewards page; the profile block does not ask) it adds their store credit: Shopify's balance
 * and their pending cash-back, or null when the shop offers no store credit.
 */
export const loader = ({ request }: LoaderFunctionArgs) =>
  answerCustomerAccount(request, async (_request, { shop, customerGid }) => {
    const now = new Date();
    const shopper = await getStorefrontShopper(prisma, shop, customerGid, now);
    if (new URL(request.url).searchParams.get("storeCredit") !== "1") return getStorefrontAccount(prisma, shopper, now);
    const [account, storeCredit] = await Promise.all([
      getStorefrontAccount(prisma, shopper, now),
      getShopperStoreCredit(prisma, adminGraphqlForShop, shopper, customerGid),
    ]);
    return { ...account, storeCredit };
  });

// Remix sends POST, PUT, PATCH and DELETE here (refused); OPTIONS, the CORS preflight, goes to the loader, where
// the library answers it.
export const action = ({ request }: ActionFunctionArgs) =>
  answerCustomerAccount(request, async () => {
    throw new Response(undefined, { status: 405, headers: { Allow: "GET, OPTIONS" } });
  });
