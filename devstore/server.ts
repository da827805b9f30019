/**
 * The local dev store: one HTTP server playing Shopify's side for the app (development and tests only; the app
 * never imports it). See docs/decisions/006-local-dev-store.md.
 *
 * Shopify's endpoints — the shop is the `Host` header (`demo.myshopify.com`, which is how the app's requests arrive
 * through devstore/network.mjs) or the path alias `/store/<handle>/…`:
 *   POST /admin/api/2026-10/graphql.json     Admin GraphQL, validated against the real schema (./admin-api)
 *   GET  /bulk-operation-outputs/<n>.jsonl   a bulk operation's result file (the operation's `url`)
 *   POST /admin/oauth/access_token           token exchange / refresh (./oauth.ts)
 * and, when a bulk operation finishes (or its file expires), the `bulk_operations/finish` webhook (./webhooks/bulk-finish.ts).
 * Admin (browser), at the origin the dev store is opened on:
 *   /admin → /store/<shop>/apps/<app handle>/…   the app embedded as Shopify admin embeds it, with a session token
 *   /store/<shop>[/orders|/customers|/products|/discounts|/webhooks|/api-log]   the store's own pages and actions
 *   /shopifycloud/app-bridge.js               the App Bridge stand-in the app loads (APP_BRIDGE_URL)
 * Online store:
 *   /storefront?customer=<id>|guest           the theme extension's blocks for that customer (./storefront)
 *   /apps/<subpath>/*                          the app proxy: forwarded to the app, signed (logged_in_customer_id)
 *   /account/rewards|profile|orders[/<n>]      customer accounts with the app's extensions (./extension-host)
 *   /checkout/thank-you/<n>                    the thank-you page after checkout, with the app's block
 * Automation (the CLI, browser tests):
 *   POST /devstore/api/shops/<shop>/events    {type, …} as in ./events.ts; GET …/deliveries, …/operations, …/summary,
 *                                             …/launch-url (the app URL the admin would open now)
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";
import { ADMIN_SCHEMA_VERSION, appNamespace, gidNumber } from "./admin-api";
import {
  apiLogPage,
  appShellPage,
  customerPage,
  customersPage,
  discountsPage,
  homePage,
  orderPage,
  ordersPage,
  pickerResources,
  productsPage,
  themeEditorPage,
  webhooksPage,
  type AdminContext,
} from "./admin/pages";
import type { AppConfig } from "./app-config";
import { CommerceError, findOrder, orderTotals } from "./commerce";
import {
  extensionBundle,
  extensionFrame,
  extensionRuntime,
  extensionSessionToken,
  isExtensionTarget,
  accountOrdersPage,
  orderStatusPage,
  profilePage,
  rewardsPage,
  thankYouPage,
} from "./extension-host/pages";
import { runEvent, type EventInput } from "./events";
import { answerTokenRequest } from "./oauth";
import type { DevShop } from "./shop";
import { queryHmac, signedProxyQuery, signSessionToken } from "./signing";
import { DevStoreState } from "./store";
import { ASSETS_DIR } from "./storefront/extension";
import { applyThemeChange, removeThemeApp, themeChangeOf, themeEditorBody, themeExtensionInfo } from "./admin/theme";
import { loginPage, registerPage, renderStorefront } from "./storefront/page";
import { bulkOperationFinishEvent } from "./webhooks/bulk-finish";
import { WebhookDelivery, type AppFetch } from "./webhooks/delivery";

const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface DevStoreOptions {
  /** 0 picks a free port. */
  port: number;
  /** Interface to listen on (default 127.0.0.1). */
  hostname?: string;
  /** The origin browsers use for the admin and storefront (default http://localhost:<port>). */
  publicOrigin?: string;
  apiKey: string;
  apiSecret: string;
  /** The app's URL (SHOPIFY_APP_URL): webhooks, app proxy requests and the admin's iframe go there. */
  appUrl: string;
  app: AppConfig;
  appId: string;
  /** The shop the browser pages use when none is named. */
  defaultShop: string;
  /** Where shops are saved (tmp/devstore); null: in memory. */
  dataDir: string | null;
  /** How webhooks and proxied storefront requests reach the app (default: global fetch). */
  appFetch?: AppFetch;
  webhookRetryDelaysMs?: number[];
  log?: (line: string) => void;
}

export interface DevStore {
  origin: string;
  state: DevStoreState;
  delivery: WebhookDelivery;
  /** A session token as the admin would give the app for this shop's staff user. */
  sessionToken(shop: string): string;
  /** The URL the admin opens the app at (what the admin shell's iframe loads). */
  appLaunchUrl(shop: string, appPath?: string): string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

export async function startDevStore(options: DevStoreOptions): Promise<DevStore> {
  const log = options.log ?? ((line: string) => console.log(line));
  // A finished bulk operation is announced to the app as Shopify does (./webhooks/bulk-finish.ts).
  const state = new DevStoreState({
    dataDir: options.dataDir,
    appId: options.appId,
    log,
    onBulkFinish: (shop, operation) => {
      delivery.send(shop, [bulkOperationFinishEvent(operation)]).catch((error: unknown) => log(`[devstore] ${shop.domain}: bulk_operations/finish not sent: ${String(error)}`));
    },
  });
  const appFetch: AppFetch = options.appFetch ?? ((request) => fetch(request));
  const delivery = new WebhookDelivery({
    appUrl: options.appUrl,
    secret: options.apiSecret,
    app: options.app,
    fetch: appFetch,
    ...(options.webhookRetryDelaysMs ? { retryDelaysMs: options.webhookRetryDelaysMs } : {}),
    onChange: (shop) => state.save(shop),
    log,
  });
  const namespace = appNamespace(options.appId);
  const appOrigin = new URL(options.appUrl).origin;
  const sessionIds = new Map<string, string>();
  let origin = "";

  const sessionToken = (domain: string) => {
    const shop = state.shop(domain);
    let sid = sessionIds.get(domain);
    if (!sid) {
      sid = `devstore-${Math.random().toString(36).slice(2, 12)}`;
      sessionIds.set(domain, sid);
    }
    return signSessionToken({ shop: domain, apiKey: options.apiKey, secret: options.apiSecret, userId: shop.staff.id, sessionId: sid });
  };

  /** The app URL Shopify admin loads in its iframe: application_url + path, with embedded, host, shop, id_token… */
  const appLaunchUrl = (domain: string, appPath = "/") => {
    const shop = state.shop(domain);
    const url = new URL(appPath, options.appUrl);
    const params = new URLSearchParams(url.search);
    params.set("embedded", "1");
    params.set("host", Buffer.from(`admin.shopify.com/store/${shop.handle}`).toString("base64").replace(/=+$/, ""));
    params.set("id_token", sessionToken(domain));
    params.set("locale", shop.staff.locale ?? "en");
    params.set("session", sessionIds.get(domain) ?? "");
    params.set("shop", domain);
    params.set("timestamp", String(Math.floor(Date.now() / 1000)));
    params.set("hmac", queryHmac(params, options.apiSecret));
    url.search = params.toString();
    return url.toString();
  };

  const adminContext = (shop: DevShop, url: URL): AdminContext => ({
    shop,
    appName: options.app.name,
    appHandle: options.app.handle,
    appNamespace: namespace,
    flash: url.searchParams.get("flash"),
    error: url.searchParams.get("error"),
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", origin);
    const method = request.method ?? "GET";
    const hostShop = shopFromHost(request.headers.host);
    const send = (status: number, body: string | Buffer, type = "text/html; charset=utf-8", headers: Record<string, string> = {}) => {
      response.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...headers });
      response.end(body);
    };
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      send(status, JSON.stringify(body), "application/json; charset=utf-8", headers);
    const redirect = (location: string) => {
      response.writeHead(303, { Location: location, "Cache-Control": "no-store" });
      response.end();
    };
    let pathname = url.pathname;
    let shopDomain = hostShop;

    // /store/<handle>/admin/… is the same endpoint as https://<handle>.myshopify.com/admin/… (for curl).
    const alias = /^\/store\/([a-z0-9][a-z0-9-]*)(\/admin\/(?:api|oauth)\/.*)$/.exec(pathname);
    if (alias?.[1] && alias[2]) {
      shopDomain = `${alias[1]}.myshopify.com`;
      pathname = alias[2];
    }

    // ---- Shopify's API endpoints ------------------------------------------------------------------------------
    const graphql = /^\/admin\/api\/([0-9]{4}-[0-9]{2}|unstable)\/graphql\.json$/.exec(pathname);
    if (graphql) {
      if (!shopDomain) return json(404, { errors: "Not Found: address the shop by Host (<shop>.myshopify.com)" });
      if (method !== "POST") return json(405, { errors: "Method Not Allowed" });
      if (graphql[1] !== ADMIN_SCHEMA_VERSION) {
        return json(404, { errors: `The dev store serves Admin API ${ADMIN_SCHEMA_VERSION} only (asked for ${graphql[1]})` });
      }
      const shop = state.shop(shopDomain);
      const body = await readBody(request);
      const answer = await shop.endpoint.handle({
        shop: shopDomain,
        accessToken: headerValue(request.headers["x-shopify-access-token"]),
        body: parseJson(body.toString("utf8")),
      });
      if (answer.kind === "network-error") {
        request.socket.destroy();
        return;
      }
      return json(answer.status, answer.body, answer.headers);
    }
    if (pathname === "/admin/oauth/access_token") {
      if (!shopDomain) return json(404, { error: "not_found", error_description: "Address the shop by Host" });
      if (method !== "POST") return json(405, { error: "invalid_request", error_description: "POST only" });
      const shop = state.shop(shopDomain);
      const raw = (await readBody(request)).toString("utf8");
      const body = (request.headers["content-type"] ?? "").includes("json")
        ? (parseJson(raw) as Record<string, unknown> | null) ?? {}
        : Object.fromEntries(new URLSearchParams(raw));
      const answer = answerTokenRequest(shop, { apiKey: options.apiKey, apiSecret: options.apiSecret, scopes: options.app.scopes }, body);
      if (answer.log) log(answer.log);
      state.save(shop);
      return json(answer.status, answer.body);
    }
    // A bulk operation's JSONL result (a signed storage URL at Shopify): 403 once expired, as storage answers.
    const bulkFile = /^\/bulk-operation-outputs\/(\d+)\.jsonl$/.exec(pathname);
    if (bulkFile?.[1] && hostShop && method === "GET") {
      const file = state.shop(hostShop).endpoint.bulk.resultFile(hostShop, Number(bulkFile[1]));
      if (file === null) return send(403, "<Error><Code>AccessDenied</Code></Error>", "application/xml");
      return send(200, file, "application/jsonl");
    }
    if (hostShop && pathname.startsWith("/admin")) return json(404, { errors: "Not Found" });

    // ---- static files -------------------------------------------------------------------------------------------
    if (pathname === "/shopifycloud/app-bridge.js") {
      return send(200, await readFile(path.join(HERE, "app-bridge/app-bridge.js")), CONTENT_TYPES[".js"], {
        "Access-Control-Allow-Origin": "*",
      });
    }
    if (pathname === "/admin-assets/host.js") return send(200, await readFile(path.join(HERE, "app-bridge/host.js")), CONTENT_TYPES[".js"]);
    if (pathname.startsWith("/extension-assets/")) {
      const file = path.basename(pathname);
      try {
        return send(200, await readFile(path.join(ASSETS_DIR, file)), CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream");
      } catch {
        return send(404, "Not found", "text/plain");
      }
    }

    // ---- app proxy -------------------------------------------------------------------------------------------
    const proxy = options.app.appProxy;
    if (proxy) {
      const prefix = `/${proxy.prefix}/${proxy.subpath}`;
      const match = new RegExp(`^(/[a-z]{2}(?:-[a-zA-Z]{2})?)?${prefix.replace(/\//g, "\\/")}(/.*)?$`).exec(pathname);
      if (match) {
        const session = storefrontSession(request);
        const shop = state.shop(session.shop ?? options.defaultShop);
        const params = signedProxyQuery(url.searchParams, {
          shop: shop.domain,
          customerId: session.customerId,
          pathPrefix: prefix,
          secret: options.apiSecret,
        });
        const target = `${new URL(options.appUrl).origin}${proxy.path}${match[2] ?? ""}?${params.toString()}`;
        const headers = new Headers();
        for (const name of ["content-type", "accept", "user-agent", "accept-language"]) {
          const value = headerValue(request.headers[name]);
          if (value) headers.set(name, value);
        }
        const hasBody = method !== "GET" && method !== "HEAD";
        const body = hasBody ? await readBody(request) : undefined;
        const answer = await appFetch(new Request(target, { method, headers, ...(body ? { body: new Uint8Array(body) } : {}) }));
        const bytes = Buffer.from(await answer.arrayBuffer());
        return send(answer.status, bytes, answer.headers.get("content-type") ?? "application/octet-stream");
      }
    }

    // ---- automation API ---------------------------------------------------------------------------------------
    const api = /^\/devstore\/api\/shops\/([a-z0-9][a-z0-9-]*\.myshopify\.com)\/(events|deliveries|operations|summary|launch-url)$/.exec(pathname);
    if (api?.[1] && api[2]) {
      const shop = state.shop(api[1]);
      switch (api[2]) {
        case "events": {
          if (method !== "POST") return json(405, { error: "POST an event" });
          const input = parseJson((await readBody(request)).toString("utf8")) as EventInput | null;
          if (!input || typeof input.type !== "string") return json(400, { error: "Body must be JSON with a type" });
          try {
            const result = await runEvent(shop, delivery, input);
            state.save(shop);
            return json(200, {
              message: result.message,
              order: result.order ? { id: result.order.id, number: result.order.number, lines: result.order.lines.map((l) => ({ id: l.id, title: l.title, quantity: l.quantity })) } : null,
              deliveries: result.deliveries.map(publicDelivery),
            });
          } catch (error) {
            if (error instanceof CommerceError) return json(400, { error: error.message });
            throw error;
          }
        }
        case "deliveries":
          return json(200, shop.deliveries.map(publicDelivery));
        case "operations":
          return json(200, shop.endpoint.operations.map(({ accessToken: _token, ...operation }) => operation));
        case "summary":
          return json(200, summary(shop));
        case "launch-url":
          // What the admin's iframe would load now (a fresh session token inside): `npm run local` opens it once so
          // the app authorizes itself by token exchange before anyone opens a browser.
          return json(200, { url: appLaunchUrl(shop.domain, url.searchParams.get("path") ?? "/") });
      }
    }

    // ---- admin -------------------------------------------------------------------------------------------------
    if (pathname === "/" || pathname === "/store" || pathname === "/store/") return redirect(`/store/${handleOf(options.defaultShop)}`);
    if (pathname === "/admin" || pathname.startsWith("/admin/")) {
      return redirect(`/store/${handleOf(options.defaultShop)}/apps/${options.app.handle}${pathname.slice("/admin".length)}`);
    }
    const store = /^\/store\/([a-z0-9][a-z0-9-]*)(\/.*)?$/.exec(pathname);
    if (store?.[1]) {
      const shop = state.shop(`${store[1]}.myshopify.com`);
      const rest = store[2] ?? "/";
      const ctx = adminContext(shop, url);
      const base = `/store/${shop.handle}`;
      const appPrefix = `/apps/${options.app.handle}`;
      if (method === "POST") {
        if (rest === "/session-token") {
          // Only the admin page itself may ask (a page of another origin could not read the answer anyway).
          const from = headerValue(request.headers.origin);
          if (from && new URL(from).host !== request.headers.host) return json(403, { error: "cross-origin" });
          return json(200, { token: sessionToken(shop.domain) });
        }
        const action = /^\/actions\/([a-z-]+)$/.exec(rest);
        if (!action?.[1]) throw new HttpError(404, "Not found");
        const form = new URLSearchParams((await readBody(request)).toString("utf8"));
        const returnTo = safeReturn(form.get("returnTo"), base);
        try {
          const message = await formAction(shop, action[1], form);
          state.save(shop);
          return redirect(withParam(returnTo, "flash", message));
        } catch (error) {
          if (error instanceof CommerceError) return redirect(withParam(returnTo, "error", error.message));
          throw error;
        }
      }
      if (rest === "/" || rest === "") return send(200, homePage(ctx, { installed: shop.hasActiveToken(), held: shop.deliveries.filter((d) => d.state === "held").length }));
      if (rest === appPrefix || rest.startsWith(`${appPrefix}/`)) {
        const appPath = rest.slice(appPrefix.length) || "/";
        return send(
          200,
          appShellPage(ctx, {
            frameSrc: appLaunchUrl(shop.domain, `${appPath}${url.search}`),
            appOrigin,
            tokenUrl: `${base}/session-token`,
            resourcesUrl: `${base}/resources.json`,
          }),
        );
      }
      if (rest === "/themes/current/editor") {
        const change = themeChangeOf(url.searchParams, options.apiKey);
        return send(200, themeEditorPage(ctx, themeEditorBody(shop, change, `${base}/actions`, `${base}/themes/current/editor`)));
      }
      // What App Bridge's shopify.app.extensions() answers (the admin shell asks on the app's behalf).
      if (rest === "/extensions.json") return json(200, themeExtensionInfo(shop));
      if (rest === "/resources.json") {
        const resources = pickerResources(shop, url.searchParams.get("type") ?? "");
        return resources ? json(200, resources) : json(404, { error: "unknown resource type" });
      }
      if (rest === "/orders") return send(200, ordersPage(ctx));
      const orderMatch = /^\/orders\/(\d+)$/.exec(rest);
      if (orderMatch?.[1]) {
        try {
          return send(200, orderPage(ctx, findOrder(shop, orderMatch[1])));
        } catch {
          throw new HttpError(404, `No order ${orderMatch[1]}`);
        }
      }
      if (rest === "/customers") return send(200, customersPage(ctx));
      const customerMatch = /^\/customers\/(\d+)$/.exec(rest);
      if (customerMatch?.[1]) {
        const page = customerPage(ctx, customerMatch[1]);
        if (!page) throw new HttpError(404, `No customer ${customerMatch[1]}`);
        return send(200, page);
      }
      if (rest === "/products") return send(200, productsPage(ctx));
      if (rest === "/discounts") return send(200, discountsPage(ctx));
      if (rest === "/webhooks") return send(200, webhooksPage(ctx));
      if (rest === "/api-log") return send(200, apiLogPage(ctx));
      throw new HttpError(404, `The dev store has no admin page ${rest}`);
    }

    // ---- customer accounts and checkout: the app's UI extensions, hosted (./extension-host) -----------------------
    if (pathname.startsWith("/devstore/extension-host/") || pathname.startsWith("/account/") || pathname.startsWith("/checkout/thank-you/")) {
      const hosted = await hostExtensions(request, url);
      if (hosted) return send(hosted.status, hosted.body, hosted.type, hosted.headers);
    }

    // ---- online store --------------------------------------------------------------------------------------------
    if (pathname === "/storefront" || pathname === "/account" || pathname === "/fr/storefront") {
      const session = storefrontSession(request);
      const shop = state.shop(url.searchParams.get("shop") ?? session.shop ?? options.defaultShop);
      const wanted = url.searchParams.get("customer");
      let customerId = session.shop === shop.domain ? session.customerId : null;
      const headers: Record<string, string> = {};
      if (wanted !== null) {
        customerId = wanted === "guest" || wanted === "" ? null : wanted;
        if (customerId && !shop.customerByNumber(customerId)) throw new HttpError(404, `No customer ${customerId}`);
        headers["Set-Cookie"] = sessionCookie(shop.domain, customerId);
      }
      const locale = pathname.startsWith("/fr/") || url.searchParams.get("locale") === "fr" ? "fr" : "en";
      const page = await renderStorefront({ shop, customerId, locale, flash: url.searchParams.get("flash"), error: url.searchParams.get("error") });
      return send(200, page, "text/html; charset=utf-8", headers);
    }
    if (pathname === "/account/login") return send(200, loginPage(state.shop(storefrontSession(request).shop ?? options.defaultShop)));
    if (pathname === "/account/logout") {
      const shop = storefrontSession(request).shop ?? options.defaultShop;
      response.writeHead(303, { Location: `/storefront?shop=${shop}`, "Set-Cookie": sessionCookie(shop, null) });
      response.end();
      return;
    }
    if (pathname === "/account/register") {
      const shopDomain = storefrontSession(request).shop ?? options.defaultShop;
      if (method !== "POST") return send(200, registerPage(state.shop(shopDomain)));
      const form = new URLSearchParams((await readBody(request)).toString("utf8"));
      const shop = state.shop(form.get("shop") ?? shopDomain);
      try {
        const result = await runEvent(shop, delivery, {
          type: "customer-create",
          firstName: form.get("firstName") ?? "",
          lastName: form.get("lastName") ?? "",
          email: form.get("email") ?? "",
        });
        state.save(shop);
        const created = [...shop.admin.customers.values()].at(-1);
        const id = created ? gidNumber(created.id) : null;
        response.writeHead(303, { Location: withParam(`/storefront?shop=${shop.domain}`, "flash", result.message), "Set-Cookie": sessionCookie(shop.domain, id) });
        response.end();
        return;
      } catch (error) {
        if (error instanceof CommerceError) return send(400, registerPage(shop, error.message));
        throw error;
      }
    }
    if (pathname === "/cart/checkout" && method === "POST") {
      const session = storefrontSession(request);
      const form = new URLSearchParams((await readBody(request)).toString("utf8"));
      const shop = state.shop(form.get("shop") ?? session.shop ?? options.defaultShop);
      const customerId = session.shop === shop.domain ? session.customerId : null;
      const back = `/storefront?shop=${shop.domain}`;
      try {
        const result = await runEvent(shop, delivery, {
          type: "order-paid",
          customer: customerId ?? "guest",
          products: form.getAll("products").join(","),
          code: form.get("code") ?? "",
          storeCredit: form.get("storeCredit") ?? "",
        });
        state.save(shop);
        // Shopify's thank-you page, with the app's thank-you block (./extension-host).
        if (result.order) return redirect(`/checkout/thank-you/${result.order.number}?shop=${shop.domain}`);
        return redirect(withParam(back, "flash", "Thank you for your order"));
      } catch (error) {
        if (error instanceof CommerceError) return redirect(withParam(back, "error", error.message));
        throw error;
      }
    }
    throw new HttpError(404, "Not found");
  }

  /** The hosted extensions' pages, frames, bundles and session tokens; null: not one of their paths. */
  async function hostExtensions(request: IncomingMessage, url: URL): Promise<{ status: number; body: string; type?: string; headers?: Record<string, string> } | null> {
    const { pathname } = url;
    const session = storefrontSession(request);
    const shop = state.shop(url.searchParams.get("shop") ?? session.shop ?? options.defaultShop);
    const locale = url.searchParams.get("locale") === "fr" ? "fr" : "en";
    const signedIn = session.shop === shop.domain ? session.customerId : null;
    const target = url.searchParams.get("target") ?? "";
    const orderOf = (number: string | null) => (number ? [...shop.orders.values()].find((o) => String(o.number) === number) : undefined);

    if (pathname === "/devstore/extension-host/runtime.js") return { status: 200, body: await extensionRuntime(), type: "text/javascript; charset=utf-8" };
    const bundle = /^\/devstore\/extension-host\/bundle\/([\w.-]+)\.js$/.exec(pathname)?.[1];
    if (bundle !== undefined) {
      if (!isExtensionTarget(bundle)) throw new HttpError(404, `No extension target ${bundle}`);
      return { status: 200, body: await extensionBundle(bundle, options.appUrl), type: "text/javascript; charset=utf-8" };
    }
    if (pathname === "/devstore/extension-host/frame") {
      if (!isExtensionTarget(target)) throw new HttpError(404, `No extension target ${target}`);
      const order = orderOf(url.searchParams.get("order"));
      return { status: 200, body: await extensionFrame({ shop, target, locale, order: order ? { number: order.number, id: order.id } : null }) };
    }
    if (pathname === "/devstore/extension-host/session-token") {
      if (!isExtensionTarget(target)) throw new HttpError(404, `No extension target ${target}`);
      // Customer accounts: the signed-in customer. Checkout: the order's customer, or a guest (no sub).
      const customerId = target.startsWith("customer-account.") ? signedIn : (orderOf(url.searchParams.get("order"))?.customerId ?? null);
      if (target.startsWith("customer-account.") && !customerId) return { status: 401, body: "Sign in first", type: "text/plain" };
      const customerGid = customerId ? `gid://shopify/Customer/${customerId}` : null;
      return { status: 200, body: extensionSessionToken({ shop: shop.domain, apiKey: options.apiKey, apiSecret: options.apiSecret, customerGid, target }), type: "text/plain" };
    }

    const thankYou = /^\/checkout\/thank-you\/(\d+)$/.exec(pathname)?.[1];
    if (thankYou !== undefined) {
      const order = orderOf(thankYou);
      if (!order) throw new HttpError(404, `No order #${thankYou}`);
      return { status: 200, body: thankYouPage({ shop, order: { number: order.number, total: orderTotals(order).total }, locale }) };
    }

    const accountPath = /^\/account\/(rewards|profile|orders)(?:\/(\d+))?$/.exec(pathname);
    if (!accountPath) return null;
    const wanted = url.searchParams.get("customer");
    const customerId = wanted && shop.customerByNumber(wanted) ? wanted : signedIn;
    const customer = customerId ? shop.admin.customers.get(`gid://shopify/Customer/${customerId}`) : undefined;
    if (!customerId || !customer) return { status: 303, body: "", headers: { Location: `/account/login?shop=${shop.domain}` } };
    const headers: Record<string, string> = wanted ? { "Set-Cookie": sessionCookie(shop.domain, customerId) } : {};
    const page = { shop, customer, locale } as const;
    const [, section, number] = accountPath;
    if (section === "rewards") return { status: 200, body: rewardsPage(page), headers };
    if (section === "profile") return { status: 200, body: profilePage(page), headers };
    if (number === undefined) return { status: 200, body: accountOrdersPage({ ...page, customerId }), headers };
    const order = orderOf(number);
    if (!order || order.customerId !== customerId) throw new HttpError(404, `No order #${number} for this customer`);
    return { status: 200, body: orderStatusPage({ ...page, order: { number: order.number, total: orderTotals(order).total } }), headers };
  }

  async function formAction(shop: DevShop, action: string, form: URLSearchParams): Promise<string> {
    if (action === "resend") {
      const record = await delivery.resend(shop, form.get("webhookId") ?? "");
      return `Webhook ${record.topic} resent: ${record.state}`;
    }
    if (action === "theme-apply") {
      const handle = form.get("handle") ?? "";
      const change = form.get("kind") === "embed" ? { kind: "embed" as const, handle } : { kind: "block" as const, handle, template: form.get("template") || "index" };
      const query = change.kind === "embed" ? `context=apps&activateAppId=${options.apiKey}/${handle}` : `template=${change.template}&addAppBlockId=${options.apiKey}/${handle}&target=newAppsSection`;
      const checked = themeChangeOf(new URLSearchParams(query), options.apiKey);
      if (!checked || "error" in checked) throw new CommerceError(checked?.error ?? "Nothing to save");
      return applyThemeChange(shop, checked);
    }
    if (action === "theme-remove") return removeThemeApp(shop, form.get("handle") ?? "");
    const input: EventInput = { type: action };
    for (const [key, value] of form) {
      if (key === "returnTo" || key.startsWith("qty_") || key === "pay") continue;
      (input as unknown as Record<string, string>)[key] = value;
    }
    if (action === "order-create") {
      const lines = [...form]
        .filter(([key, value]) => key.startsWith("qty_") && Number(value) > 0)
        .map(([key, value]) => `${key.slice(4)}:${Number(value)}`);
      if (lines.length > 0) input.products = lines.join(",");
      if (form.get("pay") === "true") input.type = "order-paid";
    }
    return (await runEvent(shop, delivery, input)).message;
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) log(`[devstore] ${request.method} ${request.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent) response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
      response.end(error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname ?? "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  origin = options.publicOrigin ?? `http://localhost:${port}`;

  return {
    origin,
    state,
    delivery,
    sessionToken,
    appLaunchUrl,
    close() {
      delivery.close();
      for (const shop of state.all()) shop.endpoint.bulk.close();
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function summary(shop: DevShop) {
  return {
    shop: shop.domain,
    name: shop.name,
    appAuthorized: shop.hasActiveToken(),
    customers: shop.admin.customers.size,
    products: shop.admin.products.size,
    collections: shop.admin.collections.size,
    orders: shop.orders.size,
    discounts: [...shop.admin.discounts.values()].map((d) => ({ code: d.code, customers: d.customerGids, usageLimit: d.usageLimit, used: d.usageCount ?? 0, status: d.status })),
    heldDeliveries: shop.deliveries.filter((d) => d.state === "held").length,
    invalidOperations: shop.endpoint.operations.filter((o) => o.outcome === "invalid").length,
  };
}

function publicDelivery(d: DevShop["deliveries"][number]) {
  return { webhookId: d.webhookId, eventId: d.eventId, topic: d.topic, uri: d.uri, state: d.state, note: d.note ?? null, attempts: d.attempts };
}

function shopFromHost(host: string | undefined): string | null {
  const name = (host ?? "").split(":")[0]?.toLowerCase() ?? "";
  return DevStoreState.isShopDomain(name) ? name : null;
}

function handleOf(domain: string): string {
  return domain.replace(/\.myshopify\.com$/, "");
}

function headerValue(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

const SESSION_COOKIE = "devstore_customer";

/** The storefront session: which shop and which customer is signed in (a cookie, as Shopify's own session). */
function storefrontSession(request: IncomingMessage): { shop: string | null; customerId: string | null } {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [name, value] = part.trim().split("=");
    if (name !== SESSION_COOKIE || !value) continue;
    const [shop = "", customer = ""] = decodeURIComponent(value).split("|");
    if (DevStoreState.isShopDomain(shop)) return { shop, customerId: /^\d+$/.test(customer) ? customer : null };
  }
  return { shop: null, customerId: null };
}

function sessionCookie(shop: string, customerId: string | null): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(`${shop}|${customerId ?? ""}`)}; Path=/; HttpOnly; SameSite=Lax`;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function safeReturn(value: string | null, fallback: string): string {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : fallback;
}

function withParam(location: string, name: string, value: string): string {
  const url = new URL(location, "http://devstore.invalid");
  url.searchParams.delete("flash");
  url.searchParams.delete("error");
  url.searchParams.set(name, value);
  return `${url.pathname}${url.search}`;
}
