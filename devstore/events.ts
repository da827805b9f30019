/**
 * The dev store's actions by name — what the admin's buttons, the storefront's checkout and
 * `npm run devstore:event` ask for — turned into shop changes (./commerce.ts) and webhook deliveries
 * (./webhooks/delivery.ts). One input shape for the form posts and the JSON API, so both behave the same.
 *
 *   order-create   place an order, unpaid                 --customer 3|guest --items 2 | --products 101:2,106 --code X
 *   order-paid     place an order and pay it              (same options)
 *   pay            pay a placed order                     --order 1001|last
 *   refund         refund part of an order                --order 1001|last [--lines 5001:1,5002:2] [--note …]
 *   cancel         cancel an order                        --order 1001|last [--refund]
 *   customer-create                                       --first Ann --last Lee [--email …]
 *   flush          deliver the held (out-of-order) webhooks now
 *   seed-history   two years of past orders (no webhooks)    [--customers 2000] [--days 730]
 *   customer-update, clock, birth-date: birthdays and actions (./engagement-events.ts)
 *   referral-order: a referred friend's order (./referral-events.ts)
 * Delivery options on any of them: --duplicate [same-id|new-id], --out-of-order.
 */
import {
  cancelOrder,
  CommerceError,
  createCustomer,
  findOrder,
  payOrder,
  placeOrder,
  refundOrder,
  type ShopEvent,
} from "./commerce";
import { devClock } from "./clock";
import { ENGAGEMENT_EVENT_TYPES, runEngagementEvent, type EngagementEventInput } from "./engagement-events";
import { REFERRAL_EVENT_TYPES, runReferralEvent, type ReferralEventInput } from "./referral-events";
import { seedHistory } from "./history";
import type { DeliveryRecord, DevShop, OrderRecord } from "./shop";
import type { DeliveryOptions, WebhookDelivery } from "./webhooks/delivery";

export const EVENT_TYPES = ["order-create", "order-paid", "pay", "refund", "cancel", "customer-create", "flush", "staff-locale", "seed-history", ...ENGAGEMENT_EVENT_TYPES, ...REFERRAL_EVENT_TYPES] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Everything arrives as strings (form fields, CLI flags) or JSON values; parsed here. */
export interface EventInput extends EngagementEventInput, ReferralEventInput {
  type: string;
  customer?: string;
  items?: string | number;
  products?: string;
  code?: string;
  /** order-paid: pay with the customer's store credit first. */
  storeCredit?: string | boolean;
  /** Cart attributes carried onto the order (the storefront's checkout sends its cart's). */
  attributes?: { name: string; value: string }[];
  order?: string | number;
  lines?: string;
  note?: string;
  refund?: string | boolean;
  firstName?: string;
  lastName?: string;
  email?: string;
  duplicate?: string | boolean;
  outOfOrder?: string | boolean;
  /** staff-locale: the staff user's admin language, e.g. "fr" or "pt-BR". */
  locale?: string;
  /** seed-history: how many customers, over how many days. */
  customers?: string | number;
  days?: string | number;
}

export interface EventResult {
  message: string;
  order?: OrderRecord;
  deliveries: DeliveryRecord[];
}

export async function runEvent(shop: DevShop, delivery: WebhookDelivery, input: EventInput, now = devClock.now()): Promise<EventResult> {
  if (!(EVENT_TYPES as readonly string[]).includes(input.type)) {
    throw new CommerceError(`Unknown event "${input.type}": one of ${EVENT_TYPES.join(", ")}`);
  }
  const type = input.type as EventType;
  if (type === "flush") {
    const deliveries = await delivery.flush(shop);
    return { message: `${deliveries.length} held webhook(s) delivered`, deliveries };
  }
  if (type === "staff-locale") {
    const locale = input.locale ?? "";
    if (!/^[a-z]{2}(-[A-Z]{2})?$/.test(locale)) throw new CommerceError(`"${locale}" is not an admin language (like "fr" or "pt-BR")`);
    shop.staff.locale = locale;
    return { message: `Admin language set to ${locale}`, deliveries: [] };
  }
  if (type === "seed-history") {
    const seeded = seedHistory(shop, { customers: Number(input.customers ?? 2000), days: Number(input.days ?? 730) }, now);
    return { message: `${seeded.customers} customers and ${seeded.orders} past orders (${seeded.refunded} refunded in part, ${seeded.cancelled} cancelled)`, deliveries: [] };
  }
  const options = deliveryOptions(input);
  let events: ShopEvent[];
  let order: OrderRecord | undefined;
  let message: string;
  switch (type) {
    case "order-create":
    case "order-paid": {
      const placed = placeOrder(
        shop,
        {
          customerId: customerArgument(input.customer),
          ...(input.products ? { lines: productLines(input.products) } : {}),
          ...(input.items !== undefined && input.items !== "" ? { items: Number(input.items) } : {}),
          code: input.code?.trim() || null,
          useStoreCredit: input.storeCredit === true || input.storeCredit === "true" || input.storeCredit === "on",
          ...(Array.isArray(input.attributes) && input.attributes.length ? { attributes: input.attributes } : {}),
        },
        now,
      );
      order = placed.order;
      events = placed.events;
      if (type === "order-paid") events = [...events, ...payOrder(shop, order.id, now)];
      message = `Order #${order.number} ${type === "order-paid" ? "placed and paid" : "placed"}`;
      break;
    }
    case "pay":
      order = findOrder(shop, requireOrderArgument(input.order));
      events = payOrder(shop, order.id, now);
      message = `Order #${order.number} paid`;
      break;
    case "refund":
      order = findOrder(shop, requireOrderArgument(input.order));
      events = refundOrder(shop, order.id, { ...(input.lines ? { lines: refundLines(input.lines) } : {}), ...(input.note ? { note: input.note } : {}) }, now);
      message = `Order #${order.number} refunded in part`;
      if (order.financialStatus === "refunded") message = `Order #${order.number} refunded in full`;
      break;
    case "cancel":
      order = findOrder(shop, requireOrderArgument(input.order));
      events = cancelOrder(shop, order.id, { refund: flag(input.refund) }, now);
      message = `Order #${order.number} cancelled${flag(input.refund) ? " and refunded" : ""}`;
      break;
    case "customer-update":
    case "clock":
    case "birth-date":
      ({ message, events } = runEngagementEvent(shop, input));
      break;
    case "referral-order":
      ({ message, events, order } = runReferralEvent(shop, input, now));
      break;
    case "customer-create": {
      const created = createCustomer(shop, { firstName: input.firstName ?? "", lastName: input.lastName ?? "", email: input.email ?? null }, now);
      events = created.events;
      message = `Customer ${created.customer.id.split("/").pop()} (${created.customer.firstName} ${created.customer.lastName}) created`;
      break;
    }
  }
  const deliveries = await delivery.send(shop, events, options);
  const sent = deliveries.filter((d) => d.uri !== null);
  const summary = sent.map((d) => `${d.topic} ${d.state}`).join(", ");
  return { message: `${message}${summary ? ` — webhooks: ${summary}` : ""}`, ...(order ? { order } : {}), deliveries };
}

function deliveryOptions(input: EventInput): DeliveryOptions {
  const options: DeliveryOptions = {};
  if (input.duplicate === "new-id") options.duplicate = "new-id";
  else if (flag(input.duplicate) || input.duplicate === "same-id") options.duplicate = "same-id";
  if (flag(input.outOfOrder)) options.outOfOrder = true;
  return options;
}

function flag(value: string | boolean | undefined): boolean {
  return value === true || value === "true" || value === "on" || value === "1" || value === "yes";
}

function customerArgument(value: string | undefined): string | null {
  if (value === undefined || value === "" || value === "guest") return null;
  const id = value.replace(/^gid:\/\/shopify\/Customer\//, "");
  if (!/^\d+$/.test(id)) throw new CommerceError(`--customer takes a customer number or "guest", not "${value}"`);
  return id;
}

function requireOrderArgument(value: string | number | undefined): string {
  if (value === undefined || value === "") throw new CommerceError('Which order? --order <number>|last');
  return String(value).replace(/^#/, "");
}

/** "101:2,106" → [{101, 2}, {106, 1}] */
function productLines(spec: string): { productId: string; quantity: number }[] {
  return spec
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [product = "", quantity = "1"] = part.split(":");
      if (!/^\d+$/.test(product) || !/^\d+$/.test(quantity)) throw new CommerceError(`--products takes id[:qty],… not "${spec}"`);
      return { productId: product, quantity: Number(quantity) };
    });
}

/** "5001:1,5002" → [{5001, 1}, {5002, 1}] */
function refundLines(spec: string): { lineId: string; quantity: number }[] {
  return productLines(spec).map(({ productId, quantity }) => ({ lineId: productId, quantity }));
}
