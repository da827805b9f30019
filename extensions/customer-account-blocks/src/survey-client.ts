/**
 * The order-status block's survey calls (`/customer-account/survey`), with a fresh session token each, as the other
 * blocks call the app. A refusal is thrown as a SurveyRequestError carrying what the app answered (its code and
 * field errors), which survey-form.ts words.
 */
import type { RewardsClientOptions } from "../../customer-account-rewards/src/client";
import type { ShopperSurveyAnswer, SurveyBody, SurveyRefusal, SurveyThanks } from "./survey-form";

export class SurveyRequestError extends Error {
  constructor(
    message: string,
    readonly refusal: SurveyRefusal,
  ) {
    super(message);
  }
}

type Answer = { error?: string; code?: string; fieldErrors?: Record<string, string> } | null;

async function call<T>({ appUrl, getToken, fetch }: RewardsClientOptions, body?: SurveyBody): Promise<T> {
  const headers: Record<string, string> = { Authorization: `Bearer ${await getToken()}` };
  if (body) headers["Content-Type"] = "application/json";
  const response = await fetch(`${appUrl}/customer-account/survey`, {
    method: body ? "POST" : "GET",
    headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const answer = (await response.json().catch(() => null)) as (T & Answer) | null;
  if (!response.ok || !answer) {
    throw new SurveyRequestError(answer?.error ?? `The app answered ${response.status}`, {
      status: response.status,
      code: answer?.code ?? null,
      fieldErrors: answer?.fieldErrors ?? {},
    });
  }
  return answer;
}

/** The live survey for the signed-in customer, and whether they already answered it. */
export function fetchShopperSurvey(options: RewardsClientOptions): Promise<ShopperSurveyAnswer> {
  return call<ShopperSurveyAnswer>(options);
}

/** Sends the answers; resolves with the points earned, throws a SurveyRequestError when refused. */
export function sendSurveyAnswers(options: RewardsClientOptions, body: SurveyBody): Promise<SurveyThanks> {
  return call<SurveyThanks>(options, body);
}
