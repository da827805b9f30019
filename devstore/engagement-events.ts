/**
 * The dev store's events for birthdays and actions (issue 11), registered in ./events.ts with one line:
 *
 *   customer-update  edit a customer and send customers/update   --customer 3 [--first A --last B --email E]
 *                                                                [--marketing subscribed|unsubscribed|not_subscribed]
 *   clock            move the dev store's clock (and the app's)  --advance 1d|36h|90m | --to 2027-03-01 | --reset
 *
 * customers/update carries Shopify's example payload with the customer's fields and, as Shopify's REST customer
 * does, `email_marketing_consent { state, opt_in_level, consent_updated_at }` (the consent time moves only when the
 * state changes). Times come from the dev store's clock (./clock.ts).
 */
import { gidNumber, type CustomerRecord } from "./admin-api";
import { devClock, DevClockError } from "./clock";
import { CommerceError, shopTime, type ShopEvent } from "./commerce";
import type { DevShop } from "./shop";
import { webhookExample } from "./webhooks/examples";

export const ENGAGEMENT_EVENT_TYPES = ["customer-update", "clock"] as const;

const MARKETING_STATES = new Set(["subscribed", "unsubscribed", "not_subscribed"]);

export interface EngagementEventInput {
  type: string;
  customer?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  marketing?: string;
  advance?: string;
  to?: string;
  reset?: string | boolean;
}

type Json = Record<string, unknown>;

function customerOf(shop: DevShop, value: string | undefined): CustomerRecord {
  const id = (value ?? "").replace(/^gid:\/\/shopify\/Customer\//, "");
  if (!/^\d+$/.test(id)) throw new CommerceError(`--customer takes a customer number, not "${value ?? ""}"`);
  const customer = shop.admin.customers.get(`gid://shopify/Customer/${id}`);
  if (!customer) throw new CommerceError(`No customer ${id}`);
  return customer;
}

/** Shopify's customers/update payload for a customer as the dev store holds it. */
export function updatedCustomerPayload(customer: CustomerRecord, updatedAt: Date): Json {
  const example = webhookExample<Json>("customers/update");
  const id = Number(gidNumber(customer.id));
  const consent = customer.emailMarketingConsent;
  return {
    ...example,
    id,
    admin_graphql_api_id: customer.id,
    created_at: customer.createdAt ?? null,
    updated_at: shopTime(updatedAt),
    first_name: customer.firstName ?? null,
    last_name: customer.lastName ?? null,
    email: customer.email,
    phone: customer.phone ?? null,
    note: null,
    addresses: [],
    default_address: { ...(example.default_address as Json), id: id * 10, customer_id: id, first_name: customer.firstName ?? null, last_name: customer.lastName ?? null },
    email_marketing_consent: consent
      ? { state: consent.state, opt_in_level: consent.state === "subscribed" ? "single_opt_in" : null, consent_updated_at: consent.consentUpdatedAt }
      : { state: "not_subscribed", opt_in_level: null, consent_updated_at: null },
  };
}

/** Runs an engagement event: the message and the webhooks to send. */
export function runEngagementEvent(shop: DevShop, input: EngagementEventInput): { message: string; events: ShopEvent[] } {
  const now = devClock.now();
  if (input.type === "clock") {
    try {
      if (input.reset === true || input.reset === "true") devClock.reset();
      else if (input.to) devClock.moveTo(input.to);
      else if (input.advance) devClock.advance(input.advance);
      else throw new DevClockError("clock takes --advance 1d, --to 2027-03-01 or --reset");
    } catch (error) {
      if (error instanceof DevClockError) throw new CommerceError(error.message);
      throw error;
    }
    const hours = Math.round(devClock.offsetMs() / 3_600_000);
    return { message: `The dev store's clock reads ${devClock.now().toISOString()} (${hours} h ahead of real time)`, events: [] };
  }
  const customer = customerOf(shop, input.customer);
  if (input.firstName !== undefined) customer.firstName = input.firstName.trim();
  if (input.lastName !== undefined) customer.lastName = input.lastName.trim();
  if (input.email !== undefined) customer.email = input.email.trim() || null;
  if (input.marketing !== undefined) {
    const state = input.marketing.trim().toLowerCase();
    if (!MARKETING_STATES.has(state)) throw new CommerceError(`--marketing takes subscribed, unsubscribed or not_subscribed, not "${input.marketing}"`);
    if (customer.emailMarketingConsent?.state !== state) customer.emailMarketingConsent = { state, consentUpdatedAt: shopTime(now) };
  }
  return {
    message: `Customer ${gidNumber(customer.id)} updated${customer.emailMarketingConsent ? ` (email marketing: ${customer.emailMarketingConsent.state})` : ""}`,
    events: [{ topic: "customers/update", payload: updatedCustomerPayload(customer, now) }],
  };
}
