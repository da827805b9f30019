/**
 * The storefront Liquid harness cannot pass on silently empty output: what Shopify would render as nil by
 * mistake (a wrong metafield path, a typo in a setting id), an unknown filter or tag, a missing translation, all
 * throw. And it renders the metafields the app's sync writes exactly as the blocks read them.
 */
import { describe, expect, it } from "vitest";
import { renderBlock, renderTemplate, type StorefrontCustomer } from "../support/storefront/liquid";

const customer: StorefrontCustomer = {
  id: "42",
  firstName: "Ana",
  loyalty: {
    balance: 320,
    pending: 0,
    tierName: null,
    progress: { nextTierName: "Silver", remaining: 180, progressPermille: 640, message: "Earn 180 more points to reach Silver" },
  },
};

describe("storefront Liquid harness", () => {
  it("reads the app-owned metafields through the $app reserved prefix, typed as Liquid exposes them", async () => {
    const out = await renderTemplate(
      `{% assign f = customer.metafields["$app"] %}{{ f.points_balance.value | plus: 1 }}|{{ f.tier.value | default: "none" }}|` +
        `{{ f.tier_progress.value.next_tier }}|{{ f.tier_progress.value.progress_permille | divided_by: 10 }}`,
      { customer },
    );
    expect(out).toBe("321|none|Silver|64");
  });

  it("treats a customer the app has not synced yet as having no metafields (nil), like Shopify", async () => {
    const out = await renderTemplate(`[{{ customer.metafields["$app"].points_balance.value }}]`, {
      customer: { ...customer, loyalty: null },
    });
    expect(out).toBe("[]");
  });

  it.each([
    ["the bare `app` namespace", `{{ customer.metafields.app.points_balance.value }}`, /reserved prefix/],
    ["an undeclared $app key", `{{ customer.metafields["$app"].points.value }}`, /undeclared \$app metafield "points"/],
    ["an unknown customer property", `{{ customer.loyalty_points }}`, /customer\.loyalty_points/],
    ["an unknown route", `{{ routes.rewards_url }}`, /routes\.rewards_url/],
    ["an unknown block setting", `{{ block.settings.colour }}`, /block\.settings\.colour/],
    ["an unknown filter", `{{ "x" | shout }}`, /shout/],
    ["an unknown tag", `{% javascript %}{% endjavascript %}`, /javascript/],
    ["a missing translation", `{{ "loyalty.nope" | t }}`, /Translation missing: en\.loyalty\.nope/],
    ["a translation placeholder not passed", `{{ "loyalty.catalog.cost" | t }}`, /needs a "points" argument/],
  ])("throws on %s", async (_name, source, error) => {
    await expect(renderTemplate(source, { customer })).rejects.toThrow(error);
  });

  it("translates, escapes like Shopify's t filter, and builds locale-aware URLs", async () => {
    expect(await renderTemplate(`{{ "loyalty.catalog.cost" | t: points: 500 }}`, { locale: "fr" })).toBe("500 points");
    expect(await renderTemplate(`{{ routes.root_url }}|{{ routes.account_login_url }}`, { locale: "fr" })).toBe(
      "/fr|/fr/account/login",
    );
    expect(await renderTemplate(`{{ 1999 | money }}`)).toBe("$19.99");
  });

  it("renders the app block for a member without a tier", async () => {
    const html = await renderBlock({ name: "rewards", id: "b" }, { customer });
    expect(html).toContain('data-lr-proxy="/apps/loyalty"');
    expect(html).toMatch(/data-lr-balance>320</);
    expect(html).toMatch(/data-lr-tier>No tier yet</);
    expect(html).toMatch(/data-lr-pending-row hidden/);
    expect(html).toContain("Earn 180 more points to reach Silver");
  });

  it("puts the app proxy under the storefront's locale prefix", async () => {
    expect(await renderBlock({ name: "rewards", id: "b" }, { customer, locale: "fr" })).toContain(
      'data-lr-proxy="/fr/apps/loyalty"',
    );
  });
});
