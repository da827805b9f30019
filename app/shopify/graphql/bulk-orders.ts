/**
 * Reading past orders through a bulk query operation (docs/decisions/028-backfill-past-orders.md), and turning the
 * JSONL result back into the events the earning spine consumes.
 *
 * Rules:
 * - One bulk query over `orders(query: "processed_at:>=… processed_at:<…")` with what the calculator and the
 *   clawback need: the lines (price, discounts, tax, gift card, product), shipping lines, taxes-included, the
 *   customer, the financial status, the cancellation and the refunds with their lines. Product types and
 *   collections are not read here: the award finds them as the live award does (product cache, then the
 *   award-order job), so both paths rate an order the same way.
 * - The JSONL has one line per node; line items and shipping lines follow their order with `__parentId`. An order
 *   is complete when the next top-level line starts (Shopify writes children after their parent).
 * - An order is rebuilt as the webhook payload Shopify would have sent (orders/paid, refunds/create,
 *   orders/cancelled) and mapped by the same functions as the webhooks (`mapPaidOrder`, `mapRefund`,
 *   `mapCancelledOrder`): one mapping, so a backfilled order and a delivered one earn the same points.
 * - Only orders that were paid count (PAID, PARTIALLY_REFUNDED, REFUNDED, as orders/paid fires). Test orders count
 *   as the webhooks count them (orders/paid does not look at `test`).
 */
import { getBulkOperation, BULK_OPERATION_RUN_QUERY, type BulkOperationState } from "./bulk-customers";
import type { AdminGraphql } from "../admin-graphql.server";
import { mapCancelledOrder, mapPaidOrder, mapRefund } from "../webhook-payloads";
import type { CancelledOrder, PaidOrder, RefundEvent } from "~/loyalty/events";

export { getBulkOperation, type BulkOperationState };

const PAID_STATUSES = new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED"]);

/** The bulk query over orders processed in [from, to). */
export function buildOrdersBulkQuery(from: Date, to: Date): string {
  const search = `processed_at:>='${from.toISOString()}' processed_at:<'${to.toISOString()}'`;
  return `
  query BackfillOrders {
    orders(query: ${JSON.stringify(search)}, sortKey: PROCESSED_AT) {
      edges {
        node {
          id
          name
          createdAt
          processedAt
          cancelledAt

          displayFinancialStatus
          currencyCode
          taxesIncluded
          discountCodes
          subtotalPriceSet { shopMoney { amount currencyCode } }
          totalPriceSet { shopMoney { amount currencyCode } }
          customer { id firstName lastName defaultEmailAddress { emailAddress } }
          refunds {
            id
            createdAt
            refundLineItems { edges { node { quantity lineItem { id } } } }
          }
          lineItems {
            edges {
              node {
                id
                title
                name
                quantity
                isGiftCard
                product { id }
                originalUnitPriceSet { shopMoney { amount currencyCode } }
                discountAllocations { allocatedAmountSet { shopMoney { amount currencyCode } } }
                taxLines { priceSet { shopMoney { amount currencyCode } } }
              }
            }
          }
          shippingLines {
            edges {
              node {
                id
                originalPriceSet { shopMoney { amount currencyCode } }
                discountedPriceSet { shopMoney { amount currencyCode } }
                taxLines { priceSet { shopMoney { amount currencyCode } } }
              }
            }
          }
        }
      }
    }
  }
`;
}

/** Starts the orders' bulk query: its id, or the sentence Shopify refused it with. */
export async function startOrdersBulkQuery(admin: AdminGraphql, from: Date, to: Date): Promise<{ id: string } | { error: string }> {
  interface RunResult {
    bulkOperationRunQuery: { bulkOperation: { id: string } | null; userErrors: { message: string }[] };
  }
  const { bulkOperationRunQuery: answer } = await admin<RunResult>(BULK_OPERATION_RUN_QUERY, { query: buildOrdersBulkQuery(from, to) });
  if (answer.bulkOperation && answer.userErrors.length === 0) return { id: answer.bulkOperation.id };
  return { error: answer.userErrors.map((e) => e.message).join("; ") || "Shopify did not start the bulk operation" };
}

/** One past order as the spine's events: paid, then its refunds, then its cancellation. */
export interface PastOrder {
  orderGid: string;
  /** False: not paid (pending, voided…) or unreadable (`problem`); only `orderGid` is meaningful then. */
  paid: boolean;
  /** Why an order could not be read (a field Shopify sent that the webhook mapping refuses), or null. */
  problem: string | null;
  order: PaidOrder | null;
  refunds: RefundEvent[];
  cancelled: CancelledOrder | null;
}

type Json = Record<string, unknown>;
interface Money {
  shopMoney?: { amount?: unknown; currencyCode?: unknown } | null;
}

/** Accumulates JSONL lines and hands back each order once its children have been read. */
export class PastOrderReader {
  private current: { order: Json; lines: Json[]; shipping: Json[] } | null = null;
  /** Lines of the pending order (its own and its children's): where the cursor can stand after it. */
  private pendingLines = 0;

  /** Feeds one line; returns the previous order when `line` starts a new one (with the number of lines it took). */
  push(line: string): { order: PastOrder; lines: number } | null {
    const value = parseLine(line);
    if (!value) {
      this.pendingLines += this.current ? 1 : 0;
      return null;
    }
    if (typeof value.__parentId === "string") {
      if (this.current && value.__parentId === this.current.order.id) {
        ("quantity" in value ? this.current.lines : this.current.shipping).push(value);
      }
      this.pendingLines += 1;
      return null;
    }
    const done = this.finish();
    this.current = { order: value, lines: [], shipping: [] };
    this.pendingLines = 1;
    return done;
  }

  /** The last order, at the end of the file. */
  end(): { order: PastOrder; lines: number } | null {
    const done = this.finish();
    this.current = null;
    this.pendingLines = 0;
    return done;
  }

  private finish(): { order: PastOrder; lines: number } | null {
    if (!this.current) return null;
    return { order: toPastOrder(this.current.order, this.current.lines, this.current.shipping), lines: this.pendingLines };
  }
}

function parseLine(line: string): Json | null {
  if (line.trim() === "") return null;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
}

function numericIdOf(gid: unknown): string | null {
  return typeof gid === "string" ? (/\/(\d+)$/.exec(gid)?.[1] ?? null) : null;
}

function moneySet(value: unknown): { shop_money: { amount: string; currency_code: string } } | undefined {
  const money = (value as Money | null | undefined)?.shopMoney;
  if (!money || (typeof money.amount !== "string" && typeof money.amount !== "number")) return undefined;
  return { shop_money: { amount: String(money.amount), currency_code: typeof money.currencyCode === "string" ? money.currencyCode : "" } };
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? (value.filter((v) => typeof v === "object" && v !== null) as Json[]) : [];
}

function nodesOf(connection: unknown): Json[] {
  if (typeof connection !== "object" || connection === null) return [];
  const { edges, nodes } = connection as { edges?: unknown; nodes?: unknown };
  if (Array.isArray(nodes)) return list(nodes);
  return list(edges).map((edge) => edge.node as Json).filter((node) => typeof node === "object" && node !== null);
}

/** The order rebuilt as Shopify's webhook payloads, then mapped by the webhooks' own functions. */
export function toPastOrder(order: Json, lineItems: readonly Json[], shippingLines: readonly Json[]): PastOrder {
  const orderGid = String(order.id);
  const paid = PAID_STATUSES.has(String(order.displayFinancialStatus));
  if (!paid) return { orderGid, paid: false, problem: null, order: null, refunds: [], cancelled: null };
  try {
    return mapPastOrder(order, lineItems, shippingLines);
  } catch (error) {
    return { orderGid, paid: false, problem: error instanceof Error ? error.message : String(error), order: null, refunds: [], cancelled: null };
  }
}

function mapPastOrder(order: Json, lineItems: readonly Json[], shippingLines: readonly Json[]): PastOrder {
  const orderGid = String(order.id);
  const customer = order.customer as Json | null | undefined;
  const email = (customer?.defaultEmailAddress as Json | null | undefined)?.emailAddress;
  const payload = {
    admin_graphql_api_id: orderGid,
    name: order.name,
    currency: order.currencyCode,
    taxes_included: order.taxesIncluded === true,
    processed_at: order.processedAt ?? null,
    created_at: order.createdAt ?? null,
    cancelled_at: order.cancelledAt ?? null,
    customer: customer
      ? { admin_graphql_api_id: customer.id, first_name: customer.firstName ?? null, last_name: customer.lastName ?? null, email: email ?? null }
      : null,
    line_items: lineItems.map((line) => ({
      admin_graphql_api_id: line.id,
      product_id: numericIdOf((line.product as Json | null | undefined)?.id),
      title: line.title ?? null,
      name: line.name ?? null,
      quantity: line.quantity,
      price_set: moneySet(line.originalUnitPriceSet),
      gift_card: line.isGiftCard === true,
      discount_allocations: list(line.discountAllocations).map((d) => ({ amount_set: moneySet(d.allocatedAmountSet) })),
      tax_lines: list(line.taxLines).map((t) => ({ price_set: moneySet(t.priceSet) })),
    })),
    subtotal_price_set: moneySet(order.subtotalPriceSet),
    total_price_set: moneySet(order.totalPriceSet),
    shipping_lines: shippingLines.map((s) => ({
      price_set: moneySet(s.originalPriceSet),
      discounted_price_set: moneySet(s.discountedPriceSet),
      tax_lines: list(s.taxLines).map((t) => ({ price_set: moneySet(t.priceSet) })),
    })),
    discount_codes: (Array.isArray(order.discountCodes) ? order.discountCodes : []).map((code) => ({ code })),
  };
  const orderId = numericIdOf(orderGid);
  const refunds = list(order.refunds).map((refund) =>
    mapRefund({
      admin_graphql_api_id: refund.id,
      order_id: orderId,
      created_at: refund.createdAt ?? null,
      refund_line_items: nodesOf(refund.refundLineItems).map((item) => {
        const lineGid = (item.lineItem as Json | null | undefined)?.id;
        return { quantity: item.quantity, line_item_id: numericIdOf(lineGid), line_item: { admin_graphql_api_id: lineGid } };
      }),
    }),
  );
  return {
    orderGid,
    paid: true,
    problem: null,
    order: mapPaidOrder(payload),
    refunds,
    cancelled: order.cancelledAt ? mapCancelledOrder({ admin_graphql_api_id: orderGid, cancelled_at: order.cancelledAt }) : null,
  };
}
