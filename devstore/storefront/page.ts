/**
 * The dev store's online store: a minimal theme page with the app's theme extension rendered in it — the
 * "Rewards" app block in the page and the "Rewards launcher" app embed — for a signed-in customer or a guest.
 *
 * Rules:
 * - The customer's loyalty data is what Shopify would hand Liquid: the metafields the app wrote to the dev store
 *   through the Admin API (`metafieldsSet`), nothing computed here.
 * - The theme around the blocks (header with the sign-in switcher, a product grid with a checkout form) is
 *   presentation for trying the store; checking out places and pays an order in the dev store, which sends the app
 *   its webhooks like any other order.
 */
import { gidNumber } from "../admin-api";
import { storeCreditBalance } from "../admin-api/store-credit";
import { money } from "../commerce";
import type { DevShop } from "../shop";
import { html, raw } from "../admin/html";
import { renderPage, type StorefrontLocale } from "./liquid";

export interface StorefrontPageOptions {
  shop: DevShop;
  /** Numeric id of the signed-in customer; null: a guest. */
  customerId: string | null;
  locale: StorefrontLocale;
  /** A message after checkout ("Thank you for your order #1004"). */
  flash?: string | null;
  error?: string | null;
  /** false: the same page without the app's block and embed (the baseline of bench/lighthouse.bench.ts). */
  app?: boolean;
}

const THEME_STYLE = `
  .store-header { display: flex; gap: 16px; align-items: center; padding: 12px 32px; background: #fff; border-bottom: 1px solid #ddd; }
  .store-header strong { font-size: 18px; } .store-header .spacer { flex: 1; }
  .store-header form { display: inline-flex; gap: 6px; align-items: center; }
  .products { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 12px; margin: 16px 0 24px; }
  .product { background: #fff; border-radius: 10px; padding: 12px; box-shadow: 0 0 0 1px rgba(0,0,0,.06); display: flex; flex-direction: column; gap: 6px; }
  .product small { color: #666; } .product button, .store-header button { font: inherit; border: 0; border-radius: 6px; padding: 6px 10px; background: #222; color: #fff; cursor: pointer; }
  .notice { background: #e3f5e9; border-radius: 8px; padding: 10px 14px; margin: 12px 0; } .notice--error { background: #fde2e1; }
  .checkout { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  .checkout input { font: inherit; padding: 5px 8px; border: 1px solid #aaa; border-radius: 6px; }
`;

export async function renderStorefront(options: StorefrontPageOptions): Promise<string> {
  const { shop, customerId } = options;
  const customerGid = customerId ? `gid://shopify/Customer/${customerId}` : null;
  const record = customerGid ? shop.admin.customers.get(customerGid) : undefined;
  const customers = [...shop.admin.customers.values()];
  const products = [...shop.admin.products.values()].filter((p) => p.priceMinor !== undefined);
  const signedIn = record
    ? html`Signed in as <b>${record.firstName} ${record.lastName}</b> · <a href="/account/logout">Sign out</a>`
    : html`Guest · <a href="/account/login">Sign in</a>`;
  const header = html`<header class="store-header theme-header">
  <strong>${shop.name}</strong><span class="spacer"></span><span data-session>${signedIn}</span>
  <form method="get" action="/storefront"><input type="hidden" name="shop" value="${shop.domain}">
    <label>View as <select name="customer" onchange="this.form.submit()">
      <option value="guest">Guest</option>
      ${customers.map((c) => html`<option value="${gidNumber(c.id)}" ${c.id === customerGid ? raw("selected") : ""}>${c.firstName} ${c.lastName}</option>`)}
    </select></label><noscript><button>Go</button></noscript></form>
</header>`;
  const beforeBlocks = html`${options.flash ? html`<div class="notice" role="status">${options.flash}</div>` : ""}
${options.error ? html`<div class="notice notice--error" role="alert">${options.error}</div>` : ""}
<h1>Winter collection</h1>
<form method="post" action="/cart/checkout" id="checkout">
  <input type="hidden" name="shop" value="${shop.domain}">
  <div class="products">${products.map(
    (p) => html`<div class="product"><b>${p.title}</b><small>${p.productType} · ${p.vendor}</small><span>$${money(p.priceMinor ?? 0)}</span>
      <button name="products" value="${gidNumber(p.id)}:1">Buy now</button></div>`,
  )}</div>
  <div class="checkout">${record ? html`<label>Discount code <input name="code" autocomplete="off"></label>${storeCreditOption(shop, record.id)}<span>Checkout pays the order at once.</span>` : html`<span>Guest checkout works too (no points): sign in to earn.</span>`}</div>
</form>`;
  return renderPage({
    locale: options.locale,
    title: shop.name,
    shop: { name: shop.name, money_format: "${{amount}}", permanent_domain: shop.domain },
    customer: record
      ? { id: gidNumber(record.id), firstName: record.firstName ?? "", metafields: shop.admin.metafieldsFor(record.id) }
      : null,
    appMetafields: shop.admin.metafieldsFor(shop.admin.appInstallationId),
    blocks: options.app === false ? [] : [{ name: "rewards", id: "rewards-main" }],
    embeds: options.app === false ? [] : [{ name: "launcher", id: "rewards-launcher" }],
    theme: { header: header.value, beforeBlocks: beforeBlocks.value, style: THEME_STYLE },
  });
}

/** The sign-in page (`routes.account_login_url`): pick a demo customer. */
export function loginPage(shop: DevShop): string {
  const customers = [...shop.admin.customers.values()];
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · ${shop.name}</title>
<style>body{font-family:system-ui,sans-serif;max-width:560px;margin:40px auto;padding:0 16px} li{margin:6px 0}</style></head>
<body><h1>Sign in</h1><p>Choose a demo customer (the dev store has no passwords).</p>
<ul>${customers.map(
    (c) => html`<li><a href="/storefront?shop=${shop.domain}&customer=${gidNumber(c.id)}">${c.firstName} ${c.lastName}</a> <small>${c.email}</small></li>`,
  )}</ul>
<p><a href="/account/register">Create an account</a> · <a href="/storefront?shop=${shop.domain}&customer=guest">Continue as a guest</a></p></body></html>`.value;
}

/** The sign-up page (`routes.account_register_url`): creating an account sends customers/create. */
export function registerPage(shop: DevShop, error?: string | null): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Create account · ${shop.name}</title>
<style>body{font-family:system-ui,sans-serif;max-width:560px;margin:40px auto;padding:0 16px} label{display:block;margin:8px 0}</style></head>
<body><h1>Create account</h1>${error ? html`<p role="alert" style="color:#b00">${error}</p>` : ""}
<form method="post" action="/account/register"><input type="hidden" name="shop" value="${shop.domain}">
<label>First name <input name="firstName" required></label><label>Last name <input name="lastName" required></label>
<label>Email <input name="email" type="email"></label><button>Create</button></form></body></html>`.value;
}

/** Checkout's "Use store credit" for a signed-in customer with a balance (new customer accounts only, at Shopify). */
function storeCreditOption(shop: DevShop, customerGid: string) {
  const balance = storeCreditBalance(shop.admin, customerGid, shop.admin.currencyCode);
  if (balance <= 0) return "";
  return html`<label data-store-credit><input type="checkbox" name="storeCredit" value="on" checked> Use store credit ($${money(balance)} available)</label>`;
}
