import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  calculateOrderPoints,
  CollectionRewardCalculator,
  createProgramCalculator,
  FirstMatchRewardCalculator,
  ProductTypeRewardCalculator,
  SHIPPING_LINE_GID,
  SpendRewardCalculator,
} from "./calculators";
import type { EarnContext, EarnLine, EarnOrder, EarningRules } from "./types";
import { expectInvalidInput } from "../../tests/support/loyalty";

/** The type of values an arbitrary generates. */
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

let lineCounter = 0;
function line(overrides: Partial<EarnLine> = {}): EarnLine {
  lineCounter += 1;
  return {
    lineGid: `gid://shopify/LineItem/${lineCounter}`,
    productGid: `gid://shopify/Product/${lineCounter}`,
    title: "Thing",
    quantity: 1,
    amountMinor: 1000,
    taxMinor: 0,
    productType: null,
    collectionGids: [],
    giftCard: false,
    ...overrides,
  };
}

function order(lines: EarnLine[], overrides: Partial<EarnOrder> = {}): EarnOrder {
  return { orderGid: "gid://shopify/Order/1", currency: "USD", lines, shippingMinor: 0, shippingTaxMinor: 0, ...overrides };
}

const NO_TIER = { tierName: null, multiplierMilli: 1000 };
const GOLD = { tierName: "Gold", multiplierMilli: 1500 };

function context(overrides: Partial<EarnContext> = {}): EarnContext {
  return { multiplier: NO_TIER, includeShipping: false, includeTax: false, shippingRateMilli: 1000, ...overrides };
}

const SUMMER = "gid://shopify/Collection/1";
const SALE = "gid://shopify/Collection/2";
const BOARDS = "gid://shopify/Collection/3";

const rules: EarningRules = {
  baseRateMilli: 1000,
  productTypeRates: [{ productType: "Snowboards", rateMilli: 3000 }],
  collectionRates: [
    { collectionGid: SUMMER, title: "Summer", rateMilli: 2000 },
    { collectionGid: SALE, title: "Sale", rateMilli: 500 },
    { collectionGid: BOARDS, title: "Boards", rateMilli: 5000 },
  ],
  includeShipping: false,
  includeTax: false,
  maxPointsPerOrder: 100_000,
};


describe("SpendRewardCalculator", () => {
  it("rates every eligible line at the base rate", () => {
    const calc = new SpendRewardCalculator(1000).calculate(
      order([line({ amountMinor: 1999, title: "Wax" }), line({ amountMinor: 500, quantity: 2, title: "Pin" })]),
      context(),
    );
    expect(calc.points).toBe(24); // $24.99 at 1 pt/$
    expect(calc.weightTotal).toBe("2499000");
    expect(calc.lines.map((l) => l.rate)).toEqual([
      { source: "spend", label: "base rate", rateMilli: 1000 },
      { source: "spend", label: "base rate", rateMilli: 1000 },
    ]);
    expect(calc.lines[0]).toMatchObject({ eligibleMinor: 1999, weight: "1999000", pointsDisplay: "19.99" });
    expect(calc.currency).toBe("USD");
    expect(calc.exponent).toBe(2);
  });
});

describe("ProductTypeRewardCalculator", () => {
  const calculator = new ProductTypeRewardCalculator([
    { productType: " Snowboards ", rateMilli: 3000 },
    { productType: "Wax", rateMilli: 0 },
  ]);

  it("matches product types case-insensitively and trimmed", () => {
    expect(calculator.rateFor(line({ productType: "snowboards" }))).toEqual({
      source: "productType",
      label: "product type Snowboards",
      rateMilli: 3000,
    });
    expect(calculator.rateFor(line({ productType: "  SNOWBOARDS\t" }))?.rateMilli).toBe(3000);
  });

  it("has no rate for other or missing product types", () => {
    expect(calculator.rateFor(line({ productType: "Snowboard" }))).toBeNull();
    expect(calculator.rateFor(line({ productType: null }))).toBeNull();
    expect(calculator.rateFor(line({ productType: "" }))).toBeNull();
  });

  it("keeps a zero rate as a real rate", () => {
    expect(calculator.rateFor(line({ productType: "wax" }))?.rateMilli).toBe(0);
  });

  it("keeps the highest of duplicate entries whatever their order", () => {
    const a = new ProductTypeRewardCalculator([
      { productType: "Wax", rateMilli: 500 },
      { productType: "wax", rateMilli: 900 },
    ]);
    const b = new ProductTypeRewardCalculator([
      { productType: "wax", rateMilli: 900 },
      { productType: "Wax", rateMilli: 500 },
    ]);
    expect(a.rateFor(line({ productType: "WAX" }))?.rateMilli).toBe(900);
    expect(b.rateFor(line({ productType: "WAX" }))?.rateMilli).toBe(900);
  });

  it("excludes unmatched lines when used alone", () => {
    const calc = calculator.calculate(order([line({ productType: "Boots" })]), context());
    expect(calc.points).toBe(0);
    expect(calc.lines[0]?.rate).toEqual({ source: "excluded", label: "no earning rule", rateMilli: 0 });
    expect(calc.lines[0]?.eligibleMinor).toBe(0);
  });
});

describe("CollectionRewardCalculator", () => {
  const calculator = new CollectionRewardCalculator(rules.collectionRates);

  it("uses the collection's rate", () => {
    expect(calculator.rateFor(line({ collectionGids: [SALE] }))).toEqual({
      source: "collection",
      label: "collection Sale",
      rateMilli: 500,
    });
  });

  it("takes the highest rate among several matching collections", () => {
    expect(calculator.rateFor(line({ collectionGids: [SALE, SUMMER] }))?.label).toBe("collection Summer");
    expect(calculator.rateFor(line({ collectionGids: [SUMMER, BOARDS, SALE] }))?.rateMilli).toBe(5000);
  });

  it("breaks ties by configuration order", () => {
    const tied = new CollectionRewardCalculator([
      { collectionGid: SALE, title: "Sale", rateMilli: 2000 },
      { collectionGid: SUMMER, title: "Summer", rateMilli: 2000 },
    ]);
    expect(tied.rateFor(line({ collectionGids: [SUMMER, SALE] }))?.label).toBe("collection Sale");
  });

  it("has no rate outside rated collections", () => {
    expect(calculator.rateFor(line({ collectionGids: ["gid://shopify/Collection/99"] }))).toBeNull();
    expect(calculator.rateFor(line())).toBeNull();
  });
});

describe("FirstMatchRewardCalculator", () => {
  it("returns the first non-null rate", () => {
    const calculator = new FirstMatchRewardCalculator([
      new ProductTypeRewardCalculator([{ productType: "Wax", rateMilli: 2000 }]),
      new SpendRewardCalculator(700),
      new SpendRewardCalculator(900),
    ]);
    expect(calculator.rateFor(line({ productType: "Wax" }))?.rateMilli).toBe(2000);
    expect(calculator.rateFor(line({ productType: "Boots" }))?.rateMilli).toBe(700);
  });

  it("returns null when nothing matches", () => {
    expect(new FirstMatchRewardCalculator([]).rateFor(line())).toBeNull();
    expect(new FirstMatchRewardCalculator([new CollectionRewardCalculator([])]).rateFor(line())).toBeNull();
  });
});

describe("createProgramCalculator precedence", () => {
  const calculator = createProgramCalculator(rules);

  it("product type overrides collections, even a higher collection rate", () => {
    const rate = calculator.rateFor(line({ productType: "Snowboards", collectionGids: [BOARDS] }));
    expect(rate).toEqual({ source: "productType", label: "product type Snowboards", rateMilli: 3000 });
  });

  it("collection overrides the base rate, even when lower", () => {
    expect(calculator.rateFor(line({ productType: "Wax", collectionGids: [SALE] }))?.rateMilli).toBe(500);
  });

  it("falls back to the base rate", () => {
    expect(calculator.rateFor(line({ productType: "Wax" }))).toEqual({ source: "spend", label: "base rate", rateMilli: 1000 });
  });

  it("lets a zero product-type rate stop a product from earning", () => {
    const noWax = createProgramCalculator({ ...rules, productTypeRates: [{ productType: "Wax", rateMilli: 0 }] });
    const calc = noWax.calculate(order([line({ productType: "Wax", amountMinor: 5000 })]), context());
    expect(calc.points).toBe(0);
    expect(calc.lines[0]?.rate.source).toBe("productType");
  });
});

describe("exclusions", () => {
  const calculator = createProgramCalculator(rules);

  it("excludes gift cards, zero quantities and lines with nothing paid", () => {
    const calc = calculator.calculate(
      order([
        line({ title: "Wax", amountMinor: 1000 }),
        line({ title: "Gift card", giftCard: true, amountMinor: 5000, productType: "Snowboards" }),
        line({ title: "Removed", quantity: 0, amountMinor: 1000 }),
        line({ title: "Freebie", amountMinor: 0 }),
        line({ title: "Odd", amountMinor: -300 }),
      ]),
      context({ includeTax: true }),
    );
    expect(calc.points).toBe(10);
    expect(calc.lines.map((l) => [l.title, l.rate.source, l.rate.label, l.eligibleMinor, l.weight])).toEqual([
      ["Wax", "spend", "base rate", 1000, "1000000"],
      ["Gift card", "excluded", "gift card", 0, "0"],
      ["Removed", "excluded", "no quantity", 0, "0"],
      ["Freebie", "excluded", "nothing paid", 0, "0"],
      ["Odd", "excluded", "nothing paid", 0, "0"],
    ]);
    expect(calc.explanation).toBe(
      "1 × Wax $10.00 (base rate, 1 pt/$) = 10 pts; excluded: 1 × Gift card (gift card), 0 × Removed (no quantity), " +
        "1 × Freebie (nothing paid), 1 × Odd (nothing paid)",
    );
  });

  it("explains an order with nothing eligible", () => {
    const calc = calculator.calculate(order([line({ title: "Gift card", giftCard: true })]), context({ multiplier: GOLD }));
    expect(calc.points).toBe(0);
    expect(calc.weightTotal).toBe("0");
    expect(calc.explanation).toBe("no eligible spend + tier Gold ×1.5 = 0 pts; excluded: 1 × Gift card (gift card)");
  });
});

describe("amounts", () => {
  const calculator = createProgramCalculator(rules);

  it("earns on the amount after discounts (amountMinor), never on the list price", () => {
    // $30 board with a $10 discount allocated: amountMinor is already 2000.
    const calc = calculator.calculate(order([line({ productType: "Snowboards", amountMinor: 2000 })]), context());
    expect(calc.points).toBe(60);
  });

  it("adds tax only when tax is included", () => {
    const lines = [line({ amountMinor: 1000, taxMinor: 80 })];
    expect(calculator.calculate(order(lines), context()).points).toBe(10);
    const withTax = calculator.calculate(order(lines), context({ includeTax: true }));
    expect(withTax.lines[0]?.eligibleMinor).toBe(1080);
    expect(withTax.weightTotal).toBe("1080000");
  });

  it("never lets negative tax reduce a line", () => {
    const calc = calculator.calculate(order([line({ amountMinor: 1000, taxMinor: -50 })]), context({ includeTax: true }));
    expect(calc.lines[0]?.eligibleMinor).toBe(1000);
  });

  it("adds a shipping pseudo-line only when shipping is included", () => {
    const o = order([line({ amountMinor: 1000 })], { shippingMinor: 599, shippingTaxMinor: 48 });
    expect(calculator.calculate(o, context()).lines).toHaveLength(1);

    const withShipping = calculator.calculate(o, context({ includeShipping: true, shippingRateMilli: 2000 }));
    expect(withShipping.lines[1]).toEqual({
      lineGid: SHIPPING_LINE_GID,
      title: "Shipping",
      quantity: 1,
      eligibleMinor: 599,
      rate: { source: "shipping", label: "shipping", rateMilli: 2000 },
      weight: "1198000",
      pointsDisplay: "11.98",
    });
    expect(withShipping.points).toBe(21);
    expect(withShipping.explanation).toBe("1 × Thing $10.00 (base rate, 1 pt/$) + Shipping $5.99 (2 pts/$) = 21 pts");

    const withShippingTax = calculator.calculate(o, context({ includeShipping: true, includeTax: true }));
    expect(withShippingTax.lines[1]?.eligibleMinor).toBe(647);
  });

  it("leaves free shipping out of the breakdown", () => {
    const calc = calculator.calculate(order([line()], { shippingMinor: 0 }), context({ includeShipping: true }));
    expect(calc.lines.map((l) => l.lineGid)).not.toContain(SHIPPING_LINE_GID);
  });

  it("uses the base rate for shipping through calculateOrderPoints", () => {
    const calc = calculateOrderPoints(
      order([], { shippingMinor: 1000 }),
      { ...rules, baseRateMilli: 2000, includeShipping: true },
      NO_TIER,
    );
    expect(calc.points).toBe(20);
  });
});

describe("multiplier and rounding", () => {
  const calculator = new SpendRewardCalculator(1000);

  it("applies the tier multiplier before the single floor", () => {
    // 99.99 × 1 × 1.5 = 149.985 → 149
    const calc = calculator.calculate(order([line({ amountMinor: 9999 })]), context({ multiplier: GOLD }));
    expect(calc.points).toBe(149);
    expect(calc.multiplier).toEqual(GOLD);
    expect(calc.lines[0]?.pointsDisplay).toBe("99.99");
  });

  it("lets fractions of many small lines add up instead of flooring each", () => {
    const lines = Array.from({ length: 100 }, () => line({ amountMinor: 99 }));
    const calc = calculator.calculate(order(lines), context());
    expect(calc.points).toBe(99); // per-line flooring would give 0
    expect(calc.lines.every((l) => l.pointsDisplay === "0.99")).toBe(true);
  });

  it("keeps sub-point rates exact", () => {
    // 3 × $1.01 at 0.333 pt/$: 3 × 101 × 333 = 100,899 → 1.00899 pts → 1
    const calc = new SpendRewardCalculator(333).calculate(
      order([line({ amountMinor: 101 }), line({ amountMinor: 101 }), line({ amountMinor: 101 })]),
      context(),
    );
    expect(calc.weightTotal).toBe("100899");
    expect(calc.points).toBe(1);
  });

  it("handles zero-decimal currencies (JPY)", () => {
    // ¥1,999 at 1 pt per ¥100 (10 milli-points per yen) = 19.99 → 19
    const calc = new SpendRewardCalculator(10).calculate(order([line({ amountMinor: 1999 })], { currency: "JPY" }), context());
    expect(calc.exponent).toBe(0);
    expect(calc.points).toBe(19);
    expect(calc.lines[0]?.pointsDisplay).toBe("19.99");
    expect(calc.explanation).toBe("1 × Thing ¥1,999 (base rate, 0.01 pts/¥) = 19 pts");
  });

  it("handles three-decimal currencies (KWD)", () => {
    const calc = new SpendRewardCalculator(1000).calculate(order([line({ amountMinor: 12345 })], { currency: "KWD" }), context());
    expect(calc.exponent).toBe(3);
    expect(calc.points).toBe(12);
    expect(calc.lines[0]?.pointsDisplay).toBe("12.34");
  });

  it("stays exact when intermediate values exceed 2^53", () => {
    const amountMinor = 900_719_925_474_099;
    const calc = new SpendRewardCalculator(100_000).calculate(
      order([line({ amountMinor })]),
      context({ multiplier: { tierName: "Max", multiplierMilli: 10_000 } }),
    );
    expect(calc.weightTotal).toBe("90071992547409900000");
    // 9,007,199,254,740.99 × 100 pts × 10 = 9,007,199,254,740,990 would exceed 2^53; at ×1 it fits:
    const atOne = new SpendRewardCalculator(100_000).calculate(order([line({ amountMinor })]), context());
    expect(atOne.points).toBe(900_719_925_474_099);
  });

  it("refuses totals that cannot be stored as safe integers", () => {
    expectInvalidInput(() =>
      new SpendRewardCalculator(100_000).calculate(
        order([line({ amountMinor: Number.MAX_SAFE_INTEGER })]),
        context({ multiplier: { tierName: "Max", multiplierMilli: 10_000 } }),
      ),
    );
  });
});

describe("the most points one order can earn", () => {
  it("caps the award, records it in the breakdown and says so, never refusing", () => {
    // UZS 25,000,000.00 at 1 pt/UZS (2 decimals): 25,000,000 points calculated, 100,000 awarded.
    const calc = calculateOrderPoints(order([line({ title: "Car", amountMinor: 2_500_000_000 })], { currency: "UZS" }), rules, { tierName: null, multiplierMilli: 1000 });
    expect(calc.points).toBe(100_000);
    expect(calc.capped).toEqual({ maxPoints: 100_000, uncappedPoints: "25000000" });
    expect(calc.weightTotal).toBe("2500000000000");
    expect(calc.explanation).toMatch(/= 25,000,000 pts, capped at 100,000 pts, the most one order can earn$/);
  });

  it("leaves an award at or under the cap alone (no `capped` in the breakdown)", () => {
    const atCap = calculateOrderPoints(order([line({ amountMinor: 10_000_000 })]), rules, { tierName: null, multiplierMilli: 1000 });
    expect(atCap.points).toBe(100_000);
    expect(atCap).not.toHaveProperty("capped");
    expect(atCap.explanation).not.toContain("capped");
  });

  it("caps after the tier multiplier, and caps what could not be stored instead of refusing it", () => {
    const calc = new SpendRewardCalculator(100_000).calculate(
      order([line({ amountMinor: Number.MAX_SAFE_INTEGER })]),
      context({ multiplier: { tierName: "Max", multiplierMilli: 10_000 }, maxPoints: 1_000_000_000 }),
    );
    expect(calc.points).toBe(1_000_000_000);
    expect(calc.capped?.uncappedPoints).toBe("90071992547409910");
    expect(calc.explanation).toContain("= 90,071,992,547,409,910 pts, capped at 1,000,000,000 pts");
  });

  it("is a whole number of points ≥ 0", () => {
    expectInvalidInput(() => new SpendRewardCalculator(1000).calculate(order([line()]), context({ maxPoints: -1 })));
    expectInvalidInput(() => new SpendRewardCalculator(1000).calculate(order([line()]), context({ maxPoints: 1.5 })));
  });

  it("property: the award never exceeds the cap and equals the uncapped award below it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (amountMinor, maxPoints) => {
        const uncapped = new SpendRewardCalculator(1000).calculate(order([line({ amountMinor })]), context());
        const capped = new SpendRewardCalculator(1000).calculate(order([line({ amountMinor })]), context({ maxPoints }));
        expect(capped.points).toBe(Math.min(uncapped.points, maxPoints));
        expect(capped.capped !== undefined).toBe(uncapped.points > maxPoints);
      }),
    );
  });
});

describe("explanation", () => {
  it("reads as one sentence with rates, tier and total", () => {
    const calc = calculateOrderPoints(
      order([
        line({ title: "Snowboard", quantity: 2, amountMinor: 5997, productType: "Snowboards" }),
        line({ title: "Wax", amountMinor: 1000 }),
        line({ title: "Beach towel", amountMinor: 2000, collectionGids: [SALE, SUMMER] }),
      ]),
      rules,
      GOLD,
    );
    // (5997×3000 + 1000×1000 + 2000×2000) × 1.5 / 100,000 = 344.865 → 344
    expect(calc.points).toBe(344);
    expect(calc.explanation).toBe(
      "2 × Snowboard $59.97 (product type Snowboards, 3 pts/$) + 1 × Wax $10.00 (base rate, 1 pt/$) + " +
        "1 × Beach towel $20.00 (collection Summer, 2 pts/$) + tier Gold ×1.5 = 344 pts",
    );
    expect(calc.lines[0]?.pointsDisplay).toBe("179.91");
  });

  it("groups thousands and shows an untiered multiplier", () => {
    const calc = new SpendRewardCalculator(1000).calculate(
      order([line({ amountMinor: 123456 })]),
      context({ multiplier: { tierName: null, multiplierMilli: 2000 } }),
    );
    expect(calc.explanation).toBe("1 × Thing $1,234.56 (base rate, 1 pt/$) + ×2 = 2,469 pts");
  });

  it("names a ×1 tier but omits the multiplier without a tier", () => {
    const o = order([line({ amountMinor: 100 })]);
    expect(new SpendRewardCalculator(1000).calculate(o, context()).explanation).toBe("1 × Thing $1.00 (base rate, 1 pt/$) = 1 pt");
    expect(
      new SpendRewardCalculator(1000).calculate(o, context({ multiplier: { tierName: "Bronze", multiplierMilli: 1000 } })).explanation,
    ).toContain("+ tier Bronze ×1 = 1 pt");
  });
});

describe("output", () => {
  it("is plain JSON and deterministic", () => {
    const o = order([line({ productType: "Snowboards", quantity: 3, amountMinor: 4500, taxMinor: 300 })], { shippingMinor: 500 });
    const first = calculateOrderPoints(o, { ...rules, includeShipping: true, includeTax: true }, GOLD);
    const second = calculateOrderPoints(o, { ...rules, includeShipping: true, includeTax: true }, GOLD);
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
    expect(second).toEqual(first);
  });

  it("copies the multiplier rather than sharing it", () => {
    const multiplier = { tierName: "Gold", multiplierMilli: 1500 };
    const calc = new SpendRewardCalculator(1000).calculate(order([line()]), context({ multiplier }));
    multiplier.multiplierMilli = 9000;
    expect(calc.multiplier.multiplierMilli).toBe(1500);
  });
});

describe("invalid input", () => {
  const calculator = new SpendRewardCalculator(1000);

  it("rejects duplicate line ids", () => {
    const a = line();
    expectInvalidInput(() => calculator.calculate(order([a, { ...a }]), context()));
    expectInvalidInput(() => calculator.calculate(order([line({ lineGid: SHIPPING_LINE_GID })]), context()));
  });

  it("rejects non-integer amounts and quantities", () => {
    expectInvalidInput(() => calculator.calculate(order([line({ amountMinor: 19.99 })]), context()));
    expectInvalidInput(() => calculator.calculate(order([line({ taxMinor: Number.NaN })]), context({ includeTax: true })));
    expectInvalidInput(() => calculator.calculate(order([line({ quantity: -1 })]), context()));
    expectInvalidInput(() => calculator.calculate(order([line({ quantity: 1.5 })]), context()));
    expectInvalidInput(() => calculator.calculate(order([], { shippingMinor: 1.5 }), context({ includeShipping: true })));
  });

  it("rejects negative or fractional rates and multipliers", () => {
    expectInvalidInput(() => new SpendRewardCalculator(-1).calculate(order([line()]), context()));
    expectInvalidInput(() => new SpendRewardCalculator(1.5).calculate(order([line()]), context()));
    expectInvalidInput(() => calculator.calculate(order([line()]), context({ multiplier: { tierName: null, multiplierMilli: -1 } })));
    expectInvalidInput(() => calculator.calculate(order([line()]), context({ shippingRateMilli: -5 })));
  });

  it("rejects unknown currencies", () => {
    expectInvalidInput(() => calculator.calculate(order([line()], { currency: "dollars" }), context()));
  });
});

describe("properties", () => {
  const lineArb = fc.record({
    quantity: fc.integer({ min: 0, max: 5 }),
    amountMinor: fc.integer({ min: -1000, max: 1_000_000 }),
    taxMinor: fc.integer({ min: 0, max: 100_000 }),
    productType: fc.constantFrom(null, "Snowboards", "snowboards ", "Wax"),
    collectionGids: fc.subarray([SUMMER, SALE, BOARDS]),
    giftCard: fc.boolean(),
  });
  const orderArb = fc.record({
    lines: fc.array(lineArb, { maxLength: 12 }),
    shippingMinor: fc.integer({ min: 0, max: 10_000 }),
    shippingTaxMinor: fc.integer({ min: 0, max: 1_000 }),
    currency: fc.constantFrom("USD", "JPY", "KWD"),
  });
  const toOrder = (o: ValueOf<typeof orderArb>): EarnOrder =>
    order(
      o.lines.map((l, index) => line({ ...l, lineGid: `gid://shopify/LineItem/${index + 1}` })),
      { currency: o.currency, shippingMinor: o.shippingMinor, shippingTaxMinor: o.shippingTaxMinor },
    );
  const ctxArb = fc.record({
    multiplier: fc.record({ tierName: fc.constant("T"), multiplierMilli: fc.integer({ min: 1000, max: 10_000 }) }),
    includeShipping: fc.boolean(),
    includeTax: fc.boolean(),
    shippingRateMilli: fc.integer({ min: 0, max: 100_000 }),
  });

  it("points = floor(Σ weight × multiplier / scale), never negative, weights add up", () => {
    fc.assert(
      fc.property(orderArb, ctxArb, (o, ctx) => {
        const calc = createProgramCalculator(rules).calculate(toOrder(o), ctx);
        const sum = calc.lines.reduce((total, l) => total + BigInt(l.weight), 0n);
        expect(calc.weightTotal).toBe(sum.toString());
        const scale = 1_000_000n * 10n ** BigInt(calc.exponent);
        expect(calc.points).toBe(Number((sum * BigInt(ctx.multiplier.multiplierMilli)) / scale));
        expect(calc.points).toBeGreaterThanOrEqual(0);
        for (const l of calc.lines) {
          expect(l.eligibleMinor).toBeGreaterThanOrEqual(0);
          expect(BigInt(l.weight)).toBe(BigInt(l.eligibleMinor) * BigInt(l.rate.rateMilli));
        }
      }),
    );
  });

  it("flooring once never earns less than flooring each line", () => {
    fc.assert(
      fc.property(orderArb, ctxArb, (o, ctx) => {
        const calc = createProgramCalculator(rules).calculate(toOrder(o), ctx);
        const scale = 1_000_000n * 10n ** BigInt(calc.exponent);
        const perLine = calc.lines.reduce(
          (total, l) => total + (BigInt(l.weight) * BigInt(ctx.multiplier.multiplierMilli)) / scale,
          0n,
        );
        expect(BigInt(calc.points)).toBeGreaterThanOrEqual(perLine);
      }),
    );
  });

  it("does not depend on the order of lines", () => {
    fc.assert(
      fc.property(orderArb, ctxArb, fc.nat(), fc.boolean(), (o, ctx, rotation, reverse) => {
        const base = toOrder(o);
        const cut = rotation % Math.max(base.lines.length, 1);
        const rotated = [...base.lines.slice(cut), ...base.lines.slice(0, cut)];
        const shuffled = { ...base, lines: reverse ? rotated.reverse() : rotated };
        const calculator = createProgramCalculator(rules);
        expect(calculator.calculate(shuffled, ctx).points).toBe(calculator.calculate(base, ctx).points);
      }),
    );
  });
});
