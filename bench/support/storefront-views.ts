/**
 * What one storefront page view asks for, in Chromium: the dev store's kind of page (tests/support/storefront) with
 * the Rewards block and the launcher embed, for a guest and a signed-in member, under three program facts:
 * - "no flags (baseline)": the facts as written before the storefront features existed; the theme renders every
 *   section, as it did before (the baseline, measured in the same run);
 * - "features off": a shop using none of badges/challenges, referrals, birthdays, follows;
 * - "features on": a shop using all of them.
 * Each view is a fresh tab on a fresh server, loaded, then left until the network is idle (the scripts run after
 * `load`). Counted: every request of the page, the app proxy requests (and their paths), the extension scripts
 * loaded, and the bytes of every response body. The app proxy is answered by a stub (`{}`), so the bytes of the
 * app's own answers are not measured, only how many are asked for.
 */
import type { Request } from "playwright-core";
import { buildProgramFacts, type StorefrontFeatures } from "~/loyalty/reminders";
import { PROGRAM_FACTS_KEY, PROGRAM_FACTS_NAMESPACE } from "~/shopify/graphql/app-metafields";
import type { PageOptions } from "../../tests/support/storefront/liquid";
import { StorefrontSession } from "../../tests/support/storefront/session";

export interface PageViewCost {
  facts: string;
  shopper: "guest" | "member";
  requests: number;
  proxyRequests: number;
  proxyPaths: string[];
  scripts: number;
  bytes: number;
}

const FACTS: { name: string; features: StorefrontFeatures | null }[] = [
  { name: "no flags (baseline)", features: null },
  { name: "features off", features: { engagement: false, referrals: false, birthdays: false, follows: false } },
  { name: "features on", features: { engagement: true, referrals: true, birthdays: true, follows: true } },
];

const appMetafields = (features: StorefrontFeatures | null) => [
  {
    namespace: PROGRAM_FACTS_NAMESPACE,
    key: PROGRAM_FACTS_KEY,
    type: "json",
    value: JSON.stringify(buildProgramFacts({ status: "live", baseRateMilli: 1000, currency: "USD", rewards: [], ...(features ? { features } : {}) })),
  },
];

const stubProxy = async () => new Response("{}", { status: 200, headers: { "Content-Type": "application/json" } });

export async function measurePageViews(): Promise<PageViewCost[]> {
  const session = new StorefrontSession(stubProxy);
  await session.launch();
  const results: PageViewCost[] = [];
  try {
    for (const shopper of ["guest", "member"] as const) {
      for (const { name, features } of FACTS) {
        const finished: Request[] = [];
        const options: PageOptions = {
          customer: shopper === "member" ? { id: "42", firstName: "Ana", loyalty: { balance: 10, pending: 0, tierName: null, progress: { nextTierName: null, remaining: 0, progressPermille: 0, message: "" } } } : null,
          blocks: [{ name: "rewards", id: "rewards-1" }],
          embeds: [{ name: "launcher", id: "launcher-1" }],
          appMetafields: appMetafields(features),
        };
        const page = await session.open(options, { beforeLoad: (tab) => void tab.on("requestfinished", (request) => finished.push(request)) });
        await page.waitForLoadState("networkidle");
        const sizes = await Promise.all(finished.map((request) => request.sizes()));
        const proxied = session.server?.proxyRequests ?? [];
        results.push({
          facts: name,
          shopper,
          requests: finished.length,
          proxyRequests: proxied.length,
          proxyPaths: proxied.map((request) => `${request.method} ${new URL(request.appUrl).pathname.replace("/proxy", "")}`),
          scripts: finished.filter((request) => request.resourceType() === "script").length,
          bytes: sizes.reduce((sum, size) => sum + size.responseBodySize, 0),
        });
        await session.end();
      }
    }
  } finally {
    await session.close();
  }
  return results;
}
