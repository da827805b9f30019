/**
 * What shoppers and the merchant do in the dev store — place an order, pay it, refund part of it, cancel it,
 * create a customer — and the webhook payloads Shopify would send for each.
 *
 * Rules:
 * - Each action changes the shop and returns the events it caused ({ topic, payload }); delivery is
 *   devstore/webhooks/delivery.ts's job. A payload is a snapshot taken when the event happens (a held delivery
 *   sent later still says what was true then), built on Shopify's own example payload for the topic.
 * - Money: integer minor units inside; Shopify's decimal strings ("89.99") in payloads, `shop_money` and
 *   `presentment_money` alike (one currency).
 * - A discount on chosen products or variants (the free-product reward) applies only to their lines: a fixed amount
 *   once across them (never more than they cost), a percentage of them; a cart without them refuses the code.
 * - A discount code is checked as checkout checks it (exists, active, the customer may use it, usage limit, once
 *   per customer, minimum subtotal) and spread over the lines in proportion to their amounts; the order counts as
 *   one use of the code.
 * - Refunds never exceed what is left of a line; a cancelled or refunded order cannot be refunded again.
 * - Invalid requests throw CommerceError with a sentence for the person who asked.
 */
import { gidNumber, discountStatusAt, type CustomerRecord, type ProductRecord } from "./admin-api";
import { spendStoreCredit } from "./admin-api/store-credit";
import type { DevShop, OrderLine, OrderRecord, RefundLine } from "./shop";
import { shippingAddressOf } from "./order-objects";
import { webhookExample } from "./webhooks/examples";

export class CommerceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommerceError";
  }
}

export interface ShopEvent {
  topic: string;
  payload: Record<string, unknown>;
}

export interface PlaceOrderInput {
  /** Numeric customer id; null: guest checkout. */
  customerId: string | null;
  /** Product numbers with quantities; default: `items` products picked from the catalog. */
  lines?: { productId: string; quantity: number }[];
  /** How many different products when `lines` is not given (default 1). */
  items?: number;
  code?: string | null;
  /** Pay with the customer's store credit first (checkout's "Use store credit"), the rest by card. */
  useStoreCredit?: boolean;
  /** Cart attributes carried onto the order (note_attributes), e.g. `_loyalty_referral`. */
  attributes?: { name: string; value: string }[];
  browserIp?: string | null;
  shippingAddress?: OrderRecord["shippingAddress"];
}

export function placeOrder(shop: DevShop, input: PlaceOrderInput, now: Date): { order: OrderRecord; events: ShopEvent[] } {
  const customer = input.customerId === null ? null : requireCustomer(shop, input.customerId);
  const products = [...shop.admin.products.values()].filter((p) => p.priceMinor !== undefined);
  let wanted = input.lines;
  if (!wanted || wanted.length === 0) {
    const count = input.items ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > products.length) {
      throw new CommerceError(`--items must be between 1 and ${products.length}`);
    }
    // A different slice of the catalog for each order, so orders mix product types and collections.
    const start = (shop.counters.orderNumber * 5) % products.length;
    wanted = Array.from({ length: count }, (_, i) => ({
      productId: gidNumber((products[(start + i) % products.length] as ProductRecord).id),
      quantity: 1,
    }));
  }
  const lines: OrderLine[] = wanted.map(({ productId, quantity }) => {
    const product = shop.admin.products.get(`gid://shopify/Product/${productId}`);
    if (!product || product.priceMinor === undefined) throw new CommerceError(`There is no product ${productId} for sale`);
    if (!Number.isInteger(quantity) || quantity < 1) throw new CommerceError(`Quantity must be a positive integer`);
    return {
      id: shop.nextId("lineItem"),
      productId,
      variantId: product.variantId ?? null,
      title: product.title ?? `Product ${productId}`,
      sku: product.sku ?? null,
      vendor: product.vendor ?? null,
      quantity,
      unitPriceMinor: product.priceMinor,
      discountMinor: 0,
    };
  });

  const order: OrderRecord = {
    id: shop.nextId("order"),
    number: shop.counters.orderNumber++,
    customerId: customer ? gidNumber(customer.id) : null,
    email: customer?.email ?? null,
    createdAt: shopTime(now),
    paidAt: null,
    financialStatus: "pending",
    cancelledAt: null,
    cancelReason: null,
    lines,
    discount: null,
    refunds: [],
    ...(input.attributes?.length ? { attributes: input.attributes } : {}),
    ...(input.browserIp !== undefined ? { browserIp: input.browserIp } : {}),
    ...(input.shippingAddress !== undefined ? { shippingAddress: input.shippingAddress } : {}),
  };
  if (input.code) applyDiscountCode(shop, order, input.code, customer, now);
  if (input.useStoreCredit && customer) order.useStoreCredit = true;
  shop.orders.set(order.id, order);
  return { order, events: [{ topic: "orders/create", payload: orderPayload(shop, order) }] };
}

export function payOrder(shop: DevShop, orderId: string, now: Date): ShopEvent[] {
  const order = requireOrder(shop, orderId);
  if (order.cancelledAt) throw new CommerceError(`Order ${order.number} is cancelled`);
  if (order.financialStatus !== "pending") throw new CommerceError(`Order ${order.number} is already ${order.financialStatus}`);
  order.financialStatus = "paid";
  order.paidAt = shopTime(now);
  if (order.useStoreCredit && order.customerId) {
    // Store credit is a payment, not a discount: the order's total (and what earns) stays the same.
    order.storeCreditMinor = spendStoreCredit(shop.admin, `gid://shopify/Customer/${order.customerId}`, shop.admin.currencyCode, orderTotals(order).total, now.toISOString());
  }
  return [{ topic: "orders/paid", payload: orderPayload(shop, order) }];
}

export interface RefundInput {
  /** Lines and quantities; default: one unit of the first line that has any left. */
  lines?: { lineId: string; quantity: number }[];
  note?: string;
}

export function refundOrder(shop: DevShop, orderId: string, input: RefundInput, now: Date): ShopEvent[] {
  const order = requireOrder(shop, orderId);
  if (order.financialStatus === "pending" || order.financialStatus === "voided") {
    throw new CommerceError(`Order ${order.number} is not paid: there is nothing to refund`);
  }
  const wanted =
    input.lines && input.lines.length > 0
      ? input.lines
      : (() => {
          const first = order.lines.find((line) => remainingQuantity(order, line) > 0);
          if (!first) throw new CommerceError(`Order ${order.number} has nothing left to refund`);
          return [{ lineId: first.id, quantity: 1 }];
        })();
  const refundLines: RefundLine[] = wanted.map(({ lineId, quantity }) => {
    const line = order.lines.find((l) => l.id === lineId);
    if (!line) throw new CommerceError(`Order ${order.number} has no line item ${lineId}`);
    const left = remainingQuantity(order, line);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > left) {
      throw new CommerceError(`Line ${lineId} of order ${order.number} has ${left} unit(s) left to refund, not ${quantity}`);
    }
    return { lineId, quantity, subtotalMinor: paidForUnits(line, quantity) };
  });
  const refund = { id: shop.nextId("refund"), createdAt: shopTime(now), note: input.note ?? null, lines: refundLines };
  order.refunds.push(refund);
  const everything = order.lines.every((line) => remainingQuantity(order, line) === 0);
  order.financialStatus = everything ? "refunded" : "partially_refunded";
  return [{ topic: "refunds/create", payload: refundPayload(shop, order, refund) }];
}

export function cancelOrder(shop: DevShop, orderId: string, options: { refund?: boolean; reason?: string }, now: Date): ShopEvent[] {
  const order = requireOrder(shop, orderId);
  if (order.cancelledAt) throw new CommerceError(`Order ${order.number} is already cancelled`);
  const events: ShopEvent[] = [];
  if (options.refund && (order.financialStatus === "paid" || order.financialStatus === "partially_refunded")) {
    const lines = order.lines
      .map((line) => ({ lineId: line.id, quantity: remainingQuantity(order, line) }))
      .filter((line) => line.quantity > 0);
    if (lines.length > 0) events.push(...refundOrder(shop, orderId, { lines, note: "Order cancelled" }, now));
  }
  order.cancelledAt = shopTime(now);
  order.cancelReason = options.reason ?? "customer";
  if (order.financialStatus === "pending") order.financialStatus = "voided";
  events.push({ topic: "orders/cancelled", payload: orderPayload(shop, order) });
  return events;
}

export interface CreateCustomerInput {
  firstName: string;
  lastName: string;
  email?: string | null;
}

export function createCustomer(shop: DevShop, input: CreateCustomerInput, now: Date): { customer: CustomerRecord; events: ShopEvent[] } {
  const firstName = input.firstName.trim();
  const lastName = input.lastName.trim();
  if (!firstName || !lastName) throw new CommerceError("A customer needs a first and a last name");
  const email = input.email?.trim() || `${firstName}.${lastName}@example.com`.toLowerCase().replace(/\s+/g, "");
  for (const existing of shop.admin.customers.values()) {
    if (existing.email?.toLowerCase() === email.toLowerCase()) throw new CommerceError(`Email ${email} has already been taken`);
  }
  const customer = shop.admin.addCustomer({
    id: `gid://shopify/Customer/${shop.nextId("customer")}`,
    firstName,
    lastName,
    email,
    phone: null,
    createdAt: shopTime(now),
  });
  return { customer, events: [{ topic: "customers/create", payload: customerPayload(customer) }] };
}

// ---- Order arithmetic ------------------------------------------------------------------------------------------

export function remainingQuantity(order: OrderRecord, line: OrderLine): number {
  const refunded = order.refunds.flatMap((r) => r.lines).filter((l) => l.lineId === line.id).reduce((n, l) => n + l.quantity, 0);
  return line.quantity - refunded;
}

/** What `quantity` units of the line were paid: their price minus their share of the line's discount. */
function paidForUnits(line: OrderLine, quantity: number): number {
  const discount = Math.round((line.discountMinor * quantity) / line.quantity);
  return line.unitPriceMinor * quantity - discount;
}

export function orderTotals(order: OrderRecord) {
  const lineItems = order.lines.reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0);
  const discounts = order.lines.reduce((sum, line) => sum + line.discountMinor, 0);
  const subtotal = lineItems - discounts;
  const refunded = order.refunds.flatMap((r) => r.lines).reduce((sum, l) => sum + l.subtotalMinor, 0);
  return { lineItems, discounts, subtotal, total: subtotal, refunded, current: subtotal - refunded };
}

function applyDiscountCode(shop: DevShop, order: OrderRecord, code: string, customer: CustomerRecord | null, now: Date): void {
  const discount = shop.admin.discountByCode(code);
  const refuse = (why: string) => new CommerceError(`Discount code ${code} cannot be used: ${why}`);
  if (!discount) throw refuse("it does not exist");
  const status = discountStatusAt(discount, now.getTime());
  if (status !== "ACTIVE") throw refuse(`it is ${status.toLowerCase()}`);
  if (discount.customerGids !== null && (!customer || !discount.customerGids.includes(customer.id))) {
    throw refuse("it is for another customer");
  }
  const used = discount.usageCount ?? 0;
  if (discount.usageLimit !== null && used >= discount.usageLimit) throw refuse("its usage limit is reached");
  if (discount.appliesOncePerCustomer && customer) {
    const customerId = gidNumber(customer.id);
    const before = [...shop.orders.values()].some(
      (o) => o.customerId === customerId && o.discount?.code.toUpperCase() === discount.code.toUpperCase(),
    );
    if (before) throw refuse("this customer has already used it");
  }
  const { lineItems: orderItems } = orderTotals(order);
  if (discount.minimum && orderItems < toMinor(discount.minimum.subtotal)) {
    throw refuse(`the order is under the minimum of ${discount.minimum.subtotal}`);
  }
  // A discount on chosen products or variants takes its amount from, and spreads it over, those lines only.
  const items = discount.items;
  const eligible = items
    ? order.lines.filter(
        (line) =>
          (line.productId !== null && items.productGids.includes(`gid://shopify/Product/${line.productId}`)) ||
          (line.variantId !== null && items.variantGids.includes(`gid://shopify/ProductVariant/${line.variantId}`)),
      )
    : order.lines;
  if (eligible.length === 0) throw refuse("it does not apply to any item in the cart");
  const lineItems = eligible.reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0);
  let amount = 0;
  let kind: "percentage" | "fixed_amount" | "shipping" = "shipping";
  let value = "0.0";
  if (discount.kind === "basic" && discount.value) {
    if ("percentage" in discount.value) {
      kind = "percentage";
      value = String(discount.value.percentage * 100);
      amount = Math.round(lineItems * discount.value.percentage);
    } else {
      kind = "fixed_amount";
      value = discount.value.amount;
      amount = Math.min(lineItems, toMinor(discount.value.amount));
    }
  }
  allocate(amount, eligible);
  order.discount = { code: discount.code, amountMinor: amount, kind, value };
  discount.usageCount = used + 1;
}

/** Spreads `amount` over the lines in proportion to their amounts, largest remainders first (never loses a cent). */
function allocate(amount: number, lines: OrderLine[]): void {
  const weights = lines.map((line) => line.unitPriceMinor * line.quantity);
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return;
  const exact = weights.map((w) => (amount * w) / total);
  const shares = exact.map(Math.floor);
  let left = amount - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left--;
  }
  lines.forEach((line, i) => (line.discountMinor = shares[i] ?? 0));
}

// ---- Payloads ------------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

export function money(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

function moneySet(minor: number, currency: string) {
  const amount = money(minor);
  return { shop_money: { amount, currency_code: currency }, presentment_money: { amount, currency_code: currency } };
}

function toMinor(decimal: string): number {
  const [whole = "0", fraction = ""] = decimal.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
}

/** ISO time in the shop's zone offset as Shopify writes it ("2026-11-23T10:00:00-05:00"); the demo shop is UTC-5. */
export function shopTime(date: Date): string {
  const shifted = new Date(date.getTime() - 5 * 3600_000);
  return `${shifted.toISOString().slice(0, 19)}-05:00`;
}

function customerPayload(customer: CustomerRecord): Json {
  const example = webhookExample<Json>("customers/create");
  const id = Number(gidNumber(customer.id));
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ");
  return {
    ...example,
    id,
    admin_graphql_api_id: customer.id,
    created_at: customer.createdAt ?? null,
    updated_at: customer.createdAt ?? null,
    first_name: customer.firstName ?? null,
    last_name: customer.lastName ?? null,
    email: customer.email,
    phone: customer.phone ?? null,
    note: null,
    addresses: [],
    default_address: {
      ...(example.default_address as Json),
      id: id * 10,
      customer_id: id,
      first_name: customer.firstName ?? null,
      last_name: customer.lastName ?? null,
      name,
    },
  };
}

function lineItemPayload(order: OrderRecord, line: OrderLine, currency: string, template: Json): Json {
  const current = remainingQuantity(order, line);
  return {
    ...template,
    id: Number(line.id),
    admin_graphql_api_id: `gid://shopify/LineItem/${line.id}`,
    attributed_staffs: [],
    current_quantity: current,
    fulfillable_quantity: order.cancelledAt ? 0 : current,
    fulfillment_status: null,
    gift_card: false,
    name: line.title,
    title: line.title,
    price: money(line.unitPriceMinor),
    price_set: moneySet(line.unitPriceMinor, currency),
    product_exists: line.productId !== null,
    product_id: line.productId === null ? null : Number(line.productId),
    variant_id: line.variantId === null ? null : Number(line.variantId),
    variant_title: null,
    quantity: line.quantity,
    sku: line.sku,
    vendor: line.vendor,
    total_discount: "0.00",
    total_discount_set: moneySet(0, currency),
    tax_lines: [],
    duties: [],
    discount_allocations:
      line.discountMinor > 0
        ? [{ amount: money(line.discountMinor), amount_set: moneySet(line.discountMinor, currency), discount_application_index: 0 }]
        : [],
  };
}

function orderPayload(shop: DevShop, order: OrderRecord): Json {
  const example = webhookExample<Json & { line_items: Json[] }>("orders/paid");
  const currency = shop.admin.currencyCode;
  const totals = orderTotals(order);
  const customerRecord = order.customerId ? shop.admin.customers.get(`gid://shopify/Customer/${order.customerId}`) : undefined;
  const customer = customerRecord ? customerPayload(customerRecord) : null;
  const template = example.line_items[0] ?? {};
  const address = customerRecord
    ? {
        ...(example.billing_address as Json),
        first_name: customerRecord.firstName ?? null,
        last_name: customerRecord.lastName ?? null,
        name: [customerRecord.firstName, customerRecord.lastName].filter(Boolean).join(" "),
        company: null,
      }
    : null;
  // The order's own shipping address, else the customer's default one, in the REST payload's shape.
  const ships = shippingAddressOf(shop, order);
  const shippingAddress = ships
    ? {
        ...(address ?? (example.shipping_address as Json)),
        address1: ships.address1,
        address2: ships.address2 ?? null,
        city: ships.city,
        zip: ships.zip,
        country_code: ships.countryCodeV2,
      }
    : address;
  const updatedAt = order.cancelledAt ?? order.refunds.at(-1)?.createdAt ?? order.paidAt ?? order.createdAt;
  return {
    ...example,
    id: Number(order.id),
    admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
    app_id: null,
    name: `#${order.number}`,
    number: order.number - 1000,
    order_number: order.number,
    confirmation_number: `DEV${order.number}`,
    token: `devstore-order-${order.id}`,
    order_status_url: `https://${shop.domain}/orders/devstore-order-${order.id}`,
    email: order.email ?? "",
    contact_email: order.email,
    phone: null,
    created_at: order.createdAt,
    updated_at: updatedAt,
    processed_at: order.paidAt ?? order.createdAt,
    closed_at: null,
    cancelled_at: order.cancelledAt,
    cancel_reason: order.cancelReason,
    currency,
    presentment_currency: currency,
    financial_status: order.financialStatus,
    fulfillment_status: null,
    test: true,
    taxes_included: false,
    tax_exempt: false,
    estimated_taxes: false,
    tax_lines: [],
    total_tax: "0.00",
    total_tax_set: moneySet(0, currency),
    current_total_tax: "0.00",
    current_total_tax_set: moneySet(0, currency),
    total_line_items_price: money(totals.lineItems),
    total_line_items_price_set: moneySet(totals.lineItems, currency),
    total_discounts: money(totals.discounts),
    total_discounts_set: moneySet(totals.discounts, currency),
    current_total_discounts: money(totals.discounts),
    current_total_discounts_set: moneySet(totals.discounts, currency),
    subtotal_price: money(totals.subtotal),
    subtotal_price_set: moneySet(totals.subtotal, currency),
    current_subtotal_price: money(totals.current),
    current_subtotal_price_set: moneySet(totals.current, currency),
    total_price: money(totals.total),
    total_price_set: moneySet(totals.total, currency),
    current_total_price: money(totals.current),
    current_total_price_set: moneySet(totals.current, currency),
    total_outstanding: order.financialStatus === "pending" ? money(totals.total) : "0.00",
    total_shipping_price_set: moneySet(0, currency),
    current_shipping_price_set: moneySet(0, currency),
    total_tip_received: "0.00",
    total_weight: 0,
    discount_codes: order.discount
      ? [{ code: order.discount.code, amount: money(order.discount.amountMinor), type: order.discount.kind }]
      : [],
    discount_applications: order.discount
      ? [
          {
            target_type: order.discount.kind === "shipping" ? "shipping_line" : "line_item",
            type: "discount_code",
            value: order.discount.value,
            value_type: order.discount.kind === "percentage" ? "percentage" : "fixed_amount",
            allocation_method: "across",
            target_selection: "all",
            code: order.discount.code,
          },
        ]
      : [],
    line_items: order.lines.map((line) => lineItemPayload(order, line, currency, template)),
    shipping_lines: [],
    fulfillments: [],
    refunds: order.refunds.map((refund) => refundPayload(shop, order, refund)),
    returns: [],
    line_item_groups: [],
    payment_terms: null,
    payment_gateway_names: order.financialStatus === "pending" ? [] : order.storeCreditMinor ? ["shopify_store_credit", "bogus"] : ["bogus"],
    customer,
    billing_address: address,
    shipping_address: shippingAddress,
    note: null,
    note_attributes: (order.attributes ?? []).map(({ name, value }) => ({ name, value })),
    tags: "devstore",
    source_name: "web",
    user_id: null,
    location_id: null,
    browser_ip: order.browserIp ?? null,
    client_details: null,
  };
}

function refundPayload(shop: DevShop, order: OrderRecord, refund: OrderRecord["refunds"][number]): Json {
  const example = webhookExample<Json & { transactions: Json[]; refund_line_items: (Json & { line_item: Json })[] }>("refunds/create");
  const currency = shop.admin.currencyCode;
  const lineTemplate = example.refund_line_items[0] ?? { line_item: {} };
  const amount = refund.lines.reduce((sum, l) => sum + l.subtotalMinor, 0);
  return {
    ...example,
    id: Number(refund.id),
    admin_graphql_api_id: `gid://shopify/Refund/${refund.id}`,
    order_id: Number(order.id),
    created_at: refund.createdAt,
    processed_at: refund.createdAt,
    note: refund.note,
    user_id: Number(shop.staff.id),
    restock: false,
    refund_shipping_lines: [],
    order_adjustments: [],
    duties: [],
    return: null,
    refund_line_items: refund.lines.map((refundLine, index) => {
      const line = order.lines.find((l) => l.id === refundLine.lineId) as OrderLine;
      return {
        ...lineTemplate,
        id: Number(refund.id) * 100 + index,
        quantity: refundLine.quantity,
        line_item_id: Number(line.id),
        location_id: null,
        restock_type: "no_restock",
        subtotal: refundLine.subtotalMinor / 100,
        total_tax: 0,
        subtotal_set: moneySet(refundLine.subtotalMinor, currency),
        total_tax_set: moneySet(0, currency),
        line_item: lineItemPayload(order, line, currency, lineTemplate.line_item),
      };
    }),
    transactions: [
      {
        ...(example.transactions[0] ?? {}),
        id: Number(refund.id) * 10,
        order_id: Number(order.id),
        kind: "refund",
        gateway: "bogus",
        status: "success",
        message: "Refunded by the dev store",
        created_at: refund.createdAt,
        processed_at: refund.createdAt,
        amount: money(amount),
        currency,
        test: true,
        parent_id: null,
        user_id: null,
      },
    ],
  };
}

function requireCustomer(shop: DevShop, id: string): CustomerRecord {
  const customer = shop.admin.customers.get(`gid://shopify/Customer/${id}`);
  if (!customer) throw new CommerceError(`There is no customer ${id}`);
  return customer;
}

function requireOrder(shop: DevShop, id: string): OrderRecord {
  const order = id === "last" ? shop.lastOrder() : (shop.order(id) ?? [...shop.orders.values()].find((o) => String(o.number) === id.replace(/^#/, "")));
  if (!order) throw new CommerceError(id === "last" ? "There are no orders yet" : `There is no order ${id}`);
  return order;
}

export function findOrder(shop: DevShop, id: string): OrderRecord {
  return requireOrder(shop, id);
}
