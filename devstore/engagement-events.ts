/**
 * The dev store's events for birthdays and actions (issue 11), registered in ./events.ts with one line:
 *
 *   customer-update  edit a customer and send customers/update   --customer 3 [--first A --last B --email E]
 *                                                                [--marketing subscribed|unsubscribed|not_subscribed]
 *   clock            move the dev store's clock (and the app's)  --advance 1d|36h|90m | --to 2027-03-01 | --reset
 *   birth-date       a merchant sets the customer's birth date   --customer 3 --date 1990-04-12
 *                    in the admin (Shopify's standard customer metafield `facts.birth_date`) and customers/update
 *
 * customers/update carries Shopify's example payload with the customer's fields and, as Shopify's REST customer
 * does, `email_marketing_consent { state, opt_in_level, consent_updated_at }` (the consent time moves only when the
 * state changes). Times come from the dev store's clock (./clock.ts).
 *
 * birth-date does what the merchant's edit does in Shopify's admin: the "Birth date" field exists on the customer
 * page once the standard definition is enabled (Settings › Custom data; enabled here if it is not yet, as
 * `standardMetafieldDefinitionEnable` would), the value is checked as a `date` metafield (YYYY-MM-DD, a real day),
 * stored on the customer, and Shopify sends customers/update. That payload carries no metafields: Shopify adds them
 * only for the namespaces a subscription lists in `metafield_namespaces`, and the app's shopify.app.toml lists none.
 * A refused value changes nothing and sends nothing.
 */
import { gidNumber, metafieldValueProblem, type CustomerRecord } from "./admin-api";
import { standardMetafieldResolvers } from "./admin-api/standard-metafields";
import { devClock, DevClockError } from "./clock";
import { CommerceError, shopTime, type ShopEvent } from "./commerce";
import type { DevShop } from "./shop";
import { webhookExample } from "./webhooks/examples";

export const ENGAGEMENT_EVENT_TYPES = ["customer-update", "clock", "birth-date"] as const;

/** Shopify's standard customer birth date (the app writes it too: app/shopify/graphql/birthday.ts). */
export const BIRTH_DATE = { ownerType: "CUSTOMER", namespace: "facts", key: "birth_date", type: "date" } as const;

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
  /** birth-date: the day, YYYY-MM-DD. */
  date?: string;
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
  if (input.type === "birth-date") return setBirthDate(shop, customer, input.date, now);
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

/** The merchant's edit of the customer's "Birth date" in the admin: the metafield, then customers/update. */
function setBirthDate(shop: DevShop, customer: CustomerRecord, date: string | undefined, now: Date): { message: string; events: ShopEvent[] } {
  const value = (date ?? "").trim();
  if (value === "") throw new CommerceError("birth-date needs --date YYYY-MM-DD");
  const problem = metafieldValueProblem(BIRTH_DATE.type, value);
  if (problem) throw new CommerceError(`--date takes a day as YYYY-MM-DD, not "${date}": ${problem.message}`);
  // The field is on the customer page once the standard definition is enabled; enabling it twice answers TAKEN.
  standardMetafieldResolvers(shop.admin).standardMetafieldDefinitionEnable(BIRTH_DATE);
  shop.admin.putMetafield({ ownerId: customer.id, namespace: BIRTH_DATE.namespace, key: BIRTH_DATE.key, type: BIRTH_DATE.type, value }, now.toISOString());
  return {
    message: `Customer ${gidNumber(customer.id)}'s birth date (facts.birth_date) set to ${value}`,
    events: [{ topic: "customers/update", payload: updatedCustomerPayload(customer, now) }],
  };
}
