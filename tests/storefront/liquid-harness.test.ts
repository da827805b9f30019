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

  describe("words progress and numbers for the storefront's locale (no English from the app)", () => {
    const progress: { nextTierName: string | null; remaining: number; progressPermille: number; message: string } = { nextTierName: "Platinum", remaining: 2300, progressPermille: 500, message: "Earn 2,300 more points to reach Platinum" };
    const member = (over: Partial<typeof progress> & { basis?: "points" | "spend" }): StorefrontCustomer => ({
      id: "7",
      firstName: "Ana",
      loyalty: { balance: 1247, pending: 12_500, tierName: "Gold", progress: { ...progress, ...over } },
    });

    it("groups digits as Intl.NumberFormat does (1,247 / 1 247), the text rewards.js writes later", async () => {
      const english = await renderBlock({ name: "rewards", id: "b" }, { customer: member({ basis: "points" }) });
      expect(english).toMatch(/data-lr-balance>1,247</);
      expect(english).toMatch(/data-lr-pending>12,500</);
      expect(english).toContain("Earn 2,300 more points to reach Platinum");
      const french = await renderBlock({ name: "rewards", id: "b" }, { customer: member({ basis: "points" }), locale: "fr" });
      expect(new Intl.NumberFormat("fr").format(1247)).toBe("1\u202f247");
      expect(french).toMatch(/data-lr-balance>1\u202f247</);
      expect(french).toContain("Encore 2\u202f300 points pour atteindre le niveau Platinum");
      expect(french).not.toContain(progress.message);
    });

    it("words a spend-based tier's remaining money, the top tier, and one point", async () => {
      expect(await renderBlock({ name: "rewards", id: "b" }, { customer: member({ basis: "spend" }) })).toContain(
        "Spend $23.00 more to reach Platinum",
      );
      expect(
        await renderBlock({ name: "rewards", id: "b" }, { customer: member({ nextTierName: null, remaining: 0, progressPermille: 1000 }), locale: "fr" }),
      ).toContain("Vous êtes au niveau le plus élevé");
      expect(await renderBlock({ name: "rewards", id: "b" }, { customer: member({ remaining: 1 }) })).toContain(
        "Earn 1 more point to reach Platinum",
      );
    });

    it("keeps the launcher's panel in a template: one panel in the page beside the block", async () => {
      const html = await renderBlock({ name: "launcher", id: "l" }, { customer: member({}) });
      const outsideTemplates = html.replace(/<template[\s\S]*?<\/template>/g, "");
      expect(html).toContain("data-lr-balance");
      expect(outsideTemplates).not.toContain("data-lr-balance");
      expect(outsideTemplates).toContain('aria-label="Close"');
    });
  });
});
