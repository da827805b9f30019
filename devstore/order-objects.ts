/**
 * The dev store's orders as Admin GraphQL `Order` objects (for bulk queries, devstore/admin-api/orders.ts): the same
 * facts the orders/paid, refunds/create and orders/cancelled payloads carry (commerce.ts), in GraphQL's shape.
 *
 * Rules:
 * - Money is shop money as decimal strings; no taxes and no shipping (the dev store charges neither).
 * - `processedAt` is when the order was paid (orders/paid `processed_at`), else when it was created.
 * - `displayFinancialStatus` is the order's financial status in GraphQL's enum (PAID, PARTIALLY_REFUNDED, …).
 * - Line items and shipping lines are connections (flattened by the bulk operation); refunds are a list whose
 *   `refundLineItems` connection stays inside the refund, as GraphQL nests it.
 */
import { money, orderTotals } from "./commerce";
import type { DevShop, OrderRecord } from "./shop";

function moneyBag(minor: number, currency: string) {
  const amount = { amount: money(minor), currencyCode: currency };
  return { shopMoney: amount, presentmentMoney: amount };
}

function connection<T>(nodes: T[]) {
  return { nodes, edges: nodes.map((node, i) => ({ cursor: String(i), node })), pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
}

/** Where the order ships: its own address, else its customer's default address (a guest's: none). */
export function shippingAddressOf(shop: DevShop, order: OrderRecord) {
  if (order.shippingAddress !== undefined) return order.shippingAddress && { __typename: "MailingAddress", address2: null, ...order.shippingAddress };
  const customer = order.customerId ? shop.admin.customers.get(`gid://shopify/Customer/${order.customerId}`) : undefined;
  return customer?.defaultAddress ? { __typename: "MailingAddress", address2: null, ...customer.defaultAddress } : null;
}

export function orderObject(shop: DevShop, order: OrderRecord): Record<string, unknown> {
  const currency = shop.admin.currencyCode;
  const totals = orderTotals(order);
  const customer = order.customerId ? shop.admin.customers.get(`gid://shopify/Customer/${order.customerId}`) : undefined;
  const processedAt = new Date(order.paidAt ?? order.createdAt).toISOString();
  return {
    __typename: "Order",
    id: `gid://shopify/Order/${order.id}`,
    name: `#${order.number}`,
    createdAt: new Date(order.createdAt).toISOString(),
    processedAt,
    cancelledAt: order.cancelledAt ? new Date(order.cancelledAt).toISOString() : null,
    test: false,
    displayFinancialStatus: order.financialStatus.toUpperCase(),
    currencyCode: currency,
    taxesIncluded: false,
    discountCodes: order.discount ? [order.discount.code] : [],
    clientIp: order.browserIp ?? null,
    shippingAddress: shippingAddressOf(shop, order),
    customAttributes: (order.attributes ?? []).map(({ name, value }) => ({ __typename: "Attribute", key: name, value })),
    subtotalPriceSet: moneyBag(totals.subtotal, currency),
    totalPriceSet: moneyBag(totals.total, currency),
    customer: customer
      ? {
          __typename: "Customer",
          id: customer.id,
          firstName: customer.firstName ?? null,
          lastName: customer.lastName ?? null,
          defaultEmailAddress: customer.email ? { emailAddress: customer.email } : null,
        }
      : null,
    refunds: () =>
      order.refunds.map((refund) => ({
        __typename: "Refund",
        id: `gid://shopify/Refund/${refund.id}`,
        createdAt: new Date(refund.createdAt).toISOString(),
        refundLineItems: () =>
          connection(refund.lines.map((line) => ({ quantity: line.quantity, lineItem: { id: `gid://shopify/LineItem/${line.lineId}` } }))),
      })),
    lineItems: () =>
      connection(
        order.lines.map((line) => ({
          __typename: "LineItem",
          id: `gid://shopify/LineItem/${line.id}`,
          title: line.title,
          name: line.title,
          quantity: line.quantity,
          isGiftCard: false,
          product: line.productId ? { id: `gid://shopify/Product/${line.productId}` } : null,
          originalUnitPriceSet: moneyBag(line.unitPriceMinor, currency),
          discountAllocations: line.discountMinor > 0 ? [{ allocatedAmountSet: moneyBag(line.discountMinor, currency) }] : [],
          taxLines: [],
        })),
      ),
    shippingLines: () => connection([]),
  };
}
