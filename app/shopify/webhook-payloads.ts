/**
 * Webhook payload → domain input mapping.
 *
 * Rules:
 * - The raw body is parsed with lossless numbers: Shopify's numeric ids exceed 2^53 and `JSON.parse` rounds them,
 *   so ids that only come as numbers (`order_id` on refunds, `product_id` on lines, customer ids on compliance
 *   topics) are kept as exact digit strings and turned into GIDs. Wherever Shopify sends `admin_graphql_api_id`,
 *   that string is the key.
 * - Money is read from `shop_money` only (never presentment money) and converted to integer minor units.
 * - A payload missing what we need fails with a LoyaltyError INVALID_INPUT naming the fields: nothing is written.
 *   So does a value that cannot be right: a negative quantity, a negative line price or line discount.
 * - Every text field the mappers produce (names, emails, titles, discount codes) goes through `wellFormedText`:
 *   a lone UTF-16 surrogate becomes U+FFFD instead of making the row unwritable (./text.ts). Text is never refused.
 */
import { isNumber, isSafeNumber } from "lossless-json";
import { z } from "zod";
import { LoyaltyError } from "~/loyalty/errors";
import { allocateProportionally, toMinorUnits } from "~/loyalty/money";
import type { CancelledOrder, ComplianceCustomerRequest, CustomerProfile, PaidOrder, ReferralOrderFacts, RefundEvent } from "~/loyalty/events";
import { friendShortName, normalizeAddress, normalizeEmail, normalizeIp, referralSignalsOf } from "~/loyalty/referrals";
import type { EarnLine } from "~/loyalty/types";
import { fingerprints } from "./referral-facts";
import { wellFormedText } from "./text";

/**
 * Parses a webhook body keeping numbers a double cannot hold exactly (ids above 2^53) as their exact digit strings;
 * every other number is a number. Throws SyntaxError on malformed JSON.
 *
 * Same values as `lossless-json` with that number parser, at native speed: a scan finds the number tokens outside
 * strings that could be unsafe (more than 15 characters, or an exponent), quotes those lossless-json deems
 * unsafe, and `JSON.parse` does the rest. (One difference: a key repeated with another value in the same object
 * takes the last value, where lossless-json throws; Shopify never repeats a key.)
 */
export function parseWebhookBody(raw: string): unknown {
  return JSON.parse(quoteUnsafeNumbers(raw));
}

const QUOTE = 34; // "
const BACKSLASH = 92;
const MINUS = 45;
const SAFE_TOKEN_LENGTH = 15; // up to 15 digits an integer is below 2^53, a decimal keeps all its digits

function isNumberChar(code: number): boolean {
  // digits, minus, plus, point, e, E
  return (code >= 48 && code <= 57) || code === MINUS || code === 43 || code === 46 || code === 101 || code === 69;
}

/** The raw text with unsafe number tokens turned into strings of the same digits; the text itself when none. */
export function quoteUnsafeNumbers(raw: string): string {
  let out: string[] | null = null;
  let copied = 0;
  let i = 0;
  while (i < raw.length) {
    const code = raw.charCodeAt(i);
    if (code === QUOTE) {
      i = endOfString(raw, i);
      continue;
    }
    if ((code >= 48 && code <= 57) || code === MINUS) {
      let end = i + 1;
      let exponent = false;
      while (end < raw.length && isNumberChar(raw.charCodeAt(end))) {
        const c = raw.charCodeAt(end);
        if (c === 101 || c === 69) exponent = true;
        end++;
      }
      if (end - i > SAFE_TOKEN_LENGTH || exponent) {
        const token = raw.slice(i, end);
        // Only well-formed numbers are quoted; anything else is left for JSON.parse to reject.
        if (isNumber(token) && !isSafeNumber(token)) {
          out ??= [];
          out.push(raw.slice(copied, i), '"', token, '"');
          copied = end;
        }
      }
      i = end;
      continue;
    }
    i++;
  }
  if (!out) return raw;
  out.push(raw.slice(copied));
  return out.join("");
}

/** Index just past the string literal opening at `start` (or the text's end if it never closes). */
function endOfString(raw: string, start: number): number {
  let close = raw.indexOf('"', start + 1);
  while (close !== -1) {
    let backslashes = 0;
    while (raw.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return close + 1;
    close = raw.indexOf('"', close + 1);
  }
  return raw.length;
}

const numericId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);
const gid = (type: string) => z.string().regex(new RegExp(`^gid://shopify/${type}/\\d+$`), `expected a ${type} GID`);
const shopMoney = z.object({ shop_money: z.object({ amount: z.union([z.string(), z.number()]).transform(String), currency_code: z.string() }) });
/** "-5.00" or -5, but not "-0.00": an amount below zero. */
const isNegativeAmount = (amount: string) => /^\s*-\d*\.?\d*[1-9]/.test(amount);
/** Shop money that cannot be below zero (a line's price, a discount on it): refused as invalid input. */
const nonNegativeShopMoney = z.object({
  shop_money: z.object({
    amount: z
      .union([z.string(), z.number()])
      .transform(String)
      .refine((amount) => !isNegativeAmount(amount), "must not be negative"),
    currency_code: z.string(),
  }),
});
/** Text as Shopify sent it, with lone surrogates replaced (never refused). */
const text = z.string().transform(wellFormedText);
const lineDiscounts = z.array(z.object({ amount_set: nonNegativeShopMoney })).default([]);
const taxLines = z.array(z.object({ price_set: shopMoney })).default([]);

const lineItemSchema = z.object({
  admin_graphql_api_id: gid("LineItem"),
  product_id: numericId.nullable().optional(),
  title: text.nullable().optional(),
  name: text.nullable().optional(),
  quantity: z.number().int().nonnegative(),
  price_set: nonNegativeShopMoney,
  gift_card: z.boolean().default(false),
  discount_allocations: lineDiscounts,
  tax_lines: taxLines,
});

const customerSchema = z.object({
  admin_graphql_api_id: gid("Customer"),
  first_name: text.nullable().optional(),
  last_name: text.nullable().optional(),
  email: text.nullable().optional(),
});

const orderSchema = z.object({
  admin_graphql_api_id: gid("Order"),
  name: text.nullable().optional(),
  currency: z.string().length(3),
  taxes_included: z.boolean().default(false),
  processed_at: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
  cancelled_at: z.string().nullable().optional(),
  customer: customerSchema.nullable().optional(),
  line_items: z.array(lineItemSchema),
  subtotal_price_set: shopMoney.optional(),
  total_price_set: shopMoney.optional(),
  shipping_lines: z
    .array(z.object({ discounted_price_set: shopMoney.optional(), price_set: shopMoney, tax_lines: taxLines }))
    .default([]),
  discount_codes: z.array(z.object({ code: text })).default([]),
  // Read for referrals only, and never a reason to refuse an order: anything malformed reads as absent.
  email: z.string().nullable().optional().catch(null),
  note_attributes: z.array(z.object({ name: z.string(), value: z.unknown() })).default([]).catch([]),
  browser_ip: z.string().max(64).nullable().optional().catch(null),
  shipping_address: z
    .object({
      address1: z.string().nullable().optional(),
      address2: z.string().nullable().optional(),
      city: z.string().nullable().optional(),
      zip: z.string().nullable().optional(),
      country_code: z.string().nullable().optional(),
    })
    .nullable()
    .optional()
    .catch(null),
});

const refundSchema = z.object({
  admin_graphql_api_id: gid("Refund"),
  order_id: numericId,
  created_at: z.string().nullable().optional(),
  refund_line_items: z
    .array(
      z.object({
        quantity: z.number().int().nonnegative(),
        line_item_id: numericId,
        line_item: z.object({ admin_graphql_api_id: gid("LineItem") }).partial().optional(),
      }),
    )
    .default([]),
});

const complianceCustomerSchema = z.object({
  shop_domain: z.string(),
  customer: z.object({ id: numericId, email: text.nullable().optional() }),
  orders_requested: z.array(numericId).optional(),
  orders_to_redact: z.array(numericId).optional(),
  data_request: z.object({ id: numericId }).optional(),
});

function parseWith<T extends z.ZodType>(schema: T, payload: unknown, what: string): z.output<T> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) fieldErrors[issue.path.join(".") || "(root)"] = issue.message;
  const fields = Object.keys(fieldErrors).slice(0, 5).join(", ");
  throw new LoyaltyError("INVALID_INPUT", `The ${what} payload is missing or has invalid fields: ${fields}`, { fieldErrors });
}

function sumMoney(items: readonly { amount: string }[], currency: string): number {
  return items.reduce((total, item) => total + toMinorUnits(item.amount, currency), 0);
}

function toCustomerProfile(customer: z.output<typeof customerSchema>): CustomerProfile {
  const name = [customer.first_name, customer.last_name].filter(Boolean).join(" ").trim();
  return { customerGid: customer.admin_graphql_api_id, displayName: name || null, email: customer.email ?? null };
}

function parseDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** price × quantity − discounts allocated to the line, tax still inside when prices include tax. */
function lineNet(line: z.output<typeof lineItemSchema>, currency: string): number {
  const gross = toMinorUnits(line.price_set.shop_money.amount, currency) * line.quantity;
  return gross - sumMoney(line.discount_allocations.map((d) => d.amount_set.shop_money), currency);
}

/**
 * Discounts Shopify reports in the subtotal but did not allocate to lines (seen in its own example payloads)
 * are spread over the lines in proportion to their net amount, so points are never earned on money not paid.
 */
function unallocatedDiscounts(order: z.output<typeof orderSchema>, nets: readonly number[], currency: string): number[] {
  const subtotal = order.subtotal_price_set ? toMinorUnits(order.subtotal_price_set.shop_money.amount, currency) : null;
  const sum = nets.reduce((total, net) => total + Math.max(0, net), 0);
  if (subtotal === null || subtotal >= sum || sum === 0) return nets.map(() => 0);
  return allocateProportionally(sum - Math.max(0, subtotal), nets.map((net) => Math.max(0, net)));
}

function toEarnLine(line: z.output<typeof lineItemSchema>, net: number, currency: string, taxesIncluded: boolean): EarnLine {
  const tax = sumMoney(line.tax_lines.map((t) => t.price_set.shop_money), currency);
  // With tax-inclusive prices the tax is inside the price: take it out so "excluding tax" means the same everywhere.
  const amount = net - (taxesIncluded ? tax : 0);
  return {
    lineGid: line.admin_graphql_api_id,
    productGid: line.product_id ? `gid://shopify/Product/${line.product_id}` : null,
    title: line.title ?? line.name ?? "Item",
    quantity: line.quantity,
    amountMinor: Math.max(0, amount),
    taxMinor: tax,
    productType: null,
    collectionGids: [],
    giftCard: line.gift_card,
  };
}

/** The referral facts of an order that carries a referral signal (referrals.ts), or null. */
function referralFactsOf(order: z.output<typeof orderSchema>): ReferralOrderFacts | null {
  const signals = referralSignalsOf({ discountCodes: order.discount_codes.map((d) => d.code), attributes: order.note_attributes });
  if (!signals) return null;
  const address = order.shipping_address
    ? normalizeAddress({ ...order.shipping_address, countryCode: order.shipping_address.country_code })
    : null;
  return {
    signals,
    friendName: friendShortName(order.customer?.first_name, order.customer?.last_name),
    emails: fingerprints([normalizeEmail(order.email), normalizeEmail(order.customer?.email)]),
    addresses: fingerprints([address]),
    ips: fingerprints([normalizeIp(order.browser_ip)]),
  };
}

export function mapPaidOrder(payload: unknown): PaidOrder {
  const order = parseWith(orderSchema, payload, "order");
  const currency = order.currency.toUpperCase();
  const nets = order.line_items.map((line) => lineNet(line, currency));
  const extraDiscounts = unallocatedDiscounts(order, nets, currency);
  let shippingMinor = 0;
  let shippingTaxMinor = 0;
  for (const shipping of order.shipping_lines) {
    const price = (shipping.discounted_price_set ?? shipping.price_set).shop_money.amount;
    const tax = sumMoney(shipping.tax_lines.map((t) => t.price_set.shop_money), currency);
    shippingMinor += toMinorUnits(price, currency) - (order.taxes_included ? tax : 0);
    shippingTaxMinor += tax;
  }
  return {
    orderGid: order.admin_graphql_api_id,
    customer: order.customer ? toCustomerProfile(order.customer) : null,
    paidAt: parseDate(order.processed_at) ?? parseDate(order.created_at),
    discountCodes: order.discount_codes.map((d) => d.code),
    totalMinor: order.total_price_set ? toMinorUnits(order.total_price_set.shop_money.amount, currency) : 0,
    earnOrder: {
      orderGid: order.admin_graphql_api_id,
      orderName: order.name?.trim() ? order.name.trim().slice(0, 64) : null,
      currency,
      lines: order.line_items.map((line, index) =>
        toEarnLine(line, (nets[index] ?? 0) - (extraDiscounts[index] ?? 0), currency, order.taxes_included),
      ),
      shippingMinor: Math.max(0, shippingMinor),
      shippingTaxMinor,
    },
    referral: referralFactsOf(order),
  };
}

export function mapCancelledOrder(payload: unknown): CancelledOrder {
  const order = parseWith(
    z.object({ admin_graphql_api_id: gid("Order"), cancelled_at: z.string().nullable().optional() }),
    payload,
    "order",
  );
  return { orderGid: order.admin_graphql_api_id, cancelledAt: parseDate(order.cancelled_at) };
}

export function mapRefund(payload: unknown): RefundEvent {
  const refund = parseWith(refundSchema, payload, "refund");
  return {
    refundGid: refund.admin_graphql_api_id,
    orderGid: `gid://shopify/Order/${refund.order_id}`,
    createdAt: parseDate(refund.created_at),
    lines: refund.refund_line_items
      .filter((line) => line.quantity > 0)
      .map((line) => ({
        lineGid: line.line_item?.admin_graphql_api_id ?? `gid://shopify/LineItem/${line.line_item_id}`,
        quantity: line.quantity,
      })),
  };
}

export function mapCreatedCustomer(payload: unknown): CustomerProfile {
  return toCustomerProfile(parseWith(customerSchema, payload, "customer"));
}

/**
 * customers/update: the names and email, and the email marketing consent. Shopify's REST customer carries
 * `email_marketing_consent { state, opt_in_level, consent_updated_at }`; the webhook schema's example omits it, so it
 * is optional here (no consent field: the state is unknown, nothing is decided from it).
 */
const updatedCustomerSchema = customerSchema.extend({
  updated_at: z.string().nullable().optional(),
  email_marketing_consent: z
    .object({ state: z.string().max(40).nullable().optional(), consent_updated_at: z.string().nullable().optional() })
    .nullable()
    .optional(),
});

export interface UpdatedCustomer {
  customerGid: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  marketingState: string | null;
  consentUpdatedAt: Date | null;
  updatedAt: Date | null;
}

const trimmedOrNull = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

export function mapUpdatedCustomer(payload: unknown): UpdatedCustomer {
  const customer = parseWith(updatedCustomerSchema, payload, "customer");
  return {
    customerGid: customer.admin_graphql_api_id,
    firstName: trimmedOrNull(customer.first_name),
    lastName: trimmedOrNull(customer.last_name),
    email: trimmedOrNull(customer.email),
    marketingState: customer.email_marketing_consent?.state?.trim().toLowerCase() || null,
    consentUpdatedAt: parseDate(customer.email_marketing_consent?.consent_updated_at),
    updatedAt: parseDate(customer.updated_at),
  };
}

export function mapComplianceCustomer(payload: unknown): ComplianceCustomerRequest {
  const body = parseWith(complianceCustomerSchema, payload, "compliance");
  const orderIds = body.orders_requested ?? body.orders_to_redact ?? [];
  return {
    customerGid: `gid://shopify/Customer/${body.customer.id}`,
    dataRequestId: body.data_request?.id ?? null,
    orderGids: orderIds.map((id) => `gid://shopify/Order/${id}`),
  };
}

/**
 * What the inbox keys a delivery by, read when it is accepted: the order whose events are processed in arrival
 * order, and the customer a redact must find. Only these fields are read here (a few microseconds); the whole
 * payload is mapped by the inbox worker, which marks a delivery it cannot map as failed, with the reason.
 * A body without the key of its topic (another topic's body, say) is refused at once (INVALID_INPUT).
 */
export interface DeliveryKeys {
  orderKey: string;
  customerGid: string | null;
}

const customerKey = z
  .object({ admin_graphql_api_id: gid("Customer") })
  .nullish()
  .catch(null);
const paidOrderKeySchema = z.object({ admin_graphql_api_id: gid("Order"), customer: customerKey });
const orderKeySchema = z.object({ admin_graphql_api_id: gid("Order") });
const refundKeySchema = z.object({ admin_graphql_api_id: gid("Refund"), order_id: numericId });
const customerKeySchema = z.object({ admin_graphql_api_id: gid("Customer") });

export function paidOrderKeys(payload: unknown): DeliveryKeys {
  const order = parseWith(paidOrderKeySchema, payload, "order");
  return { orderKey: order.admin_graphql_api_id, customerGid: order.customer?.admin_graphql_api_id ?? null };
}

export function cancelledOrderKeys(payload: unknown): DeliveryKeys {
  const order = parseWith(orderKeySchema, payload, "order");
  return { orderKey: order.admin_graphql_api_id, customerGid: null };
}

export function refundKeys(payload: unknown): DeliveryKeys {
  const refund = parseWith(refundKeySchema, payload, "refund");
  return { orderKey: `gid://shopify/Order/${refund.order_id}`, customerGid: null };
}

export function createdCustomerKeys(payload: unknown): DeliveryKeys {
  const customer = parseWith(customerKeySchema, payload, "customer");
  return { orderKey: customer.admin_graphql_api_id, customerGid: customer.admin_graphql_api_id };
}
