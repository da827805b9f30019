import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planTierTags, tierTag, TIER_TAG_PREFIX } from "./customer-mirrors";

describe("tierTag", () => {
  it("names the tier after a fixed prefix, and nothing without a tier", () => {
    expect(tierTag("Gold")).toBe("Loyalty tier: Gold");
    expect(tierTag("  Very   Gold ")).toBe("Loyalty tier: Very Gold");
    expect(tierTag(null)).toBeNull();
    expect(tierTag("   ")).toBeNull();
  });

  it("never makes two tags of one (Shopify splits tags on commas) and stays within 255 characters", () => {
    expect(tierTag("Gold, Silver")).toBe("Loyalty tier: Gold Silver");
    expect(tierTag("x".repeat(400))?.length).toBe(255);
  });
});

describe("planTierTags", () => {
  it("swaps exactly the tag written last", () => {
    expect(planTierTags("Loyalty tier: Bronze", "Loyalty tier: Silver")).toEqual({
      add: ["Loyalty tier: Silver"],
      remove: ["Loyalty tier: Bronze"],
      tagged: "Loyalty tier: Silver",
    });
    expect(planTierTags(null, "Loyalty tier: Gold")).toEqual({ add: ["Loyalty tier: Gold"], remove: [], tagged: "Loyalty tier: Gold" });
    expect(planTierTags("Loyalty tier: Gold", null)).toEqual({ add: [], remove: ["Loyalty tier: Gold"], tagged: null });
    expect(planTierTags("Loyalty tier: Gold", "Loyalty tier: Gold")).toEqual({ add: [], remove: [], tagged: "Loyalty tier: Gold" });
  });

  it("leaves the customer with exactly the wanted tag whatever was there (property)", () => {
    const tag = fc.option(fc.constantFrom("Bronze", "Silver", "Gold").map((name) => `${TIER_TAG_PREFIX}${name}`), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }), tag, tag, (own, previous, wanted) => {
        const before = new Set([...own, ...(previous ? [previous] : [])]);
        const plan = planTierTags(previous, wanted);
        const after = new Set([...before].filter((t) => !plan.remove.includes(t)));
        for (const t of plan.add) after.add(t);
        const loyaltyTags = [...after].filter((t) => t.startsWith(TIER_TAG_PREFIX) && !own.includes(t));
        expect(loyaltyTags).toEqual(wanted ? [wanted] : []);
        for (const t of own) if (t !== previous || previous === wanted) expect(after.has(t)).toBe(true);
      }),
    );
  });
});
