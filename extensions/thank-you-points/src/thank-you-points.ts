/** The thank-you block's call to the app and its answer (app/routes/checkout.points.ts). */
import type { RewardsClientOptions } from "../../customer-account-rewards/src/client";
import { RewardsRequestError } from "../../customer-account-rewards/src/client";

export type ThankYouPoints =
  | { status: "earned"; points: number; guest: boolean }
  | { status: "estimated"; points: number; guest: boolean }
  | { status: "unavailable"; guest: boolean };

export interface CheckoutLineInput {
  id: string;
  productId: string | null;
  title: string;
  quantity: number;
  amount: string;
  productType: string | null;
  giftCard: boolean;
}

export async function fetchThankYouPoints(
  { appUrl, getToken, fetch }: RewardsClientOptions,
  order: { orderId: string; currency: string; lines: CheckoutLineInput[] },
): Promise<ThankYouPoints> {
  const response = await fetch(`${appUrl}/checkout/points`, {
    method: "POST",
    headers: { Authorization: `Bearer ${await getToken()}`, "Content-Type": "application/json" },
    body: JSON.stringify(order),
  });
  const answer = (await response.json().catch(() => null)) as (ThankYouPoints & { error?: string; code?: string }) | null;
  if (!response.ok || !answer) throw new RewardsRequestError(answer?.error ?? `The app answered ${response.status}`, response.status, answer?.code ?? null);
  return answer;
}
