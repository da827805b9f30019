import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ChallengeInput, challengeRewardKey, challengeStatus, challengeWindow, evaluateChallenge, joinRefusal, validateChallenge } from "./challenges";
import type { Criteria, HistoryOrder, MemberHistory } from "./engagement-criteria";

const tz = "America/New_York";
const context = { tierIds: ["gold", "silver"], currency: "USD", timeZone: tz, today: "2026-12-01" };
const base: ChallengeInput & { tierIds: string[] } = { name: "Holiday", startsOn: "2026-12-01", endsOn: "2026-12-24", tierIds: [], rewardPoints: "200", goal: { kind: "product_types", count: "2" } };

describe("validateChallenge", () => {
  it("accepts a challenge with its window on the shop's clock", () => {
    const result = validateChallenge(base, context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.challenge).toMatchObject({ name: "Holiday", rewardPoints: 200, goal: { kind: "product_types", count: 2 } });
    expect(result.challenge.startsAt.toISOString()).toBe("2026-12-01T05:00:00.000Z");
    expect(result.challenge.endsAt.toISOString()).toBe("2026-12-25T05:00:00.000Z");
  });

  it("refuses contradictions with field errors", () => {
    const errors = (input: Partial<ChallengeInput>) => {
      const result = validateChallenge({ ...base, ...input }, context);
      return result.ok ? {} : result.errors;
    };
    expect(errors({ endsOn: "2026-11-30", startsOn: "2026-12-02" })).toEqual({ endsOn: { key: "endBeforeStart" } });
    expect(errors({ startsOn: "2026-11-01", endsOn: "2026-11-30" })).toEqual({ endsOn: { key: "endPast" } });
    expect(errors({ endsOn: "2027-12-24" })).toMatchObject({ endsOn: { key: "tooLong" } });
    expect(errors({ startsOn: "2026-02-30" })).toEqual({ startsOn: { key: "date" } });
    expect(errors({ goal: { kind: "product_types", count: "0" } })).toMatchObject({ "goal.count": { key: "countRange" } });
    expect(errors({ goal: { kind: "tier", tierId: "gold" } })).toEqual({ "goal.kind": { key: "goalTier" } });
    expect(errors({ tierIds: ["platinum"] })).toEqual({ tierIds: { key: "tierUnknown" } });
    expect(errors({ rewardPoints: "0" })).toMatchObject({ rewardPoints: { key: "rewardRange" } });
    expect(errors({ name: " " })).toMatchObject({ name: { key: "nameLength" } });
  });
});

describe("status, joining and freezing", () => {
  const window = challengeWindow("2026-12-01", "2026-12-24", tz);
  it("is upcoming, active, then ended", () => {
    expect(challengeStatus(window, new Date("2026-12-01T04:59:59Z"))).toBe("upcoming");
    expect(challengeStatus(window, new Date("2026-12-01T05:00:00Z"))).toBe("active");
    expect(challengeStatus(window, new Date("2026-12-25T05:00:00Z"))).toBe("ended");
  });
  it("refuses joining after the end or from another tier", () => {
    expect(joinRefusal({ window, tierIds: [] }, null, new Date("2026-11-20"))).toBeNull();
    expect(joinRefusal({ window, tierIds: ["gold"] }, "silver", new Date("2026-12-02"))).toBe("tier");
    expect(joinRefusal({ window, tierIds: ["gold"] }, null, new Date("2026-12-02"))).toBe("tier");
    expect(joinRefusal({ window, tierIds: ["gold"] }, "gold", new Date("2026-12-02"))).toBeNull();
    expect(joinRefusal({ window, tierIds: [] }, null, new Date("2026-12-26"))).toBe("ended");
  });
  it("freezes once ended, completes once", () => {
    const history: MemberHistory = { orders: [order(1, "2026-12-02T12:00:00Z")], referrals: [], surveys: [], tiersReached: new Set() };
    const goal: Criteria = { kind: "first_order" };
    expect(evaluateChallenge({ goal, window }, history, { timeZone: tz, now: new Date("2026-12-26"), completed: false })).toEqual({ frozen: true });
    expect(evaluateChallenge({ goal, window }, history, { timeZone: tz, now: new Date("2026-12-03"), completed: false })).toMatchObject({ frozen: false, completes: true });
    expect(evaluateChallenge({ goal, window }, history, { timeZone: tz, now: new Date("2026-12-03"), completed: true })).toMatchObject({ frozen: false, completes: false });
    expect(challengeRewardKey("c", "m")).toBe("challenge:c:m");
  });
});

function order(n: number, at: string, spendMinor = 1000, counted = true): HistoryOrder {
  return { orderGid: `gid://shopify/Order/${n}`, at: new Date(at), spendMinor, productTypes: [`T${n % 3}`], counted };
}

describe("challenge progress (properties)", () => {
  const start = Date.UTC(2026, 11, 1, 5);
  it("progress equals the events inside the window: orders, spend, referrals and surveys", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ offsetH: fc.integer({ min: -400, max: 1000 }), spend: fc.integer({ min: 0, max: 5000 }), counted: fc.boolean() }), { maxLength: 12 }),
        fc.array(fc.integer({ min: -400, max: 1000 }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 30 }),
        (rows, referralOffsets, days) => {
          const window = { start: new Date(start), end: new Date(start + days * 86_400_000) };
          const at = (h: number) => new Date(start + h * 3_600_000);
          const orders = rows.map((row, i) => ({ ...order(i + 1, at(row.offsetH).toISOString(), row.spend), counted: row.counted }));
          const referrals = referralOffsets.map(at);
          const history: MemberHistory = { orders, referrals, surveys: referrals, tiersReached: new Set() };
          const inside = (d: Date) => d >= window.start && d < window.end;
          const now = new Date(start);
          const counted = orders.filter((o) => o.counted && inside(o.at));
          const progressOf = (goal: Criteria) => {
            const evaluation = evaluateChallenge({ goal, window }, history, { timeZone: tz, now, completed: false });
            if (evaluation.frozen) throw new Error("not frozen at the start");
            return evaluation.progress.current;
          };
          expect(progressOf({ kind: "orders", count: 1 })).toBe(counted.length);
          expect(progressOf({ kind: "spend", amountMinor: 1 })).toBe(counted.reduce((sum, o) => sum + o.spendMinor, 0));
          expect(progressOf({ kind: "product_types", count: 1 })).toBe(new Set(counted.flatMap((o) => o.productTypes)).size);
          expect(progressOf({ kind: "referral", count: 1 })).toBe(referrals.filter(inside).length);
          expect(progressOf({ kind: "survey", count: 1 })).toBe(referrals.filter(inside).length);
        },
      ),
    );
  });
});
