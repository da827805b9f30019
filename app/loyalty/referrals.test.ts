import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectInvalidInput } from "../../tests/support/loyalty";
import {
  evaluateReferral,
  evaluateReferralReversal,
  formatFriendCode,
  formatReferralCode,
  friendShortName,
  normalizeAddress,
  normalizeEmail,
  normalizeFriendCode,
  normalizeIp,
  normalizeReferralCode,
  parseReferralSettings,
  DEFAULT_REFERRAL_SETTINGS,
  referralClawbackKey,
  referralExplanation,
  referralKey,
  referralSignalsOf,
  referralVestsAt,
  summarizeReferrals,
  type ReferralCheckInput,
} from "./referrals";

const bytes = fc.uint8Array({ minLength: 7, maxLength: 7 });
const REFERRER = "gid://shopify/Customer/1";
const FRIEND = "gid://shopify/Customer/2";

function check(overrides: Partial<ReferralCheckInput> = {}): ReferralCheckInput {
  return {
    referrer: { customerGid: REFERRER, emails: ["ann@example.com"], addresses: ["1 main st|springfield|12345|US"], ips: ["10.0.0.1"] },
    friend: { customerGid: FRIEND, emails: ["jo@example.com"], addresses: ["9 elm st|springfield|12345|US"], ips: ["10.0.0.2"] },
    claimedBy: null,
    friendEarlierOrders: 0,
    referrerRecentReferrals: 0,
    capPerPeriod: 10,
    ...overrides,
  };
}

describe("codes", () => {
  it("formats 10 Crockford characters, the friend's with its prefix", () => {
    const raw = new Uint8Array([1, 2, 3, 4, 5, 6, 7]);
    expect(formatReferralCode(raw)).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(formatFriendCode(raw)).toBe(`FRIEND-${formatReferralCode(raw)}`);
    expectInvalidInput(() => formatReferralCode(new Uint8Array(3)));
  });

  it("property: a formatted code normalizes to itself, in any case and with spaces around it", () => {
    fc.assert(
      fc.property(bytes, fc.boolean(), (raw, lower) => {
        const code = formatReferralCode(raw);
        expect(normalizeReferralCode(` ${lower ? code.toLowerCase() : code} `)).toBe(code);
        const friend = formatFriendCode(raw);
        expect(normalizeFriendCode(lower ? friend.toLowerCase() : friend)).toBe(friend);
      }),
    );
  });

  it("property: different random bytes give different codes (the encoding loses no bit of the first 50)", () => {
    fc.assert(
      fc.property(bytes, bytes, (a, b) => {
        const bitsOf = (x: Uint8Array) => [...x].reduce((n, v) => (n << 8n) | BigInt(v), 0n) & ((1n << 50n) - 1n);
        if (bitsOf(a) !== bitsOf(b)) expect(formatReferralCode(a)).not.toBe(formatReferralCode(b));
      }),
    );
  });

  it("drops anything that is not a code's form (a forged attribute is ignored, never an error)", () => {
    for (const bad of ["", "ABC", "ABCDEFGHJKX", "ABCDEFGHJ!", "UUUUUUUUUU", 42, null, "<script>", "A".repeat(100)]) {
      expect(normalizeReferralCode(bad)).toBeNull();
    }
    expect(normalizeFriendCode("SUMMER10")).toBeNull();
    expect(normalizeFriendCode("FRIEND-SHORT")).toBeNull();
  });

  it("finds the signals on an order: friend codes first, the cart attribute as the fallback", () => {
    expect(referralSignalsOf({ discountCodes: ["SUMMER10"], attributes: [] })).toBeNull();
    expect(referralSignalsOf({ discountCodes: ["friend-0123456789"], attributes: [{ name: "_loyalty_referral", value: "abcdefghjk" }] })).toEqual({
      friendCodes: ["FRIEND-0123456789"],
      attributeCode: "ABCDEFGHJK",
    });
    expect(referralSignalsOf({ discountCodes: [], attributes: [{ name: "_loyalty_referral", value: "forged!" }] })).toBeNull();
    expect(referralSignalsOf({ discountCodes: [], attributes: [{ name: "gift_note", value: "ABCDEFGHJK" }] })).toBeNull();
  });
});

describe("fraud checks", () => {
  it("accepts a new friend with their own facts", () => {
    expect(evaluateReferral(check())).toEqual({ ok: true });
  });

  it("rejects each self-referral with its reason", () => {
    const referrer = check().referrer;
    expect(evaluateReferral(check({ claimedBy: REFERRER }))).toEqual({ ok: false, reason: "own_code" });
    expect(evaluateReferral(check({ friend: { ...check().friend, customerGid: REFERRER } }))).toEqual({ ok: false, reason: "self_customer" });
    expect(evaluateReferral(check({ friend: { ...check().friend, emails: [null, "ann@example.com"] } }))).toEqual({ ok: false, reason: "same_email" });
    expect(evaluateReferral(check({ friend: { ...check().friend, addresses: referrer.addresses } }))).toEqual({ ok: false, reason: "same_address" });
    expect(evaluateReferral(check({ friend: { ...check().friend, ips: ["10.0.0.1"] } }))).toEqual({ ok: false, reason: "same_ip" });
  });

  it("rejects a friend who ordered before, and a referrer over the cap", () => {
    expect(evaluateReferral(check({ friendEarlierOrders: 1 }))).toEqual({ ok: false, reason: "friend_not_new" });
    expect(evaluateReferral(check({ referrerRecentReferrals: 10 }))).toEqual({ ok: false, reason: "referrer_cap" });
    expect(evaluateReferral(check({ referrerRecentReferrals: 9 }))).toEqual({ ok: true });
    expect(evaluateReferral(check({ referrerRecentReferrals: 500, capPerPeriod: null }))).toEqual({ ok: true });
  });

  it("property: a missing fact never matches (nulls on both sides are not the same person)", () => {
    fc.assert(
      fc.property(fc.nat({ max: 5 }), (n) => {
        const nobody = { customerGid: null, emails: Array(n).fill(null), addresses: Array(n).fill(null), ips: Array(n).fill(null) };
        expect(evaluateReferral(check({ referrer: { ...nobody, customerGid: REFERRER }, friend: { ...nobody, customerGid: FRIEND } }))).toEqual({ ok: true });
      }),
    );
  });

  it("property: any shared fact rejects, whatever else the two have", () => {
    const fact = fc.string({ minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fact, fc.constantFrom("emails", "addresses", "ips") as fc.Arbitrary<"emails" | "addresses" | "ips">, fc.array(fact), (shared, kind, extra) => {
        const base = check();
        const verdict = evaluateReferral({
          ...base,
          referrer: { ...base.referrer, [kind]: [...extra, shared] },
          friend: { ...base.friend, [kind]: [shared, ...extra] },
        });
        expect(verdict.ok).toBe(false);
      }),
    );
  });

  it("normalizes emails, addresses and IPs so spellings of the same one match", () => {
    expect(normalizeEmail(" Ann.Lee+shop@GoogleMail.com ")).toBe("annlee@gmail.com");
    expect(normalizeEmail("ann.lee+x@example.com")).toBe("ann.lee@example.com");
    expect(normalizeEmail("not-an-email")).toBeNull();
    expect(normalizeAddress({ address1: "12 Main Street", address2: "Apt. 4", city: "Springfield", zip: "12 345", countryCode: "us" })).toBe(
      normalizeAddress({ address1: "12 main st apt 4", city: "SPRINGFIELD", zip: "12345", countryCode: "US" }),
    );
    expect(normalizeAddress({ address1: "  ", city: "X" })).toBeNull();
    expect(normalizeIp("::ffff:10.0.0.1")).toBe("10.0.0.1");
  });
});

describe("vesting and reversal", () => {
  const paid = new Date("2026-12-01T10:00:00Z");
  const vestsAt = referralVestsAt(paid, 30);
  const within = new Date("2026-12-10T00:00:00Z");
  const base = { cancelled: false, totalMinor: 8000, refundedMinor: 0, refunds: 0, minimumOrderMinor: 5000, at: within, vestsAt };

  it("vests pendingDays after payment", () => {
    expect(vestsAt.toISOString()).toBe("2026-12-31T10:00:00.000Z");
  });

  it("takes the reward back for a cancellation or a refund below the minimum within the window, never after", () => {
    expect(evaluateReferralReversal({ ...base, cancelled: true })).toBe("order_cancelled");
    expect(evaluateReferralReversal({ ...base, refunds: 1, refundedMinor: 2000 })).toBeNull();
    expect(evaluateReferralReversal({ ...base, refunds: 1, refundedMinor: 3001 })).toBe("order_refunded");
    expect(evaluateReferralReversal({ ...base, refunds: 1, refundedMinor: null })).toBe("order_refunded");
    expect(evaluateReferralReversal({ ...base, cancelled: true, at: vestsAt })).toBeNull();
    expect(evaluateReferralReversal({ ...base, cancelled: true, vestsAt: null })).toBeNull();
  });

  it("property: more refunded never turns a reversal back off", () => {
    fc.assert(
      fc.property(fc.nat({ max: 20_000 }), fc.nat({ max: 20_000 }), fc.nat({ max: 20_000 }), (total, a, b) => {
        const at = (refundedMinor: number) => evaluateReferralReversal({ ...base, totalMinor: total, refunds: 1, refundedMinor });
        if (at(Math.min(a, b)) !== null) expect(at(Math.max(a, b))).not.toBeNull();
      }),
    );
  });
});

describe("keys, names and explanations", () => {
  it("keys the referrer's entry and its reversal by the friend's order", () => {
    expect(referralKey("gid://shopify/Order/1042")).toBe("referral:gid://shopify/Order/1042");
    expect(referralClawbackKey("gid://shopify/Order/1042")).toBe("clawback:referral:gid://shopify/Order/1042");
    expectInvalidInput(() => referralKey("1042"));
  });

  it("keeps a first name and an initial only", () => {
    expect(friendShortName("Jo", "Lee")).toBe("Jo L.");
    expect(friendShortName("  Mary Ann ", "élan")).toBe("Mary É.");
    expect(friendShortName(null, null)).toBe("a friend");
    expect(referralExplanation("Jo L.", "#1042")).toBe("Referral: Jo L.'s first order #1042");
  });
});

describe("settings", () => {
  it("accepts the defaults and names each bad field", () => {
    expect(parseReferralSettings(DEFAULT_REFERRAL_SETTINGS)).toEqual(DEFAULT_REFERRAL_SETTINGS);
    const error = expectInvalidInput(() =>
      parseReferralSettings({ ...DEFAULT_REFERRAL_SETTINGS, referrerPoints: 0, friendDiscountKind: "percentage", friendDiscountValue: 20_000, pendingDays: -1 }),
    );
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["referrals.friendDiscountValue", "referrals.pendingDays", "referrals.referrerPoints"]);
  });
});

describe("summary", () => {
  it("counts clicks, orders, conversion and revenue of orders not rejected", () => {
    expect(
      summarizeReferrals([
        { status: "clicked", revenueMinor: 0 },
        { status: "clicked", revenueMinor: 0 },
        { status: "pending", revenueMinor: 5000 },
        { status: "rejected", revenueMinor: 9000 },
      ]),
    ).toEqual({ clicks: 4, orders: 2, approved: 0, pending: 1, rejected: 1, revenueMinor: 5000, conversionBasisPoints: 5000 });
  });
});
