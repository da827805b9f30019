import { describe, expect, it } from "vitest";
import { rankTopRewards } from "./top-rewards";

describe("rankTopRewards", () => {
  it("counts codes that were or may be used, by reward, most redeemed first", () => {
    const result = rankTopRewards(
      [
        { rewardId: "a", rewardName: "$5 off", status: "used", redemptions: 3, points: 1500 },
        { rewardId: "a", rewardName: "$5 off (old name)", status: "issued", redemptions: 1, points: 500 },
        { rewardId: "a", rewardName: "$5 off", status: "failed", redemptions: 7, points: 3500 },
        { rewardId: "a", rewardName: "$5 off", status: "returned", redemptions: 2, points: 1000 },
        { rewardId: "b", rewardName: "Free shipping", status: "expired", redemptions: 4, points: 1200 },
        { rewardId: "c", rewardName: "Mug", status: "pending", redemptions: 4, points: 4000 },
      ],
      new Map([["a", "$5 off your order"]]),
    );
    expect(result).toEqual([
      { rewardId: "c", name: "Mug", redemptions: 4, used: 0, points: 4000, usageRateBasisPoints: 0 },
      { rewardId: "a", name: "$5 off your order", redemptions: 4, used: 3, points: 2000, usageRateBasisPoints: 7500 },
      { rewardId: "b", name: "Free shipping", redemptions: 4, used: 0, points: 1200, usageRateBasisPoints: 0 },
    ]);
  });
});
