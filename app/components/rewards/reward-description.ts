/**
 * A reward's terms in the admin's language: "$5.00 off", "10 % de réduction", "Free shipping", with "on orders of
 * $20.00 or more" when it has a minimum. The server's describeReward is English only (logs, CSV); pages use this.
 */
import type { TFunction } from "i18next";
import { programFormat } from "../program/format";

export interface DescribableReward {
  kind: string;
  amountMinor: number | null;
  percentBasisPoints: number | null;
  minimumOrderMinor: number | null;
  pointsCost?: number;
  sliderMaxPoints?: number | null;
  productTitle?: string | null;
}

export function describeRewardTerms(reward: DescribableReward, t: TFunction, locale: string, currency: string): string {
  const money = programFormat(locale, currency).money;
  const what =
    reward.kind === "fixed_amount"
      ? t("program.rewards.amountOff", { amount: money(reward.amountMinor ?? 0) })
      : reward.kind === "percentage"
        ? t("program.rewards.percentOff", {
            percent: new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format((reward.percentBasisPoints ?? 0) / 10_000),
          })
        : reward.kind === "points_slider"
          ? t("program.rewards.sliderOff", {
              amount: money(((reward.sliderMaxPoints ?? 0) / Math.max(1, reward.pointsCost ?? 1)) * (reward.amountMinor ?? 0)),
              step: money(reward.amountMinor ?? 0),
              points: new Intl.NumberFormat(locale).format(reward.pointsCost ?? 0),
            })
          : reward.kind === "free_product"
            ? t("program.rewards.freeProduct", { product: reward.productTitle ?? "" })
            : reward.kind === "store_credit"
              ? t("program.rewards.storeCreditAmount", { amount: money(reward.amountMinor ?? 0) })
              : t("program.rewards.freeShipping");
  return reward.minimumOrderMinor ? t("program.rewards.withMinimum", { reward: what, minimum: money(reward.minimumOrderMinor) }) : what;
}
