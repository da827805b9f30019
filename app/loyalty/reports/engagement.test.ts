import { describe, expect, it } from "vitest";
import { calculateEngagement, sourceOfEntryType } from "./engagement";

describe("calculateEngagement", () => {
  it("maps entry types to sources; unknown future types are 'other', point-removing types are not issuance", () => {
    expect(["earn", "bonus", "manual_credit", "import", "referral", "birthday"].map(sourceOfEntryType)).toEqual(["orders", "bonuses", "manual", "imports", "other", "other"]);
    expect(["redeem", "redeem_rollback", "clawback", "expire", "manual_debit"].map(sourceOfEntryType)).toEqual([null, null, null, null, null]);
  });

  it("gives active members, redemption by tier and points issued by source per month (hand-computed)", () => {
    const report = calculateEngagement({
      members: 8,
      activeMembers: 3,
      tiers: [
        { id: "gold", name: "Gold", threshold: 1000 },
        { id: "bronze", name: "Bronze", threshold: 0 },
      ],
      tierRows: [
        { tierId: "bronze", members: 5, redeemers: 1, earnedPoints: 1000, redeemedPoints: 250 },
        { tierId: "gold", members: 2, redeemers: 2, earnedPoints: 4000, redeemedPoints: 3000 },
        { tierId: null, members: 1, redeemers: 0, earnedPoints: 0, redeemedPoints: 0 },
      ],
      entries: [
        { month: "2026-05", type: "earn", points: 700 },
        { month: "2026-05", type: "redeem", points: -500 },
        { month: "2026-06", type: "bonus", points: 100 },
        { month: "2026-06", type: "referral", points: 50 },
        { month: "2026-06", type: "import", points: 2000 },
        { month: "2026-04", type: "earn", points: 999 }, // outside the window
      ],
      months: ["2026-05", "2026-06"],
    });
    expect(report).toMatchObject({ members: 8, activeMembers: 3, activeBasisPoints: 3750, activeDays: 90 });
    expect(report.tiers).toEqual([
      { kind: "tier", tierId: "bronze", name: "Bronze", members: 5, redeemers: 1, earnedPoints: 1000, redeemedPoints: 250, redemptionRateBasisPoints: 2500, redeemersBasisPoints: 2000 },
      { kind: "tier", tierId: "gold", name: "Gold", members: 2, redeemers: 2, earnedPoints: 4000, redeemedPoints: 3000, redemptionRateBasisPoints: 7500, redeemersBasisPoints: 10000 },
      { kind: "none", tierId: null, name: "", members: 1, redeemers: 0, earnedPoints: 0, redeemedPoints: 0, redemptionRateBasisPoints: null, redeemersBasisPoints: 0 },
    ]);
    expect(report.sources).toEqual([
      { month: "2026-05", points: { orders: 700, bonuses: 0, manual: 0, imports: 0, other: 0 } },
      { month: "2026-06", points: { orders: 0, bonuses: 100, manual: 0, imports: 2000, other: 50 } },
    ]);
    expect(report.sourceTotals).toEqual({ orders: 700, bonuses: 100, manual: 0, imports: 2000, other: 50 });
  });
});
