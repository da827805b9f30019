/** @jsxImportSource preact */
/**
 * One points slider reward on the Rewards page (docs/decisions/037): its range, a number field (fewest to most
 * points, in steps) starting at the most the balance buys, what the chosen points are worth, and Redeem. The field
 * shows why a choice cannot be redeemed (checked here as the app checks it, or the app's own refusal). Pure: the
 * draft and its error are the page's.
 */
import type { RewardsReward, RewardsText } from "./account";
import { minorToMajor } from "./money";
import { checkSliderPoints, sliderBounds, sliderStartPoints, type SliderCheck } from "./slider";

export interface SliderRewardRowProps {
  reward: RewardsReward;
  text: RewardsText;
  /** The shopper's available points. */
  balance: number;
  currency: string;
  live: boolean;
  /** The field as typed; undefined: not touched (it starts at the most the balance buys). */
  draft: string | undefined;
  error: string | undefined;
  redeeming: string | null;
  /** `done`: the shopper finished editing (the field's change), so the choice is checked and named. */
  onDraft: (value: string, done: boolean) => void;
  onRedeem: () => void;
}

/** The sentence for a choice the slider refuses, in the shopper's language. */
export function sliderRefusal(text: RewardsText, check: Extract<SliderCheck, { ok: false }>): string {
  const values = Object.fromEntries(Object.entries(check.values).map(([name, value]) => [name, text.formatNumber(value)]));
  return text.translate(`slider.errors.${check.error}`, values);
}

const valueOf = (event: Event) => (event.currentTarget as HTMLInputElement).value;

export function SliderRewardRow({ reward, text, balance, currency, live, draft, error, redeeming, onDraft, onRedeem }: SliderRewardRowProps) {
  const bounds = sliderBounds(reward);
  const value = draft ?? String(sliderStartPoints(reward, balance));
  const check = checkSliderPoints(reward, value, balance);
  const range = bounds
    ? text.translate("slider.range", { min: text.formatNumber(bounds.min), max: text.formatNumber(bounds.max), step: text.formatNumber(bounds.step) })
    : "";
  return (
    <s-grid gridTemplateColumns="1fr auto" gap="base" alignItems="end">
      <s-stack direction="block" gap="small-300">
        <s-text type="strong">{reward.name}</s-text>
        <s-text color="subdued">{range}</s-text>
        {reward.affordable && bounds && (
          <s-number-field
            label={text.translate("slider.label")}
            min={bounds.min}
            max={sliderStartPoints(reward, balance)}
            step={bounds.step}
            value={value}
            error={error}
            onInput={(event: Event) => onDraft(valueOf(event), false)}
            onChange={(event: Event) => onDraft(valueOf(event), true)}
          />
        )}
        {reward.affordable && check.ok && (
          <s-text>{text.translate("slider.worth", { amount: text.formatCurrency(minorToMajor(check.amountMinor, currency), { currency }) })}</s-text>
        )}
      </s-stack>
      {reward.affordable ? (
        <s-button variant="primary" loading={redeeming === reward.id} disabled={redeeming !== null} onClick={onRedeem}>
          {redeeming === reward.id ? text.translate("redeeming") : text.translate("redeem")}
        </s-button>
      ) : (
        <s-text color="subdued">
          {live && reward.missing > 0
            ? text.translate("missing", { count: reward.missing, points: text.formatNumber(reward.missing) })
            : text.translate("redeem")}
        </s-text>
      )}
    </s-grid>
  );
}
