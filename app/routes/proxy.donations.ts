import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { LoyaltyError } from "~/loyalty/errors";
import { answerProxy, requireProxyShopper } from "~/shopify/app-proxy.server";
import { donateForShopper, listDonationsForShopper } from "~/shopify/shopper-donations.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  answerProxy(request, async (request) => listDonationsForShopper(await requireProxyShopper(request)));

export const action = ({ request }: ActionFunctionArgs) =>
  answerProxy(request, async (request) => {
    const shopper = await requireProxyShopper(request);
    if (request.method !== "POST") throw new LoyaltyError("INVALID_INPUT", "Donate with a POST request");
    return donateForShopper(request, shopper);
  });
