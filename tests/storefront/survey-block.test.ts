/**
 * The survey in the Rewards block (docs/decisions/035-surveys.md), rendered as Shopify renders the theme extension:
 * only for a signed-in member while the program facts say a survey is published, worded from the locale files.
 */
import { describe, expect, it } from "vitest";
import { buildProgramFacts } from "~/loyalty/reminders";
import { PROGRAM_FACTS_KEY, PROGRAM_FACTS_NAMESPACE } from "~/shopify/graphql/app-metafields";
import { renderBlock, type StorefrontCustomer } from "../support/storefront/liquid";

const facts = (surveyLive: boolean) => [
  {
    namespace: PROGRAM_FACTS_NAMESPACE,
    key: PROGRAM_FACTS_KEY,
    type: "json",
    value: JSON.stringify(buildProgramFacts({ status: "live", baseRateMilli: 1000, currency: "USD", rewards: [], surveyLive })),
  },
];

const member: StorefrontCustomer = {
  id: "42",
  firstName: "Ana",
  loyalty: { balance: 10, pending: 0, tierName: null, progress: { nextTierName: null, remaining: 0, progressPermille: 0, message: "" } },
};

const rewardsBlock = (options: Parameters<typeof renderBlock>[1]) => renderBlock({ name: "rewards", id: "main" }, options);

describe("the survey section", () => {
  it("is rendered for a member while a survey is published, hidden until the script fills it", async () => {
    const html = await rewardsBlock({ customer: member, appMetafields: facts(true) });
    expect(html).toMatch(/<div\s+class="lr-section lr-survey"\s+data-lr-survey\s+hidden/);
    expect(html).toContain('data-t-thanks-points="Thank you! You earned %0 points."');
    expect(html).toContain("surveys.js");
  });

  it("is not rendered (no request) without a published survey, or for a guest", async () => {
    expect(await rewardsBlock({ customer: member, appMetafields: facts(false) })).not.toContain("data-lr-survey");
    expect(await rewardsBlock({ customer: member })).not.toContain("data-lr-survey");
    expect(await rewardsBlock({ appMetafields: facts(true) })).not.toContain("data-lr-survey");
  });

  it("speaks French on a French storefront", async () => {
    const html = await rewardsBlock({ customer: member, appMetafields: facts(true), locale: "fr" });
    expect(html).toContain('data-t-thanks-points="Merci ! Vous avez gagné %0 points."');
    expect(html).toContain("Envoyer mes réponses");
  });
});
