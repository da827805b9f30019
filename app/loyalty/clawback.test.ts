import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calculateOrderPoints, SHIPPING_LINE_GID } from "./calculators";
import {
  applyRefundPolicy,
  calculateCancellationClawback,
  calculateClawback,
  calculateClawbackTarget,
  calculateRefundedWeight,
  type RefundedLine,
} from "./clawback";
import type { EarnCalculation, EarningRules } from "./types";
import { expectInvalidInput, earnLine } from "../../tests/support/loyalty";

/** The type of values an arbitrary generates. */
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

const BOARD = "gid://shopify/LineItem/1";
const WAX = "gid://shopify/LineItem/2";
const CARD = "gid://shopify/LineItem/3";

const rules: EarningRules = {
  baseRateMilli: 1000,
  productTypeRates: [{ productType: "Snowboards", rateMilli: 3000 }],
  collectionRates: [],
  includeShipping: true,
  includeTax: false,
  maxPointsPerOrder: 100_000,
};


/** 2 boards $100 each at 3 pts/$ (weight 60,000,000), 3 wax $10 total at 1 pt/$ (1,000,000), a gift card,
 *  $5 shipping at 1 pt/$ (500,000): 615 pts. */
const calc: EarnCalculation = calculateOrderPoints(
  {
    orderGid: "gid://shopify/Order/1",
    currency: "USD",
    lines: [
      earnLine({ lineGid: BOARD, title: "Snowboard", quantity: 2, amountMinor: 20000, productType: "Snowboards" }),
      earnLine({ lineGid: WAX, title: "Wax", quantity: 3, amountMinor: 1000 }),
      earnLine({ lineGid: CARD, title: "Gift card", amountMinor: 5000, giftCard: true }),
    ],
    shippingMinor: 500,
    shippingTaxMinor: 0,
  },
  rules,
  { tierName: null, multiplierMilli: 1000 },
);

const EVERYTHING: RefundedLine[] = [
  { lineGid: BOARD, quantity: 2 },
  { lineGid: WAX, quantity: 3 },
  { lineGid: CARD, quantity: 1 },
  { lineGid: SHIPPING_LINE_GID, quantity: 1 },
];


describe("calculateRefundedWeight", () => {
  it("is the refunded share of each line's weight, exactly", () => {
    expect(calc.points).toBe(615);
    expect(calc.weightTotal).toBe("61500000");
    const weight = calculateRefundedWeight(calc, [{ lineGid: WAX, quantity: 1 }]);
    // 1,000,000 × 1/3, reduced
    expect(weight).toEqual({ numerator: 1_000_000n, denominator: 3n });
  });

  it("adds quantities of a line that appears in several refunds", () => {
    const twice = calculateRefundedWeight(calc, [
      { lineGid: WAX, quantity: 1 },
      { lineGid: WAX, quantity: 1 },
    ]);
    expect(twice).toEqual({ numerator: 2_000_000n, denominator: 3n });
  });

  it("caps a line at its quantity", () => {
    expect(calculateRefundedWeight(calc, [{ lineGid: BOARD, quantity: 5 }])).toEqual({ numerator: 60_000_000n, denominator: 1n });
  });

  it("ignores lines the calculation does not know and lines that earned nothing", () => {
    expect(
      calculateRefundedWeight(calc, [
        { lineGid: "gid://shopify/LineItem/99", quantity: 4 },
        { lineGid: CARD, quantity: 1 },
      ]),
    ).toEqual({ numerator: 0n, denominator: 1n });
  });

  it("rejects negative or fractional quantities", () => {
    expectInvalidInput(() => calculateRefundedWeight(calc, [{ lineGid: WAX, quantity: -1 }]));
    expectInvalidInput(() => calculateRefundedWeight(calc, [{ lineGid: WAX, quantity: 0.5 }]));
  });
});

describe("calculateClawbackTarget", () => {
  it("claws back a line's proportional share", () => {
    // One board of two: 30,000,000 / 61,500,000 × 615 = 300
    expect(calculateClawbackTarget({ earnedPoints: 615, calc, refundedLines: [{ lineGid: BOARD, quantity: 1 }] })).toBe(300);
    // One wax of three: 615 × (1,000,000/3) / 61,500,000 = 3.33 → 3
    expect(calculateClawbackTarget({ earnedPoints: 615, calc, refundedLines: [{ lineGid: WAX, quantity: 1 }] })).toBe(3);
  });

  it("claws back exactly what was earned when everything is refunded", () => {
    expect(calculateClawbackTarget({ earnedPoints: 615, calc, refundedLines: EVERYTHING })).toBe(615);
  });

  it("scales to the points actually earned (e.g. a different stored amount)", () => {
    expect(calculateClawbackTarget({ earnedPoints: 123, calc, refundedLines: EVERYTHING })).toBe(123);
    expect(calculateClawbackTarget({ earnedPoints: 123, calc, refundedLines: [{ lineGid: BOARD, quantity: 1 }] })).toBe(60);
  });

  it("claws a capped award back in proportion to the capped points (the stored breakdown's weights)", () => {
    // The same order capped at 100 points: one board of two is 30,000,000 / 61,500,000 of the weight → 48 of 100.
    const cappedCalc: EarnCalculation = { ...calc, points: 100, capped: { maxPoints: 100, uncappedPoints: "615" } };
    expect(calculateClawbackTarget({ earnedPoints: 100, calc: cappedCalc, refundedLines: [{ lineGid: BOARD, quantity: 1 }] })).toBe(48);
    expect(calculateClawbackTarget({ earnedPoints: 100, calc: cappedCalc, refundedLines: EVERYTHING })).toBe(100);
  });

  it("is 0 when the order earned no weight", () => {
    const empty: EarnCalculation = { ...calc, weightTotal: "0", lines: [] };
    expect(calculateClawbackTarget({ earnedPoints: 50, calc: empty, refundedLines: EVERYTHING })).toBe(0);
  });

  it("never exceeds the earned points", () => {
    const inflated: EarnCalculation = { ...calc, weightTotal: "1" };
    expect(calculateClawbackTarget({ earnedPoints: 615, calc: inflated, refundedLines: EVERYTHING })).toBe(615);
  });

  it("rejects invalid earned points", () => {
    expectInvalidInput(() => calculateClawbackTarget({ earnedPoints: -1, calc, refundedLines: [] }));
    expectInvalidInput(() => calculateClawbackTarget({ earnedPoints: 1.5, calc, refundedLines: [] }));
  });
});

describe("calculateClawback", () => {
  it("claws only the part not clawed back yet", () => {
    const first = calculateClawback({ earnedPoints: 615, calc, refundedLines: [{ lineGid: WAX, quantity: 1 }], alreadyClawedTarget: 0 });
    expect(first).toEqual({ target: 3, delta: 3 });
    const second = calculateClawback({
      earnedPoints: 615,
      calc,
      refundedLines: [
        { lineGid: WAX, quantity: 1 },
        { lineGid: WAX, quantity: 2 },
      ],
      alreadyClawedTarget: first.target,
    });
    // The third of a point lost by the first floor comes back: 10 in total.
    expect(second).toEqual({ target: 10, delta: 7 });
  });

  it("never goes negative", () => {
    expect(calculateClawback({ earnedPoints: 615, calc, refundedLines: [], alreadyClawedTarget: 615 })).toEqual({ target: 0, delta: 0 });
    expectInvalidInput(() => calculateClawback({ earnedPoints: 615, calc, refundedLines: [], alreadyClawedTarget: -1 }));
  });
});

describe("calculateCancellationClawback", () => {
  it("targets everything earned", () => {
    expect(calculateCancellationClawback({ earnedPoints: 615, alreadyClawedTarget: 0 })).toEqual({ target: 615, delta: 615 });
    expect(calculateCancellationClawback({ earnedPoints: 615, alreadyClawedTarget: 300 })).toEqual({ target: 615, delta: 315 });
    expect(calculateCancellationClawback({ earnedPoints: 615, alreadyClawedTarget: 700 })).toEqual({ target: 615, delta: 0 });
  });
});

describe("applyRefundPolicy", () => {
  it("allowNegative claws the whole delta", () => {
    expect(applyRefundPolicy({ delta: 80, balance: 50, policy: "allowNegative" })).toEqual({ points: 80, shortfall: 0 });
    expect(applyRefundPolicy({ delta: 80, balance: -10, policy: "allowNegative" })).toEqual({ points: 80, shortfall: 0 });
  });

  it("clampAtZero claws what the balance covers", () => {
    expect(applyRefundPolicy({ delta: 80, balance: 500, policy: "clampAtZero" })).toEqual({ points: 80, shortfall: 0 });
    expect(applyRefundPolicy({ delta: 80, balance: 50, policy: "clampAtZero" })).toEqual({ points: 50, shortfall: 30 });
    expect(applyRefundPolicy({ delta: 80, balance: -10, policy: "clampAtZero" })).toEqual({ points: 0, shortfall: 80 });
    expect(applyRefundPolicy({ delta: 0, balance: 0, policy: "clampAtZero" })).toEqual({ points: 0, shortfall: 0 });
  });

  it("rejects invalid numbers", () => {
    expectInvalidInput(() => applyRefundPolicy({ delta: -1, balance: 0, policy: "clampAtZero" }));
    expectInvalidInput(() => applyRefundPolicy({ delta: 1, balance: Number.NaN, policy: "clampAtZero" }));
  });
});

describe("clawback properties", () => {
  const lineArb = fc.record({
    quantity: fc.integer({ min: 1, max: 6 }),
    amountMinor: fc.integer({ min: 0, max: 500_000 }),
    productType: fc.constantFrom(null, "Snowboards"),
    giftCard: fc.boolean(),
  });

  /** An order, the points it earned, and refund events (each: per-line quantities refunded in that event). */
  const scenarioArb = fc
    .record({
      lines: fc.array(lineArb, { minLength: 1, maxLength: 6 }),
      shippingMinor: fc.integer({ min: 0, max: 2_000 }),
      multiplierMilli: fc.integer({ min: 1000, max: 10_000 }),
      // Up to 900,000 points can be calculated: small caps make many awards capped.
      maxPointsPerOrder: fc.oneof(fc.integer({ min: 1, max: 5_000 }), fc.constant(1_000_000_000)),
    })
    .chain((o) =>
      fc.record({
        order: fc.constant(o),
        events: fc.array(
          fc.array(fc.record({ index: fc.integer({ min: 0, max: o.lines.length }), quantity: fc.integer({ min: 0, max: 3 }) }), {
            maxLength: 4,
          }),
          { maxLength: 6 },
        ),
      }),
    );

  function build(o: ValueOf<typeof scenarioArb>["order"]) {
    const lines = o.lines.map((l, i) => earnLine({ ...l, lineGid: `gid://shopify/LineItem/${i}` }));
    const result = calculateOrderPoints(
      { orderGid: "gid://shopify/Order/7", currency: "USD", lines, shippingMinor: o.shippingMinor, shippingTaxMinor: 0 },
      { ...rules, maxPointsPerOrder: o.maxPointsPerOrder },
      { tierName: "T", multiplierMilli: o.multiplierMilli },
    );
    // Index == lines.length stands for the shipping pseudo-line.
    const gidOf = (index: number) => (index === lines.length ? SHIPPING_LINE_GID : `gid://shopify/LineItem/${index}`);
    const toRefunded = (event: { index: number; quantity: number }[]): RefundedLine[] =>
      event.map((e) => ({ lineGid: gidOf(e.index), quantity: e.quantity }));
    return { calc: result, toRefunded, everything: result.lines.map((l) => ({ lineGid: l.lineGid, quantity: l.quantity })) };
  }

  /** Replays refund events as the shell would: cumulative lines, delta against the last target. */
  function replay(calc: EarnCalculation, events: RefundedLine[][]): { deltas: number[]; total: number } {
    const cumulative: RefundedLine[] = [];
    let alreadyClawedTarget = 0;
    const deltas: number[] = [];
    for (const event of events) {
      cumulative.push(...event);
      const { target, delta } = calculateClawback({ earnedPoints: calc.points, calc, refundedLines: cumulative, alreadyClawedTarget });
      deltas.push(delta);
      alreadyClawedTarget = Math.max(alreadyClawedTarget, target);
    }
    return { deltas, total: deltas.reduce((a, b) => a + b, 0) };
  }

  it("never claws more than earned in total and every delta is ≥ 0", () => {
    fc.assert(
      fc.property(scenarioArb, ({ order, events }) => {
        const { calc, toRefunded } = build(order);
        const { deltas, total } = replay(calc, events.map(toRefunded));
        expect(deltas.every((delta) => delta >= 0 && Number.isInteger(delta))).toBe(true);
        expect(total).toBeLessThanOrEqual(calc.points);
      }),
    );
  });

  it("claws back a capped award in proportion to the capped points, never more than earned", () => {
    let capped = 0;
    fc.assert(
      fc.property(scenarioArb, ({ order, events }) => {
        const { calc, toRefunded } = build(order);
        if (calc.capped) capped += 1;
        let cumulative: RefundedLine[] = [];
        for (const event of events.map(toRefunded)) {
          cumulative = [...cumulative, ...event];
          const target = calculateClawbackTarget({ earnedPoints: calc.points, calc, refundedLines: cumulative });
          const share = calculateRefundedWeight(calc, cumulative);
          // target = floor(earned × refunded weight / weight total), of the points actually earned (the capped ones).
          const exact = (BigInt(calc.points) * share.numerator) / (share.denominator * BigInt(calc.weightTotal === "0" ? 1 : calc.weightTotal));
          expect(target).toBe(calc.weightTotal === "0" ? 0 : Math.min(Number(exact), calc.points));
          expect(target).toBeLessThanOrEqual(calc.points);
        }
      }),
      { numRuns: 300 },
    );
    expect(capped).toBeGreaterThan(0);
  });

  it("claws exactly what was earned once everything is refunded", () => {
    fc.assert(
      fc.property(scenarioArb, ({ order, events }) => {
        const { calc, toRefunded, everything } = build(order);
        const { total } = replay(calc, [...events.map(toRefunded), everything]);
        expect(total).toBe(calc.points);
      }),
    );
  });

  it("ends at the same total whatever order the refunds arrive in", () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), ({ order, events }, rotation) => {
        const { calc, toRefunded } = build(order);
        const refunds = events.map(toRefunded);
        const cut = rotation % Math.max(refunds.length, 1);
        const reordered = [...refunds.slice(cut), ...refunds.slice(0, cut)].reverse();
        expect(replay(calc, reordered).total).toBe(replay(calc, refunds).total);
      }),
    );
  });

  it("a cancellation after partial refunds tops up to exactly what was earned", () => {
    fc.assert(
      fc.property(scenarioArb, ({ order, events }) => {
        const { calc, toRefunded } = build(order);
        const { total } = replay(calc, events.map(toRefunded));
        const cancel = calculateCancellationClawback({ earnedPoints: calc.points, alreadyClawedTarget: total });
        expect(total + cancel.delta).toBe(calc.points);
      }),
    );
  });
});
