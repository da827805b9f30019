import type { ActionFunctionArgs } from "@remix-run/node";
import { answerProxy, requireProxyShopper } from "~/shopify/app-proxy.server";
import { redeemForShopper } from "~/shopify/shopper-redeem.server";

export const action = ({ request }: ActionFunctionArgs) =>
  answerProxy(request, async (request) => redeemForShopper(request, await requireProxyShopper(request)));
