/*
 * Local stand-in for https://cdn.shopify.com/shopifycloud/app-bridge.js (App Bridge 4), served by the dev store and
 * loaded by the app when APP_BRIDGE_URL points here (docs/decisions/006-local-dev-store.md).
 *
 * It runs inside the app's iframe and, like the real script, is only a messenger: the admin page around the iframe
 * (the dev store's admin shell, devstore/app-bridge/host.js) signs session tokens, renders the navigation, toasts,
 * the resource picker and the save bar, and navigates the admin. What it implements is what the app uses:
 * - `shopify.idToken()`: a fresh session token from the admin; `fetch` to the app's own origin gets
 *   `Authorization: Bearer <token>` added, and a 401 carrying X-Shopify-Retry-Invalid-Session-Request is retried
 *   once with a new token (what the real script does for shopify-app-remix);
 * - the bounce page (`/auth/session-token?shopify-reload=…`): gets a token and reloads with `id_token`;
 * - `<ui-nav-menu>`: its links are shown in the admin's sidebar; choosing one dispatches `shopify:navigate` on the
 *   link (AppProvider listens and navigates with Remix);
 * - `shopify.toast.show/hide`, `shopify.resourcePicker` (answered from the dev store's data), `<ui-save-bar>` and
 *   `shopify.saveBar` (the admin draws the bar and refuses to leave the page while it shows), `shopify.loading`,
 *   `shopify.config`, `shopify.environment`, `shopify.origin`, `shopify.ready`;
 * - `shopify.app.extensions()`: the app's theme app extension with its blocks and embeds and whether each is in the
 *   published theme, in Shopify's documented shape (answered by the dev store: devstore/admin/theme.ts);
 * - links to `shopify://admin/…` (and `target="_top"` links to `https://<shop>/admin/…`) open that admin page around
 *   the app.
 * Anything else on `shopify` throws "not implemented by the dev store's App Bridge", so a gap is seen, not hidden.
 */
(() => {
  if (window.shopify) return;
  const script = document.currentScript;
  const apiKey = (script && script.dataset.apiKey) || "";
  const params = new URLSearchParams(location.search);
  // Storage can be denied to a framed page (third-party storage blocked when admin and app are on different hosts):
  // the launch params are then only those in the URL, which Remix navigation keeps for the first page anyway.
  const storage = (() => {
    try {
      return window.sessionStorage;
    } catch {
      return null;
    }
  })();
  const remembered = () => {
    try {
      return JSON.parse((storage && storage.getItem("devstore-app-bridge")) || "{}");
    } catch {
      return {};
    }
  };
  const stored = remembered();
  const shop = params.get("shop") || stored.shop || "";
  const host = params.get("host") || stored.host || "";
  const locale = params.get("locale") || stored.locale || "en";
  const adminOrigin =
    (location.ancestorOrigins && location.ancestorOrigins[0]) ||
    stored.adminOrigin ||
    (document.referrer ? new URL(document.referrer).origin : "*");
  try {
    if (storage) storage.setItem("devstore-app-bridge", JSON.stringify({ shop, host, locale, adminOrigin }));
  } catch {
    // denied or full: see above
  }

  // ---- messages to and from the admin ------------------------------------------------------------------------
  let nextId = 1;
  const pending = new Map();
  const post = (message) => window.parent.postMessage({ source: "devstore-app-bridge", ...message }, adminOrigin);
  const request = (type, payload) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      post({ type, id, payload });
    });
  const listeners = new Map();
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || (adminOrigin !== "*" && event.origin !== adminOrigin)) return;
    const data = event.data || {};
    if (data.source !== "devstore-admin") return;
    if (data.replyTo && pending.has(data.replyTo)) {
      const { resolve, reject } = pending.get(data.replyTo);
      pending.delete(data.replyTo);
      if (data.error) reject(new Error(data.error));
      else resolve(data.payload);
      return;
    }
    for (const listener of listeners.get(data.type) || []) listener(data.payload);
  });
  const on = (type, listener) => listeners.set(type, [...(listeners.get(type) || []), listener]);

  // ---- session tokens and fetch ------------------------------------------------------------------------------
  let cached = null;
  const idToken = async () => {
    const now = Date.now() / 1000;
    if (cached && cached.exp - 10 > now) return cached.token;
    const token = await request("idToken");
    const claims = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    cached = { token, exp: claims.exp };
    return token;
  };

  const originalFetch = window.fetch.bind(window);
  const sameOrigin = (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    return url.origin === location.origin;
  };
  const withToken = async (input, init, fresh) => {
    if (fresh) cached = null;
    const headers = new Headers((init && init.headers) || (input instanceof Request ? input.headers : undefined));
    headers.set("Authorization", `Bearer ${await idToken()}`);
    return input instanceof Request ? new Request(input, { ...init, headers }) : [input, { ...init, headers }];
  };
  window.fetch = async (input, init) => {
    if (!sameOrigin(input)) return originalFetch(input, init);
    const retryable = input instanceof Request ? input.clone() : null;
    const first = await withToken(input, init, false);
    const response = Array.isArray(first) ? await originalFetch(...first) : await originalFetch(first);
    if (response.status === 401 && response.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1") {
      const again = await withToken(retryable || input, init, true);
      return Array.isArray(again) ? originalFetch(...again) : originalFetch(again);
    }
    const reauthorize = response.headers.get("X-Shopify-API-Request-Failure-Reauthorize-Url");
    if (reauthorize) post({ type: "redirect", payload: { url: reauthorize } });
    return response;
  };

  // The library's bounce page: get a token, then load the page the app asked for, with it.
  const reload = params.get("shopify-reload");
  if (reload) {
    idToken().then((token) => {
      const target = new URL(reload, location.href);
      target.searchParams.set("id_token", token);
      location.replace(target.toString());
    });
  }

  // ---- admin navigation ----------------------------------------------------------------------------------------
  const reportLocation = () => post({ type: "location", payload: { path: location.pathname + location.search } });
  for (const name of ["pushState", "replaceState"]) {
    const original = history[name].bind(history);
    history[name] = (...args) => {
      const result = original(...args);
      reportLocation();
      return result;
    };
  }
  window.addEventListener("popstate", reportLocation);
  window.addEventListener("DOMContentLoaded", reportLocation);

  document.addEventListener(
    "click",
    (event) => {
      const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!link || event.defaultPrevented) return;
      const href = link.getAttribute("href") || "";
      if (href.startsWith("shopify://admin")) {
        event.preventDefault();
        // Leaving the app for another admin page is refused while a save bar shows (the admin shakes it).
        if (showing.size > 0) return post({ type: "saveBarShake", payload: {} });
        post({ type: "adminNavigate", payload: { path: href.slice("shopify://admin".length) || "/" } });
        return;
      }
      // https://<shop>/admin/… opened in the top frame: Shopify admin itself (the dev store's look-alike here).
      if (link.getAttribute("target") === "_top" && shop) {
        const target = new URL(href, location.href);
        if (target.host === shop && target.pathname.startsWith("/admin")) {
          event.preventDefault();
          if (showing.size > 0) return post({ type: "saveBarShake", payload: {} });
          post({ type: "adminNavigate", payload: { path: (target.pathname.slice("/admin".length) || "/") + target.search } });
        }
      }
    },
    true,
  );

  // <ui-nav-menu>: the app's navigation, rendered by the admin.
  const navMenus = new Set();
  const reportNav = () => {
    const items = [];
    for (const menu of navMenus) {
      for (const link of menu.querySelectorAll("a[href]")) {
        items.push({ label: link.textContent.trim(), href: link.getAttribute("href"), rel: link.getAttribute("rel") || "" });
      }
    }
    post({ type: "navMenu", payload: { items } });
  };
  on("navigate", ({ href }) => {
    for (const menu of navMenus) {
      for (const link of menu.querySelectorAll("a[href]")) {
        if (link.getAttribute("href") === href) {
          link.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));
          return;
        }
      }
    }
    location.assign(href);
  });
  class UiNavMenu extends HTMLElement {
    connectedCallback() {
      this.style.display = "none";
      navMenus.add(this);
      this.observer = new MutationObserver(reportNav);
      this.observer.observe(this, { childList: true, subtree: true, characterData: true, attributes: true });
      reportNav();
    }
    disconnectedCallback() {
      navMenus.delete(this);
      if (this.observer) this.observer.disconnect();
      reportNav();
    }
  }
  customElements.define("ui-nav-menu", UiNavMenu);

  // <ui-title-bar title="…">: the admin shows the title.
  class UiTitleBar extends HTMLElement {
    connectedCallback() {
      this.style.display = "none";
      post({ type: "titleBar", payload: { title: this.getAttribute("title") || "" } });
    }
  }
  customElements.define("ui-title-bar", UiTitleBar);

  // <ui-save-bar id="…">: the contextual save bar, drawn by the admin above everything (not inside the iframe).
  // As documented for App Bridge 4: its `<button variant="primary">` is Save and its other `<button>` is Discard
  // (their text, `disabled` and `loading` attributes are the admin bar's); the admin's buttons click them here.
  // `discard-confirmation` makes the admin ask before discarding. While a bar shows, the admin refuses to leave
  // the page (devstore/app-bridge/host.js); `shopify.saveBar.leaveConfirmation()` waits until no bar shows.
  const saveBarElements = new Map();
  const showing = new Set();
  const leaveWaiters = [];
  const saveBarButtonElements = (element) => {
    const buttons = [...element.querySelectorAll("button")];
    return {
      save: buttons.find((button) => button.getAttribute("variant") === "primary"),
      discard: buttons.find((button) => button.getAttribute("variant") !== "primary"),
    };
  };
  const saveBarButtons = (element) => {
    const describe = (button) =>
      button
        ? { label: button.textContent.trim(), disabled: button.hasAttribute("disabled"), loading: button.hasAttribute("loading") }
        : null;
    const { save, discard } = saveBarButtonElements(element);
    return { save: describe(save), discard: describe(discard) };
  };
  const reportSaveBar = (id) => {
    const element = saveBarElements.get(id);
    const visible = showing.has(id);
    post({
      type: "saveBar",
      payload: {
        id,
        visible,
        locale,
        discardConfirmation: !!(element && element.discardConfirmation),
        ...(element ? saveBarButtons(element) : { save: null, discard: null }),
      },
    });
    if (showing.size === 0) for (const resolve of leaveWaiters.splice(0)) resolve();
  };
  const setShowing = (id, visible) => {
    if (!id || showing.has(id) === visible) return;
    if (visible) showing.add(id);
    else showing.delete(id);
    reportSaveBar(id);
    const element = saveBarElements.get(id);
    if (element) element.dispatchEvent(new CustomEvent(visible ? "show" : "hide"));
  };
  on("saveBarAction", ({ id, action }) => {
    const element = saveBarElements.get(id);
    if (!element) return;
    const button = saveBarButtonElements(element)[action === "save" ? "save" : "discard"];
    if (button && !button.disabled) button.click();
  });
  class UiSaveBar extends HTMLElement {
    get showing() {
      return showing.has(this.id);
    }
    get discardConfirmation() {
      return this.hasAttribute("discard-confirmation") || this.hasAttribute("discardConfirmation");
    }
    set discardConfirmation(value) {
      this.toggleAttribute("discard-confirmation", !!value);
    }
    async show() {
      setShowing(this.id, true);
    }
    async hide() {
      setShowing(this.id, false);
    }
    async toggle() {
      setShowing(this.id, !this.showing);
    }
    connectedCallback() {
      this.style.display = "none";
      if (this.id) saveBarElements.set(this.id, this);
      // The buttons' text, disabled and loading follow the app's state while the bar shows.
      this.observer = new MutationObserver(() => {
        if (this.showing) reportSaveBar(this.id);
      });
      this.observer.observe(this, { childList: true, subtree: true, characterData: true, attributes: true });
    }
    disconnectedCallback() {
      if (this.observer) this.observer.disconnect();
      setShowing(this.id, false);
      if (saveBarElements.get(this.id) === this) saveBarElements.delete(this.id);
    }
  }
  customElements.define("ui-save-bar", UiSaveBar);

  // ---- the shopify global ---------------------------------------------------------------------------------------
  const toastCallbacks = new Map();
  on("toastAction", ({ id }) => toastCallbacks.get(id)?.onAction?.());
  on("toastDismiss", ({ id }) => toastCallbacks.get(id)?.onDismiss?.());
  let toastId = 0;

  const api = {
    config: { apiKey, shop, host, locale, appOrigins: [location.origin] },
    origin: adminOrigin,
    environment: { embedded: true, mobile: false, pos: false },
    ready: Promise.resolve(),
    idToken,
    toast: {
      show(message, options = {}) {
        const id = `toast-${++toastId}`;
        toastCallbacks.set(id, options);
        post({
          type: "toast",
          payload: { id, message: String(message), isError: !!options.isError, duration: options.duration || 5000, action: options.action || null },
        });
        return id;
      },
      hide(id) {
        post({ type: "toastHide", payload: { id } });
      },
    },
    resourcePicker(options) {
      return request("resourcePicker", {
        type: options && options.type,
        multiple: !!(options && options.multiple),
        action: (options && options.action) || "add",
        selectionIds: ((options && options.selectionIds) || []).map((s) => s.id),
      }).then((selection) => (selection ? Object.assign(selection, { selection }) : undefined));
    },
    loading(isLoading) {
      post({ type: "loading", payload: { on: isLoading !== false } });
    },
    saveBar: {
      show: async (id) => setShowing(id, true),
      hide: async (id) => setShowing(id, false),
      toggle: async (id) => setShowing(id, !showing.has(id)),
      // Resolves when no save bar shows; while one does, the admin shakes it and this waits for Save or Discard.
      leaveConfirmation: () => {
        if (showing.size === 0) return Promise.resolve();
        post({ type: "saveBarShake", payload: {} });
        return new Promise((resolve) => leaveWaiters.push(resolve));
      },
    },
    user: async () => request("user"),
    app: {
      extensions: async () => request("appExtensions"),
    },
  };
  window.shopify = new Proxy(api, {
    get(target, property) {
      if (property in target || typeof property === "symbol" || property === "then") return target[property];
      throw new Error(`shopify.${String(property)} is not implemented by the dev store's App Bridge stand-in`);
    },
  });
  post({ type: "ready", payload: { apiKey, href: location.href } });
})();
