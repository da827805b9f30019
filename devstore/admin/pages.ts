/**
 * The dev store's admin: a small Shopify-admin look-alike at /store/<handle>/… with the app embedded at
 * /store/<handle>/apps/<app handle>/… (as admin.shopify.com does), and the store's own pages — orders (place, pay,
 * refund, cancel), customers (with the metafields the app wrote), products, discounts (the codes the app created),
 * and the webhook and Admin API logs. Every button is a plain form post (`/store/<handle>/actions/<event>`): no
 * script needed, easy to drive from a browser test.
 */
import { gidNumber } from "../admin-api";
import { orderTotals, remainingQuantity, money } from "../commerce";
import type { DevShop, OrderRecord } from "../shop";
import { html, raw, type Html } from "./html";

export interface AdminContext {
  shop: DevShop;
  appName: string;
  appHandle: string;
  /** The app's "$app" namespace as stored (`app--<id>`). */
  appNamespace: string;
  flash?: string | null;
  error?: string | null;
}

const STYLE = raw(`
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, BlinkMacSystemFont, "San Francisco", "Segoe UI", Roboto, sans-serif; color: #303030; background: #f1f1f1; }
a { color: #005bd3; text-decoration: none; } a:hover { text-decoration: underline; }
.topbar { height: 52px; background: #1a1a1a; color: #e3e3e3; display: flex; align-items: center; gap: 16px; padding: 0 16px; }
.topbar strong { color: #fff; font-size: 15px; } .topbar .spacer { flex: 1; } .topbar .badge { background: #5c3cd3; color: #fff; border-radius: 8px; padding: 2px 8px; font-size: 12px; }
.frame { display: grid; grid-template-columns: 240px 1fr; min-height: calc(100vh - 52px); }
nav.sidebar { background: #ebebeb; padding: 12px 8px; display: flex; flex-direction: column; gap: 2px; }
nav.sidebar a { color: #303030; padding: 6px 10px; border-radius: 8px; font-weight: 550; }
nav.sidebar a[aria-current="page"] { background: #fff; }
nav.sidebar .section { margin: 14px 10px 4px; font-size: 12px; color: #616161; font-weight: 600; }
#app-nav { display: flex; flex-direction: column; gap: 2px; }
nav.sidebar .nav__sub { font-weight: 450; padding-left: 28px; }
main.content { padding: 20px 24px 80px; min-width: 0; }
main.content.app { padding: 0; display: flex; flex-direction: column; }
.app-header { display: flex; align-items: center; gap: 10px; padding: 10px 16px; background: #fff; border-bottom: 1px solid #e3e3e3; font-weight: 650; }
.app-header img { width: 20px; height: 20px; }
iframe#app-frame { border: 0; width: 100%; flex: 1; min-height: calc(100vh - 52px - 45px); background: #f1f1f1; }
h1 { font-size: 20px; margin: 0 0 16px; } h2 { font-size: 15px; margin: 0 0 12px; }
.card { background: #fff; border-radius: 12px; box-shadow: 0 1px 0 rgba(0,0,0,.07), 0 0 0 1px rgba(0,0,0,.04); padding: 16px; margin-bottom: 16px; }
table { width: 100%; border-collapse: collapse; } th, td { text-align: left; padding: 8px; border-bottom: 1px solid #ebebeb; vertical-align: top; }
th { font-size: 12px; color: #616161; font-weight: 600; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.pill { display: inline-block; border-radius: 8px; padding: 1px 8px; font-size: 12px; background: #e3e3e3; }
.pill--paid, .pill--delivered, .pill--ACTIVE { background: #cdfee1; } .pill--pending, .pill--held, .pill--SCHEDULED { background: #fff1c2; }
.pill--failed, .pill--refunded, .pill--voided, .pill--EXPIRED, .pill--invalid, .pill--unauthorized { background: #fedad9; }
.pill--partially_refunded { background: #ffe4c6; } .pill--no-subscription { background: #f1f1f1; color: #616161; }
form.inline { display: inline-flex; gap: 6px; align-items: center; flex-wrap: wrap; margin: 2px 0; }
button, .button { font: inherit; font-weight: 600; border: 0; border-radius: 8px; padding: 6px 12px; background: #303030; color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: #303030; box-shadow: inset 0 0 0 1px #c9c9c9; } button.danger { background: #c70a24; }
input, select { font: inherit; padding: 5px 8px; border: 1px solid #8a8a8a; border-radius: 8px; background: #fff; }
input[type=number] { width: 64px; } label.opt { font-size: 12px; color: #616161; display: inline-flex; gap: 4px; align-items: center; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px; }
.flash { background: #cdfee1; border-radius: 12px; padding: 10px 14px; margin-bottom: 16px; } .flash--error { background: #fedad9; }
.muted { color: #616161; } code, pre { font-family: ui-monospace, Menlo, monospace; font-size: 12px; } pre { white-space: pre-wrap; max-height: 320px; overflow: auto; background: #f7f7f7; padding: 8px; border-radius: 8px; }
.stats { display: flex; gap: 16px; flex-wrap: wrap; } .stat { background: #fff; border-radius: 12px; padding: 12px 16px; min-width: 150px; box-shadow: 0 0 0 1px rgba(0,0,0,.06); } .stat b { display: block; font-size: 20px; }
#toasts { position: fixed; bottom: 24px; left: 50%; transform: translateX(-50%); display: flex; flex-direction: column; gap: 8px; z-index: 10; }
.toast { background: #1a1a1a; color: #fff; border-radius: 10px; padding: 10px 14px; display: flex; gap: 12px; align-items: center; box-shadow: 0 4px 16px rgba(0,0,0,.25); }
.toast--error { background: #8e0b21; } .toast button { background: transparent; padding: 0 4px; }
#save-bar[hidden] { display: none; }
#save-bar { position: fixed; top: 0; left: 0; right: 0; height: 52px; background: #1a1a1a; color: #fff; display: flex; align-items: center; justify-content: center; z-index: 5; }
body.is-loading .topbar { box-shadow: inset 0 -3px 0 #5c3cd3; }
dialog#resource-picker { border: 0; border-radius: 12px; padding: 0; width: 480px; max-width: 90vw; box-shadow: 0 8px 40px rgba(0,0,0,.3); }
dialog#resource-picker header, dialog#resource-picker footer { padding: 12px 16px; display: flex; gap: 8px; justify-content: space-between; align-items: center; }
dialog#resource-picker .list { max-height: 50vh; overflow: auto; border-block: 1px solid #ebebeb; }
.picker__item { display: grid; grid-template-columns: 24px 1fr auto; gap: 8px; padding: 10px 16px; border-bottom: 1px solid #f1f1f1; cursor: pointer; }
`);

function layout(ctx: AdminContext, active: string, title: string, body: Html, options: { app?: boolean; head?: Html; scripts?: Html } = {}): string {
  const { shop } = ctx;
  const base = `/store/${shop.handle}`;
  const item = (key: string, label: string, href: string) =>
    html`<a href="${href}" ${active === key ? raw('aria-current="page"') : raw("")}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${shop.name} · Dev store</title>
<style>${STYLE}</style>
${options.head}
</head>
<body>
<header class="topbar"><strong>${shop.name}</strong><span>${shop.domain}</span><span class="badge">Local dev store</span><span class="spacer"></span><span>${shop.staff.firstName} ${shop.staff.lastName}</span></header>
<div id="save-bar" hidden>Unsaved changes</div>
<div class="frame">
<nav class="sidebar" aria-label="Admin">
  ${item("home", "Home", base)}
  ${item("orders", "Orders", `${base}/orders`)}
  ${item("customers", "Customers", `${base}/customers`)}
  ${item("products", "Products", `${base}/products`)}
  ${item("discounts", "Discounts", `${base}/discounts`)}
  ${item("theme", "Theme editor", `${base}/themes/current/editor`)}
  ${item("webhooks", "Webhooks (dev)", `${base}/webhooks`)}
  ${item("api", "Admin API log (dev)", `${base}/api-log`)}
  <a href="/storefront?shop=${shop.domain}" target="_blank" rel="noopener">Online store ↗</a>
  <div class="section">Apps</div>
  ${item("app", ctx.appName, `${base}/apps/${ctx.appHandle}`)}
  <div id="app-nav"></div>
</nav>
<main class="content${options.app ? " app" : ""}">
${ctx.flash ? html`<div class="flash" role="status">${ctx.flash}</div>` : ""}
${ctx.error ? html`<div class="flash flash--error" role="alert">${ctx.error}</div>` : ""}
${body}
</main>
</div>
<div id="toasts" aria-live="polite"></div>
${options.scripts}
</body>
</html>`.value;
}

/** Shopify's theme editor, as far as deep links to app blocks and embeds need it (./theme.ts). */
export function themeEditorPage(ctx: AdminContext, body: Html): string {
  return layout(ctx, "theme", "Theme editor", body);
}

/** The hidden field every action form carries to come back to the page it was posted from. */
function back(path: string): Html {
  return html`<input type="hidden" name="returnTo" value="${path}">`;
}

function deliveryOptions(): Html {
  return html`<label class="opt"><input type="checkbox" name="duplicate" value="same-id"> duplicate</label>
<label class="opt"><input type="checkbox" name="outOfOrder" value="true"> out of order</label>`;
}

function customerName(shop: DevShop, customerId: string | null): string {
  if (!customerId) return "Guest";
  const customer = shop.admin.customers.get(`gid://shopify/Customer/${customerId}`);
  return customer ? `${customer.firstName ?? ""} ${customer.lastName ?? ""}`.trim() || customer.email || customerId : `Customer ${customerId}`;
}

function appMetafield(ctx: AdminContext, customerGid: string, key: string): string | null {
  return ctx.shop.admin.metafield(customerGid, ctx.appNamespace, key)?.value ?? null;
}

export function homePage(ctx: AdminContext, summary: { installed: boolean; held: number }): string {
  const { shop } = ctx;
  const base = `/store/${shop.handle}`;
  const orders = [...shop.orders.values()];
  const body = html`<h1>Home</h1>
<div class="stats">
  <div class="stat"><span class="muted">Orders</span><b>${orders.length}</b></div>
  <div class="stat"><span class="muted">Customers</span><b>${shop.admin.customers.size}</b></div>
  <div class="stat"><span class="muted">Products</span><b>${shop.admin.products.size}</b></div>
  <div class="stat"><span class="muted">App</span><b>${summary.installed ? "Authorized" : "Not opened yet"}</b></div>
  <div class="stat"><span class="muted">Held webhooks</span><b>${summary.held}</b></div>
</div>
<div class="card" style="margin-top:16px">
  <h2>Try the loyalty program</h2>
  <ol>
    <li><a href="${base}/apps/${ctx.appHandle}">Open ${ctx.appName}</a> (the first visit authorizes the app: token exchange).</li>
    <li>Place and pay orders on <a href="${base}/orders">Orders</a>, or shop on the <a href="/storefront?shop=${shop.domain}">online store</a> as a customer.</li>
    <li>See points on the storefront and in the customers' metafields on <a href="${base}/customers">Customers</a>.</li>
    <li>Refund part of an order or cancel it, and watch the points come back out. Every webhook is on <a href="${base}/webhooks">Webhooks</a>.</li>
  </ol>
</div>`;
  return layout(ctx, "home", "Home", body);
}

export interface AppShellOptions {
  /** The app URL the iframe loads (with embedded=1, shop, host, id_token…). */
  frameSrc: string;
  appOrigin: string;
  tokenUrl: string;
  resourcesUrl: string;
}

export function appShellPage(ctx: AdminContext, options: AppShellOptions): string {
  const { shop } = ctx;
  const body = html`<div class="app-header"><span id="app-title">${ctx.appName}</span></div>
<iframe id="app-frame" name="app-iframe" title="${ctx.appName}" src="${options.frameSrc}" allow="clipboard-write"></iframe>
<dialog id="resource-picker">
  <form method="dialog">
    <header><strong data-title>Select</strong><button class="secondary" value="cancel">Cancel</button></header>
    <div class="list" data-list></div>
    <footer><span class="muted">From the dev store's data</span><button value="confirm" data-confirm>Select</button></footer>
  </form>
</dialog>`;
  const user = { id: Number(shop.staff.id), name: `${shop.staff.firstName} ${shop.staff.lastName}`, email: shop.staff.email, accountAccess: "Account owner" };
  const scripts = html`<script src="/admin-assets/host.js"
  data-app-origin="${options.appOrigin}" data-store="${shop.handle}" data-app-handle="${ctx.appHandle}" data-app-name="${ctx.appName}"
  data-token-url="${options.tokenUrl}" data-resources-url="${options.resourcesUrl}" data-user="${JSON.stringify(user)}"></script>`;
  return layout(ctx, "app", ctx.appName, body, { app: true, scripts });
}

function orderActions(ctx: AdminContext, order: OrderRecord, returnTo: string): Html {
  const action = `/store/${ctx.shop.handle}/actions`;
  const cancelled = order.cancelledAt !== null;
  const refundable = !cancelled && (order.financialStatus === "paid" || order.financialStatus === "partially_refunded");
  const lines = order.lines.filter((line) => remainingQuantity(order, line) > 0);
  return html`${!cancelled && order.financialStatus === "pending"
    ? html`<form class="inline" method="post" action="${action}/pay">${back(returnTo)}<input type="hidden" name="order" value="${order.id}"><button>Mark as paid</button>${deliveryOptions()}</form>`
    : ""}
${refundable && lines.length > 0
    ? html`<form class="inline" method="post" action="${action}/refund">${back(returnTo)}<input type="hidden" name="order" value="${order.id}">
  <select name="lines" aria-label="Line to refund">${lines.map((line) => {
        const left = remainingQuantity(order, line);
        return Array.from({ length: left }, (_, i) => i + 1).map(
          (qty) => html`<option value="${line.id}:${qty}">${qty} × ${line.title}</option>`,
        );
      })}</select>
  <button class="secondary">Refund</button>${deliveryOptions()}</form>`
    : ""}
${!cancelled
    ? html`<form class="inline" method="post" action="${action}/cancel">${back(returnTo)}<input type="hidden" name="order" value="${order.id}">
  ${refundable ? html`<label class="opt"><input type="checkbox" name="refund" value="true" checked> refund payment</label>` : ""}
  <button class="danger">Cancel order</button>${deliveryOptions()}</form>`
    : ""}`;
}

function statusPills(order: OrderRecord): Html {
  return html`<span class="pill pill--${order.financialStatus}">${order.financialStatus.replace("_", " ")}</span>
${order.cancelledAt ? html` <span class="pill pill--voided">cancelled</span>` : ""}`;
}

export function ordersPage(ctx: AdminContext): string {
  const { shop } = ctx;
  const base = `/store/${shop.handle}`;
  const orders = [...shop.orders.values()].sort((a, b) => b.number - a.number);
  const customers = [...shop.admin.customers.values()];
  const products = [...shop.admin.products.values()].filter((p) => p.priceMinor !== undefined);
  const held = shop.deliveries.filter((d) => d.state === "held").length;
  const body = html`<h1>Orders</h1>
<div class="card">
  <h2>Create order</h2>
  <form method="post" action="${base}/actions/order-create" id="create-order">
    ${back(`${base}/orders`)}
    <p><label>Customer <select name="customer">
      <option value="guest">Guest checkout</option>
      ${customers.map((c) => html`<option value="${gidNumber(c.id)}">${gidNumber(c.id)} · ${c.firstName} ${c.lastName}</option>`)}
    </select></label></p>
    <div class="grid">
      ${products.map(
        (p) => html`<label class="opt" style="font-size:14px;color:inherit"><input type="number" min="0" max="9" value="0" name="qty_${gidNumber(p.id)}" aria-label="Quantity of ${p.title}"> ${p.title} <span class="muted">${money(p.priceMinor ?? 0)} · ${p.productType}</span></label>`,
      )}
    </div>
    <p><label>Discount code <input name="code" placeholder="optional"></label>
      <label class="opt"><input type="checkbox" name="pay" value="true" checked> mark as paid</label>
      ${deliveryOptions()}
      <button>Create order</button>
      <span class="muted">No quantity chosen: one item from the catalog.</span></p>
  </form>
</div>
${held > 0
    ? html`<div class="card"><form class="inline" method="post" action="${base}/actions/flush">${back(`${base}/orders`)}<span>${held} webhook(s) held for out-of-order delivery.</span><button>Deliver held webhooks now</button></form></div>`
    : ""}
<div class="card">
  <table>
    <thead><tr><th>Order</th><th>Date</th><th>Customer</th><th>Status</th><th class="num">Total</th><th class="num">Refunded</th><th>Actions</th></tr></thead>
    <tbody>
    ${orders.length === 0 ? html`<tr><td colspan="7" class="muted">No orders yet.</td></tr>` : ""}
    ${orders.map((order) => {
      const totals = orderTotals(order);
      return html`<tr data-order="${order.number}">
        <td><a href="${base}/orders/${order.id}">#${order.number}</a>${order.discount ? html`<br><span class="muted">code ${order.discount.code}</span>` : ""}</td>
        <td>${order.createdAt.slice(0, 16).replace("T", " ")}</td>
        <td>${customerName(shop, order.customerId)}</td>
        <td>${statusPills(order)}</td>
        <td class="num">${money(totals.total)}</td>
        <td class="num">${totals.refunded ? money(totals.refunded) : ""}</td>
        <td>${orderActions(ctx, order, `${base}/orders`)}</td>
      </tr>`;
    })}
    </tbody>
  </table>
</div>`;
  return layout(ctx, "orders", "Orders", body);
}

export function orderPage(ctx: AdminContext, order: OrderRecord): string {
  const { shop } = ctx;
  const base = `/store/${shop.handle}`;
  const totals = orderTotals(order);
  const deliveries = shop.deliveries.filter((d) => d.body.includes(`"gid://shopify/Order/${order.id}"`) || d.body.includes(`"order_id":${order.id}`));
  const body = html`<h1>Order #${order.number} ${statusPills(order)}</h1>
<div class="card">
  <p>${customerName(shop, order.customerId)}${order.customerId ? html` · <a href="${base}/customers/${order.customerId}">customer ${order.customerId}</a>` : ""} · placed ${order.createdAt}${order.paidAt ? html` · paid ${order.paidAt}` : ""}${order.cancelledAt ? html` · cancelled ${order.cancelledAt}` : ""}</p>
  <table>
    <thead><tr><th>Line</th><th>Item</th><th class="num">Qty</th><th class="num">Refunded</th><th class="num">Price</th><th class="num">Discount</th></tr></thead>
    <tbody>${order.lines.map(
      (line) => html`<tr><td><code>${line.id}</code></td><td>${line.title}</td><td class="num">${line.quantity}</td><td class="num">${line.quantity - remainingQuantity(order, line) || ""}</td><td class="num">${money(line.unitPriceMinor)}</td><td class="num">${line.discountMinor ? money(line.discountMinor) : ""}</td></tr>`,
    )}</tbody>
  </table>
  <p>Subtotal ${money(totals.subtotal)}${order.discount ? html` (code <code>${order.discount.code}</code>${order.discount.kind === "shipping" ? ", free shipping" : html` −${money(order.discount.amountMinor)}`})` : ""} · Refunded ${money(totals.refunded)} · Net ${money(totals.current)}</p>
  ${orderActions(ctx, order, `${base}/orders/${order.id}`)}
</div>
<div class="card"><h2>Webhooks for this order</h2>${deliveryTable(ctx, deliveries, `${base}/orders/${order.id}`)}</div>`;
  return layout(ctx, "orders", `Order #${order.number}`, body);
}

export function customersPage(ctx: AdminContext): string {
  const { shop } = ctx;
  const base = `/store/${shop.handle}`;
  const customers = [...shop.admin.customers.values()];
  const body = html`<h1>Customers</h1>
<div class="card">
  <h2>Add customer</h2>
  <form class="inline" method="post" action="${base}/actions/customer-create">${back(`${base}/customers`)}
    <input name="firstName" placeholder="First name" aria-label="First name" required>
    <input name="lastName" placeholder="Last name" aria-label="Last name" required>
    <input name="email" type="email" placeholder="Email (optional)" aria-label="Email">
    <button>Save customer</button>${deliveryOptions()}
  </form>
</div>
<div class="card">
  <table>
    <thead><tr><th>Id</th><th>Name</th><th>Email</th><th class="num">Orders</th><th class="num">Points (metafield)</th><th>Tier (metafield)</th><th class="num">Store credit</th><th>Tags</th><th>Storefront</th></tr></thead>
    <tbody>${customers.map((c) => {
      const id = gidNumber(c.id);
      const orders = [...shop.orders.values()].filter((o) => o.customerId === id).length;
      return html`<tr data-customer="${id}"><td>${id}</td><td><a href="${base}/customers/${id}">${c.firstName} ${c.lastName}</a></td><td>${c.email}</td>
        <td class="num">${orders}</td><td class="num">${appMetafield(ctx, c.id, "points_balance") ?? html`<span class="muted">—</span>`}</td>
        <td>${appMetafield(ctx, c.id, "tier") ?? html`<span class="muted">—</span>`}</td>
        <td class="num" data-store-credit>${storeCreditCell(shop, c.id)}</td>
        <td data-tags>${(c.tags ?? []).join(", ") || html`<span class="muted">—</span>`}</td>
        <td><a href="/storefront?shop=${shop.domain}&customer=${id}" target="_blank" rel="noopener">Shop as ${c.firstName} ↗</a></td></tr>`;
    })}</tbody>
  </table>
</div>`;
  return layout(ctx, "customers", "Customers", body);
}

/** A customer's store credit balances ("—" without an account). */
function storeCreditCell(shop: DevShop, customerGid: string) {
  const accounts = [...shop.admin.storeCreditAccounts.values()].filter((a) => a.ownerId === customerGid);
  if (accounts.length === 0) return html`<span class="muted">—</span>`;
  return accounts.map((a) => `${money(a.balanceMinor)} ${a.currencyCode}`).join(", ");
}

/** Each account with its balance and transactions, newest first. */
function storeCreditCard(shop: DevShop, customerGid: string) {
  const accounts = [...shop.admin.storeCreditAccounts.values()].filter((a) => a.ownerId === customerGid);
  if (accounts.length === 0) return html`<p class="muted">No store credit account yet.</p>`;
  return accounts.map(
    (a) => html`<p data-store-credit-balance>${money(a.balanceMinor)} ${a.currencyCode} <span class="muted">${a.id}</span></p>
<table><tbody>${[...a.transactions].reverse().map(
      (t) => html`<tr><td>${t.kind}</td><td>${t.event}</td><td class="num">${t.kind === "debit" ? "−" : "+"}${money(t.amountMinor)}</td><td class="num">${money(t.balanceAfterMinor)}</td><td class="muted">${t.createdAt}</td></tr>`,
    )}</tbody></table>`,
  );
}

export function customerPage(ctx: AdminContext, customerId: string): string | null {
  const { shop } = ctx;
  const base = `/store/${shop.handle}`;
  const gid = `gid://shopify/Customer/${customerId}`;
  const customer = shop.admin.customers.get(gid);
  if (!customer) return null;
  const metafields = shop.admin.metafieldsFor(gid);
  const orders = [...shop.orders.values()].filter((o) => o.customerId === customerId).sort((a, b) => b.number - a.number);
  const discounts = [...shop.admin.discounts.values()].filter((d) => d.customerGids?.includes(gid));
  const body = html`<h1>${customer.firstName} ${customer.lastName}</h1>
<div class="card"><p>${customer.email} · customer ${customerId} · <a href="/storefront?shop=${shop.domain}&customer=${customerId}" target="_blank" rel="noopener">shop as this customer ↗</a></p>
  <p>Tags: <span data-tags>${(customer.tags ?? []).join(", ") || html`<span class="muted">none</span>`}</span></p></div>
<div class="card"><h2>Metafields</h2>
  ${metafields.length === 0 ? html`<p class="muted">None yet: the app writes them after the customer's first points.</p>` : ""}
  <table><tbody>${metafields.map(
    (m) => html`<tr><td><code>${m.namespace}.${m.key}</code></td><td><code>${m.type}</code></td><td><code>${m.value}</code></td><td class="muted">${m.updatedAt}</td></tr>`,
  )}</tbody></table></div>
<div class="card"><h2>Store credit</h2>${storeCreditCard(shop, gid)}</div>
<div class="card"><h2>Discount codes for this customer</h2>${discountTable(ctx, discounts)}</div>
<div class="card"><h2>Orders</h2><table><tbody>${orders.map(
    (o) => html`<tr><td><a href="${base}/orders/${o.id}">#${o.number}</a></td><td>${statusPills(o)}</td><td class="num">${money(orderTotals(o).total)}</td></tr>`,
  )}</tbody></table></div>`;
  return layout(ctx, "customers", `${customer.firstName} ${customer.lastName}`, body);
}

export function productsPage(ctx: AdminContext): string {
  const { shop } = ctx;
  const body = html`<h1>Products</h1><div class="card"><table>
<thead><tr><th>Id</th><th>Title</th><th>Type</th><th>Vendor</th><th>Collections</th><th class="num">Price</th></tr></thead>
<tbody>${[...shop.admin.products.values()].map(
    (p) => html`<tr><td>${gidNumber(p.id)}</td><td>${p.title ?? ""}</td><td>${p.productType}</td><td>${p.vendor ?? ""}</td>
<td>${p.collectionIds.map((id) => shop.admin.collections.get(id)?.title ?? id).join(", ")}</td><td class="num">${p.priceMinor === undefined ? "" : money(p.priceMinor)}</td></tr>`,
  )}</tbody></table></div>
<div class="card"><h2>Collections</h2><table><tbody>${[...shop.admin.collections.values()].map(
    (c) => html`<tr><td><code>${c.id}</code></td><td>${c.title}</td></tr>`,
  )}</tbody></table></div>`;
  return layout(ctx, "products", "Products", body);
}

function discountTable(ctx: AdminContext, discounts: ReturnType<DevShop["admin"]["discounts"]["get"]>[]): Html {
  const { shop } = ctx;
  const list = discounts.filter((d): d is NonNullable<typeof d> => d !== undefined);
  if (list.length === 0) return html`<p class="muted">No code discounts.</p>`;
  return html`<table><thead><tr><th>Code</th><th>Title</th><th>Value</th><th>Customers</th><th class="num">Used</th><th>Status</th></tr></thead><tbody>${list.map((d) => {
    const value =
      d.value === null ? "free shipping" : "percentage" in d.value ? `${Math.round(d.value.percentage * 1000) / 10}%` : `${d.value.amount} off`;
    return html`<tr data-code="${d.code}"><td><code>${d.code}</code></td><td>${d.title}</td><td>${value}</td>
<td>${d.customerGids === null ? "everyone" : d.customerGids.map((g) => customerName(shop, g.split("/").pop() ?? null)).join(", ")}</td>
<td class="num">${d.usageCount ?? 0}${d.usageLimit !== null ? ` / ${d.usageLimit}` : ""}</td><td><span class="pill pill--${d.status}">${d.status.toLowerCase()}</span></td></tr>`;
  })}</tbody></table>`;
}

export function discountsPage(ctx: AdminContext): string {
  const body = html`<h1>Discounts</h1><div class="card">${discountTable(ctx, [...ctx.shop.admin.discounts.values()])}</div>`;
  return layout(ctx, "discounts", "Discounts", body);
}

function deliveryTable(ctx: AdminContext, deliveries: DevShop["deliveries"], returnTo: string): Html {
  if (deliveries.length === 0) return html`<p class="muted">No webhooks yet.</p>`;
  const base = `/store/${ctx.shop.handle}`;
  return html`<table><thead><tr><th>When</th><th>Topic</th><th>Webhook id</th><th>State</th><th>Attempts</th><th></th></tr></thead><tbody>${[...deliveries]
    .reverse()
    .map(
      (d) => html`<tr data-webhook="${d.webhookId}"><td>${d.createdAt.slice(11, 19)}</td><td><code>${d.topic}</code>${d.note ? html`<br><span class="muted">${d.note}</span>` : ""}</td>
<td><code title="event ${d.eventId}">${d.webhookId.slice(0, 8)}</code></td><td><span class="pill pill--${d.state}">${d.state}</span></td>
<td>${d.attempts.map((a) => html`<div>${a.status ?? "—"} <span class="muted">${a.ms} ms${a.error ? ` · ${a.error.slice(0, 80)}` : ""}</span></div>`)}</td>
<td>${d.uri && d.state !== "held"
        ? html`<form class="inline" method="post" action="${base}/actions/resend">${back(returnTo)}<input type="hidden" name="webhookId" value="${d.webhookId}"><button class="secondary">Resend</button></form>`
        : ""}
<details><summary>body</summary><pre>${d.body}</pre></details></td></tr>`,
    )}</tbody></table>`;
}

export function webhooksPage(ctx: AdminContext): string {
  const base = `/store/${ctx.shop.handle}`;
  const held = ctx.shop.deliveries.filter((d) => d.state === "held").length;
  const body = html`<h1>Webhooks</h1>
<p class="muted">Signed with the app secret and sent to the app's subscriptions from shopify.app.toml. A retry keeps its webhook id.</p>
${held > 0 ? html`<div class="card"><form class="inline" method="post" action="${base}/actions/flush">${back(`${base}/webhooks`)}<span>${held} held.</span><button>Deliver held webhooks now</button></form></div>` : ""}
<div class="card">${deliveryTable(ctx, ctx.shop.deliveries, `${base}/webhooks`)}</div>`;
  return layout(ctx, "webhooks", "Webhooks", body);
}

export function apiLogPage(ctx: AdminContext): string {
  const operations = [...ctx.shop.endpoint.operations].reverse();
  const body = html`<h1>Admin API log</h1>
<p class="muted">Every GraphQL request the app sent to this shop since the dev store started (the last 500), validated against the real Admin 2026-10 schema. An invalid one is a bug in the app.</p>
<div class="card"><table><thead><tr><th>Operation</th><th>Outcome</th><th class="num">Cost</th><th>Variables / errors</th></tr></thead><tbody>${operations.map(
    (o) => html`<tr><td><code>${o.name ?? o.operationName ?? "(anonymous)"}</code></td><td><span class="pill pill--${o.outcome}">${o.outcome}</span></td>
<td class="num">${o.requestedQueryCost ?? ""}</td><td><details><summary>${o.errors ? o.errors.join("; ").slice(0, 120) : "details"}</summary><pre>${JSON.stringify(o.variables, null, 1)}</pre><pre>${o.query}</pre></details></td></tr>`,
  )}</tbody></table></div>`;
  return layout(ctx, "api", "Admin API log", body);
}

/** JSON for the resource picker: what App Bridge's picker returns for each resource. */
export function pickerResources(shop: DevShop, type: string): { id: string; title: string; detail: string; resource: Record<string, unknown> }[] | null {
  if (type === "collection") {
    return [...shop.admin.collections.values()].map((c) => {
      const count = [...shop.admin.products.values()].filter((p) => p.collectionIds.includes(c.id)).length;
      return {
        id: c.id,
        title: c.title,
        detail: `${count} products`,
        resource: { id: c.id, title: c.title, handle: c.title.toLowerCase().replace(/[^a-z0-9]+/g, "-"), productsCount: count },
      };
    });
  }
  if (type === "product") {
    return [...shop.admin.products.values()].map((p) => ({
      id: p.id,
      title: p.title ?? p.id,
      detail: p.productType,
      resource: {
        id: p.id,
        title: p.title ?? "",
        productType: p.productType,
        vendor: p.vendor ?? "",
        variants: p.variantId ? [{ id: `gid://shopify/ProductVariant/${p.variantId}`, price: money(p.priceMinor ?? 0) }] : [],
      },
    }));
  }
  return null;
}

