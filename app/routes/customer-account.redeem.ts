import type { ActionFunctionArgs } from "@remix-run/node";
import { answerCustomerAccount } from "~/shopify/customer-account.server";
import { redeemForShopper } from "~/shopify/shopper-redeem.server";

/** Redeem from the customer account's Rewards page (POST; OPTIONS is the preflight). */
export const action = ({ request }: ActionFunctionArgs) => answerCustomerAccount(request, redeemForShopper);
