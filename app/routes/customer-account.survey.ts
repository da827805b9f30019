import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerCustomerAccount } from "~/shopify/customer-account.server";
import { answerSurveyForShopper, surveyForShopper } from "~/shopify/shopper-survey.server";

/**
 * The survey after an order, on the customer account's order page (the order-status block): GET the live survey
 * for the token's customer, POST their answers. OPTIONS (the CORS preflight) reaches the loader; the library answers it.
 */
export const loader = ({ request }: LoaderFunctionArgs) => answerCustomerAccount(request, async (_request, shopper) => surveyForShopper(shopper));

export const action = ({ request }: ActionFunctionArgs) => answerCustomerAccount(request, answerSurveyForShopper);
