import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerProxy, requireProxyShopper } from "~/shopify/app-proxy.server";
import { answerSurveyForShopper, surveyForShopper } from "~/shopify/shopper-survey.server";

/** GET /apps/loyalty/survey: the live survey for the signed-in shopper. */
export const loader = ({ request }: LoaderFunctionArgs) => answerProxy(request, async (request) => surveyForShopper(await requireProxyShopper(request)));

/** POST /apps/loyalty/survey: the shopper's answers; points once per member and version. */
export const action = ({ request }: ActionFunctionArgs) =>
  answerProxy(request, async (request) => answerSurveyForShopper(request, await requireProxyShopper(request)));
