/**
 * The Rewards page's calls to the app: every request carries a fresh session token from Shopify
 * (`shopify.sessionToken.get()`); the app trusts only that token's customer. Errors carry the app's sentence.
 */
import type { BirthdayAnswer, Redemption, ReferralAnswer, RewardsAccount } from "./account";

export interface RewardsClientOptions {
  appUrl: string;
  getToken: () => Promise<string>;
  fetch: typeof fetch;
}

export class RewardsRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    /** The field the app named (`fieldErrors`), when it refused one. */
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

export interface RewardsClient {
  /** The account; with `storeCredit`, the shopper's store credit too (the Rewards page; it costs the app a Shopify read). */
  account(options?: { storeCredit?: boolean }): Promise<RewardsAccount>;
  /** `points`: a points slider's chosen points (the other kinds take none). */
  redeem(rewardId: string, idempotencyKey: string, points?: number): Promise<{ redemption: Redemption }>;
  birthday(): Promise<BirthdayAnswer>;
  setBirthday(birthday: { month: string; day: string; year: string | null }): Promise<BirthdayAnswer>;
  referral(): Promise<ReferralAnswer>;
}

export function createRewardsClient({ appUrl, getToken, fetch }: RewardsClientOptions): RewardsClient {
  async function call<T>(path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${await getToken()}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(`${appUrl}/customer-account/${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await response.json().catch(() => null)) as (T & { error?: string; code?: string; fieldErrors?: Record<string, string> }) | null;
    if (!response.ok || !answer) {
      const [field, sentence] = Object.entries(answer?.fieldErrors ?? {})[0] ?? [null, null];
      throw new RewardsRequestError(sentence ?? answer?.error ?? `The app answered ${response.status}`, response.status, answer?.code ?? null, field);
    }
    return answer;
  }
  return {
    account: (options) => call<RewardsAccount>(options?.storeCredit ? "account?storeCredit=1" : "account"),
    redeem: (rewardId, idempotencyKey, points) => call("redeem", points === undefined ? { rewardId, idempotencyKey } : { rewardId, idempotencyKey, points }),
    birthday: () => call<BirthdayAnswer>("birthday"),
    setBirthday: (birthday) => call<BirthdayAnswer>("birthday", birthday),
    referral: () => call<ReferralAnswer>("referral"),
  };
}
