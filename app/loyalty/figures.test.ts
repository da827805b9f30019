import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calculateIssued, calculateLifetimeEarned, calculateRedeemed, describeTierMetric, tierPointTypes } from "./figures";
import { LEDGER_ENTRY_TYPES, signFor } from "./ledger-rules";
import { issuedOf, redeemedOf } from "./reports/liability";
import { addMovements, columnOf, emptyMovements } from "./reports/roll-forward";
import { summarizeLedger } from "./ledger-rules";

const entryArb = fc.record({ type: fc.constantFrom(...LEDGER_ENTRY_TYPES), magnitude: fc.integer({ min: 1, max: 10_000 }) }).map(({ type, magnitude }) => ({
  type,
  points: signFor(type) * magnitude,
  vestsAt: null,
}));

describe("one definition per figure", () => {
  it("gives Reports' issued and redeemed (roll-forward columns) and the member's lifetime figures the same numbers", () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 40 }), (entries) => {
        let movements = emptyMovements();
        for (const entry of entries) movements = addMovements(movements, { ...emptyMovements(), [columnOf(entry.type)]: entry.points });
        expect(issuedOf(movements)).toBe(calculateIssued(entries));
        expect(redeemedOf(movements)).toBe(calculateRedeemed(entries));
        const summary = summarizeLedger(entries, new Date("2026-01-01T00:00:00Z"));
        expect(summary.lifetimeEarned).toBe(calculateLifetimeEarned(entries));
        expect(summary.lifetimeRedeemed).toBe(calculateRedeemed(entries));
      }),
    );
  });

  it("counts manual adjustments toward tiers only when the program says so, and says which", () => {
    const bonusLike = ["referral", "birthday", "survey", "action", "badge", "challenge"];
    expect(tierPointTypes(false)).toEqual(["earn", "bonus", ...bonusLike, "clawback"]);
    expect(tierPointTypes(true)).toEqual(["earn", "bonus", ...bonusLike, "clawback", "manual_credit", "manual_debit"]);
    expect(describeTierMetric("points", false)).toContain("Manual credits and debits don't count");
    expect(describeTierMetric("points", true)).toContain("plus manual credits and debits");
  });
});
