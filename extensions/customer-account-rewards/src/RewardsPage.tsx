/** @jsxImportSource preact */
/**
 * The Rewards page: loads the account with the shopper's session token, redeems with a fresh idempotency key per
 * click (a retried request redeems once), and reloads the account after a redeem. The birthday section loads on its
 * own: when it cannot, the page shows without it.
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { BirthdayAnswer, BirthdayDraft, Redemption, RewardsAccount, RewardsText } from "./account";
import { BirthdaySection } from "./BirthdaySection";
import { RewardsRequestError, type RewardsClient } from "./client";
import { RewardsView } from "./RewardsView";

type Load = { state: "loading" } | { state: "failed" } | { state: "ready"; account: RewardsAccount };

export function RewardsPage({ client, text }: { client: RewardsClient; text: RewardsText }) {
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [redeeming, setRedeeming] = useState<string | null>(null);
  const [redeemed, setRedeemed] = useState<Redemption | null>(null);
  const [redeemError, setRedeemError] = useState<string | null>(null);
  const [birthday, setBirthday] = useState<BirthdayAnswer | null>(null);
  const [draft, setDraft] = useState<BirthdayDraft>({ month: "1", day: "", year: "" });
  const [birthdaySaving, setBirthdaySaving] = useState(false);
  const [birthdaySaved, setBirthdaySaved] = useState(false);
  const [birthdayError, setBirthdayError] = useState<{ message: string; field: string | null } | null>(null);

  useEffect(() => {
    client.birthday().then(setBirthday, () => setBirthday(null));
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
    client.account().then(
      (account) => setLoad({ state: "ready", account }),
      () => setLoad({ state: "failed" }),
    );
  }, [client]);

  useEffect(reload, [reload]);

  const redeem = (rewardId: string) => {
    setRedeeming(rewardId);
    setRedeemError(null);
    client
      .redeem(rewardId, crypto.randomUUID())
      .then(({ redemption }) => {
        setRedeemed(redemption);
        reload();
      })
      .catch((error: unknown) => setRedeemError(error instanceof RewardsRequestError ? error.message : text.translate("error")))
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
    <RewardsView account={load.account} text={text} redeeming={redeeming} redeemed={redeemed} redeemError={redeemError} onRedeem={redeem}>
      {birthday && (
        <BirthdaySection view={birthday} text={text} draft={draft} onDraft={setDraft} onSave={saveBirthday} saving={birthdaySaving} saved={birthdaySaved} error={birthdayError} />
      )}
    </RewardsView>
  );
}
