import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { getStorefrontAccount } from "~/loyalty/server/storefront-account.server";
import { getStorefrontShopper } from "~/loyalty/server/storefront-shop.server";
import { answerCustomerAccount } from "~/shopify/customer-account.server";

/** The signed-in customer's account for the customer account extensions: the storefront's answer, same shape. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  answerCustomerAccount(request, async (_request, { shop, customerGid }) => {
    const now = new Date();
    return getStorefrontAccount(prisma, await getStorefrontShopper(prisma, shop, customerGid, now), now);
  });

// Remix sends POST, PUT, PATCH and DELETE here (refused); OPTIONS, the CORS preflight, goes to the loader, where
// the library answers it.
export const action = ({ request }: ActionFunctionArgs) =>
  answerCustomerAccount(request, async () => {
    throw new Response(undefined, { status: 405, headers: { Allow: "GET, OPTIONS" } });
  });
