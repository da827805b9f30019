import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_ENGAGEMENT_SETTINGS,
  evaluateNewsletter,
  evaluateProfileCompleted,
  evaluateSocialFollow,
  explainActionEntry,
  isProfileUrl,
  missingProfileFields,
  NEWSLETTER_FRESH_MS,
  SOCIAL_NETWORKS,
} from "./actions";

const now = new Date("2026-12-06T12:00:00Z");
const newsletter = { points: 100, cap: 1 };

describe("newsletter signup", () => {
  it("pays when consent becomes subscribed, under the cap", () => {
    expect(evaluateNewsletter(newsletter, { previousState: "not_subscribed", state: "subscribed", consentUpdatedAt: null, earned: 0, now })).toEqual({ ok: true, points: 100 });
  });

  it("refuses with a reason: off, not subscribed, already subscribed, over the cap", () => {
    const facts = { previousState: "not_subscribed", state: "subscribed", consentUpdatedAt: null, earned: 0, now };
    expect(evaluateNewsletter({ points: 0, cap: 1 }, facts)).toMatchObject({ ok: false, code: "ACTION_OFF" });
    expect(evaluateNewsletter(newsletter, { ...facts, state: "unsubscribed" })).toMatchObject({ ok: false, code: "NOT_NEWLY_SUBSCRIBED" });
    expect(evaluateNewsletter(newsletter, { ...facts, previousState: "subscribed" })).toMatchObject({ ok: false, code: "NOT_NEWLY_SUBSCRIBED" });
    expect(evaluateNewsletter(newsletter, { ...facts, earned: 1 })).toMatchObject({ ok: false, code: "CAP_REACHED", reason: expect.stringContaining("1 of 1") });
    expect(evaluateNewsletter({ points: 100, cap: 2 }, { ...facts, earned: 1 })).toEqual({ ok: true, points: 100 });
  });

  it("with no state seen before, counts only a fresh consent as a signup", () => {
    const facts = { previousState: null, state: "subscribed", earned: 0, now };
    expect(evaluateNewsletter(newsletter, { ...facts, consentUpdatedAt: new Date(now.getTime() - 60_000) }).ok).toBe(true);
    expect(evaluateNewsletter(newsletter, { ...facts, consentUpdatedAt: new Date(now.getTime() - NEWSLETTER_FRESH_MS - 1) })).toMatchObject({ ok: false });
    expect(evaluateNewsletter(newsletter, { ...facts, consentUpdatedAt: null })).toMatchObject({ ok: false });
  });

  it("property: never pays more often than the cap over any sequence of consent changes", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("subscribed", "unsubscribed", "not_subscribed"), { maxLength: 30 }), fc.integer({ min: 1, max: 5 }), (states, cap) => {
        let previous: string | null = "not_subscribed";
        let earned = 0;
        for (const state of states) {
          if (evaluateNewsletter({ points: 10, cap }, { previousState: previous, state, consentUpdatedAt: now, earned, now }).ok) earned += 1;
          previous = state;
        }
        expect(earned).toBeLessThanOrEqual(cap);
      }),
    );
  });
});

describe("profile completed", () => {
  const complete = { firstName: "Ann", lastName: "Lee", email: "ann@example.com", hasBirthday: true };

  it("needs first name, last name, email and birthday; pays once", () => {
    expect(evaluateProfileCompleted({ points: 50 }, complete, false)).toEqual({ ok: true, points: 50 });
    expect(evaluateProfileCompleted({ points: 50 }, complete, true)).toMatchObject({ ok: false, code: "ALREADY_EARNED" });
    expect(evaluateProfileCompleted({ points: 50 }, { ...complete, hasBirthday: false }, false)).toMatchObject({ ok: false, code: "PROFILE_INCOMPLETE", reason: "The profile still misses: birthday" });
    expect(missingProfileFields({ firstName: " ", lastName: null, email: null, hasBirthday: false })).toEqual(["firstName", "lastName", "email", "birthday"]);
    expect(evaluateProfileCompleted({ points: 0 }, complete, false)).toMatchObject({ ok: false, code: "ACTION_OFF" });
  });
});

describe("social follow", () => {
  const social = { points: 25, cap: 2, networks: { instagram: "https://instagram.com/shop", tiktok: "https://tiktok.com/@shop" } };

  it("pays once per offered network, up to the cap of networks", () => {
    expect(evaluateSocialFollow(social, "instagram", { credited: [], pending: [] })).toEqual({ ok: true, points: 25 });
    expect(evaluateSocialFollow(social, "instagram", { credited: ["instagram"], pending: [] })).toMatchObject({ ok: false, code: "ALREADY_EARNED" });
    expect(evaluateSocialFollow(social, "instagram", { credited: [], pending: ["instagram"] })).toMatchObject({ ok: false, code: "ALREADY_PENDING" });
    expect(evaluateSocialFollow({ ...social, cap: 1 }, "tiktok", { credited: ["instagram"], pending: [] })).toMatchObject({ ok: false, code: "CAP_REACHED" });
    expect(evaluateSocialFollow(social, "facebook", { credited: [], pending: [] })).toMatchObject({ ok: false, code: "UNKNOWN_NETWORK" });
    expect(evaluateSocialFollow(social, "<script>", { credited: [], pending: [] })).toMatchObject({ ok: false, code: "UNKNOWN_NETWORK" });
  });

  it("property: the networks paid never exceed the cap nor repeat", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SOCIAL_NETWORKS), { maxLength: 20 }), fc.integer({ min: 1, max: 6 }), (clicks, cap) => {
        const networks = Object.fromEntries(SOCIAL_NETWORKS.map((n) => [n, `https://example.com/${n}`]));
        const credited: string[] = [];
        for (const network of clicks) if (evaluateSocialFollow({ points: 5, cap, networks }, network, { credited, pending: [] }).ok) credited.push(network);
        expect(credited.length).toBeLessThanOrEqual(cap);
        expect(new Set(credited).size).toBe(credited.length);
      }),
    );
  });

  it("takes only https profile URLs", () => {
    expect(isProfileUrl("https://instagram.com/shop")).toBe(true);
    expect(isProfileUrl("http://instagram.com/shop")).toBe(false);
    expect(isProfileUrl("javascript:alert(1)")).toBe(false);
    expect(isProfileUrl("https://user:pw@instagram.com")).toBe(false);
  });
});

it("explains each action in the ledger", () => {
  expect(explainActionEntry("newsletter", 100)).toBe("Newsletter signup: 100 pts");
  expect(explainActionEntry("profile", 1500)).toBe("Profile completed: 1,500 pts");
  expect(explainActionEntry("social:instagram", 25)).toBe("Followed on Instagram: 25 pts");
  expect(DEFAULT_ENGAGEMENT_SETTINGS.birthdayPoints).toBe(0);
});
