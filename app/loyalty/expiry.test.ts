import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calculateExpiredLots, replayLots, type ExpiryEntry } from "./expiry";
import { signedPoints, type LedgerEntryType } from "./ledger-rules";
import { expectInvalidInput } from "../../tests/support/loyalty";

const JAN = new Date("2026-01-31T00:00:00Z");
const MAR = new Date("2026-03-31T00:00:00Z");
const JUN = new Date("2026-06-30T00:00:00Z");

let seq = 0;
function entry(type: LedgerEntryType, points: number, extra: Partial<ExpiryEntry> = {}): ExpiryEntry {
  seq += 1;
  return { id: `e${seq}`, type, points: signedPoints(type, points), expiresAt: null, reversesId: null, ...extra };
}

describe("calculateExpiredLots", () => {
  it("expires what is left of each earned lot once its date has passed, and nothing before", () => {
    const a = entry("earn", 100, { expiresAt: JAN });
    const b = entry("earn", 50, { expiresAt: JUN });
    expect(calculateExpiredLots([a, b], new Date("2026-01-30T23:59:59Z"))).toEqual([]);
    expect(calculateExpiredLots([a, b], JAN)).toEqual([{ lotId: a.id, points: 100, expiresAt: JAN }]);
    expect(calculateExpiredLots([a, b], JUN)).toEqual([
      { lotId: a.id, points: 100, expiresAt: JAN },
      { lotId: b.id, points: 50, expiresAt: JUN },
    ]);
  });

  it("spends the soonest-expiring points first, so a redemption saves what would expire", () => {
    const late = entry("earn", 100, { expiresAt: JUN });
    const soon = entry("earn", 100, { expiresAt: JAN });
    const bonus = entry("bonus", 30);
    const redeem = entry("redeem", 120);
    expect(calculateExpiredLots([late, soon, bonus, redeem], JAN)).toEqual([]);
    expect(calculateExpiredLots([late, soon, bonus, redeem], JUN)).toEqual([{ lotId: late.id, points: 80, expiresAt: JUN }]);
  });

  it("takes a clawback from the lot of the order it reverses", () => {
    const a = entry("earn", 100, { expiresAt: JAN });
    const b = entry("earn", 100, { expiresAt: JUN });
    const claw = entry("clawback", 60, { reversesId: b.id });
    expect(calculateExpiredLots([a, b, claw], JUN)).toEqual([
      { lotId: a.id, points: 100, expiresAt: JAN },
      { lotId: b.id, points: 40, expiresAt: JUN },
    ]);
  });

  it("never expires points already recorded as expired", () => {
    const a = entry("earn", 100, { expiresAt: JAN });
    const expired = entry("expire", 100, { reversesId: a.id });
    expect(calculateExpiredLots([a, expired], JUN)).toEqual([]);
  });

  it("gives a rolled-back redemption's points back to the lots they came from, with their dates", () => {
    const a = entry("earn", 100, { expiresAt: JAN });
    const b = entry("earn", 100, { expiresAt: JUN });
    const redeem = entry("redeem", 150);
    const rollback = entry("redeem_rollback", 150, { reversesId: redeem.id });
    expect(calculateExpiredLots([a, b, redeem], JUN)).toEqual([{ lotId: b.id, points: 50, expiresAt: JUN }]);
    expect(calculateExpiredLots([a, b, redeem, rollback], MAR)).toEqual([{ lotId: a.id, points: 100, expiresAt: JAN }]);
  });

  it("expires nothing while the balance is negative, and a later earn pays the deficit first", () => {
    const a = entry("earn", 100, { expiresAt: JAN });
    const debit = entry("manual_debit", 150);
    expect(calculateExpiredLots([a, debit], JUN)).toEqual([]);
    const b = entry("earn", 80, { expiresAt: JUN });
    expect(calculateExpiredLots([a, debit, b], JUN)).toEqual([{ lotId: b.id, points: 30, expiresAt: JUN }]);
  });

  it("refuses an entry whose sign does not match its type", () => {
    expectInvalidInput(() => calculateExpiredLots([{ id: "x", type: "expire", points: 5, expiresAt: null, reversesId: null }], JUN));
  });
});

describe("lot replay properties", () => {
  const DATES = [JAN, MAR, JUN, null];
  const step = fc.oneof(
    fc.record({ kind: fc.constant("earn" as const), points: fc.integer({ min: 1, max: 500 }), date: fc.constantFrom(...DATES) }),
    fc.record({ kind: fc.constant("bonus" as const), points: fc.integer({ min: 1, max: 500 }) }),
    fc.record({ kind: fc.constant("redeem" as const), points: fc.integer({ min: 1, max: 500 }), rollback: fc.boolean() }),
    fc.record({ kind: fc.constant("clawback" as const), points: fc.integer({ min: 1, max: 500 }), of: fc.nat() }),
    fc.record({ kind: fc.constant("manual_debit" as const), points: fc.integer({ min: 1, max: 500 }) }),
    fc.record({ kind: fc.constant("expire_due" as const), at: fc.constantFrom(JAN, MAR, JUN) }),
  );

  type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

  /** Builds a ledger the way the app would: redemptions within the balance, expiry written when due. */
  function build(steps: Step[]): ExpiryEntry[] {
    const ledger: ExpiryEntry[] = [];
    const balance = () => ledger.reduce((sum, e) => sum + e.points, 0);
    for (const s of steps) {
      if (s.kind === "earn") ledger.push(entry("earn", s.points, { expiresAt: s.date }));
      else if (s.kind === "bonus") ledger.push(entry("bonus", s.points));
      else if (s.kind === "redeem") {
        const points = Math.min(s.points, balance());
        if (points <= 0) continue;
        const redeem = entry("redeem", points);
        ledger.push(redeem);
        if (s.rollback) ledger.push(entry("redeem_rollback", points, { reversesId: redeem.id }));
      } else if (s.kind === "clawback") {
        const earns = ledger.filter((e) => e.type === "earn");
        if (earns.length === 0) continue;
        ledger.push(entry("clawback", s.points, { reversesId: earns[s.of % earns.length]?.id ?? null }));
      } else if (s.kind === "manual_debit") ledger.push(entry("manual_debit", s.points));
      else {
        for (const lot of calculateExpiredLots(ledger, s.at)) ledger.push(entry("expire", lot.points, { reversesId: lot.lotId }));
      }
    }
    return ledger;
  }

  it("remaining lots − deficit = balance; no lot below zero; expiry never exceeds a positive balance", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.constantFrom(JAN, MAR, JUN), (steps, now) => {
        const ledger = build(steps);
        const balance = ledger.reduce((sum, e) => sum + e.points, 0);
        const { lots, deficit } = replayLots(ledger);
        const remaining = [...lots.values()].reduce((sum, lot) => sum + lot.remaining, 0);
        expect(deficit).toBeGreaterThanOrEqual(0);
        for (const lot of lots.values()) expect(lot.remaining).toBeGreaterThanOrEqual(0);
        expect(remaining - deficit).toBe(balance);
        const expiring = calculateExpiredLots(ledger, now).reduce((sum, lot) => sum + lot.points, 0);
        expect(expiring).toBeLessThanOrEqual(Math.max(0, balance));
      }),
    );
  });

  it("recording what has expired leaves nothing more to expire at the same time (idempotent)", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.constantFrom(JAN, MAR, JUN), (steps, now) => {
        const ledger = build(steps);
        for (const lot of calculateExpiredLots(ledger, now)) ledger.push(entry("expire", lot.points, { reversesId: lot.lotId }));
        expect(calculateExpiredLots(ledger, now)).toEqual([]);
      }),
    );
  });
});
