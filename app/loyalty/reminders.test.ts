import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ExpiryEntry } from "./expiry";
import { DEFAULT_ENGAGEMENT_SETTINGS } from "./actions";
import { buildProgramFacts, calculatePointsExpiring, chooseAffordableReward, evaluateStorefrontFeatures, MAX_PROGRAM_REWARDS, type StorefrontFeatureFacts } from "./reminders";

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
let n = 0;
const entry = (type: ExpiryEntry["type"], points: number, expiresAt: Date | null = null, reversesId: string | null = null): ExpiryEntry => ({
  id: `e${++n}`,
  type,
  points,
  expiresAt,
  reversesId,
});

describe("calculatePointsExpiring", () => {
  const now = day("2026-12-06");

  it("is { points: 0 } with nothing to expire", () => {
    expect(calculatePointsExpiring([], now, "UTC")).toEqual({ points: 0 });
    expect(calculatePointsExpiring([entry("earn", 100)], now, "UTC")).toEqual({ points: 0 });
  });

  it("announces the next lot's remaining points, with the shop day and the instant", () => {
    const first = entry("earn", 300, day("2027-01-04"));
    const later = entry("earn", 200, day("2027-03-01"));
    const spent = entry("redeem", -60);
    expect(calculatePointsExpiring([first, later, spent], now, "UTC")).toEqual({
      points: 240, // the redemption took from the lot that expires soonest
      expires_on: "2027-01-04",
      expires_at_s: day("2027-01-04").getTime() / 1000,
    });
  });

  it("sums every lot that expires on the same shop day, and names the day in the shop's zone", () => {
    const a = entry("earn", 100, new Date("2027-01-04T03:00:00Z"));
    const b = entry("earn", 50, new Date("2027-01-04T20:00:00Z"));
    // In New York, 03:00Z is still Jan 3: the two lots fall on different shop days.
    expect(calculatePointsExpiring([a, b], now, "UTC")).toMatchObject({ points: 150, expires_on: "2027-01-04" });
    expect(calculatePointsExpiring([a, b], now, "America/New_York")).toMatchObject({ points: 100, expires_on: "2027-01-03" });
  });

  it("skips lots whose date has passed and lots already spent, expired or clawed back", () => {
    const gone = entry("earn", 100, day("2026-12-01"));
    const clawed = entry("earn", 80, day("2027-01-10"));
    const next = entry("earn", 70, day("2027-02-01"));
    const entries = [gone, clawed, entry("clawback", -80, null, clawed.id), next];
    expect(calculatePointsExpiring(entries, now, "UTC")).toMatchObject({ points: 70, expires_on: "2027-02-01" });
  });

  it("never announces more than the balance (property)", () => {
    const arbEntry = fc.oneof(
      fc.record({ type: fc.constant("earn" as const), points: fc.integer({ min: 1, max: 500 }), days: fc.integer({ min: -30, max: 90 }) }),
      fc.record({ type: fc.constant("redeem" as const), points: fc.integer({ min: -500, max: -1 }), days: fc.constant(0) }),
    );
    fc.assert(
      fc.property(fc.array(arbEntry, { maxLength: 20 }), (drafts) => {
        let balance = 0;
        const entries: ExpiryEntry[] = [];
        for (const d of drafts) {
          if (d.type === "redeem" && balance + d.points < 0) continue;
          balance += d.points;
          entries.push(entry(d.type, d.points, d.type === "earn" ? new Date(now.getTime() + d.days * 86_400_000) : null));
        }
        const result = calculatePointsExpiring(entries, now, "UTC");
        expect(result.points).toBeGreaterThanOrEqual(0);
        expect(result.points).toBeLessThanOrEqual(balance);
        if (result.points > 0) expect((result.expires_at_s ?? 0) * 1000).toBeGreaterThan(now.getTime());
      }),
    );
  });
});

describe("buildProgramFacts", () => {
  const reward = (name: string, pointsCost: number, extra: Partial<Parameters<typeof buildProgramFacts>[0]["rewards"][number]> = {}) => ({
    name,
    pointsCost,
    kind: "fixed_amount" as const,
    amountMinor: pointsCost,
    percentBasisPoints: null,
    active: true,
    ...extra,
  });

  it("keeps the active rewards, cheapest first, in Liquid's words", () => {
    const facts = buildProgramFacts({
      status: "live",
      baseRateMilli: 1500,
      currency: "EUR",
      rewards: [
        reward("$10 off", 1000),
        reward("12.5% off", 800, { kind: "percentage", amountMinor: null, percentBasisPoints: 1250 }),
        reward("Old", 100, { active: false }),
        reward("Free shipping", 300, { kind: "free_shipping", amountMinor: null }),
      ],
    });
    expect(facts).toEqual({
      status: "live",
      earn_milli_per_major: 1500,
      currency: "EUR",
      rewards: [
        { name: "Free shipping", cost: 300, kind: "free_shipping", amount_minor: null, percent: null },
        { name: "12.5% off", cost: 800, kind: "percentage", amount_minor: null, percent: 12.5 },
        { name: "$10 off", cost: 1000, kind: "fixed_amount", amount_minor: 1000, percent: null },
      ],
    });
  });

  it(`keeps at most ${MAX_PROGRAM_REWARDS} rewards`, () => {
    const many = Array.from({ length: 30 }, (_, i) => reward(`r${i}`, 30 - i));
    const facts = buildProgramFacts({ status: "live", baseRateMilli: 1000, currency: null, rewards: many });
    expect(facts.rewards).toHaveLength(MAX_PROGRAM_REWARDS);
    expect(facts.rewards[0]?.cost).toBe(1);
    expect(facts.currency).toBe("USD");
  });
});

describe("evaluateStorefrontFeatures", () => {
  const none: StorefrontFeatureFacts = {
    activeBadges: 0,
    heldBadges: 0,
    openChallenges: 0,
    challengeJoins: 0,
    referralsEnabled: false,
    engagement: DEFAULT_ENGAGEMENT_SETTINGS,
    birthdayFlowOn: false,
  };
  const off = { engagement: false, referrals: false, birthdays: false, follows: false };

  it("is all off for a shop that uses none of them", () => {
    expect(evaluateStorefrontFeatures(none)).toEqual(off);
    // Bonuses that need neither a birthday nor a follow link.
    expect(evaluateStorefrontFeatures({ ...none, engagement: { ...DEFAULT_ENGAGEMENT_SETTINGS, anniversaryPoints: 100, newsletter: { points: 10, cap: 1 } } })).toEqual(off);
  });

  it("shows badges and challenges while any can be earned, joined or is held", () => {
    for (const change of [{ activeBadges: 1 }, { heldBadges: 1 }, { openChallenges: 1 }, { challengeJoins: 1 }]) {
      expect(evaluateStorefrontFeatures({ ...none, ...change })).toEqual({ ...off, engagement: true });
    }
  });

  it("follows the referral switch", () => {
    expect(evaluateStorefrontFeatures({ ...none, referralsEnabled: true })).toEqual({ ...off, referrals: true });
  });

  it("asks for the birthday while the birthday bonus, the profile bonus or Flow's birthday trigger uses it", () => {
    const birthday = { ...off, birthdays: true };
    expect(evaluateStorefrontFeatures({ ...none, engagement: { ...DEFAULT_ENGAGEMENT_SETTINGS, birthdayPoints: 1 } })).toEqual(birthday);
    expect(evaluateStorefrontFeatures({ ...none, engagement: { ...DEFAULT_ENGAGEMENT_SETTINGS, profile: { points: 5 } } })).toEqual(birthday);
    expect(evaluateStorefrontFeatures({ ...none, birthdayFlowOn: true })).toEqual(birthday);
  });

  it("shows the follow links only for a follow bonus with a network", () => {
    const social = (points: number, networks: Record<string, string>) => ({ ...none, engagement: { ...DEFAULT_ENGAGEMENT_SETTINGS, social: { points, cap: 1, networks } } });
    expect(evaluateStorefrontFeatures(social(25, { instagram: "https://instagram.com/shop" }))).toEqual({ ...off, follows: true });
    expect(evaluateStorefrontFeatures(social(0, { instagram: "https://instagram.com/shop" }))).toEqual(off);
    expect(evaluateStorefrontFeatures(social(25, {}))).toEqual(off);
  });

  it("is written into the facts as explicit booleans, and left out when not given", () => {
    const base = { status: "live" as const, baseRateMilli: 1000, currency: "USD", rewards: [] };
    expect(buildProgramFacts({ ...base, features: { ...off, referrals: true } })).toMatchObject({ ...off, referrals: true });
    expect(Object.keys(buildProgramFacts(base))).toEqual(["status", "earn_milli_per_major", "currency", "rewards"]);
  });
});

describe("chooseAffordableReward", () => {
  const rewards = [{ cost: 300 }, { cost: 500 }, { cost: 1000 }];
  it("names the dearest reward the points pay for, or none", () => {
    expect(chooseAffordableReward(rewards, 299)).toBeNull();
    expect(chooseAffordableReward(rewards, 300)).toEqual({ cost: 300 });
    expect(chooseAffordableReward(rewards, 750)).toEqual({ cost: 500 });
    expect(chooseAffordableReward(rewards, 5000)).toEqual({ cost: 1000 });
  });
});
