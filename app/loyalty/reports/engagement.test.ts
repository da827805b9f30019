import { describe, expect, it } from "vitest";
import { calculateEngagement, sourceOfEntryType } from "./engagement";

describe("calculateEngagement", () => {
  it("maps entry types to sources; types the code does not know are 'other', point-removing types are not issuance", () => {
    expect(["earn", "bonus", "manual_credit", "import", "referral", "birthday", "survey", "action", "badge", "challenge", "from_the_future"].map(sourceOfEntryType)).toEqual([
      "orders",
      "bonuses",
      "manual",
      "imports",
      "referrals",
      "birthdays",
      "surveys",
      "actions",
      "play",
      "play",
      "other",
    ]);
    expect(["redeem", "redeem_rollback", "clawback", "expire", "manual_debit", "donate"].map(sourceOfEntryType)).toEqual([null, null, null, null, null, null]);
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
        { month: "2026-06", type: "badge", points: 20 },
        { month: "2026-06", type: "donate", points: -30 },
        { month: "2026-06", type: "legacy_kind", points: 7 },
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
    const none = { orders: 0, bonuses: 0, referrals: 0, birthdays: 0, surveys: 0, actions: 0, play: 0, manual: 0, imports: 0, other: 0 };
    expect(report.sources).toEqual([
      { month: "2026-05", points: { ...none, orders: 700 } },
      { month: "2026-06", points: { ...none, bonuses: 100, referrals: 50, play: 20, imports: 2000, other: 7 } },
    ]);
    expect(report.sourceTotals).toEqual({ ...none, orders: 700, bonuses: 100, referrals: 50, play: 20, imports: 2000, other: 7 });
  });
});
