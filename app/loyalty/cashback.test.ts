import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  basisPointsToPercent,
  calculateCashback,
  calculateCashbackReversalTarget,
  calculateCreditDue,
  calculateRefundDebits,
  cashbackRateFor,
  cashbackRuleOf,
  cashbackStatusOf,
  offersStoreCredit,
  parseCashbackRule,
  percentToBasisPoints,
  quoteCashback,
  summarizePendingCashback,
  type CashbackLine,
  type CashbackRefund,
  type CashbackRule,
} from "./cashback";
import { calculateOrderPoints } from "./calculators";
import { LoyaltyError } from "./errors";
import type { EarnOrder } from "./types";

const westElm: CashbackRule = { enabled: true, baseBasisPoints: 200, tierBasisPoints: { gold: 500 } };

const order: EarnOrder = {
  orderGid: "gid://shopify/Order/1",
  currency: "USD",
  shippingMinor: 1000,
  shippingTaxMinor: 0,
  lines: [
    { lineGid: "gid://shopify/LineItem/1", productGid: "gid://shopify/Product/1", title: "Board", quantity: 2, amountMinor: 10_000, taxMinor: 0, productType: "Boards", collectionGids: [], giftCard: false },
    { lineGid: "gid://shopify/LineItem/2", productGid: "gid://shopify/Product/2", title: "Gift card", quantity: 1, amountMinor: 5_000, taxMinor: 0, productType: null, collectionGids: [], giftCard: true },
  ],
};
const rules = { baseRateMilli: 1000, productTypeRates: [], collectionRates: [], includeShipping: false, includeTax: false, maxPointsPerOrder: 100_000 };
const noTier = { tierName: null, multiplierMilli: 1000 };

describe("cash-back amount", () => {
  it("pays the base rate, or the tier's own rate (West Elm: 2%, 5% for card members)", () => {
    expect(cashbackRateFor(westElm, null)).toBe(200);
    expect(cashbackRateFor(westElm, "bronze")).toBe(200);
    expect(cashbackRateFor(westElm, "gold")).toBe(500);
    expect(cashbackRateFor({ ...westElm, enabled: false }, "gold")).toBe(0);
  });

  it("uses the points' eligibility: no gift cards, no shipping unless the program counts it", () => {
    const calc = calculateOrderPoints(order, rules, noTier);
    expect(quoteCashback(westElm, calc, "gold")).toEqual({
      lines: [{ lineGid: "gid://shopify/LineItem/1", quantity: 2, eligibleMinor: 10_000 }],
      eligibleMinor: 10_000,
      rateBasisPoints: 500,
      amountMinor: 500,
    });
    const withShipping = calculateOrderPoints(order, { ...rules, includeShipping: true }, noTier);
    expect(quoteCashback(westElm, withShipping, null)).toMatchObject({ eligibleMinor: 11_000, amountMinor: 220 });
  });

  it("rounds down in minor units of the order currency", () => {
    expect(calculateCashback({ eligibleMinor: 1999, rateBasisPoints: 250 })).toBe(49); // $19.99 × 2.5% = 49.975¢
    expect(calculateCashback({ eligibleMinor: 1999, rateBasisPoints: 200 })).toBe(39); // ¥1,999 × 2% = ¥39.98
    expect(calculateCashback({ eligibleMinor: Number.MAX_SAFE_INTEGER, rateBasisPoints: 5000 })).toBe(Math.floor(Number.MAX_SAFE_INTEGER / 2));
  });

  it("property: credited ≤ rate × eligible spend, and within one minor unit of it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 5000 }), (eligibleMinor, rateBasisPoints) => {
        const amount = calculateCashback({ eligibleMinor, rateBasisPoints });
        expect(amount * 10_000).toBeLessThanOrEqual(eligibleMinor * rateBasisPoints);
        expect((amount + 1) * 10_000).toBeGreaterThan(eligibleMinor * rateBasisPoints);
      }),
    );
  });
});

describe("the rule's settings", () => {
  it("parses percentages with two decimals into basis points and back", () => {
    expect(percentToBasisPoints("2")).toBe(200);
    expect(percentToBasisPoints("2.5")).toBe(250);
    expect(percentToBasisPoints("2,25 %")).toBe(225);
    expect(percentToBasisPoints("2.555")).toBeNull();
    expect(percentToBasisPoints("-1")).toBeNull();
    expect(percentToBasisPoints("two")).toBeNull();
    expect(basisPointsToPercent(250)).toBe("2.5");
    expect(basisPointsToPercent(500)).toBe("5");
    expect(basisPointsToPercent(205)).toBe("2.05");
  });

  it("refuses rates above 50% or below zero, naming the field", () => {
    try {
      parseCashbackRule({ enabled: true, baseBasisPoints: 6000, tierBasisPoints: { gold: -1 } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LoyaltyError);
      expect((error as LoyaltyError).fieldErrors).toEqual({
        baseBasisPoints: "The cash-back can be at most 50%",
        "tierBasisPoints.gold": "The cash-back cannot be negative",
      });
    }
  });

  it("reads a damaged stored row as switched off", () => {
    expect(cashbackRuleOf({ enabled: true, baseBasisPoints: 300, tierRates: '{"gold":500}' })).toEqual({ enabled: true, baseBasisPoints: 300, tierBasisPoints: { gold: 500 } });
    expect(cashbackRuleOf({ enabled: true, baseBasisPoints: 300, tierRates: "not json" })).toEqual({ enabled: true, baseBasisPoints: 300, tierBasisPoints: {} });
    expect(cashbackRuleOf({ enabled: true, baseBasisPoints: 99_999, tierRates: null }).enabled).toBe(false);
  });
});

const lines: CashbackLine[] = [
  { lineGid: "a", quantity: 2, eligibleMinor: 10_000 },
  { lineGid: "b", quantity: 1, eligibleMinor: 5_000 },
];

describe("reversal", () => {
  it("takes back in proportion to the eligible amount refunded, everything on a full refund or a cancellation", () => {
    const amount = calculateCashback({ eligibleMinor: 15_000, rateBasisPoints: 200 }); // 300
    expect(calculateCashbackReversalTarget({ amountMinor: amount, lines, refundedLines: [{ lineGid: "a", quantity: 1 }], cancelled: false })).toBe(100);
    expect(calculateCashbackReversalTarget({ amountMinor: amount, lines, refundedLines: [{ lineGid: "b", quantity: 1 }], cancelled: false })).toBe(100);
    expect(calculateCashbackReversalTarget({ amountMinor: amount, lines, refundedLines: [{ lineGid: "a", quantity: 5 }, { lineGid: "b", quantity: 1 }], cancelled: false })).toBe(300);
    expect(calculateCashbackReversalTarget({ amountMinor: amount, lines, refundedLines: [], cancelled: true })).toBe(300);
    expect(calculateCashbackReversalTarget({ amountMinor: amount, lines, refundedLines: [{ lineGid: "edited-in", quantity: 1 }], cancelled: false })).toBe(0);
  });

  it("credits after the window only what refunds left", () => {
    expect(calculateCreditDue({ amountMinor: 300, reversalTargetMinor: 100 })).toBe(200);
    expect(calculateCreditDue({ amountMinor: 300, reversalTargetMinor: 300 })).toBe(0);
  });

  it("debits each refund after the credit for what it adds, never more than what is left", () => {
    const refunds: CashbackRefund[] = [
      { key: "r1", lines: [{ lineGid: "a", quantity: 1 }] },
      { key: "r2", lines: [{ lineGid: "a", quantity: 1 }] },
      { key: "r3", lines: [{ lineGid: "b", quantity: 1 }] },
    ];
    expect(calculateRefundDebits({ amountMinor: 300, creditedMinor: 300, lines, refunds, debited: new Map() })).toEqual([
      { key: "r1", amountMinor: 100 },
      { key: "r2", amountMinor: 100 },
      { key: "r3", amountMinor: 100 },
    ]);
    // r1 came before the credit (the credit was 200): it owes nothing; the others take the rest.
    expect(calculateRefundDebits({ amountMinor: 300, creditedMinor: 200, lines, refunds, debited: new Map() })).toEqual([
      { key: "r1", amountMinor: 0 },
      { key: "r2", amountMinor: 100 },
      { key: "r3", amountMinor: 100 },
    ]);
    // Already recorded refunds are not debited again.
    expect(calculateRefundDebits({ amountMinor: 300, creditedMinor: 300, lines, refunds, debited: new Map([["r1", 100], ["r2", 100]]) })).toEqual([{ key: "r3", amountMinor: 100 }]);
    // A cancellation takes what is left.
    expect(
      calculateRefundDebits({ amountMinor: 300, creditedMinor: 300, lines, refunds: [{ key: "r1", lines: [{ lineGid: "a", quantity: 1 }] }, { key: "cancel:1", lines: [], cancelled: true }], debited: new Map([["r1", 100]]) }),
    ).toEqual([{ key: "cancel:1", amountMinor: 200 }]);
  });

  it("says where a credit stands", () => {
    expect(cashbackStatusOf({ credited: false, creditedMinor: 0, debitedMinor: 0 })).toBe("pending");
    expect(cashbackStatusOf({ credited: true, creditedMinor: 300, debitedMinor: 100 })).toBe("credited");
    expect(cashbackStatusOf({ credited: true, creditedMinor: 300, debitedMinor: 300 })).toBe("reversed");
    expect(cashbackStatusOf({ credited: true, creditedMinor: 0, debitedMinor: 0 })).toBe("reversed");
  });

  const lineArb = fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 5 }), eligibleMinor: fc.integer({ min: 0, max: 1_000_000 }) }), { minLength: 1, maxLength: 5 }).map((ls) =>
    ls.map((l, i) => ({ lineGid: `l${i}`, ...l })),
  );
  const refundsArb = (count: number) =>
    fc.array(fc.array(fc.record({ line: fc.integer({ min: 0, max: count - 1 }), quantity: fc.integer({ min: 0, max: 6 }) }), { maxLength: 3 }), { maxLength: 6 });

  it("property: debits never exceed credits, and what the shopper keeps is ≤ rate × what they kept of the order", () => {
    fc.assert(
      fc.property(
        lineArb.chain((ls) => fc.tuple(fc.constant(ls), refundsArb(ls.length), fc.integer({ min: 0, max: 5000 }), fc.nat({ max: 6 }), fc.boolean())),
        ([ls, rawRefunds, rateBasisPoints, creditAfter, cancelAtEnd]) => {
          const eligible = ls.reduce((sum, l) => sum + l.eligibleMinor, 0);
          const amountMinor = calculateCashback({ eligibleMinor: eligible, rateBasisPoints });
          const refunds: CashbackRefund[] = rawRefunds.map((r, i) => ({ key: `r${i}`, lines: r.map((x) => ({ lineGid: `l${x.line}`, quantity: x.quantity })) }));
          if (cancelAtEnd) refunds.push({ key: "cancel", lines: [], cancelled: true });
          // Refunds before the credit lower it; the rest are debited one by one, in any number of job runs.
          const before = refunds.slice(0, Math.min(creditAfter, refunds.length));
          const targetBefore = calculateCashbackReversalTarget({ amountMinor, lines: ls, refundedLines: before.flatMap((r) => r.lines), cancelled: before.some((r) => r.cancelled) });
          const creditedMinor = calculateCreditDue({ amountMinor, reversalTargetMinor: targetBefore });
          const debited = new Map<string, number>(before.map((r) => [r.key, 0]));
          for (let seen = before.length; seen <= refunds.length; seen++) {
            for (const d of calculateRefundDebits({ amountMinor, creditedMinor, lines: ls, refunds: refunds.slice(0, seen), debited })) debited.set(d.key, d.amountMinor);
          }
          const totalDebited = [...debited.values()].reduce((a, b) => a + b, 0);
          expect(totalDebited).toBeLessThanOrEqual(creditedMinor);
          expect(creditedMinor).toBeLessThanOrEqual(amountMinor);
          // What is kept after every refund: at most rate × the eligible amount not refunded.
          const refundedLines = refunds.flatMap((r) => r.lines);
          const target = calculateCashbackReversalTarget({ amountMinor, lines: ls, refundedLines, cancelled: cancelAtEnd });
          const keptEligibleTimes = ls.reduce((sum, l) => {
            const refunded = Math.min(l.quantity, refundedLines.filter((x) => x.lineGid === l.lineGid).reduce((s, x) => s + x.quantity, 0));
            return sum + (l.eligibleMinor * (l.quantity - refunded)) / l.quantity;
          }, 0);
          const kept = creditedMinor - totalDebited;
          expect(kept).toBe(Math.max(0, Math.min(creditedMinor, amountMinor - target)));
          expect(kept * 10_000).toBeLessThanOrEqual((cancelAtEnd ? 0 : keptEligibleTimes) * rateBasisPoints + 1e-6);
        },
      ),
    );
  });
});

describe("the shopper's pending cash-back", () => {
  const day = (d: number) => new Date(Date.UTC(2026, 11, d));

  it("sums pending credits per currency, with the first date one is due; credited and reversed ones are not pending", () => {
    expect(
      summarizePendingCashback([
        { currency: "USD", status: "pending", amountMinor: 899, creditableAt: day(20) },
        { currency: "USD", status: "pending", amountMinor: 101, creditableAt: day(12) },
        { currency: "USD", status: "credited", amountMinor: 5000, creditableAt: day(1) },
        { currency: "EUR", status: "pending", amountMinor: 250, creditableAt: day(15) },
        { currency: "CAD", status: "reversed", amountMinor: 300, creditableAt: day(2) },
        { currency: "GBP", status: "pending", amountMinor: 0, creditableAt: day(3) },
      ]),
    ).toEqual([
      { currency: "EUR", amountMinor: 250, nextCreditAt: day(15) },
      { currency: "USD", amountMinor: 1000, nextCreditAt: day(12) },
    ]);
    expect(summarizePendingCashback([])).toEqual([]);
  });

  it("never loses or invents a cent (property)", () => {
    const row = fc.record({
      currency: fc.constantFrom("USD", "EUR", "JPY"),
      status: fc.constantFrom("pending" as const, "credited" as const, "reversed" as const),
      amountMinor: fc.integer({ min: 0, max: 1_000_000 }),
      creditableAt: fc.date({ min: day(1), max: day(31), noInvalidDate: true }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const summary = summarizePendingCashback(rows);
        for (const { currency, amountMinor, nextCreditAt } of summary) {
          const pending = rows.filter((r) => r.currency === currency && r.status === "pending" && r.amountMinor > 0);
          expect(amountMinor).toBe(pending.reduce((sum, r) => sum + r.amountMinor, 0));
          expect(nextCreditAt.getTime()).toBe(Math.min(...pending.map((r) => r.creditableAt.getTime())));
        }
        const total = (list: readonly { amountMinor: number }[]) => list.reduce((sum, r) => sum + r.amountMinor, 0);
        expect(total(summary)).toBe(total(rows.filter((r) => r.status === "pending")));
      }),
    );
  });

  it("is offered when cash-back is on, a store credit reward is in the catalog, or the member has cash-back", () => {
    expect(offersStoreCredit({ cashbackEnabled: false, rewardKinds: ["fixed_amount", "points_slider"], hasCashback: false })).toBe(false);
    expect(offersStoreCredit({ cashbackEnabled: true, rewardKinds: [], hasCashback: false })).toBe(true);
    expect(offersStoreCredit({ cashbackEnabled: false, rewardKinds: ["store_credit"], hasCashback: false })).toBe(true);
    expect(offersStoreCredit({ cashbackEnabled: false, rewardKinds: [], hasCashback: true })).toBe(true);
  });
});
