import { describe, expect, it } from "vitest";
import { PastOrderReader, type PastOrder } from "./bulk-orders";

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" } });
const order = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `gid://shopify/Order/${n}`,
  name: `#${n}`,
  createdAt: "2026-03-01T10:00:00Z",
  processedAt: "2026-03-01T10:05:00Z",
  cancelledAt: null,
  displayFinancialStatus: "PAID",
  currencyCode: "USD",
  taxesIncluded: false,
  discountCodes: ["SPRING"],
  subtotalPriceSet: money("105.00"),
  totalPriceSet: money("118.40"),
  customer: { id: "gid://shopify/Customer/7", firstName: "Ann", lastName: "Lee", defaultEmailAddress: { emailAddress: "ann@example.com" } },
  refunds: [],
  ...extra,
});
const line = (parent: number, id: number, extra: Record<string, unknown> = {}) => ({
  id: `gid://shopify/LineItem/${id}`,
  title: "Wax",
  name: "Wax - Blue",
  quantity: 2,
  isGiftCard: false,
  product: { id: "gid://shopify/Product/106" },
  originalUnitPriceSet: money("30.00"),
  discountAllocations: [{ allocatedAmountSet: money("5.00") }],
  taxLines: [{ priceSet: money("4.40") }],
  __parentId: `gid://shopify/Order/${parent}`,
  ...extra,
});

function read(lines: unknown[]): { order: PastOrder; lines: number }[] {
  const reader = new PastOrderReader();
  const out: { order: PastOrder; lines: number }[] = [];
  for (const l of lines) {
    const done = reader.push(typeof l === "string" ? l : JSON.stringify(l));
    if (done) out.push(done);
  }
  const last = reader.end();
  if (last) out.push(last);
  return out;
}

describe("PastOrderReader: the orders' JSONL as the webhooks' events", () => {
  it("maps an order with its lines, shipping and refunds as orders/paid and refunds/create would", () => {
    const [first] = read([
      order(1, {
        refunds: [{ id: "gid://shopify/Refund/9", createdAt: "2026-03-04T00:00:00Z", refundLineItems: { edges: [{ node: { quantity: 1, lineItem: { id: "gid://shopify/LineItem/11" } } }] } }],
      }),
      line(1, 11),
      line(1, 12, { title: "Gift card", isGiftCard: true, product: null, originalUnitPriceSet: money("50.00"), discountAllocations: [], taxLines: [], quantity: 1 }),
      { id: "gid://shopify/ShippingLine/3", originalPriceSet: money("10.00"), discountedPriceSet: money("8.00"), taxLines: [{ priceSet: money("0.80") }], __parentId: "gid://shopify/Order/1" },
    ]);
    expect(first?.lines).toBe(4);
    const past = first?.order;
    expect(past).toMatchObject({ orderGid: "gid://shopify/Order/1", paid: true, problem: null, cancelled: null });
    expect(past?.order).toMatchObject({
      customer: { customerGid: "gid://shopify/Customer/7", displayName: "Ann Lee", email: "ann@example.com" },
      paidAt: new Date("2026-03-01T10:05:00Z"),
      discountCodes: ["SPRING"],
      totalMinor: 11840,
      earnOrder: { orderGid: "gid://shopify/Order/1", orderName: "#1", currency: "USD", shippingMinor: 800, shippingTaxMinor: 80 },
    });
    // The subtotal (105.00) is below the lines' net (55.00 + 50.00 = 105.00): nothing unallocated here.
    expect(past?.order?.earnOrder.lines).toEqual([
      { lineGid: "gid://shopify/LineItem/11", productGid: "gid://shopify/Product/106", title: "Wax", quantity: 2, amountMinor: 5500, taxMinor: 440, productType: null, collectionGids: [], giftCard: false },
      { lineGid: "gid://shopify/LineItem/12", productGid: null, title: "Gift card", quantity: 1, amountMinor: 5000, taxMinor: 0, productType: null, collectionGids: [], giftCard: true },
    ]);
    expect(past?.refunds).toEqual([
      { refundGid: "gid://shopify/Refund/9", orderGid: "gid://shopify/Order/1", createdAt: new Date("2026-03-04T00:00:00Z"), lines: [{ lineGid: "gid://shopify/LineItem/11", quantity: 1 }] },
    ]);
  });

  it("keeps each order's lines with it, counts every line for the cursor, and skips blank or broken lines", () => {
    const orders = read([order(1), line(1, 11), "", "{not json", order(2, { customer: null }), line(2, 21), line(2, 22)]);
    expect(orders.map((o) => [o.order.orderGid, o.lines, o.order.order?.earnOrder.lines.length])).toEqual([
      ["gid://shopify/Order/1", 4, 1],
      ["gid://shopify/Order/2", 3, 2],
    ]);
    expect(orders[1]?.order.order?.customer).toBeNull();
  });

  it("marks unpaid orders, reads cancellations, and reports an order the webhook mapping refuses instead of throwing", () => {
    const orders = read([
      order(1, { displayFinancialStatus: "PENDING" }),
      order(2, { displayFinancialStatus: "REFUNDED", cancelledAt: "2026-03-02T00:00:00Z" }),
      line(2, 21),
      order(3),
      line(3, 31, { originalUnitPriceSet: money("-3.00") }),
    ]).map((o) => o.order);
    expect(orders[0]).toMatchObject({ paid: false, problem: null, order: null });
    expect(orders[1]?.cancelled).toEqual({ orderGid: "gid://shopify/Order/2", cancelledAt: new Date("2026-03-02T00:00:00Z") });
    expect(orders[2]).toMatchObject({ paid: false, order: null });
    expect(orders[2]?.problem).toMatch(/line_items\.0\.price_set/);
  });
});
