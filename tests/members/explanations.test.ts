import { describe, expect, it } from "vitest";
import { explanationText } from "~/components/members/member-text";
import { reportFormat } from "~/components/reports/format";
import { adminText } from "~/i18n/admin-text";
import { explainLedgerEntry, type ExplainableEntry } from "~/loyalty/ledger-explanation";

const entry = (type: string, points: number, breakdown: Record<string, unknown> | null, order: string | null = null): ExplainableEntry => ({
  type,
  points,
  explanation: `stored ${type}`,
  order,
  actor: null,
  breakdown: breakdown ? JSON.stringify(breakdown) : null,
});

describe("explaining the bonus-like types and donations", () => {
  it("reads each type's variables from its breakdown", () => {
    expect(explainLedgerEntry(entry("referral", 500, { friendName: "Jo L." }, "#1042"))).toEqual({ kind: "referral", points: 500, friend: "Jo L.", order: "#1042" });
    expect(explainLedgerEntry(entry("birthday", 200, { reason: "anniversary", year: 2026 }))).toEqual({ kind: "birthday", points: 200, reason: "anniversary", year: 2026 });
    expect(explainLedgerEntry(entry("birthday", 200, { year: "2026" }))).toEqual({ kind: "birthday", points: 200, reason: "birthday", year: null });
    expect(explainLedgerEntry(entry("action", 50, { reason: "social", network: "instagram" }))).toEqual({ kind: "action", points: 50, reason: "social", network: "instagram" });
    expect(explainLedgerEntry(entry("action", 50, { reason: "dance" }))).toEqual({ kind: "action", points: 50, reason: "other", network: null });
    expect(explainLedgerEntry(entry("survey", 100, { surveyName: "After your order" }))).toEqual({ kind: "survey", points: 100, name: "After your order" });
    expect(explainLedgerEntry(entry("badge", 25, null))).toEqual({ kind: "badge", points: 25, name: null });
    expect(explainLedgerEntry(entry("challenge", 200, { challengeName: " Holiday duo " }))).toEqual({ kind: "challenge", points: 200, name: "Holiday duo" });
    expect(explainLedgerEntry(entry("donate", -300, { causeName: "Ocean cleanup" }))).toEqual({ kind: "donate", points: 300, name: "Ocean cleanup" });
    expect(explainLedgerEntry(entry("from_the_future", 5, null))).toEqual({ kind: "recorded", text: "stored from_the_future" });
  });

  it("says them in the admin's language", () => {
    const say = (locale: "en" | "fr", e: ExplainableEntry) => {
      const { t, formatLocale } = adminText(locale);
      return explanationText(t, reportFormat(formatLocale), explainLedgerEntry(e));
    };
    expect(say("en", entry("referral", 500, { friendName: "Jo L." }, "#1042"))).toBe("Referral: Jo L.'s first order #1042 (500 pts)");
    expect(say("en", entry("referral", 1, null))).toBe("Referral bonus of 1 pt");
    expect(say("en", entry("birthday", 200, { reason: "birthday", year: 2026 }))).toBe("Birthday bonus 2026: 200 pts");
    expect(say("en", entry("birthday", 200, { reason: "anniversary" }))).toBe("Membership anniversary bonus of 200 pts");
    expect(say("en", entry("action", 50, { reason: "newsletter" }))).toBe("Newsletter signup: 50 pts");
    expect(say("en", entry("action", 50, { reason: "social", network: "Instagram" }))).toBe("Followed on Instagram: 50 pts");
    expect(say("en", entry("badge", 25, { badgeName: "Explorer" }))).toBe("Badge earned: Explorer (25 pts)");
    expect(say("en", entry("donate", -1_500, { causeName: "Ocean cleanup" }))).toBe("Donated 1,500 pts to Ocean cleanup");
    expect(say("fr", entry("challenge", 200, { challengeName: "Duo des fêtes" }))).toBe("Défi réussi : Duo des fêtes (200 pts)");
    expect(say("fr", entry("survey", 100, null))).toBe("Enquête remplie : 100 pts");
  });
});
