/**
 * Dev-only network preload: sends the app's HTTPS requests to `*.myshopify.com` to the local dev store instead.
 *
 *   SHOPIFY_DEVSTORE_ORIGIN=http://127.0.0.1:4000 node --import ./devstore/network.mjs <app server>
 *
 * Why: Shopify's library builds `https://<shop>/admin/api/…` and `https://<shop>/admin/oauth/access_token` from the
 * shop domain, and the app must run unchanged (docs/decisions/006-local-dev-store.md). So the redirection happens at
 * the network edge, below the app: an undici global dispatcher, which Node's own `fetch` (the one
 * @shopify/shopify-api captures) honours. The request keeps its path, method, headers and body; only the
 * connection goes to the dev store, with `Host: <shop>` so the dev store knows which shop was addressed — as a DNS
 * entry for the shop pointing at the dev store would.
 *
 * Rules:
 * - Without SHOPIFY_DEVSTORE_ORIGIN this module does nothing (importing it in production changes nothing).
 * - Only `https://<name>.myshopify.com` is redirected; every other request goes out as before.
 * - `installDevStoreNetwork(origin)` is exported for tests, which install it in-process.
 */
import { Agent, Dispatcher, getGlobalDispatcher, setGlobalDispatcher } from "undici";

const SHOP_HOST = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i;

/** `opts.headers` as undici passes them (object, flat array or array of pairs) with `host` replaced. */
function withHost(headers, host) {
  const entries = [];
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) entries.push(...headers);
    else for (let i = 0; i < headers.length; i += 2) entries.push([headers[i], headers[i + 1]]);
  } else if (headers) {
    entries.push(...Object.entries(headers));
  }
  const result = {};
  for (const [name, value] of entries) {
    if (String(name).toLowerCase() !== "host") result[String(name)] = value;
  }
  result.host = host;
  result["x-forwarded-proto"] = "https";
  return result;
}

class DevStoreDispatcher extends Dispatcher {
  /**
   * @param {URL} devstore the dev store's origin
   * @param {import("undici").Dispatcher} fallback where every other request goes
   */
  constructor(devstore, fallback) {
    super();
    this.devstore = devstore;
    this.fallback = fallback;
    this.agent = new Agent();
  }

  dispatch(opts, handler) {
    const target = new URL(String(opts.origin));
    if (target.protocol === "https:" && SHOP_HOST.test(target.hostname)) {
      return this.agent.dispatch(
        { ...opts, origin: this.devstore.origin, headers: withHost(opts.headers, target.host) },
        handler,
      );
    }
    return this.fallback.dispatch(opts, handler);
  }

  close(...args) {
    return this.agent.close(...args);
  }

  destroy(...args) {
    return this.agent.destroy(...args);
  }
}

/**
 * Routes `https://*.myshopify.com` to `origin` for every `fetch` in this process; returns a function that
 * restores the previous dispatcher.
 * @param {string} origin e.g. "http://127.0.0.1:4000"
 * @returns {() => void}
 */
export function installDevStoreNetwork(origin) {
  const previous = getGlobalDispatcher();
  setGlobalDispatcher(new DevStoreDispatcher(new URL(origin), previous));
  return () => setGlobalDispatcher(previous);
}

const origin = process.env.SHOPIFY_DEVSTORE_ORIGIN;
if (origin) {
  installDevStoreNetwork(origin);
  console.log(`[devstore] https://*.myshopify.com → ${origin} (SHOPIFY_DEVSTORE_ORIGIN)`);
}
