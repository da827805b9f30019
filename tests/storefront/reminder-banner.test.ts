/**
 * The launcher embed's reminder banner, rendered by the storefront Liquid harness from the metafields the app
 * writes: the program facts (app-data) and the member's own. One message at most; none when the program is not
 * live, when the app has not written its facts, or when the merchant turned the message off.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildProgramFacts, chooseAffordableReward, type ProgramFactsJson, type ProgramFactsReward } from "~/loyalty/reminders";
import { PROGRAM_FACTS_KEY, PROGRAM_FACTS_NAMESPACE } from "~/shopify/graphql/app-metafields";
import { renderBlock, type StorefrontCustomer } from "../support/storefront/liquid";

const REWARDS: ProgramFactsReward[] = [
  { name: "Free shipping", pointsCost: 300, kind: "free_shipping", amountMinor: null, percentBasisPoints: null, active: true },
  { name: "$5 off", pointsCost: 500, kind: "fixed_amount", amountMinor: 500, percentBasisPoints: null, active: true },
  { name: "10% off", pointsCost: 1000, kind: "percentage", amountMinor: null, percentBasisPoints: 1000, active: true },
];

function programFacts(overrides: Partial<Parameters<typeof buildProgramFacts>[0]> = {}) {
  const facts: ProgramFactsJson = buildProgramFacts({ status: "live", baseRateMilli: 1000, currency: "USD", rewards: REWARDS, ...overrides });
  return [{ namespace: PROGRAM_FACTS_NAMESPACE, key: PROGRAM_FACTS_KEY, type: "json", value: JSON.stringify(facts) }];
}

const DAY_S = 86_400;
const nowS = () => Math.floor(Date.now() / 1000);

function member(balance: number, expiring?: { points: number; inDays: number }): StorefrontCustomer {
  const at = expiring ? nowS() + Math.round(expiring.inDays * DAY_S) : 0;
  return {
    id: "42",
    firstName: "Ana",
    loyalty: {
      balance,
      pending: 0,
      tierName: null,
      progress: { nextTierName: null, remaining: 0, progressPermille: 0, message: "" },
      expiring: expiring
        ? { points: expiring.points, expires_on: new Date(at * 1000).toISOString().slice(0, 10), expires_at_s: at }
        : undefined,
    },
  };
}

type Options = Parameters<typeof renderBlock>[1] & { settings?: Record<string, unknown> };

async function banner(options: Options): Promise<string | null> {
  const html = await renderBlock({ name: "launcher", id: "embed", settings: options.settings }, options);
  const match = /<div\s+class="lr-banner[^"]*"[\s\S]*?<p class="lr-banner__text">([\s\S]*?)<\/p>/.exec(html);
  return match?.[1] !== undefined ? match[1].replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim() : null;
}

describe("reminder banner: members", () => {
  it("names the dearest reward the balance pays for, in the shop's money", async () => {
    expect(await banner({ customer: member(750), appMetafields: programFacts() })).toBe("You have 750 points: enough for $5.00 off.");
    expect(await banner({ customer: member(1200), appMetafields: programFacts() })).toBe("You have 1,200 points: enough for 10% off.");
    expect(await banner({ customer: member(300), appMetafields: programFacts() })).toBe("You have 300 points: enough for Free shipping.");
  });

  it("says nothing to a member whose points pay for no reward yet", async () => {
    expect(await banner({ customer: member(299), appMetafields: programFacts() })).toBeNull();
  });

  it("puts points about to expire first, within the merchant's window, with the day in the shopper's language", async () => {
    const soon = member(750, { points: 240, inDays: 3 });
    const text = await banner({ customer: soon, appMetafields: programFacts() });
    const when = new Date((nowS() + 3 * DAY_S) * 1000);
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    expect(text).toBe(`240 points expire on ${months[when.getUTCMonth()]} ${when.getUTCDate()}. Use them before then.`);
    const fr = await banner({ customer: soon, appMetafields: programFacts(), locale: "fr" });
    expect(fr).toMatch(new RegExp(`^240 points expirent le ${when.getUTCDate()} [a-zéû]+\\. Utilisez-les avant\\.$`));
  });

  it("falls back to the reward when the expiry is beyond the window or has passed", async () => {
    expect(await banner({ customer: member(750, { points: 240, inDays: 20 }), appMetafields: programFacts() })).toBe(
      "You have 750 points: enough for $5.00 off.",
    );
    expect(
      await banner({ customer: member(750, { points: 240, inDays: 20 }), appMetafields: programFacts(), settings: { banner_expiry_days: 30 } }),
    ).toMatch(/^240 points expire on/);
    expect(await banner({ customer: member(750, { points: 240, inDays: -1 }), appMetafields: programFacts() })).toBe(
      "You have 750 points: enough for $5.00 off.",
    );
  });

  it("shows each message only when the merchant leaves it on", async () => {
    const soon = member(750, { points: 240, inDays: 3 });
    expect(await banner({ customer: soon, appMetafields: programFacts(), settings: { banner_expiring: false } })).toMatch(/^You have 750/);
    expect(await banner({ customer: soon, appMetafields: programFacts(), settings: { banner_expiring: false, banner_reward: false } })).toBeNull();
  });

  it("names the same reward as chooseAffordableReward for any balance (property)", async () => {
    const facts = buildProgramFacts({ status: "live", baseRateMilli: 1000, currency: "USD", rewards: REWARDS });
    const words: Record<string, string> = { "Free shipping": "Free shipping", "$5 off": "$5.00 off", "10% off": "10% off" };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5000 }), async (balance) => {
        const expected = chooseAffordableReward(facts.rewards, balance);
        const text = await banner({ customer: member(balance), appMetafields: programFacts() });
        if (!expected) expect(text).toBeNull();
        else expect(text).toBe(`You have ${balance.toLocaleString("en-US")} points: enough for ${words[expected.name]}.`);
      }),
      { numRuns: 40 },
    );
  });
});

describe("reminder banner: guests", () => {
  it("tells a guest what this cart would earn at the base rate, with a link to join", async () => {
    const html = await renderBlock({ name: "launcher", id: "embed" }, { appMetafields: programFacts({ baseRateMilli: 2000 }), cart: { total_price: 4899, item_count: 2 } });
    expect(html).toContain('href="/account/register"');
    expect(await banner({ appMetafields: programFacts({ baseRateMilli: 2000 }), cart: { total_price: 4899, item_count: 2 } })).toBe(
      "Join our rewards program and earn 97 points on this order. Join now",
    );
    expect(await banner({ appMetafields: programFacts(), cart: { total_price: 150, item_count: 1 } })).toBe(
      "Join our rewards program and earn 1 point on this order. Join now",
    );
  });

  it("invites a guest with an empty cart to earn on every order, and can be turned off", async () => {
    expect(await banner({ appMetafields: programFacts() })).toBe("Join our rewards program and earn points on every order. Join now");
    expect(await banner({ appMetafields: programFacts(), settings: { banner_guest: false } })).toBeNull();
  });
});

describe("reminder banner: nothing to say", () => {
  it("shows nothing while the program is a draft or paused, or before the app wrote its facts", async () => {
    for (const status of ["draft", "paused"] as const) {
      expect(await banner({ customer: member(750), appMetafields: programFacts({ status }) })).toBeNull();
      expect(await banner({ appMetafields: programFacts({ status }) })).toBeNull();
    }
    expect(await banner({ customer: member(750) })).toBeNull();
  });

  it("keys the dismissal by the message, so a new message shows again", async () => {
    const key = async (customer: StorefrontCustomer) =>
      /data-lr-banner="([^"]+)"/.exec(await renderBlock({ name: "launcher", id: "e" }, { customer, appMetafields: programFacts() }))?.[1];
    expect(await key(member(750))).toBe("reward-500");
    expect(await key(member(1000))).toBe("reward-1000");
    expect(await key(member(750, { points: 240, inDays: 3 }))).toMatch(/^expiring-\d{4}-\d{2}-\d{2}-240$/);
  });
});
