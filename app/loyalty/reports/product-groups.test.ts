import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calculateProductGroups, groupsOfLines } from "./product-groups";

const MONTHS = ["2026-10", "2026-11", "2026-12"];

describe("calculateProductGroups", () => {
  it("counts members buying from two or more types per month and over the window (hand-computed)", () => {
    const report = calculateProductGroups(
      [
        { memberId: "a", month: "2026-10", groups: ["Snowboards", "Wax"] }, // cross in October
        { memberId: "a", month: "2026-11", groups: ["Wax"] },
        { memberId: "b", month: "2026-11", groups: ["Apparel"] },
        { memberId: "b", month: "2026-12", groups: ["Skis"] }, // cross over the window only
        { memberId: "c", month: "2026-12", groups: ["Apparel"] },
        { memberId: "d", month: "2026-09", groups: ["Skis", "Wax"] }, // before the window
        { memberId: "e", month: "2026-12", groups: [" ", ""] }, // no typed product
      ],
      MONTHS,
    );
    expect(report.months).toEqual([
      { month: "2026-10", buyers: 1, crossBuyers: 1, crossBasisPoints: 10000 },
      { month: "2026-11", buyers: 2, crossBuyers: 0, crossBasisPoints: 0 },
      { month: "2026-12", buyers: 2, crossBuyers: 0, crossBasisPoints: 0 },
    ]);
    expect(report.window).toEqual({ buyers: 3, crossBuyers: 2, crossBasisPoints: 6667 });
    expect(report.groups).toEqual([
      { name: "Apparel", members: 2 },
      { name: "Wax", members: 1 },
      { name: "Skis", members: 1 },
      { name: "Snowboards", members: 1 },
    ].sort((x, y) => y.members - x.members || x.name.localeCompare(y.name)));
  });

  it("has no share without buyers", () => {
    const report = calculateProductGroups([], MONTHS);
    expect(report.window).toEqual({ buyers: 0, crossBuyers: 0, crossBasisPoints: null });
    expect(report.months.every((m) => m.buyers === 0 && m.crossBasisPoints === null)).toBe(true);
  });

  it("keeps its invariants for any history (property)", () => {
    const row = fc.record({
      memberId: fc.constantFrom("a", "b", "c", "d", "e"),
      month: fc.constantFrom(...MONTHS),
      groups: fc.array(fc.constantFrom("Skis", "Wax", "Apparel", "Gloves"), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 25 }), (history) => {
        // One row per member and month, as the table holds them.
        const unique = [...new Map(history.map((r) => [`${r.memberId}|${r.month}`, r])).values()];
        const report = calculateProductGroups(unique, MONTHS);
        for (const month of report.months) expect(month.crossBuyers).toBeLessThanOrEqual(month.buyers);
        expect(report.window.crossBuyers).toBeLessThanOrEqual(report.window.buyers);
        // A member who bought from 2+ types in a month bought from 2+ over the window.
        expect(report.window.crossBuyers).toBeGreaterThanOrEqual(Math.max(0, ...report.months.map((m) => (m.crossBuyers > 0 ? 1 : 0))));
        // Every buyer of a month is a buyer of the window; the groups' members sum to at least the buyers.
        expect(report.window.buyers).toBeGreaterThanOrEqual(Math.max(0, ...report.months.map((m) => m.buyers)));
        expect(report.groups.reduce((sum, g) => sum + g.members, 0)).toBeGreaterThanOrEqual(report.window.buyers);
      }),
    );
  });
});

describe("groupsOfLines", () => {
  it("takes the type the award saw, else the known type; skips gift cards, custom items and untyped products", () => {
    const known = new Map([["gid://shopify/Product/2", "Wax"]]);
    expect(
      groupsOfLines(
        [
          { productGid: "gid://shopify/Product/1", productType: "Snowboards" },
          { productGid: "gid://shopify/Product/2", productType: null },
          { productGid: "gid://shopify/Product/3", productType: null },
          { productGid: "gid://shopify/Product/4", productType: "Gift Cards", giftCard: true },
          { productGid: null, productType: "Custom" },
          { productGid: "gid://shopify/Product/1", productType: "Snowboards" },
        ],
        known,
      ),
    ).toEqual(["Snowboards", "Wax"]);
  });
});
