/** @jsxImportSource preact */
/**
 * The Rewards page's content from the account, in the shopper's language: balance and tier progress, the earn
 * rate, their store credit (when the shop offers it), each reward (Redeem, or the points still missing; a points
 * slider with its choice of points), the code just redeemed, the shopper's codes and the points history. Pure: the
 * same account and words always render the same page (RewardsPage.tsx fetches).
 */
import type { ComponentChildren } from "preact";
import type { Redemption, RewardsAccount, RewardsText } from "./account";
import { minorToMajor } from "./money";
import { SliderRewardRow } from "./SliderRewardRow";
import { StoreCreditSection } from "./StoreCreditSection";

export interface RewardsViewProps {
  account: RewardsAccount;
  text: RewardsText;
  /** The reward being redeemed now (its button shows the wait). */
  redeeming: string | null;
  /** The code just redeemed, shown above the rewards. */
  redeemed: Redemption | null;
  /** The app's sentence when the last redeem failed. */
  redeemError: string | null;
  onRedeem: (rewardId: string) => void;
  /** Points sliders: each one's field as typed (absent: untouched) and the sentence on it. */
  sliderDrafts?: Readonly<Record<string, string>>;
  sliderErrors?: Readonly<Record<string, string>>;
  onSliderDraft?: (rewardId: string, value: string, done: boolean) => void;
  /** More sections (the birthday), shown before the points history. */
  children?: ComponentChildren;
}

function progressLine(account: RewardsAccount, text: RewardsText): string {
  const { progress } = account.member;
  if (!progress.nextTier) return text.translate("progress.top");
  if (progress.basis === "spend") {
    const remaining = text.formatCurrency(minorToMajor(progress.remaining, progress.currency), { currency: progress.currency });
    return text.translate("progress.spend", { remaining, tier: progress.nextTier });
  }
  return text.translate("progress.points", { remaining: text.formatNumber(progress.remaining), tier: progress.nextTier });
}

export function RewardsView(props: RewardsViewProps) {
  const { account, text, redeeming, redeemed, redeemError, onRedeem, children } = props;
  const { sliderDrafts = {}, sliderErrors = {}, onSliderDraft = () => undefined } = props;
  const { member, program } = account;
  const live = program.status === "live";
  return (
    <s-page heading={text.translate("title")}>
      {!live && <s-banner tone="warning">{text.translate("paused")}</s-banner>}
      <s-section>
        <s-grid gridTemplateColumns="1fr 1fr" gap="base">
          <s-stack direction="block" gap="small-300">
            <s-text color="subdued">{text.translate("balance")}</s-text>
            <s-heading>{text.formatNumber(member.balance)}</s-heading>
            {member.pending > 0 && <s-text color="subdued">{text.translate("pending", { count: text.formatNumber(member.pending) })}</s-text>}
          </s-stack>
          <s-stack direction="block" gap="small-300">
            <s-text color="subdued">{text.translate("tier")}</s-text>
            <s-heading>{member.tier ?? text.translate("noTier")}</s-heading>
          </s-stack>
        </s-grid>
        <s-stack direction="block" gap="small-300" paddingBlockStart="base">
          <s-progress value={member.progress.progressPermille} max={1000} accessibilityLabel={progressLine(account, text)} />
          <s-text>{progressLine(account, text)}</s-text>
          <s-text color="subdued">
            {text.translate("earnRate", {
              count: program.earnRateMilli / 1000,
              points: text.formatNumber(program.earnRateMilli / 1000),
              amount: text.formatCurrency(1, { currency: program.currency }),
            })}
          </s-text>
        </s-stack>
      </s-section>

      {account.storeCredit && <StoreCreditSection storeCredit={account.storeCredit} text={text} />}

      <s-section heading={text.translate("rewards")}>
        {redeemed && (
          <s-banner tone="success" heading={text.translate("redeemed", { reward: redeemed.rewardName })}>
            <s-clipboard-item id="redeemed-code" text={redeemed.code} />
            <s-text type="strong">{redeemed.code}</s-text>
          </s-banner>
        )}
        {redeemError && <s-banner tone="critical">{redeemError}</s-banner>}
        {account.rewards.length === 0 ? (
          <s-paragraph>{text.translate("noRewards")}</s-paragraph>
        ) : (
          <s-stack direction="block" gap="base">
            {account.rewards.map((reward) =>
              reward.kind === "points_slider" ? (
                <SliderRewardRow
                  key={reward.id}
                  reward={reward}
                  text={text}
                  balance={member.balance}
                  currency={program.currency}
                  live={live}
                  draft={sliderDrafts[reward.id]}
                  error={sliderErrors[reward.id]}
                  redeeming={redeeming}
                  onDraft={(value, done) => onSliderDraft(reward.id, value, done)}
                  onRedeem={() => onRedeem(reward.id)}
                />
              ) : (
                <s-grid key={reward.id} gridTemplateColumns="1fr auto" gap="base" alignItems="center">
                  <s-stack direction="block" gap="small-400">
                    <s-text type="strong">{reward.name}</s-text>
                    <s-text color="subdued">{text.translate("cost", { count: reward.pointsCost, points: text.formatNumber(reward.pointsCost) })}</s-text>
                  </s-stack>
                  {reward.affordable ? (
                    <s-button variant="primary" loading={redeeming === reward.id} disabled={redeeming !== null} onClick={() => onRedeem(reward.id)}>
                      {redeeming === reward.id ? text.translate("redeeming") : text.translate("redeem")}
                    </s-button>
                  ) : (
                    <s-text color="subdued">
                      {live && reward.missing > 0 ? text.translate("missing", { count: reward.missing, points: text.formatNumber(reward.missing) }) : text.translate("redeem")}
                    </s-text>
                  )}
                </s-grid>
              ),
            )}
          </s-stack>
        )}
      </s-section>

      {account.codes.length > 0 && (
        <s-section heading={text.translate("codes")}>
          <s-stack direction="block" gap="base">
            {account.codes.map((code) => (
              <s-grid key={code.code} gridTemplateColumns="1fr auto" gap="base">
                <s-stack direction="block" gap="small-400">
                  <s-text type="strong">{code.code}</s-text>
                  <s-text color="subdued">{code.rewardName}</s-text>
                </s-stack>
                <s-stack direction="block" gap="small-400">
                  <s-badge>{text.translate(`codeStatus.${code.status}`)}</s-badge>
                  {code.expiresAt && code.status === "unused" && (
                    <s-text color="subdued">{text.translate("expires", { date: text.formatDate(new Date(code.expiresAt), { dateStyle: "medium" }) })}</s-text>
                  )}
                </s-stack>
              </s-grid>
            ))}
          </s-stack>
        </s-section>
      )}

      {children}

      <s-section heading={text.translate("history")}>
        {account.activity.length === 0 ? (
          <s-paragraph>{text.translate("noHistory")}</s-paragraph>
        ) : (
          <s-stack direction="block" gap="small-300">
            {account.activity.map((entry, index) => (
              <s-grid key={`${entry.createdAt}-${index}`} gridTemplateColumns="auto 1fr auto" gap="base">
                <s-text color="subdued">{text.formatDate(new Date(entry.createdAt), { dateStyle: "medium" })}</s-text>
                <s-text>{entry.explanation}</s-text>
                <s-text type="strong">{`${entry.points > 0 ? "+" : ""}${text.formatNumber(entry.points)}`}</s-text>
              </s-grid>
            ))}
          </s-stack>
        )}
      </s-section>
    </s-page>
  );
}
