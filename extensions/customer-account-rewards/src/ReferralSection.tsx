/** @jsxImportSource preact */
/**
 * "Refer a friend" on the Rewards page (issue 11, docs/decisions/032-referrals.md): the member's link with a copy
 * button (Shopify's `s-clipboard-item`, copied by the button's `--copy` command), their code, what they earn per
 * friend's first order, and the friends who ordered with the points still pending. The same words as the storefront
 * block. Pure: the same referral and words always render the same section (RewardsPage.tsx loads it).
 */
import type { ReferralAnswer, RewardsText } from "./account";

export interface ReferralSectionProps {
  referral: NonNullable<ReferralAnswer["referral"]>;
  text: RewardsText;
  /** What the last copy did: the confirmation, or the fallback sentence. */
  copied: "copied" | "failed" | null;
  onCopy: (outcome: "copied" | "failed") => void;
}

export function ReferralSection({ referral, text, copied, onCopy }: ReferralSectionProps) {
  const intro =
    referral.referrerPoints > 0
      ? text.translate("referral.introPoints", { count: referral.referrerPoints, points: text.formatNumber(referral.referrerPoints) })
      : text.translate("referral.intro");
  return (
    <s-section heading={text.translate("referral.heading")}>
      <s-stack direction="block" gap="small-300">
        <s-paragraph>{intro}</s-paragraph>
        <s-text color="subdued">{text.translate("referral.link")}</s-text>
        <s-link href={referral.link}>{referral.link}</s-link>
        <s-clipboard-item id="referral-link" text={referral.link} onCopy={() => onCopy("copied")} onCopyError={() => onCopy("failed")} />
        <s-stack direction="inline" gap="base" alignItems="center">
          <s-button commandFor="referral-link" command="--copy">
            {text.translate("referral.copy")}
          </s-button>
          {copied === "copied" && <s-text color="subdued">{text.translate("referral.copied")}</s-text>}
          {copied === "failed" && <s-text color="subdued">{text.translate("referral.copyFailed")}</s-text>}
        </s-stack>
        <s-text>{text.translate("referral.code", { code: referral.code })}</s-text>
        {referral.referred > 0 && (
          <s-text color="subdued">
            {text.translate("referral.referred", {
              count: referral.referred,
              friends: text.formatNumber(referral.referred),
              points: text.formatNumber(referral.pendingPoints),
            })}
          </s-text>
        )}
      </s-stack>
    </s-section>
  );
}
