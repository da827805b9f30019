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

  // ---- contextual save bar -----------------------------------------------------------------------------------
  // What Shopify admin does with an app's <ui-save-bar>: the bar replaces the top bar with the app's Save and
  // Discard (the admin's own words unless the app's buttons have text; `loading` and `disabled` follow the app's
  // buttons); Discard asks first when the app set `discard-confirmation`. While it shows, the admin does not leave
  // the page: a click on any admin link (the app's navigation in the sidebar included) is refused and the bar
  // shakes, as in Shopify admin; reloading or closing the tab asks the browser's "Leave site?" (beforeunload).
  const saveBar = document.getElementById("save-bar");
  const style = document.createElement("style");
  style.textContent = `
#save-bar { justify-content: space-between; padding: 0 16px; gap: 12px; font-weight: 600; }
#save-bar .save-bar__actions { display: flex; gap: 8px; }
#save-bar button { min-width: 72px; }
#save-bar button.save-bar__discard { background: #3a3a3a; color: #fff; box-shadow: inset 0 0 0 1px #616161; }
#save-bar button.save-bar__save { background: #fff; color: #303030; }
#save-bar button[disabled] { opacity: .6; cursor: default; }
#save-bar.save-bar--shake { animation: save-bar-shake .4s; }
@keyframes save-bar-shake { 0%, 100% { transform: translateX(0); } 20%, 60% { transform: translateX(-8px); } 40%, 80% { transform: translateX(8px); } }
dialog#discard-confirmation { border: 0; border-radius: 12px; padding: 16px; width: 420px; max-width: 90vw; box-shadow: 0 8px 40px rgba(0,0,0,.3); }
dialog#discard-confirmation footer { display: flex; gap: 8px; justify-content: flex-end; margin-top: 16px; }`;
  document.head.append(style);
  const SAVE_BAR_WORDS = {
    en: { message: "Unsaved changes", save: "Save", discard: "Discard", confirmTitle: "Discard all unsaved changes", confirmText: "If you discard changes, you'll delete any edits you made since you last saved.", keep: "Continue editing", confirm: "Discard changes" },
    fr: { message: "Modifications non enregistrées", save: "Enregistrer", discard: "Ignorer", confirmTitle: "Ignorer toutes les modifications non enregistrées", confirmText: "Si vous ignorez les modifications, vous supprimerez toutes celles effectuées depuis le dernier enregistrement.", keep: "Continuer les modifications", confirm: "Ignorer les modifications" },
  };
  const shownBars = new Map();
  const saveBarShowing = () => shownBars.size > 0;
  const shakeSaveBar = () => {
    saveBar.classList.remove("save-bar--shake");
    void saveBar.offsetWidth; // restart the animation
    saveBar.classList.add("save-bar--shake");
    saveBar.dataset.shakes = String(Number(saveBar.dataset.shakes || 0) + 1);
  };
  const confirmDiscard = (words) =>
    new Promise((resolve) => {
      const dialog = document.createElement("dialog");
      dialog.id = "discard-confirmation";
      const title = document.createElement("h2");
      title.textContent = words.confirmTitle;
      const text = document.createElement("p");
      text.textContent = words.confirmText;
      const form = document.createElement("form");
      form.method = "dialog";
      const footer = document.createElement("footer");
      const keep = document.createElement("button");
      keep.className = "secondary";
      keep.value = "keep";
      keep.textContent = words.keep;
      const discard = document.createElement("button");
      discard.className = "danger";
      discard.value = "discard";
      discard.textContent = words.confirm;
      footer.append(keep, discard);
      form.append(footer);
      dialog.append(title, text, form);
      document.body.append(dialog);
      dialog.addEventListener("close", () => {
        resolve(dialog.returnValue === "discard");
        dialog.remove();
      });
      dialog.showModal();
    });
  const renderSaveBar = (bar) => {
    if (!bar.visible) shownBars.delete(bar.id);
    else shownBars.set(bar.id, bar);
    const current = [...shownBars.values()].pop();
    saveBar.hidden = !current;
    saveBar.textContent = "";
    if (!current) return;
    const words = SAVE_BAR_WORDS[current.locale] || SAVE_BAR_WORDS.en;
    saveBar.setAttribute("role", "region");
    saveBar.setAttribute("aria-label", words.message);
    const message = document.createElement("span");
    message.textContent = words.message;
    const actions = document.createElement("div");
    actions.className = "save-bar__actions";
    const button = (kind, spec) => {
      const element = document.createElement("button");
      element.type = "button";
      element.className = `save-bar__${kind}`;
      element.textContent = (spec && spec.label) || words[kind];
      element.disabled = !!(spec && (spec.disabled || spec.loading));
      if (spec && spec.loading) element.setAttribute("aria-busy", "true");
      element.addEventListener("click", async () => {
        if (kind === "discard" && current.discardConfirmation && !(await confirmDiscard(words))) return;
        tell("saveBarAction", { id: current.id, action: kind });
      });
      return element;
    };
    if (current.discard) actions.append(button("discard", current.discard));
    if (current.save) actions.append(button("save", current.save));
    saveBar.append(message, actions);
  };
  document.addEventListener(
    "click",
    (event) => {
      const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!link || !saveBarShowing()) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      shakeSaveBar();
    },
    true,
  );
  window.addEventListener("beforeunload", (event) => {
    if (!saveBarShowing()) return;
    event.preventDefault();
    event.returnValue = "";
  });

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
          if (saveBarShowing()) shakeSaveBar();
          else location.assign(`/store/${config.store}${payload.path}`);
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
          renderSaveBar(payload);
          break;
        case "saveBarShake":
          shakeSaveBar();
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
