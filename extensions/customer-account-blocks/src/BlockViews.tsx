/** @jsxImportSource preact */
/**
 * The two blocks' content, pure (profile.tsx and order-status.tsx fetch): the profile block's balance, tier and
 * link; the order-status block's sentence for what the order did. An order that earned nothing shows nothing.
 */
import type { RewardsAccount, RewardsText } from "../../customer-account-rewards/src/account";
import type { OrderPointsAnswer } from "./order-points-client";

export function ProfilePointsView({ account, text, rewardsUrl }: { account: RewardsAccount; text: RewardsText; rewardsUrl: string }) {
  const { member } = account;
  return (
    <s-section heading={text.translate("rewards")}>
      <s-stack direction="block" gap="small-300">
        <s-text type="strong">{text.translate("points", { count: member.balance, points: text.formatNumber(member.balance) })}</s-text>
        {member.tier && <s-text color="subdued">{text.translate("tier", { tier: member.tier })}</s-text>}
        <s-link href={rewardsUrl}>{text.translate("viewRewards")}</s-link>
      </s-stack>
    </s-section>
  );
}

export function orderPointsSentence(points: OrderPointsAnswer, text: RewardsText): string | null {
  const count = points.net;
  const formatted = text.formatNumber(count);
  switch (points.status) {
    case "none":
      return null;
    case "clawed_back":
      return text.translate("order.clawedBack");
    case "pending":
      return text.translate("order.pending", {
        count,
        points: formatted,
        date: text.formatDate(new Date(points.availableOn ?? Date.now()), { dateStyle: "long" }),
      });
    case "earned":
      return text.translate("order.earned", { count, points: formatted });
  }
}

export function OrderPointsView({ points, text }: { points: OrderPointsAnswer; text: RewardsText }) {
  const sentence = orderPointsSentence(points, text);
  if (!sentence) return null;
  return (
    <s-banner tone={points.status === "clawed_back" ? "warning" : "success"} heading={text.translate("rewards")}>
      <s-text>{sentence}</s-text>
      {points.clawedBack > 0 && points.status !== "clawed_back" && (
        <s-text color="subdued">{text.translate("order.partlyClawedBack", { clawedBack: text.formatNumber(points.clawedBack) })}</s-text>
      )}
    </s-banner>
  );
}
