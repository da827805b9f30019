/**
 * The panel's own sections (badges and challenges, referrals, the birthday form and the follow links), rendered as
 * Shopify renders the theme extension: each snippet, and the script that asks the app proxy, is on the page only
 * while the program facts (app-data metafield `loyalty.program`) do not say its feature is off. A value written
 * before the flags existed (or none at all) renders everything, as before.
 */
import { describe, expect, it } from "vitest";
import { buildProgramFacts, type StorefrontFeatures } from "~/loyalty/reminders";
import { PROGRAM_FACTS_KEY, PROGRAM_FACTS_NAMESPACE } from "~/shopify/graphql/app-metafields";
import { renderBlock, renderPage, type PageOptions, type StorefrontCustomer } from "../support/storefront/liquid";

const ALL_ON: StorefrontFeatures = { engagement: true, referrals: true, birthdays: true, follows: true };
const ALL_OFF: StorefrontFeatures = { engagement: false, referrals: false, birthdays: false, follows: false };

/** The facts as the app writes them; `features: null` is a value written before the flags existed. */
const facts = (features: StorefrontFeatures | null) => [
  {
    namespace: PROGRAM_FACTS_NAMESPACE,
    key: PROGRAM_FACTS_KEY,
    type: "json",
    value: JSON.stringify(buildProgramFacts({ status: "live", baseRateMilli: 1000, currency: "USD", rewards: [], ...(features ? { features } : {}) })),
  },
];

const member: StorefrontCustomer = {
  id: "42",
  firstName: "Ana",
  loyalty: { balance: 10, pending: 0, tierName: null, progress: { nextTierName: null, remaining: 0, progressPermille: 0, message: "" } },
};

/** A member's page with the Rewards block and the launcher embed (the launcher claims ?ref= codes on its own). */
const page = (options: Partial<PageOptions>) =>
  renderPage({ customer: member, blocks: [{ name: "rewards", id: "main" }], embeds: [{ name: "launcher", id: "embed" }], ...options });

/** What each feature puts on the page: its markup and the script that asks the app. */
const MARKS = {
  engagement: ["data-lr-engagement", "loyalty-engagement.js"],
  referrals: ["data-lref", "loyalty-referrals.js"],
  birthdays: ["data-lr-birthday-form"],
  follows: ["data-lr-follow"],
} as const;

const present = (html: string) => Object.fromEntries(Object.entries(MARKS).map(([feature, marks]) => [feature, marks.map((mark) => html.includes(mark))]));

describe("the panel's own sections follow the program facts", () => {
  it("are all rendered, with their scripts, while every feature is on", async () => {
    const html = await page({ appMetafields: facts(ALL_ON) });
    expect(present(html)).toEqual({ engagement: [true, true], referrals: [true, true], birthdays: [true], follows: [true] });
    expect(html).toContain("loyalty-birthday.js");
  });

  it("are all rendered when the facts carry no flags (written before them) or are not written yet", async () => {
    const all = { engagement: [true, true], referrals: [true, true], birthdays: [true], follows: [true] };
    expect(present(await page({ appMetafields: facts(null) }))).toEqual(all);
    expect(present(await page({}))).toEqual(all);
  });

  it("are absent, scripts included, while every feature is off", async () => {
    const html = await page({ appMetafields: facts(ALL_OFF) });
    expect(present(html)).toEqual({ engagement: [false, false], referrals: [false, false], birthdays: [false], follows: [false] });
    expect(html).not.toContain("data-lr-birthday");
    expect(html).not.toContain("loyalty-birthday.js");
    expect(html).not.toContain("data-lref-claim");
    // The rest of the panel is untouched.
    expect(html).toContain("data-lr-balance");
    expect(html).toContain("rewards.js");
  });

  it.each(Object.keys(ALL_ON) as (keyof StorefrontFeatures)[])("leaves out only %s when it alone is off", async (feature) => {
    const html = await page({ appMetafields: facts({ ...ALL_ON, [feature]: false }) });
    const expected = Object.fromEntries(Object.entries(MARKS).map(([name, marks]) => [name, marks.map(() => name !== feature)]));
    expect(present(html)).toEqual(expected);
  });

  it("keeps the birthday script for the follow links alone, and for the form alone", async () => {
    const birthdayHeading = await page({ appMetafields: facts(ALL_ON) });
    const followsOnly = await page({ appMetafields: facts({ ...ALL_OFF, follows: true }) });
    expect(followsOnly).toContain("data-lr-follow-box");
    expect(followsOnly).not.toContain("data-lr-birthday-form");
    expect(followsOnly).not.toContain(">Your birthday</h3>");
    expect(birthdayHeading).toContain(">Your birthday</h3>");
    expect(followsOnly).toContain("loyalty-birthday.js");
    const birthdaysOnly = await page({ appMetafields: facts({ ...ALL_OFF, birthdays: true }) });
    expect(birthdaysOnly).toContain("data-lr-birthday-form");
    expect(birthdaysOnly).not.toContain("data-lr-follow");
    expect(birthdaysOnly).toContain("loyalty-birthday.js");
  });

  it("a guest's page: the referrals snippet (and the launcher's claim) only while referrals are on", async () => {
    const guest = (features: StorefrontFeatures | null) => page({ customer: null, appMetafields: facts(features) });
    expect(await guest(ALL_ON)).toContain("data-lref-claim");
    expect(await guest(null)).toContain("data-lref-claim");
    const off = await guest({ ...ALL_ON, referrals: false });
    expect(off).not.toContain("data-lref");
    expect(off).not.toContain("loyalty-referrals.js");
    const launcherOnly = await renderBlock({ name: "launcher", id: "embed" }, { appMetafields: facts({ ...ALL_ON, referrals: false }) });
    expect(launcherOnly).not.toContain("loyalty-referrals.js");
  });
});
