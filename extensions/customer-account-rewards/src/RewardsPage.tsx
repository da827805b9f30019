/** @jsxImportSource preact */
/**
 * The Rewards page: loads the account (with the shopper's store credit) with the shopper's session token, redeems
 * with a fresh idempotency key per click (a retried request redeems once), and reloads the account after a redeem.
 * A points slider's choice is checked before it is sent (slider.ts, as the app checks it) and a refusal, the page's
 * or the app's, is shown on its field. The birthday and referral sections load on their own: when one cannot,
 * the page shows without it.
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { BirthdayAnswer, BirthdayDraft, Redemption, ReferralAnswer, RewardsAccount, RewardsText } from "./account";
import { BirthdaySection } from "./BirthdaySection";
import { RewardsRequestError, type RewardsClient } from "./client";
import { ReferralSection } from "./ReferralSection";
import { RewardsView } from "./RewardsView";
import { checkSliderPoints, sliderStartPoints } from "./slider";
import { sliderRefusal } from "./SliderRewardRow";

type Load = { state: "loading" } | { state: "failed" } | { state: "ready"; account: RewardsAccount };

export function RewardsPage({ client, text }: { client: RewardsClient; text: RewardsText }) {
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [redeeming, setRedeeming] = useState<string | null>(null);
  const [redeemed, setRedeemed] = useState<Redemption | null>(null);
  const [redeemError, setRedeemError] = useState<string | null>(null);
  const [sliderDrafts, setSliderDrafts] = useState<Record<string, string>>({});
  const [sliderErrors, setSliderErrors] = useState<Record<string, string>>({});
  const [birthday, setBirthday] = useState<BirthdayAnswer | null>(null);
  const [draft, setDraft] = useState<BirthdayDraft>({ month: "1", day: "", year: "" });
  const [birthdaySaving, setBirthdaySaving] = useState(false);
  const [birthdaySaved, setBirthdaySaved] = useState(false);
  const [birthdayError, setBirthdayError] = useState<{ message: string; field: string | null } | null>(null);

  const [referral, setReferral] = useState<ReferralAnswer["referral"]>(null);
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);

  useEffect(() => {
    client.birthday().then(setBirthday, () => setBirthday(null));
    client.referral().then(({ referral }) => setReferral(referral), () => setReferral(null));
  }, [client]);

  const saveBirthday = () => {
    setBirthdaySaving(true);
    setBirthdayError(null);
    client
      .setBirthday({ month: draft.month, day: draft.day, year: draft.year || null })
      .then((answer) => {
        setBirthday(answer);
        setBirthdaySaved(true);
      })
      .catch((error: unknown) =>
        setBirthdayError(error instanceof RewardsRequestError ? { message: error.message, field: error.field } : { message: text.translate("error"), field: null }),
      )
      .finally(() => setBirthdaySaving(false));
  };

  const reload = useCallback(() => {
    client.account({ storeCredit: true }).then(
      (account) => setLoad({ state: "ready", account }),
      () => setLoad({ state: "failed" }),
    );
  }, [client]);

  useEffect(reload, [reload]);

  const setSliderError = (rewardId: string, message: string | null) =>
    setSliderErrors(({ [rewardId]: _old, ...others }) => (message === null ? others : { ...others, [rewardId]: message }));

  /** A slider's choice as typed, checked against the slider and the balance: the points, or null (the field says why). */
  const sliderPoints = (rewardId: string, typed?: string): number | null => {
    if (load.state !== "ready") return null;
    const { account } = load;
    const reward = account.rewards.find((candidate) => candidate.id === rewardId);
    if (!reward) return null;
    const check = checkSliderPoints(reward, typed ?? sliderDrafts[rewardId] ?? String(sliderStartPoints(reward, account.member.balance)), account.member.balance);
    setSliderError(rewardId, check.ok ? null : sliderRefusal(text, check));
    return check.ok ? check.points : null;
  };

  const onSliderDraft = (rewardId: string, value: string, done: boolean) => {
    setSliderDrafts((drafts) => ({ ...drafts, [rewardId]: value }));
    if (done) sliderPoints(rewardId, value);
    else setSliderError(rewardId, null);
  };

  const redeem = (rewardId: string) => {
    const slider = load.state === "ready" && load.account.rewards.some((reward) => reward.id === rewardId && reward.kind === "points_slider");
    const points = slider ? sliderPoints(rewardId) : undefined;
    if (points === null) return;
    setRedeeming(rewardId);
    setRedeemError(null);
    client
      .redeem(rewardId, crypto.randomUUID(), points)
      .then(({ redemption }) => {
        setRedeemed(redemption);
        // The balance moved: every slider starts again from what the new balance buys.
        setSliderDrafts({});
        reload();
      })
      .catch((error: unknown) => {
        if (slider && error instanceof RewardsRequestError && error.field === "points") setSliderError(rewardId, error.message);
        else setRedeemError(error instanceof RewardsRequestError ? error.message : text.translate("error"));
      })
      .finally(() => setRedeeming(null));
  };

  if (load.state === "loading") {
    return (
      <s-page heading={text.translate("title")}>
        <s-section>
          <s-spinner accessibilityLabel={text.translate("loading")} />
        </s-section>
      </s-page>
    );
  }
  if (load.state === "failed") {
    return (
      <s-page heading={text.translate("title")}>
        <s-banner tone="critical">{text.translate("error")}</s-banner>
        <s-button onClick={reload}>{text.translate("retry")}</s-button>
      </s-page>
    );
  }
  return (
    <RewardsView
      account={load.account}
      text={text}
      redeeming={redeeming}
      redeemed={redeemed}
      redeemError={redeemError}
      onRedeem={redeem}
      sliderDrafts={sliderDrafts}
      sliderErrors={sliderErrors}
      onSliderDraft={onSliderDraft}
    >
      {referral && <ReferralSection referral={referral} text={text} copied={copied} onCopy={setCopied} />}
      {birthday && (
        <BirthdaySection view={birthday} text={text} draft={draft} onDraft={setDraft} onSave={saveBirthday} saving={birthdaySaving} saved={birthdaySaved} error={birthdayError} />
      )}
    </RewardsView>
  );
}
