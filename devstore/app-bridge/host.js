/*
 * The admin side of App Bridge, in the dev store's admin shell: what Shopify admin does for an embedded app when
 * the app's App Bridge script (here devstore/app-bridge/app-bridge.js) asks. Messages are accepted only from the
 * app's iframe and origin; answers go only to that origin.
 *
 * Configuration comes from this script tag's data attributes: app-origin, store (admin handle), app-handle,
 * token-url (POST → a fresh session token signed by the dev store), resources-url (GET ?type=collection|product).
 */
(() => {
  const config = document.currentScript.dataset;
  const frame = document.getElementById("app-frame");
  const appOrigin = config.appOrigin;
  const appBase = `/store/${config.store}/apps/${config.appHandle}`;
  const reply = (id, payload, error) =>
    frame.contentWindow.postMessage({ source: "devstore-admin", replyTo: id, payload, error }, appOrigin);
  const tell = (type, payload) => frame.contentWindow.postMessage({ source: "devstore-admin", type, payload }, appOrigin);

  // ---- toasts ------------------------------------------------------------------------------------------------
  const toasts = document.getElementById("toasts");
  const toastElements = new Map();
  const hideToast = (id) => {
    const element = toastElements.get(id);
    if (element) element.remove();
    toastElements.delete(id);
  };
  const showToast = ({ id, message, isError, duration, action }) => {
    const element = document.createElement("div");
    element.className = `toast${isError ? " toast--error" : ""}`;
    element.setAttribute("role", "status");
    element.dataset.toastId = id;
    const text = document.createElement("span");
    text.textContent = message;
    element.append(text);
    if (action) {
      const button = document.createElement("button");
      button.textContent = action;
      button.addEventListener("click", () => tell("toastAction", { id }));
      element.append(button);
    }
    const close = document.createElement("button");
    close.className = "toast__close";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "×";
    close.addEventListener("click", () => {
      hideToast(id);
      tell("toastDismiss", { id });
    });
    element.append(close);
    toasts.append(element);
    toastElements.set(id, element);
    setTimeout(() => hideToast(id), duration || 5000);
  };

  // ---- navigation --------------------------------------------------------------------------------------------
  const nav = document.getElementById("app-nav");
  let navItems = [];
  let currentPath = "/";
  const renderNav = () => {
    nav.textContent = "";
    for (const item of navItems) {
      if (item.rel === "home") continue;
      const link = document.createElement("a");
      link.href = `${appBase}${item.href}`;
      link.textContent = item.label;
      link.className = "nav__sub";
      if (currentPath === item.href || currentPath.startsWith(`${item.href}/`)) link.setAttribute("aria-current", "page");
      link.addEventListener("click", (event) => {
        event.preventDefault();
        tell("navigate", { href: item.href });
      });
      nav.append(link);
    }
  };
  const APP_PARAMS = ["embedded", "hmac", "host", "id_token", "locale", "session", "shop", "timestamp"];
  const setLocation = (path) => {
    const url = new URL(path, "http://app.invalid");
    for (const name of APP_PARAMS) url.searchParams.delete(name);
    currentPath = url.pathname;
    history.replaceState(null, "", `${appBase}${url.pathname === "/" ? "" : url.pathname}${url.search}`);
    renderNav();
  };

  // ---- resource picker ---------------------------------------------------------------------------------------
  const dialog = document.getElementById("resource-picker");
  const pick = async ({ type, multiple, action, selectionIds }) => {
    const response = await fetch(`${config.resourcesUrl}?type=${encodeURIComponent(type)}`);
    if (!response.ok) throw new Error(`The dev store has no ${type} resources to pick from`);
    const resources = await response.json();
    const list = dialog.querySelector("[data-list]");
    list.textContent = "";
    dialog.querySelector("[data-title]").textContent = `${action === "select" ? "Select" : "Add"} ${type}s`;
    for (const resource of resources) {
      const label = document.createElement("label");
      label.className = "picker__item";
      const input = document.createElement("input");
      input.type = multiple ? "checkbox" : "radio";
      input.name = "resource";
      input.value = resource.id;
      input.checked = (selectionIds || []).includes(resource.id);
      const text = document.createElement("span");
      text.textContent = resource.title;
      const detail = document.createElement("small");
      detail.textContent = resource.detail || "";
      label.append(input, text, detail);
      list.append(label);
    }
    dialog.querySelector("[data-confirm]").textContent = action === "select" ? "Select" : "Add";
    dialog.showModal();
    return new Promise((resolve) => {
      dialog.addEventListener(
        "close",
        () => {
          if (dialog.returnValue !== "confirm") return resolve(undefined);
          const chosen = [...list.querySelectorAll("input:checked")].map((input) => input.value);
          resolve(resources.filter((r) => chosen.includes(r.id)).map((r) => r.resource));
        },
        { once: true },
      );
    });
  };

  // ---- messages from the app ---------------------------------------------------------------------------------
  window.addEventListener("message", async (event) => {
    if (event.source !== frame.contentWindow || event.origin !== appOrigin) return;
    const { source, type, id, payload } = event.data || {};
    if (source !== "devstore-app-bridge") return;
    try {
      switch (type) {
        case "ready":
          document.body.dataset.appBridge = "ready";
          break;
        case "idToken": {
          const response = await fetch(config.tokenUrl, { method: "POST" });
          if (!response.ok) throw new Error(`The dev store refused a session token (${response.status})`);
          reply(id, (await response.json()).token);
          break;
        }
        case "navMenu":
          navItems = payload.items;
          renderNav();
          break;
        case "location":
          setLocation(payload.path);
          break;
        case "titleBar":
          document.getElementById("app-title").textContent = payload.title || config.appName;
          break;
        case "adminNavigate":
          location.assign(`/store/${config.store}${payload.path}`);
          break;
        case "redirect":
          location.assign(payload.url);
          break;
        case "toast":
          showToast(payload);
          break;
        case "toastHide":
          hideToast(payload.id);
          break;
        case "loading":
          document.body.classList.toggle("is-loading", payload.on);
          break;
        case "saveBar":
          document.getElementById("save-bar").hidden = !payload.visible;
          break;
        case "resourcePicker":
          reply(id, await pick(payload));
          break;
        case "appExtensions": {
          const response = await fetch(`/store/${config.store}/extensions.json`);
          if (!response.ok) throw new Error(`The dev store could not list the app's extensions (${response.status})`);
          reply(id, await response.json());
          break;
        }
        case "user":
          reply(id, JSON.parse(config.user || "{}"));
          break;
        default:
          if (id) reply(id, undefined, `${type} is not implemented by the dev store's admin`);
      }
    } catch (error) {
      if (id) reply(id, undefined, String(error && error.message ? error.message : error));
      showToast({ id: `error-${Date.now()}`, message: String(error && error.message ? error.message : error), isError: true });
    }
  });
})();
