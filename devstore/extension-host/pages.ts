/**
 * The dev store hosts the app's customer account and checkout UI extensions as Shopify does, so they can be used
 * and driven by a real browser (issue 13):
 *   /account/rewards                     the Rewards page (customer-account.page.render), full page
 *   /account/profile                     the profile with the points block (customer-account.profile.block.render)
 *   /account/orders/<number>             an order's status with the points block (…order-status.block.render)
 *   /checkout/thank-you/<number>         the thank-you page after checkout (purchase.thank-you.block.render)
 * Each extension runs in its own frame (/devstore/extension-host/frame), which defines the `shopify` global and the
 * `s-*` elements (./runtime.js), then imports the extension's bundle, built with esbuild as the CLI builds it, with
 * the app's URL set to this dev store's app (scripts/build-customer-account.mjs). Session tokens are HS256 JWTs
 * signed with the app's secret, naming the shop (`dest`), the app (`aud`) and the signed-in customer (`sub`).
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildCustomerAccountModuleFor, CUSTOMER_ACCOUNT_EXTENSIONS } from "../../scripts/build-customer-account.mjs";
import { html, raw } from "../admin/html";
import { orderTotals } from "../commerce";
import type { DevShop } from "../shop";
import { signJwt } from "../signing";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

export const EXTENSION_TARGETS = {
  "customer-account.page.render": { extension: "customer-account-rewards", title: "Rewards" },
  "customer-account.profile.block.render": { extension: "customer-account-blocks", title: "Loyalty points" },
  "customer-account.order-status.block.render": { extension: "customer-account-blocks", title: "Order points" },
  "purchase.thank-you.block.render": { extension: "thank-you-points", title: "Points for this order" },
} as const;

export type ExtensionTarget = keyof typeof EXTENSION_TARGETS;

export function isExtensionTarget(value: string): value is ExtensionTarget {
  return Object.hasOwn(EXTENSION_TARGETS, value);
}

const bundles = new Map<string, Promise<string>>();

/** The target's bundle, as the CLI builds it, with the app's URL set to `appUrl` (built once per process). */
export function extensionBundle(target: ExtensionTarget, appUrl: string): Promise<string> {
  const key = `${target} ${appUrl}`;
  let found = bundles.get(key);
  if (!found) {
    const handles = CUSTOMER_ACCOUNT_EXTENSIONS as Record<string, Record<string, string>>;
    const entry = Object.values(handles).find((targets) => targets[target])?.[target];
    if (!entry) throw new Error(`No bundle entry for ${target}`);
    found = buildCustomerAccountModuleFor(entry, appUrl).then((module: { code: string }) => module.code);
    found.catch(() => bundles.delete(key));
    bundles.set(key, found);
  }
  return found;
}

export function extensionRuntime(): Promise<string> {
  return readFile(path.join(here, "runtime.js"), "utf8");
}

/** A session token for an extension of the app, as Shopify signs it; `customerGid` null: a guest (checkout only). */
export function extensionSessionToken(options: { shop: string; apiKey: string; apiSecret: string; customerGid: string | null; target: ExtensionTarget }): string {
  const now = Math.floor(Date.now() / 1000);
  const account = options.target.startsWith("customer-account.");
  return signJwt(
    {
      iss: account ? `https://${options.shop}/account` : `https://${options.shop}/checkouts`,
      dest: options.shop,
      aud: options.apiKey,
      ...(options.customerGid ? { sub: options.customerGid } : {}),
      exp: now + 60,
      nbf: now,
      iat: now,
      jti: randomUUID(),
    },
    options.apiSecret,
  );
}

interface FrameData {
  shop: DevShop;
  target: ExtensionTarget;
  locale: "en" | "fr";
  order?: { number: number; id: string } | null;
}

/** The frame an extension runs in: its configuration, the host runtime, nothing else. */
export async function extensionFrame({ shop, target, locale, order }: FrameData): Promise<string> {
  const { extension } = EXTENSION_TARGETS[target];
  const file = locale === "en" ? "en.default.json" : `${locale}.json`;
  const messages = JSON.parse(await readFile(path.join(root, "extensions", extension, "locales", file), "utf8")) as unknown;
  const query = new URLSearchParams({ shop: shop.domain, target, ...(order ? { order: String(order.number) } : {}) });
  const config = {
    target,
    locale,
    messages,
    bundleUrl: `/devstore/extension-host/bundle/${target}.js`,
    tokenUrl: `/devstore/extension-host/session-token?${query.toString()}`,
    pages: { rewards: `/account/rewards?shop=${shop.domain}${locale === "fr" ? "&locale=fr" : ""}` },
    ...(order ? checkoutData(shop, order.id) : {}),
  };
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{margin:0;padding:4px;font:14px/1.45 system-ui,sans-serif;color:#303030;background:transparent}</style>
<script type="application/json" id="extension-config">${json}</script>
<script type="module" src="/devstore/extension-host/runtime.js"></script>
</head><body></body></html>`;
}

/** The order as the order-status and thank-you targets see it: its GID, lines and total. */
function checkoutData(shop: DevShop, orderId: string) {
  const order = shop.order(orderId);
  if (!order) return {};
  const gid = `gid://shopify/Order/${order.id}`;
  const currencyCode = shop.admin.currencyCode;
  const lines = order.lines.map((line) => {
    const product = line.productId ? shop.admin.products.get(`gid://shopify/Product/${line.productId}`) : undefined;
    return {
      id: `gid://shopify/CartLine/${line.id}`,
      quantity: line.quantity,
      merchandise: {
        title: line.title,
        // A custom item has no product; checkout lines always do, so it stands as product 0 (no type, base rate).
        product: { id: `gid://shopify/Product/${line.productId ?? "0"}`, productType: product?.productType ?? "" },
      },
      cost: { totalAmount: { amount: (line.unitPriceMinor * line.quantity - line.discountMinor) / 100, currencyCode } },
    };
  });
  return {
    order: { id: gid, name: `#${order.number}` },
    orderConfirmation: { order: { id: gid }, number: String(order.number) },
    lines,
    cost: { totalAmount: { amount: orderTotals(order).total / 100, currencyCode } },
  };
}

const PAGE_STYLE = `
  body { margin: 0; font: 14px/1.45 system-ui, sans-serif; background: #f1f1f1; color: #303030; }
  header { display: flex; gap: 20px; align-items: center; padding: 12px 32px; background: #fff; border-bottom: 1px solid #ddd; }
  header nav { display: flex; gap: 16px; } header a { color: #005bd3; } header a[aria-current] { font-weight: 700; color: #303030; }
  main { max-width: 760px; margin: 24px auto; padding: 0 16px; display: grid; gap: 16px; }
  .card { background: #fff; border-radius: 12px; padding: 16px; box-shadow: 0 0 0 1px #0000001a; }
  .notice { background: #e3f5e9; border-radius: 8px; padding: 10px 14px; }
  iframe { width: 100%; border: 0; display: block; }
`;

/** A frame that grows with its content (the host measures it, as Shopify's does). */
function frame(shop: DevShop, target: ExtensionTarget, locale: "en" | "fr", order: string | null, minHeight: number) {
  const query = new URLSearchParams({ shop: shop.domain, target, locale, ...(order ? { order } : {}) });
  return html`<iframe title="${EXTENSION_TARGETS[target].title}" data-target="${target}" src="/devstore/extension-host/frame?${query.toString()}" style="min-height:${minHeight}px"
    onload="const f=this;const fit=()=>{try{f.style.height=f.contentDocument.documentElement.scrollHeight+'px'}catch(e){}};fit();new ResizeObserver(fit).observe(f.contentDocument.documentElement)"></iframe>`;
}

interface AccountPage {
  shop: DevShop;
  customer: { firstName?: string; lastName?: string; email: string | null };
  locale: "en" | "fr";
}

function accountLayout({ shop, customer, locale }: AccountPage, current: "orders" | "profile" | "rewards", body: ReturnType<typeof html>) {
  const q = `shop=${shop.domain}${locale === "fr" ? "&locale=fr" : ""}`;
  const link = (name: typeof current, label: string, href: string) =>
    html`<a href="${href}" ${name === current ? raw('aria-current="page"') : ""}>${label}</a>`;
  return html`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${shop.name} · Account</title><style>${raw(PAGE_STYLE)}</style></head><body>
<header><strong>${shop.name}</strong><nav>${link("orders", "Orders", `/account/orders?${q}`)}${link("profile", "Profile", `/account/profile?${q}`)}${link("rewards", "Rewards", `/account/rewards?${q}`)}</nav>
<span style="flex:1"></span><span data-session>${customer.firstName} ${customer.lastName} · <a href="/storefront?shop=${shop.domain}">Store</a></span></header>
<main>${body}</main></body></html>`.value;
}

export function rewardsPage(page: AccountPage): string {
  return accountLayout(page, "rewards", frame(page.shop, "customer-account.page.render", page.locale, null, 480));
}

export function profilePage(page: AccountPage): string {
  return accountLayout(
    page,
    "profile",
    html`<div class="card"><h1 style="margin:0 0 8px;font-size:20px">${page.customer.firstName} ${page.customer.lastName}</h1><p style="margin:0">${page.customer.email ?? ""}</p></div>
${frame(page.shop, "customer-account.profile.block.render", page.locale, null, 90)}`,
  );
}

export function accountOrdersPage(page: AccountPage & { customerId: string }): string {
  const orders = [...page.shop.orders.values()].filter((o) => o.customerId === page.customerId).sort((a, b) => b.number - a.number);
  const q = `shop=${page.shop.domain}${page.locale === "fr" ? "&locale=fr" : ""}`;
  return accountLayout(
    page,
    "orders",
    html`<div class="card"><h1 style="margin:0 0 8px;font-size:20px">Orders</h1>${
      orders.length === 0
        ? html`<p>No orders yet.</p>`
        : html`<ul>${orders.map((o) => html`<li><a href="/account/orders/${String(o.number)}?${q}">Order #${String(o.number)}</a> · $${(orderTotals(o).total / 100).toFixed(2)}</li>`)}</ul>`
    }</div>`,
  );
}

export function orderStatusPage(page: AccountPage & { order: { number: number; total: number } }): string {
  return accountLayout(
    page,
    "orders",
    html`<div class="card"><h1 style="margin:0 0 8px;font-size:20px">Order #${String(page.order.number)}</h1><p style="margin:0">Total $${(page.order.total / 100).toFixed(2)}</p></div>
${frame(page.shop, "customer-account.order-status.block.render", page.locale, String(page.order.number), 90)}`,
  );
}

export function thankYouPage({ shop, order, locale }: { shop: DevShop; order: { number: number; total: number }; locale: "en" | "fr" }): string {
  return html`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${shop.name} · Thank you</title><style>${raw(PAGE_STYLE)}</style></head><body>
<header><strong>${shop.name}</strong><span style="flex:1"></span><a href="/storefront?shop=${shop.domain}">Continue shopping</a></header>
<main><div class="notice" role="status">Thank you for your order #${String(order.number)}</div>
<div class="card"><p style="margin:0">Order #${String(order.number)} · Total $${(order.total / 100).toFixed(2)} · paid</p></div>
${frame(shop, "purchase.thank-you.block.render", locale, String(order.number), 90)}</main></body></html>`.value;
}
