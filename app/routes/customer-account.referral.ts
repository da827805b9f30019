import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerCustomerAccount } from "~/shopify/customer-account.server";
import { referralForShopper } from "~/shopify/shopper-engagement.server";

/**
 * The customer account's Rewards page: GET the signed-in member's referral code and link (the storefront's
 * `/proxy/referral` answer). OPTIONS (the CORS preflight) reaches the loader; the library answers it.
 */
export const loader = ({ request }: LoaderFunctionArgs) => answerCustomerAccount(request, async (_request, shopper) => referralForShopper(shopper));
