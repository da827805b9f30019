import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  birthdayMonthsWithin,
  deriveAtRiskEvent,
  deriveBirthdayComingEvent,
  deriveReferralCompletedEvent,
  deriveExpiringEvents,
  deriveLedgerFlowEvents,
  FLOW_TRIGGERS,
  fitPayload,
  payloadBytes,
  selectEnabled,
  type FlowLedgerEntry,
  type LedgerFlowInput,
} from "./flow-events";
import { LEDGER_ENTRY_TYPES, signFor } from "./ledger-rules";

const T0 = new Date("2026-12-01T10:00:00Z");
const tiers = [
  { id: "bronze", name: "Bronze", threshold: 0 },
  { id: "silver", name: "Silver", threshold: 500 },
  { id: "gold", name: "Gold", threshold: 1500 },
];
const rewards = [
  { id: "r300", name: "Free shipping", pointsCost: 300 },
  { id: "r500", name: "$5 off", pointsCost: 500 },
];

function entry(id: string, type: FlowLedgerEntry["type"], points: number, minutes = 0): FlowLedgerEntry {
  return { id, type, points: signFor(type) * points, createdAt: new Date(T0.getTime() + minutes * 60_000), explanation: `${type} ${points}`, orderName: null };
}

function input(overrides: Partial<LedgerFlowInput>): LedgerFlowInput {
  return {
    customerId: "42",
    previous: { tierId: "bronze", available: 0, tierKnown: true },
    current: { tierId: "bronze", available: 0 },
    entries: [],
    cursorEntry: null,
    tiers,
    rewards,
    ...overrides,
  };
}

describe("deriveLedgerFlowEvents", () => {
  it("has handles Flow accepts (≤ 30 characters, letters, digits and hyphens)", () => {
    for (const handle of Object.values(FLOW_TRIGGERS)) expect(handle).toMatch(/^[a-z0-9-]{1,30}$/);
  });

  it("gives an earn, a redeem, a tier move up and the rewards crossed", () => {
    const events = deriveLedgerFlowEvents(
      input({
        previous: { tierId: "bronze", available: 250, tierKnown: true },
        current: { tierId: "silver", available: 520 },
        entries: [entry("e1", "earn", 400, 0), { ...entry("e2", "redeem", 130, 1), code: "PTS-AAAA-BBBB", rewardName: "Tote" }],
      }),
    );
    expect(events.map((e) => e.key)).toEqual(["earned:e1", "redeemed:e2", "tier:e2:bronze>silver", "affordable:r300:e2", "affordable:r500:e2"]);
    expect(events[1]?.payload).toEqual({ customer_id: "42", points: 130, balance: 520, discount_code: "PTS-AAAA-BBBB", reward_name: "Tote" });
    expect(events[2]?.payload).toMatchObject({ direction: "up", previous_tier: "Bronze", new_tier: "Silver" });
  });

  it("says down when the tier falls, and empty when there is none", () => {
    const [event] = deriveLedgerFlowEvents(
      input({ previous: { tierId: "silver", available: 600, tierKnown: true }, current: { tierId: null, available: 100 }, entries: [entry("c1", "clawback", 500)] }),
    );
    expect(event).toMatchObject({ trigger: "tier_changed", payload: { direction: "down", previous_tier: "Silver", new_tier: "" } });
  });

  it("fires no tier event when the tier before is unknown, and nothing without an anchor", () => {
    expect(deriveLedgerFlowEvents(input({ previous: { tierId: null, available: 0, tierKnown: false }, current: { tierId: "gold", available: 0 }, entries: [entry("m1", "manual_debit", 5)] }))).toEqual([]);
    expect(deriveLedgerFlowEvents(input({ current: { tierId: "gold", available: 2000 } }))).toEqual([]);
  });

  it("anchors on the cursor's entry when a vesting made points available with no new entry", () => {
    const events = deriveLedgerFlowEvents(input({ previous: { tierId: "bronze", available: 100, tierKnown: true }, current: { tierId: "bronze", available: 350 }, cursorEntry: { id: "old", createdAt: T0 } }));
    expect(events.map((e) => e.key)).toEqual(["affordable:r300:old"]);
  });

  const entryArb = fc.record({
    type: fc.constantFrom(...LEDGER_ENTRY_TYPES),
    points: fc.integer({ min: 1, max: 5000 }),
  });
  const tierIdArb = fc.constantFrom<string | null>(null, "bronze", "silver", "gold");
  interface Spec {
    entries: { type: FlowLedgerEntry["type"]; points: number }[];
    previousTier: string | null;
    currentTier: string | null;
    tierKnown: boolean;
    before: number;
    after: number;
    hasCursor: boolean;
  }
  const inputArb: fc.Arbitrary<Spec> = fc.record({
    entries: fc.array(entryArb, { maxLength: 12 }),
    previousTier: tierIdArb,
    currentTier: tierIdArb,
    tierKnown: fc.boolean(),
    before: fc.integer({ min: 0, max: 3000 }),
    after: fc.integer({ min: 0, max: 3000 }),
    hasCursor: fc.boolean(),
  });
  const build = (s: Spec) =>
    input({
      previous: { tierId: s.previousTier, available: s.before, tierKnown: s.tierKnown },
      current: { tierId: s.currentTier, available: s.after },
      entries: s.entries.map((e, i) => entry(`e${i}`, e.type, e.points, i)),
      cursorEntry: s.hasCursor ? { id: "cursor", createdAt: T0 } : null,
    });

  it("property: keys are unique, and each ledger entry yields each event kind at most once", () => {
    fc.assert(
      fc.property(inputArb, (spec) => {
        const events = deriveLedgerFlowEvents(build(spec));
        const keys = events.map((e) => e.key);
        expect(new Set(keys).size).toBe(keys.length);
        const perEntryAndTrigger = new Map<string, number>();
        for (const event of events) {
          const entryId = event.key.split(":").find((part) => /^e\d+$|^cursor$/.test(part)) ?? "";
          const k = `${event.trigger}/${entryId}/${event.trigger === "reward_affordable" ? event.key.split(":")[1] : ""}`;
          perEntryAndTrigger.set(k, (perEntryAndTrigger.get(k) ?? 0) + 1);
        }
        for (const count of perEntryAndTrigger.values()) expect(count).toBe(1);
      }),
    );
  });

  it("property: a tier event exactly when the tier is known before and differs, and the same input gives the same events", () => {
    fc.assert(
      fc.property(inputArb, (spec) => {
        const built = build(spec);
        const events = deriveLedgerFlowEvents(built);
        const anchored = built.entries.length > 0 || built.cursorEntry !== null;
        const expected = anchored && built.previous.tierKnown && built.previous.tierId !== built.current.tierId ? 1 : 0;
        expect(events.filter((e) => e.trigger === "tier_changed")).toHaveLength(expected);
        expect(deriveLedgerFlowEvents(built)).toEqual(events);
      }),
    );
  });
});

describe("scheduled events", () => {
  const now = new Date("2026-12-06T12:00:00Z");
  const day = 24 * 60 * 60 * 1000;

  it("fires for lots with points left that expire within the days, not after or already", () => {
    const lots = [
      { lotId: "a", remaining: 100, expiresAt: new Date(now.getTime() + 3 * day + 1) },
      { lotId: "b", remaining: 0, expiresAt: new Date(now.getTime() + day) },
      { lotId: "c", remaining: 50, expiresAt: new Date(now.getTime() + 20 * day) },
      { lotId: "d", remaining: 50, expiresAt: now },
    ];
    const events = deriveExpiringEvents({ customerId: "42", available: 150, lots, now, days: 14 });
    expect(events).toEqual([
      expect.objectContaining({ key: `expiring:a:${lots[0]?.expiresAt.toISOString()}`, payload: expect.objectContaining({ points_expiring: 100, days_left: 4 }) }),
    ]);
  });

  it("marks a member at risk after the quiet days, keyed by their last earn", () => {
    const base = { customerId: "42", memberId: "m1", joinedAt: new Date(now.getTime() - 400 * day), available: 10, now, days: 90 };
    expect(deriveAtRiskEvent({ ...base, lastEarn: { id: "e9", createdAt: new Date(now.getTime() - 89 * day) } })).toBeNull();
    expect(deriveAtRiskEvent({ ...base, lastEarn: { id: "e9", createdAt: new Date(now.getTime() - 91 * day) } })).toMatchObject({ key: "at-risk:e9", payload: { days_since_last_earn: 91 } });
    expect(deriveAtRiskEvent({ ...base, lastEarn: null })).toMatchObject({ key: "at-risk:joined:m1" });
    expect(deriveAtRiskEvent({ ...base, lastEarn: null, available: 0 })).toBeNull();
  });

  it("selects only triggers on, for events at or after they were switched on", () => {
    const events = deriveLedgerFlowEvents(input({ entries: [entry("e1", "earn", 10, 0), entry("e2", "earn", 10, 10)] }));
    expect(selectEnabled(events, {}).length).toBe(0);
    expect(selectEnabled(events, { points_earned: new Date(T0.getTime() + 5 * 60_000) }).map((e) => e.key)).toEqual(["earned:e2"]);
  });
});

describe("birthday coming", () => {
  const now = new Date("2026-12-06T12:00:00Z");
  const base = { customerId: "42", memberId: "m1", available: 80, now, days: 7 };
  const dayAfter = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

  it("fires within the days (0 = today), keyed by the year it is celebrated, with its typed fields", () => {
    expect(deriveBirthdayComingEvent({ ...base, birthday: { month: 12, day: 13 }, today: "2026-12-06" })).toEqual({
      trigger: "birthday_coming",
      key: "birthday-coming:m1:2026",
      at: now,
      payload: { customer_id: "42", days_until: 7, birthday_on: "2026-12-13T00:00:00.000Z", birthday: "12-13", balance: 80 },
    });
    expect(deriveBirthdayComingEvent({ ...base, birthday: { month: 12, day: 14 }, today: "2026-12-06" })).toBeNull();
    expect(deriveBirthdayComingEvent({ ...base, birthday: { month: 12, day: 6 }, today: "2026-12-06" })).toMatchObject({ payload: { days_until: 0 } });
    expect(deriveBirthdayComingEvent({ ...base, birthday: { month: 12, day: 5 }, today: "2026-12-06" })).toBeNull();
    // Across the new year: celebrated next year, keyed by that year.
    expect(deriveBirthdayComingEvent({ ...base, birthday: { month: 1, day: 2 }, today: "2026-12-30" })).toMatchObject({ key: "birthday-coming:m1:2027", payload: { days_until: 3, birthday_on: "2027-01-02T00:00:00.000Z" } });
    // Feb 29 is celebrated on Feb 28 in other years.
    expect(deriveBirthdayComingEvent({ ...base, birthday: { month: 2, day: 29 }, today: "2027-02-25" })).toMatchObject({ payload: { days_until: 3, birthday_on: "2027-02-28T00:00:00.000Z", birthday: "02-29" } });
  });

  it("fires once per birthday year however many daily runs see it coming (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 3 * 365 }),
        (month, dayOfMonth, days, offset) => {
          const day = Math.min(dayOfMonth, [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31);
          const start = dayAfter("2026-01-01", offset);
          const keys = new Map<string, number>();
          // A year of daily runs: every birthday is seen coming on days+1 consecutive days, under one key.
          for (let n = 0; n < 366; n += 1) {
            const event = deriveBirthdayComingEvent({ ...base, days, birthday: { month, day }, today: dayAfter(start, n) });
            if (event) keys.set(event.key, (keys.get(event.key) ?? 0) + 1);
          }
          expect(keys.size).toBeGreaterThanOrEqual(1);
          expect(keys.size).toBeLessThanOrEqual(2);
          for (const seen of keys.values()) expect(seen).toBeLessThanOrEqual(days + 1);
          // The query's months hold every birthday the rule fires for.
          for (let n = 0; n < 40; n += 1) {
            const today = dayAfter(start, n);
            if (deriveBirthdayComingEvent({ ...base, days, birthday: { month, day }, today })) expect(birthdayMonthsWithin(today, days)).toContain(month);
          }
        },
      ),
    );
  });
});

describe("fitPayload", () => {
  const payload = { customer_id: "42", points: 404, balance: 404, entry_type: "earn", order_name: "#1001", reason: "x".repeat(500) };

  it("leaves a payload within the limit alone", () => {
    expect(fitPayload(payload)).toEqual({ ok: true, payload, trimmed: [] });
  });

  it("cuts the reason first, ending with …, to fit exactly within the limit", () => {
    const fitted = fitPayload(payload, 200);
    expect(fitted).toMatchObject({ ok: true, trimmed: ["reason"] });
    if (!fitted.ok) return;
    expect(payloadBytes(fitted.payload)).toBeLessThanOrEqual(200);
    expect(payloadBytes(fitted.payload)).toBeGreaterThan(190);
    expect(String(fitted.payload.reason)).toMatch(/^x+…$/);
    expect(fitted.payload).toMatchObject({ customer_id: "42", points: 404, balance: 404, order_name: "#1001" });
  });

  it("never cuts inside a character", () => {
    const fitted = fitPayload({ customer_id: "1", reason: "é😀".repeat(100) }, 120);
    expect(fitted.ok && String(fitted.payload.reason).endsWith("…") && !String(fitted.payload.reason).includes("\uFFFD")).toBe(true);
    expect(fitted.ok && payloadBytes(fitted.payload) <= 120).toBe(true);
  });

  it("refuses a payload that cannot fit without cutting ids or numbers", () => {
    expect(fitPayload(payload, 40)).toEqual({ ok: false, reason: expect.stringContaining("over Flow's 40") });
  });

  it("property: the result is within the limit or refused; untrimmable fields never change", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), fc.integer({ min: 30, max: 800 }), (reason, rewardName, limit) => {
        const input = { customer_id: "42", points: 7, discount_code: "PTS-ABCD-EFGH", reason, reward_name: rewardName };
        const fitted = fitPayload(input, limit);
        if (!fitted.ok) return;
        expect(payloadBytes(fitted.payload)).toBeLessThanOrEqual(limit);
        expect(fitted.payload).toMatchObject({ customer_id: "42", points: 7, discount_code: "PTS-ABCD-EFGH" });
      }),
    );
  });
});

describe("referral completed", () => {
  it("is keyed by the referral, carries the referrer and the order's name and revenue in its currency's decimals", () => {
    const at = new Date("2026-12-06T12:00:00Z");
    const base = { referralId: "r1", customerId: "42", orderName: "#1042", points: 500, revenueMinor: 40495, currency: "USD", approvedReferrals: 3, at };
    expect(deriveReferralCompletedEvent(base)).toEqual({
      trigger: "referral_completed",
      key: "referral-completed:r1",
      at,
      payload: { customer_id: "42", points: 500, order_name: "#1042", referral_revenue: 404.95, currency: "USD", approved_referrals: 3, approved_at: "2026-12-06T12:00:00.000Z" },
    });
    expect(deriveReferralCompletedEvent({ ...base, currency: "JPY", revenueMinor: 4500 }).payload.referral_revenue).toBe(4500);
    expect(deriveReferralCompletedEvent({ ...base, orderName: null }).payload.order_name).toBe("");
  });
});
