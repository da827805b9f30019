import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LoyaltyError } from "./errors";
import {
  DEFAULT_REWARDS,
  describeReward,
  evaluateRedemption,
  generateDiscountCode,
  redemptionExpiry,
  rewardSchema,
  shopperCodeStatus,
} from "./rewards";
import { expectInvalidInput } from "../../tests/support/loyalty";

const reward = { name: "$5 off", pointsCost: 500, active: true };

describe("evaluateRedemption", () => {
  it("returns the cost when the available balance covers it", () => {
    expect(evaluateRedemption({ programStatus: "live", reward, balance: 500, pending: 0 })).toBe(500);
  });

  it("refuses with the numbers when the balance is short, counting pending points as not yet spendable", () => {
    expect(() => evaluateRedemption({ programStatus: "live", reward, balance: 320, pending: 0 })).toThrow(
      "Cannot redeem 500 pts for $5 off: balance is 320 pts",
    );
    const error = (() => {
      try {
        evaluateRedemption({ programStatus: "live", reward, balance: 600, pending: 200 });
      } catch (e) {
        return e as LoyaltyError;
      }
    })();
    expect(error?.code).toBe("INSUFFICIENT_POINTS");
    expect(error?.message).toBe("Cannot redeem 500 pts for $5 off: balance is 400 pts (200 pts still pending)");
  });

  it("refuses when the program is not live or the reward is gone", () => {
    expect(() => evaluateRedemption({ programStatus: "paused", reward, balance: 9999, pending: 0 })).toThrow(/paused/);
    expect(() => evaluateRedemption({ programStatus: "live", reward: null, balance: 9999, pending: 0 })).toThrow(/no longer available/);
    expect(() => evaluateRedemption({ programStatus: "live", reward: { ...reward, active: false }, balance: 9999, pending: 0 })).toThrow(
      /no longer available/,
    );
  });

  it("never allows spending more than is available", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 5000 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 5000 }), (balance, pending, cost) => {
        let allowed = true;
        try {
          evaluateRedemption({ programStatus: "live", reward: { name: "r", pointsCost: cost, active: true }, balance, pending });
        } catch {
          allowed = false;
        }
        expect(allowed).toBe(balance - pending >= cost);
      }),
    );
  });
});

describe("generateDiscountCode", () => {
  it("formats 8 random bytes as PTS-XXXX-XXXX without look-alike characters", () => {
    expect(generateDiscountCode(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 30]))).toBe("PTS-ABCD-EFG9");
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (bytes) => {
        expect(generateDiscountCode(bytes)).toMatch(/^PTS-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
      }),
    );
  });

  it("needs enough randomness", () => {
    expectInvalidInput(() => generateDiscountCode(new Uint8Array(4)));
  });
});

describe("rewards", () => {
  it("describes each kind for shoppers", () => {
    expect(describeReward({ kind: "fixed_amount", amountMinor: 500, percentBasisPoints: null, minimumOrderMinor: null }, "USD")).toBe("$5.00 off");
    expect(describeReward({ kind: "percentage", amountMinor: null, percentBasisPoints: 1000, minimumOrderMinor: 2000 }, "USD")).toBe(
      "10% off orders of $20.00 or more",
    );
    expect(describeReward({ kind: "free_shipping", amountMinor: null, percentBasisPoints: null, minimumOrderMinor: null }, "EUR")).toBe("Free shipping");
  });

  it("validates definitions with field errors, and the defaults are valid", () => {
    for (const definition of DEFAULT_REWARDS) expect(rewardSchema.parse(definition)).toEqual(definition);
    const result = rewardSchema.safeParse({ name: " ", kind: "fixed_amount", pointsCost: 0, expiryDays: 30 });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["name", "pointsCost", "amountMinor"]));
  });

  it("expires codes after their lifetime and reports what the shopper sees", () => {
    const now = new Date("2026-11-23T12:00:00Z");
    const expires = redemptionExpiry(now, 30);
    expect(expires.toISOString()).toBe("2026-12-23T12:00:00.000Z");
    expect(shopperCodeStatus("issued", expires, now)).toBe("unused");
    expect(shopperCodeStatus("issued", expires, expires)).toBe("expired");
    expect(shopperCodeStatus("used", expires, expires)).toBe("used");
    expect(shopperCodeStatus("returned", expires, now)).toBe("expired");
  });
});
