/** @jsxImportSource preact */
/** The thank-you block's content: earned, estimated (labelled), or a guest's invitation; nothing when unavailable. */
import type { RewardsText } from "../../customer-account-rewards/src/account";
import type { ThankYouPoints } from "./thank-you-points";

export function ThankYouView({ points, text }: { points: ThankYouPoints; text: RewardsText }) {
  if (points.status === "unavailable" || points.points <= 0) return null;
  const values = { count: points.points, points: text.formatNumber(points.points) };
  if (points.guest) {
    return (
      <s-banner tone="info" heading={text.translate("heading")}>
        <s-text>{text.translate("guest", values)}</s-text>
        <s-text color="subdued">{text.translate("join")}</s-text>
      </s-banner>
    );
  }
  return (
    <s-banner tone="success" heading={text.translate("heading")}>
      <s-text>{text.translate(points.status === "earned" ? "earned" : "estimated", values)}</s-text>
      {points.status === "estimated" && <s-text color="subdued">{text.translate("estimateNote")}</s-text>}
    </s-banner>
  );
}
