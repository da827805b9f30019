import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { badgeBonusKey, evaluateBadges, validateBadge, type BadgeRule } from "./badges";
import { engagementClawback, evaluateCriteria, parseCriteria, readCriteria, type Criteria, type HistoryOrder, type MemberHistory } from "./engagement-criteria";

const tz = "America/New_York";
const order = (n: number, at: string, spendMinor = 1000, productTypes: string[] = [], counted = true): HistoryOrder => ({
  orderGid: `gid://shopify/Order/${n}`,
  at: new Date(at),
  spendMinor,
  productTypes,
  counted,
});
const history = (orders: HistoryOrder[], extra: Partial<MemberHistory> = {}): MemberHistory => ({
  orders,
  referrals: [],
  surveys: [],
  tiersReached: new Set(),
  ...extra,
});

describe("evaluateCriteria", () => {
  it("first order and N orders count orders that are not undone, and name the order that met them", () => {
    const h = history([order(1, "2026-01-05T12:00:00Z"), order(2, "2026-02-05T12:00:00Z", 500, [], false), order(3, "2026-03-05T12:00:00Z")]);
    expect(evaluateCriteria({ kind: "first_order" }, h, { timeZone: tz })).toEqual({ current: 2, goal: 1, met: true, qualifyingOrderGid: "gid://shopify/Order/1" });
    expect(evaluateCriteria({ kind: "orders", count: 2 }, h, { timeZone: tz })).toMatchObject({ current: 2, met: true, qualifyingOrderGid: "gid://shopify/Order/3" });
    expect(evaluateCriteria({ kind: "orders", count: 3 }, h, { timeZone: tz })).toMatchObject({ current: 2, met: false, qualifyingOrderGid: null });
  });

  it("spend sums net spend in minor units", () => {
    const h = history([order(1, "2026-01-05T12:00:00Z", 2500), order(2, "2026-01-06T12:00:00Z", 2600)]);
    expect(evaluateCriteria({ kind: "spend", amountMinor: 5000 }, h, { timeZone: tz })).toMatchObject({ current: 5100, met: true, qualifyingOrderGid: "gid://shopify/Order/2" });
  });

  it("product types count distinct types", () => {
    const h = history([order(1, "2026-01-05T12:00:00Z", 1, ["Snowboards", "Wax"]), order(2, "2026-01-06T12:00:00Z", 1, ["Wax"])]);
    expect(evaluateCriteria({ kind: "product_types", count: 2 }, h, { timeZone: tz })).toMatchObject({ current: 2, qualifyingOrderGid: "gid://shopify/Order/1" });
  });

  it("an order streak counts consecutive months on the shop's clock", () => {
    // 2026-02-01T03:00Z is still January 31 in New York.
    const h = history([order(1, "2025-12-10T12:00:00Z"), order(2, "2026-02-01T03:00:00Z"), order(3, "2026-02-15T12:00:00Z"), order(4, "2026-04-01T12:00:00Z")]);
    expect(evaluateCriteria({ kind: "order_streak", months: 3 }, h, { timeZone: tz })).toMatchObject({ current: 3, met: true, qualifyingOrderGid: "gid://shopify/Order/3" });
    expect(evaluateCriteria({ kind: "order_streak", months: 3 }, h, { timeZone: "UTC" })).toMatchObject({ current: 1, met: false });
  });

  it("tiers, referrals and surveys have no qualifying order", () => {
    const h = history([], { referrals: [new Date("2026-01-01")], surveys: [new Date("2026-01-01"), new Date("2026-01-02")], tiersReached: new Set(["gold"]) });
    expect(evaluateCriteria({ kind: "tier", tierId: "gold" }, h, { timeZone: tz })).toEqual({ current: 1, goal: 1, met: true, qualifyingOrderGid: null });
    expect(evaluateCriteria({ kind: "tier", tierId: "silver" }, h, { timeZone: tz }).met).toBe(false);
    expect(evaluateCriteria({ kind: "referral", count: 1 }, h, { timeZone: tz })).toMatchObject({ met: true, qualifyingOrderGid: null });
    expect(evaluateCriteria({ kind: "survey", count: 3 }, h, { timeZone: tz })).toMatchObject({ current: 2, met: false });
  });
});

describe("parseCriteria", () => {
  const context = { tierIds: ["gold"], currency: "USD", prefix: "criteria" };
  it("parses each kind", () => {
    expect(parseCriteria({ kind: "first_order" }, context)).toEqual({ ok: true, criteria: { kind: "first_order" } });
    expect(parseCriteria({ kind: "orders", count: "3" }, context)).toEqual({ ok: true, criteria: { kind: "orders", count: 3 } });
    expect(parseCriteria({ kind: "spend", amount: "100.50" }, context)).toEqual({ ok: true, criteria: { kind: "spend", amountMinor: 10050 } });
    expect(parseCriteria({ kind: "order_streak", months: "3" }, context)).toEqual({ ok: true, criteria: { kind: "order_streak", months: 3 } });
    expect(parseCriteria({ kind: "tier", tierId: "gold" }, context)).toEqual({ ok: true, criteria: { kind: "tier", tierId: "gold" } });
  });
  it("refuses contradictions with a field error", () => {
    expect(parseCriteria({ kind: "product_types", count: "0" }, context)).toEqual({ ok: false, errors: { "criteria.count": { key: "countRange", values: { max: 1000 } } } });
    expect(parseCriteria({ kind: "orders", count: "-1" }, context)).toMatchObject({ ok: false, errors: { "criteria.count": { key: "countRange" } } });
    expect(parseCriteria({ kind: "orders", count: "1.5" }, context)).toMatchObject({ ok: false });
    expect(parseCriteria({ kind: "spend", amount: "0" }, context)).toMatchObject({ ok: false, errors: { "criteria.amount": { key: "amountRange" } } });
    expect(parseCriteria({ kind: "spend", amount: "1.001" }, context)).toMatchObject({ ok: false, errors: { "criteria.amount": { key: "amountFormat" } } });
    expect(parseCriteria({ kind: "order_streak", months: "0" }, context)).toMatchObject({ ok: false, errors: { "criteria.months": { key: "monthsRange" } } });
    expect(parseCriteria({ kind: "tier", tierId: "platinum" }, context)).toMatchObject({ ok: false, errors: { "criteria.tierId": { key: "tierUnknown" } } });
    expect(parseCriteria({ kind: "nope" }, context)).toMatchObject({ ok: false, errors: { "criteria.kind": { key: "criteriaKind" } } });
  });
  it("reads back what it stores, and nothing else", () => {
    const stored: Criteria[] = [{ kind: "first_order" }, { kind: "survey", count: 2 }, { kind: "spend", amountMinor: 5 }, { kind: "tier", tierId: "t" }, { kind: "order_streak", months: 2 }];
    for (const criteria of stored) expect(readCriteria(JSON.stringify(criteria))).toEqual(criteria);
    expect(readCriteria("{")).toBeNull();
    expect(readCriteria(JSON.stringify({ kind: "orders", count: 0 }))).toBeNull();
  });
});

describe("validateBadge", () => {
  const context = { tierIds: [], currency: "USD" };
  it("accepts a badge and refuses bad fields all at once", () => {
    expect(validateBadge({ name: " Explorer ", icon: "star", bonusPoints: "", criteria: { kind: "orders", count: "2" } }, context)).toEqual({
      ok: true,
      badge: { name: "Explorer", icon: "star", bonusPoints: 0, criteria: { kind: "orders", count: 2 } },
    });
    const refused = validateBadge({ name: "", icon: "skull", bonusPoints: "-5", criteria: { kind: "product_types", count: "0" } }, context);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(Object.keys(refused.errors).sort()).toEqual(["bonusPoints", "criteria.count", "icon", "name"]);
  });
});

const rulesArb = fc.array(
  fc.record({
    id: fc.constantFrom("a", "b", "c", "d"),
    bonusPoints: fc.integer({ min: 0, max: 500 }),
    criteria: fc.oneof(
      fc.constant<Criteria>({ kind: "first_order" }),
      fc.integer({ min: 1, max: 4 }).map((count): Criteria => ({ kind: "orders", count })),
      fc.integer({ min: 1, max: 5000 }).map((amountMinor): Criteria => ({ kind: "spend", amountMinor })),
      fc.integer({ min: 1, max: 3 }).map((months): Criteria => ({ kind: "order_streak", months })),
    ),
  }),
  { maxLength: 6 },
);
const ordersArb = fc.array(
  fc.record({
    n: fc.integer({ min: 1, max: 50 }),
    day: fc.integer({ min: 0, max: 400 }),
    spend: fc.integer({ min: 0, max: 3000 }),
    counted: fc.boolean(),
  }),
  { maxLength: 8 },
);
const toHistory = (orders: { n: number; day: number; spend: number; counted: boolean }[]) =>
  history(orders.map((o, i) => ({ ...order(o.n * 100 + i, new Date(Date.UTC(2026, 0, 1) + o.day * 86_400_000).toISOString(), o.spend), counted: o.counted })));

describe("evaluateBadges (properties)", () => {
  it("earns each badge at most once, never one already held, and earning again after recording adds nothing", () => {
    fc.assert(
      fc.property(rulesArb, ordersArb, fc.subarray(["a", "b", "c", "d"]), (rules: BadgeRule[], orders, held) => {
        const h = toHistory(orders);
        const earned = evaluateBadges(rules, h, new Set(held), tz);
        const ids = earned.map((e) => e.badgeId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) expect(held).not.toContain(id);
        expect(evaluateBadges(rules, h, new Set([...held, ...ids]), tz)).toEqual([]);
      }),
    );
  });

  it("a qualifying order is always a counted order of the history", () => {
    fc.assert(
      fc.property(rulesArb, ordersArb, (rules: BadgeRule[], orders) => {
        const h = toHistory(orders);
        const counted = new Set(h.orders.filter((o) => o.counted).map((o) => o.orderGid));
        for (const earned of evaluateBadges(rules, h, new Set(), tz)) {
          if (earned.orderGid !== null) expect(counted.has(earned.orderGid)).toBe(true);
        }
      }),
    );
  });

  it("keys name the badge and the member", () => {
    expect(badgeBonusKey("b1", "m1")).toBe("badge:b1:m1");
  });
});

describe("engagementClawback", () => {
  it("takes back the order's share, all of it on cancellation, never more than the bonus", () => {
    expect(engagementClawback({ bonusPoints: 100, orderEarnedPoints: 50, orderClawedTarget: 25, cancelled: false, alreadyClawedTarget: 0 })).toEqual({ target: 50, delta: 50 });
    expect(engagementClawback({ bonusPoints: 100, orderEarnedPoints: 50, orderClawedTarget: 50, cancelled: false, alreadyClawedTarget: 50 })).toEqual({ target: 100, delta: 50 });
    expect(engagementClawback({ bonusPoints: 100, orderEarnedPoints: 50, orderClawedTarget: 0, cancelled: true, alreadyClawedTarget: 0 })).toEqual({ target: 100, delta: 100 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), fc.array(fc.integer({ min: 0, max: 1e6 })), (bonus, earned, steps) => {
        // Clawback targets of an order only grow: the sum of deltas is the last target, at most the bonus.
        let already = 0;
        let total = 0;
        for (const target of [...steps].sort((a, b) => a - b)) {
          const { target: t, delta } = engagementClawback({ bonusPoints: bonus, orderEarnedPoints: earned, orderClawedTarget: target, cancelled: false, alreadyClawedTarget: already });
          total += delta;
          already = Math.max(already, t);
        }
        expect(total).toBe(already);
        expect(total).toBeLessThanOrEqual(bonus);
      }),
    );
  });
});

describe("engagementClawback with a baseline", () => {
  it("takes back only the share lost after the bonus", () => {
    // The order had lost 20 of 100 when the bonus was written; losing 40 more of the 80 left takes half the bonus.
    expect(engagementClawback({ bonusPoints: 50, orderEarnedPoints: 100, orderClawedTarget: 60, baselineClawedTarget: 20, cancelled: false, alreadyClawedTarget: 0 })).toEqual({ target: 25, delta: 25 });
    expect(engagementClawback({ bonusPoints: 50, orderEarnedPoints: 100, orderClawedTarget: 20, baselineClawedTarget: 20, cancelled: false, alreadyClawedTarget: 0 })).toEqual({ target: 0, delta: 0 });
    expect(engagementClawback({ bonusPoints: 50, orderEarnedPoints: 100, orderClawedTarget: 100, baselineClawedTarget: 20, cancelled: false, alreadyClawedTarget: 25 })).toEqual({ target: 50, delta: 25 });
  });
});
