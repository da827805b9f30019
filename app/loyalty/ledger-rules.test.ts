import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  clawbackKey,
  earnKey,
  isLedgerEntryType,
  LEDGER_ENTRY_TYPES,
  type LedgerEntryLike,
  type LedgerEntryType,
  signedPoints,
  signFor,
  signupBonusKey,
  summarizeLedger,
} from "./ledger-rules";
import { expectInvalidInput } from "../../tests/support/loyalty";

const NOW = new Date("2024-06-15T12:00:00Z");
const PAST = new Date("2024-06-01T00:00:00Z");
const FUTURE = new Date("2024-07-15T00:00:00Z");

function entry(type: LedgerEntryType, points: number, vestsAt: Date | null = null): LedgerEntryLike {
  return { type, points: signedPoints(type, points), vestsAt };
}


describe("entry types and signs", () => {
  it("lists every type once", () => {
    expect([...LEDGER_ENTRY_TYPES].sort()).toEqual(
      [
        "action",
        "badge",
        "birthday",
        "bonus",
        "challenge",
        "clawback",
        "donate",
        "earn",
        "expire",
        "import",
        "manual_credit",
        "manual_debit",
        "redeem",
        "redeem_rollback",
        "referral",
        "survey",
      ],
    );
    expect(isLedgerEntryType("earn")).toBe(true);
    expect(isLedgerEntryType("refund")).toBe(false);
  });

  it.each([
    ["earn", 1],
    ["redeem_rollback", 1],
    ["manual_credit", 1],
    ["bonus", 1],
    ["import", 1],
    ["redeem", -1],
    ["clawback", -1],
    ["expire", -1],
    ["manual_debit", -1],
  ] as const)("%s has sign %i", (type, sign) => {
    expect(signFor(type)).toBe(sign);
    expect(signedPoints(type, 25)).toBe(sign * 25);
  });

  it.each([0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])("rejects %d points", (points) => {
    expect(expectInvalidInput(() => signedPoints("earn", points)).message).toContain(String(points));
  });
});

describe("summarizeLedger", () => {
  it("replays balance, pending and lifetime totals", () => {
    const summary = summarizeLedger(
      [
        entry("earn", 300, PAST),
        entry("earn", 200, FUTURE),
        entry("bonus", 50),
        entry("manual_credit", 10),
        entry("redeem", 120),
        entry("redeem_rollback", 20),
        entry("clawback", 30),
        entry("expire", 5),
        entry("manual_debit", 1),
      ],
      NOW,
    );
    expect(summary).toEqual({
      balance: 300 + 200 + 50 + 10 - 120 + 20 - 30 - 5 - 1,
      pending: 200,
      available: 224,
      lifetimeEarned: 560,
      lifetimeRedeemed: 100,
    });
  });

  it("treats points vesting exactly now as available", () => {
    expect(summarizeLedger([entry("earn", 10, NOW)], NOW)).toMatchObject({ pending: 0, available: 10 });
  });

  it("lets a clawback of unvested points cancel the pending amount, not the available one", () => {
    const summary = summarizeLedger([entry("earn", 100), entry("earn", 80, FUTURE), entry("clawback", 80, FUTURE)], NOW);
    expect(summary).toMatchObject({ balance: 100, pending: 0, available: 100 });
  });

  it("is all zeros for an empty ledger", () => {
    expect(summarizeLedger([], NOW)).toEqual({ balance: 0, pending: 0, available: 0, lifetimeEarned: 0, lifetimeRedeemed: 0 });
  });

  it("rejects entries whose sign contradicts their type", () => {
    expectInvalidInput(() => summarizeLedger([{ type: "earn", points: -10, vestsAt: null }], NOW));
    expectInvalidInput(() => summarizeLedger([{ type: "redeem", points: 10, vestsAt: null }], NOW));
    expectInvalidInput(() => summarizeLedger([{ type: "bonus", points: 0, vestsAt: null }], NOW));
  });

  const entryArb = fc
    .record({
      type: fc.constantFrom(...LEDGER_ENTRY_TYPES),
      points: fc.integer({ min: 1, max: 100_000 }),
      vesting: fc.constantFrom<"none" | "past" | "future">("none", "past", "future"),
    })
    .map(({ type, points, vesting }) => entry(type, points, vesting === "none" ? null : vesting === "past" ? PAST : FUTURE));

  it("balance is the sum of entries and available + pending = balance", () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 40 }), (entries) => {
        const summary = summarizeLedger(entries, NOW);
        expect(summary.balance).toBe(entries.reduce((total, e) => total + e.points, 0));
        expect(summary.available + summary.pending).toBe(summary.balance);
        expect(summary.pending).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("pending is the sum of positive unvested entries when no negative entry is pending", () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 40 }), (generated) => {
        const entries = generated.map((e) => (e.points < 0 ? { ...e, vestsAt: null } : e));
        const summary = summarizeLedger(entries, NOW);
        const pending = entries.filter((e) => e.points > 0 && e.vestsAt === FUTURE).reduce((t, e) => t + e.points, 0);
        expect(summary.pending).toBe(pending);
        expect(summary.available + summary.pending).toBe(summary.balance);
      }),
    );
  });

  it("lifetime earned plus imported, minus redeemed and the other debits, is the balance", () => {
    // An import entry is a balance brought from another app: in the balance, never in lifetime earned (ADR 021).
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 40 }), (entries) => {
        const summary = summarizeLedger(entries, NOW);
        const otherDebits = entries
          .filter((e) => e.type === "clawback" || e.type === "expire" || e.type === "manual_debit" || e.type === "donate")
          .reduce((t, e) => t - e.points, 0);
        const imported = entries.filter((e) => e.type === "import").reduce((t, e) => t + e.points, 0);
        expect(summary.lifetimeEarned).toBe(
          entries.filter((e) => signFor(e.type) > 0 && e.type !== "import" && e.type !== "redeem_rollback").reduce((t, e) => t + e.points, 0),
        );
        expect(summary.lifetimeEarned + imported - summary.lifetimeRedeemed - otherDebits).toBe(summary.balance);
      }),
    );
  });
});

describe("idempotency keys", () => {
  it("derives keys from Shopify GIDs", () => {
    expect(earnKey("gid://shopify/Order/5678901234567890123")).toBe("earn:gid://shopify/Order/5678901234567890123");
    expect(clawbackKey("gid://shopify/Order/7", 42)).toBe("clawback:gid://shopify/Order/7:42");
    expect(signupBonusKey("gid://shopify/Customer/9")).toBe("bonus:signup:gid://shopify/Customer/9");
  });

  it("keeps keys of different causes apart for the same order", () => {
    expect(earnKey("gid://shopify/Order/7")).not.toBe(clawbackKey("gid://shopify/Order/7", 7));
  });

  it("rejects numeric ids and GIDs of the wrong resource", () => {
    expectInvalidInput(() => earnKey("5678901234567890123"));
    expectInvalidInput(() => earnKey("gid://shopify/Customer/1"));
    expectInvalidInput(() => clawbackKey("gid://shopify/Refund/1", 3));
    expectInvalidInput(() => clawbackKey("gid://shopify/Order/1", 0));
    expectInvalidInput(() => signupBonusKey("gid://shopify/Customer/"));
    expectInvalidInput(() => clawbackKey("gid://shopify/Order/1?x=1", 3));
  });
});
