import { describe, expect, it } from "vitest";
import { calculateTierDistribution } from "./distribution";

const tiers = [
  { id: "gold", name: "Gold", threshold: 1500 },
  { id: "bronze", name: "Bronze", threshold: 0 },
  { id: "silver", name: "Silver", threshold: 500 },
];

describe("calculateTierDistribution", () => {
  it("orders tiers by threshold and splits 100% exactly", () => {
    const result = calculateTierDistribution(tiers, [
      { tierId: "bronze", members: 1 },
      { tierId: "silver", members: 1 },
      { tierId: "gold", members: 1 },
      { tierId: null, members: 0 },
    ]);
    expect(result.rows).toEqual([
      { tierId: "bronze", name: "Bronze", members: 1, shareBasisPoints: 3334 },
      { tierId: "silver", name: "Silver", members: 1, shareBasisPoints: 3333 },
      { tierId: "gold", name: "Gold", members: 1, shareBasisPoints: 3333 },
    ]);
    expect(result.totalMembers).toBe(3);
  });

  it("shows members without a tier and in removed tiers, and empty tiers with 0", () => {
    const result = calculateTierDistribution(tiers, [
      { tierId: "bronze", members: 6 },
      { tierId: null, members: 3 },
      { tierId: "platinum", members: 1 },
    ]);
    expect(result.rows.map((row) => [row.name, row.members, row.shareBasisPoints])).toEqual([
      ["Bronze", 6, 6000],
      ["Silver", 0, 0],
      ["Gold", 0, 0],
      ["No tier", 3, 3000],
      ["Removed tier", 1, 1000],
    ]);
  });

  it("has no shares without members", () => {
    expect(calculateTierDistribution(tiers, []).rows.every((row) => row.shareBasisPoints === 0)).toBe(true);
  });
});
