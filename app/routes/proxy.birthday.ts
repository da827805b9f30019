import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerProxy, requireProxyShopper } from "~/shopify/app-proxy.server";
import { birthdayForShopper } from "~/shopify/shopper-engagement.server";

/** The storefront's birthday form: GET reads it (and what the shop offers), POST sets it. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  answerProxy(request, async (request) => birthdayForShopper(request, await requireProxyShopper(request)));

export const action = ({ request }: ActionFunctionArgs) =>
  answerProxy(request, async (request) => birthdayForShopper(request, await requireProxyShopper(request)));
