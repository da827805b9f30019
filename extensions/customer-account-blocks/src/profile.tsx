/** @jsxImportSource preact */
/** customer-account.profile.block.render: the points summary and a link to the Rewards page. */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Api } from "@shopify/ui-extensions/customer-account.profile.block.render";
import type { RewardsAccount } from "../../customer-account-rewards/src/account";
import { APP_URL } from "../../customer-account-rewards/src/app-url";
import { createRewardsClient } from "../../customer-account-rewards/src/client";
import { ProfilePointsView } from "./BlockViews";

/** The Rewards page: the full-page extension of this app (its handle), as customer accounts route it. */
const REWARDS_PAGE = "extension:customer-account-rewards/";

function ProfileBlock({ shopify }: { shopify: Api }) {
  const [account, setAccount] = useState<RewardsAccount | null>(null);
  useEffect(() => {
    const client = createRewardsClient({ appUrl: APP_URL, getToken: () => shopify.sessionToken.get(), fetch: globalThis.fetch.bind(globalThis) });
    client.account().then(setAccount, () => setAccount(null));
  }, [shopify]);
  return account ? <ProfilePointsView account={account} text={shopify.i18n} rewardsUrl={REWARDS_PAGE} /> : null;
}

export default async () => {
  const shopify = (globalThis as unknown as { shopify: Api }).shopify;
  render(<ProfileBlock shopify={shopify} />, document.body);
};
