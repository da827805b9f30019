import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerCustomerAccount } from "~/shopify/customer-account.server";
import { redeemForShopper } from "~/shopify/shopper-redeem.server";

/** Redeem from the customer account's Rewards page (POST). */
export const action = ({ request }: ActionFunctionArgs) => answerCustomerAccount(request, redeemForShopper);

// Remix sends OPTIONS (the browser's CORS preflight) to the loader, as it does GET: the library answers the
// preflight; a GET is refused.
export const loader = ({ request }: LoaderFunctionArgs) =>
  answerCustomerAccount(request, async () => {
    throw new Response(undefined, { status: 405, headers: { Allow: "POST, OPTIONS" } });
  });
