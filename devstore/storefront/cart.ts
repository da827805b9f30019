/**
 * The dev store's cart, as much of Shopify's Ajax Cart API as the theme extension uses (issue 11, referrals):
 * cart attributes. `POST /cart/update.js` with `{ "attributes": { name: value } }` (JSON, or the form fields
 * `attributes[name]=value`) merges them into the cart (a blank value removes one, as Shopify does); `GET /cart.js`
 * answers the cart. The cart lives in a cookie (Shopify keeps a cart token in one); checkout
 * (`POST /cart/checkout`) carries its attributes onto the order (`note_attributes`) and empties it.
 */
import type { IncomingMessage } from "node:http";

const CART_COOKIE = "devstore_cart";
/** Shopify limits attribute names and values; the dev store keeps carts small the same way. */
const MAX_ATTRIBUTES = 20;
const MAX_LENGTH = 255;

export type CartAttributes = Record<string, string>;

export function cartAttributes(request: IncomingMessage): CartAttributes {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [name, value] = part.trim().split("=");
    if (name !== CART_COOKIE || !value) continue;
    try {
      const parsed = JSON.parse(decodeURIComponent(value)) as unknown;
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
        return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === "string"));
      }
    } catch {
      // A damaged cookie is an empty cart.
    }
  }
  return {};
}

export function cartCookie(attributes: CartAttributes): string {
  const empty = Object.keys(attributes).length === 0;
  return `${CART_COOKIE}=${empty ? "" : encodeURIComponent(JSON.stringify(attributes))}; Path=/; SameSite=Lax${empty ? "; Max-Age=0" : ""}`;
}

/** The order's note attributes from the cart's attributes. */
export function orderAttributes(attributes: CartAttributes): { name: string; value: string }[] {
  return Object.entries(attributes).map(([name, value]) => ({ name, value }));
}

function cartJson(attributes: CartAttributes) {
  return { token: "devstore-cart", note: null, attributes, item_count: 0, items: [], total_price: 0 };
}

/** Reads the attributes a request sends: JSON `{ attributes }` or form `attributes[name]=value`. */
function sentAttributes(body: string, type: string): Record<string, unknown> | null {
  if (type.includes("application/json")) {
    try {
      const parsed = JSON.parse(body) as { attributes?: unknown };
      return parsed.attributes && typeof parsed.attributes === "object" && !Array.isArray(parsed.attributes) ? (parsed.attributes as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  const form = new URLSearchParams(body);
  const found: Record<string, string> = {};
  for (const [key, value] of form) {
    const name = /^attributes\[(.+)\]$/.exec(key)?.[1];
    if (name) found[name] = value;
  }
  return found;
}

export interface CartAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** `/cart.js` and `/cart/update.js`; null: not a cart path (nothing read). */
export function cartRoute(request: IncomingMessage, pathname: string, body: () => Promise<string>): Promise<CartAnswer> | null {
  const path = pathname.replace(/^\/fr(?=\/)/, "");
  if (path === "/cart.js" && (request.method ?? "GET") === "GET") {
    return Promise.resolve({ status: 200, body: JSON.stringify(cartJson(cartAttributes(request))), headers: {} });
  }
  if (path !== "/cart/update.js") return null;
  return (async (): Promise<CartAnswer> => {
    if (request.method !== "POST") return { status: 405, body: JSON.stringify({ status: 405, message: "POST to update the cart" }), headers: {} };
    const sent = sentAttributes(await body(), String(request.headers["content-type"] ?? ""));
    if (!sent) return { status: 400, body: JSON.stringify({ status: 400, message: "Bad Request", description: "attributes must be an object" }), headers: {} };
    const attributes = { ...cartAttributes(request) };
    for (const [name, value] of Object.entries(sent)) {
      const text = value === null || value === undefined ? "" : String(value);
      if (name.length > MAX_LENGTH || text.length > MAX_LENGTH) {
        return { status: 422, body: JSON.stringify({ status: 422, message: "Cart Error", description: `Attribute ${name.slice(0, 40)} is too long` }), headers: {} };
      }
      if (text === "") delete attributes[name];
      else attributes[name] = text;
    }
    if (Object.keys(attributes).length > MAX_ATTRIBUTES) {
      return { status: 422, body: JSON.stringify({ status: 422, message: "Cart Error", description: "Too many cart attributes" }), headers: {} };
    }
    return { status: 200, body: JSON.stringify(cartJson(attributes)), headers: { "Set-Cookie": cartCookie(attributes) } };
  })();
}
