import type { ActionFunctionArgs } from "@remix-run/node";
import { answerProxy, requireProxyShopper } from "~/shopify/app-proxy.server";
import { followForShopper } from "~/shopify/shopper-engagement.server";

/** The storefront's social follow links: POST `{ network }` when the shopper clicks through. */
export const action = ({ request }: ActionFunctionArgs) =>
  answerProxy(request, async (request) => followForShopper(request, await requireProxyShopper(request)));
