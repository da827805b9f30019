/** The order-status block's survey calls: the live survey for the signed-in customer, and their answers. */
import type { RewardsClientOptions } from "../../customer-account-rewards/src/client";
import type { ShopperSurvey, SurveyAnswerValue } from "./survey";

/** The app refused the answers: its code and the questions it named (`fieldErrors`, by question id). */
export class SurveyRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly fieldErrors: Record<string, string>,
  ) {
    super(message);
  }
}

async function call<T>({ appUrl, getToken, fetch }: RewardsClientOptions, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Authorization: `Bearer ${await getToken()}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${appUrl}/customer-account/survey`, {
    method: body === undefined ? "GET" : "POST",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => null)) as (T & { error?: string; code?: string; fieldErrors?: Record<string, string> }) | null;
  if (!response.ok || !answer) {
    throw new SurveyRequestError(answer?.error ?? `The app answered ${response.status}`, response.status, answer?.code ?? null, answer?.fieldErrors ?? {});
  }
  return answer;
}

export function fetchSurvey(options: RewardsClientOptions): Promise<ShopperSurvey> {
  return call<ShopperSurvey>(options);
}

export function submitSurvey(
  options: RewardsClientOptions,
  body: { surveyId: string; version: number; answers: Record<string, SurveyAnswerValue> },
): Promise<{ ok: true; points: number; balance: number }> {
  return call(options, body);
}
