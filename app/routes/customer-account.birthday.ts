import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerCustomerAccount } from "~/shopify/customer-account.server";
import { birthdayForShopper } from "~/shopify/shopper-engagement.server";

/** The customer account's Rewards page: POST sets the birthday; GET reads it (the library answers CORS preflights). */
export const action = ({ request }: ActionFunctionArgs) => answerCustomerAccount(request, birthdayForShopper);

export const loader = ({ request }: LoaderFunctionArgs) => answerCustomerAccount(request, birthdayForShopper);
