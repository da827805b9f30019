/** The order-status block's call: what one order did to the signed-in customer's points. */
import type { RewardsClientOptions } from "../../customer-account-rewards/src/client";
import { RewardsRequestError } from "../../customer-account-rewards/src/client";

export interface OrderPointsAnswer {
  status: "none" | "pending" | "earned" | "clawed_back";
  earned: number;
  clawedBack: number;
  net: number;
  availableOn: string | null;
}

export async function fetchOrderPoints({ appUrl, getToken, fetch }: RewardsClientOptions, orderGid: string): Promise<OrderPointsAnswer> {
  const response = await fetch(`${appUrl}/customer-account/order?order=${encodeURIComponent(orderGid)}`, {
    headers: { Authorization: `Bearer ${await getToken()}` },
  });
  const answer = (await response.json().catch(() => null)) as (OrderPointsAnswer & { error?: string; code?: string }) | null;
  if (!response.ok || !answer) throw new RewardsRequestError(answer?.error ?? `The app answered ${response.status}`, response.status, answer?.code ?? null);
  return answer;
}
