/**
 * The dev store's referral events (issue 11, docs/decisions/033-referrals.md), registered in ./events.ts:
 *
 *   referral-order   a referred friend's order, placed and paid
 *                    --customer 8 [--code FRIEND-XXXXXXXXXX] [--ref REFERRERCODE] [--browser-ip 203.0.113.9]
 *                    [--products 101:1 | --items 2]
 *
 * --code is the friend's discount code (applied as at checkout: single use, minimum order); --ref is the referrer's
 * code, set as the cart attribute `_loyalty_referral` the storefront script sets, so an order without the code can
 * still be attributed. At least one of them. --browser-ip puts `browser_ip` on the order payload, so the fraud
 * checks (same IP as the referrer's last order) can be shown. orders/create then orders/paid are sent.
 */
import { CommerceError, payOrder, placeOrder, type ShopEvent } from "./commerce";
import type { DevShop, OrderRecord } from "./shop";

export const REFERRAL_EVENT_TYPES = ["referral-order"] as const;

export interface ReferralEventInput {
  type: string;
  customer?: string;
  code?: string;
  ref?: string;
  browserIp?: string;
  products?: string;
  items?: string | number;
}

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]{2,39})$/;

export function runReferralEvent(shop: DevShop, input: ReferralEventInput, now: Date): { message: string; events: ShopEvent[]; order: OrderRecord } {
  const customer = (input.customer ?? "").replace(/^gid:\/\/shopify\/Customer\//, "");
  if (customer !== "guest" && !/^\d+$/.test(customer)) throw new CommerceError(`--customer takes the friend's customer number or "guest", not "${input.customer ?? ""}"`);
  const code = input.code?.trim() || null;
  const ref = input.ref?.trim().toUpperCase() || null;
  if (!code && !ref) throw new CommerceError("referral-order needs the friend's --code, the referrer's --ref, or both");
  if (ref && !/^[0-9A-Z]{4,40}$/.test(ref)) throw new CommerceError(`--ref takes the referrer's code (letters and digits), not "${input.ref}"`);
  const browserIp = input.browserIp?.trim() || null;
  if (browserIp && !IP.test(browserIp)) throw new CommerceError(`--browser-ip takes an IP address, not "${input.browserIp}"`);
  const lines = input.products
    ? input.products.split(",").map((part) => {
        const [productId = "", quantity = "1"] = part.trim().split(":");
        if (!/^\d+$/.test(productId) || !/^\d+$/.test(quantity)) throw new CommerceError(`--products takes id[:qty],… not "${input.products}"`);
        return { productId, quantity: Number(quantity) };
      })
    : undefined;
  const placed = placeOrder(
    shop,
    {
      customerId: customer === "guest" ? null : customer,
      ...(lines ? { lines } : { items: Number(input.items ?? 2) }),
      code,
      ...(ref ? { attributes: [{ name: "_loyalty_referral", value: ref }] } : {}),
      ...(browserIp ? { browserIp } : {}),
    },
    now,
  );
  const events = [...placed.events, ...payOrder(shop, placed.order.id, now)];
  const signals = [code && `code ${code}`, ref && `referrer ${ref}`].filter(Boolean).join(", ");
  return { message: `Referred order #${placed.order.number} placed and paid (${signals})`, events, order: placed.order };
}
