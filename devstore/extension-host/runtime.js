// The dev store's host for the app's customer account and checkout UI extensions, in the extension's frame
// (devstore/extension-host/pages.ts). It plays Shopify's part:
// - the `shopify` global of the target: sessionToken.get() (a token the dev store signs as Shopify does, for the
//   signed-in customer), i18n over the extension's own locale files, and the target's data as signals
//   (order, lines, cost, orderConfirmation);
// - the `s-*` elements the extension renders, as small custom elements with accessible HTML (a page heading, a
//   section heading, a real <button>, <progress>, a status banner, labelled form fields), enough to use and to test,
//   not Shopify's look;
// - then imports the extension's bundle (built as the CLI builds it) and calls its default export, which renders
//   into document.body as it does in Shopify's sandbox.
const config = JSON.parse(document.getElementById("extension-config").textContent);

function flatten(messages, prefix, into) {
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") into.set(path, value);
    else flatten(value, path, into);
  }
  return into;
}

const messages = flatten(config.messages, "", new Map());
const locale = config.locale === "fr" ? "fr-FR" : "en-US";
const signal = (value) => ({ value, subscribe: () => () => {} });

globalThis.shopify = {
  extension: { target: config.target },
  sessionToken: {
    async get() {
      const response = await fetch(config.tokenUrl, { credentials: "same-origin" });
      if (!response.ok) throw new Error(`Session token refused: ${response.status}`);
      return (await response.text()).trim();
    },
  },
  i18n: {
    translate(key, options = {}) {
      const plural = typeof options.count === "number" ? new Intl.PluralRules(locale).select(options.count) : null;
      const message = (plural !== null ? (messages.get(`${key}.${plural}`) ?? messages.get(`${key}.other`)) : undefined) ?? messages.get(key);
      if (message === undefined) throw new Error(`No message "${key}" in the ${config.locale} locale`);
      return message.replace(/\{\{(\w+)\}\}/g, (_match, name) => String(options[name] ?? `{{${name}}}`));
    },
    formatNumber: (value, options) => new Intl.NumberFormat(locale, options).format(value),
    formatCurrency: (value, options = {}) => new Intl.NumberFormat(locale, { style: "currency", currency: options.currency ?? "USD" }).format(value),
    formatDate: (date, options) => new Intl.DateTimeFormat(locale, options).format(date),
  },
  navigation: {
    navigate(url) {
      window.top.location.href = hostUrl(url);
    },
  },
  order: signal(config.order ?? null),
  lines: signal(config.lines ?? []),
  cost: signal(config.cost ?? null),
  orderConfirmation: signal(config.orderConfirmation ?? null),
};
// Signals of a nested object: the extension reads shopify.cost.totalAmount.value.
if (config.cost) globalThis.shopify.cost = { totalAmount: signal(config.cost.totalAmount) };

/** Customer account routes to the dev store's pages ("extension:<handle>/" is another extension's full page). */
function hostUrl(url) {
  const match = /^extension:([\w-]+)\/?(.*)$/.exec(url);
  if (match && match[1] === "customer-account-rewards") return config.pages.rewards;
  return url;
}

const styles = `
  :host { display: block; box-sizing: border-box; }
  .heading { margin: 0 0 12px; font-weight: 650; }
`;

/** A custom element drawn from its attributes into a shadow root around its children (slot). */
function define(name, render, { inline = false, observed = [] } = {}) {
  customElements.define(
    name,
    class extends HTMLElement {
      static get observedAttributes() {
        return observed;
      }
      connectedCallback() {
        if (!this.shadowRoot) this.attachShadow({ mode: "open" });
        this.draw();
      }
      attributeChangedCallback() {
        if (this.shadowRoot) this.draw();
      }
      draw() {
        this.shadowRoot.innerHTML = `<style>${styles}${inline ? ":host{display:inline-block}" : ""}</style>${render(this)}`;
      }
    },
  );
}

const escape = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const attr = (el, name) => el.getAttribute(name);
const gap = (el) => ({ "small-400": "2px", "small-300": "4px", "small-200": "6px", base: "12px", large: "20px" })[attr(el, "gap")] ?? "8px";

define("s-page", (el) => `<h1 class="heading" style="font-size:24px">${escape(attr(el, "heading"))}</h1><div style="display:grid;gap:20px"><slot></slot></div>`, { observed: ["heading"] });
define(
  "s-section",
  (el) =>
    `<section style="background:#fff;border-radius:12px;padding:16px;box-shadow:0 0 0 1px #0000001a">${
      attr(el, "heading") ? `<h2 class="heading" style="font-size:16px">${escape(attr(el, "heading"))}</h2>` : ""
    }<slot></slot></section>`,
  { observed: ["heading"] },
);
define(
  "s-stack",
  (el) => `<div style="display:flex;flex-direction:${attr(el, "direction") === "inline" ? "row" : "column"};gap:${gap(el)}"><slot></slot></div>`,
  { observed: ["direction", "gap"] },
);
define(
  "s-grid",
  (el) =>
    `<div style="display:grid;grid-template-columns:${escape(attr(el, "gridtemplatecolumns") ?? "1fr")};gap:${gap(el)};align-items:${escape(attr(el, "alignitems") ?? "start")}"><slot></slot></div>`,
  { observed: ["gridtemplatecolumns", "gap", "alignitems"] },
);
define(
  "s-text",
  (el) => `<span style="${attr(el, "type") === "strong" ? "font-weight:650;" : ""}${attr(el, "color") === "subdued" ? "color:#616161;" : ""}"><slot></slot></span>`,
  { inline: true, observed: ["type", "color"] },
);
define("s-heading", () => `<h3 class="heading" style="font-size:20px;margin:0"><slot></slot></h3>`);
define("s-paragraph", () => `<p style="margin:0"><slot></slot></p>`);
define("s-badge", () => `<span style="display:inline-block;padding:2px 8px;border-radius:8px;background:#e3e3e3;font-size:12px"><slot></slot></span>`, { inline: true });
define(
  "s-banner",
  (el) => {
    const tone = attr(el, "tone") ?? "info";
    const colors = { success: "#cdfee1", warning: "#fff1e3", critical: "#fedad9", info: "#eaf4ff" };
    return `<div role="${tone === "critical" ? "alert" : "status"}" data-tone="${escape(tone)}" style="background:${colors[tone] ?? colors.info};border-radius:10px;padding:12px">${
      attr(el, "heading") ? `<strong style="display:block;margin-bottom:4px">${escape(attr(el, "heading"))}</strong>` : ""
    }<slot></slot></div>`;
  },
  { observed: ["tone", "heading"] },
);
define(
  "s-progress",
  (el) => `<progress style="width:100%" value="${escape(attr(el, "value"))}" max="${escape(attr(el, "max") ?? "1")}" aria-label="${escape(attr(el, "accessibilitylabel"))}"></progress>`,
  { observed: ["value", "max", "accessibilitylabel"] },
);
define("s-spinner", (el) => `<span role="status">${escape(attr(el, "accessibilitylabel") ?? "Loading")}…</span>`, { observed: ["accessibilitylabel"] });
// s-clipboard-item holds text for a button whose `command="--copy"` names it (`commandFor`); it fires `copy`, or
// `copyerror` when the browser refuses the clipboard. Its `oncopy`/`oncopyerror` properties make Preact listen to
// those lowercase names, as Shopify's element does.
define("s-clipboard-item", () => ``, { inline: true });
for (const name of ["oncopy", "oncopyerror"]) {
  Object.defineProperty(customElements.get("s-clipboard-item").prototype, name, { value: null, writable: true });
}
define(
  "s-link",
  (el) => `<a href="${escape(hostUrl(attr(el, "href") ?? "#"))}" target="_top" style="color:#005bd3"><slot></slot></a>`,
  { inline: true, observed: ["href"] },
);
define(
  "s-button",
  (el) => {
    const off = el.hasAttribute("disabled") || el.hasAttribute("loading");
    const primary = attr(el, "variant") === "primary";
    return `<button type="button" ${off ? "disabled" : ""} aria-busy="${el.hasAttribute("loading")}" style="font:inherit;padding:6px 14px;border-radius:8px;border:1px solid #303030;background:${
      primary ? "#303030" : "#fff"
    };color:${primary ? "#fff" : "#303030"};cursor:pointer;opacity:${off ? 0.5 : 1}"><slot></slot></button>`;
  },
  { inline: true, observed: ["disabled", "loading", "variant"] },
);
// Form fields: a labelled native control in the shadow root; the host carries `value` (as Shopify's elements do) and
// fires `change` itself (the inner control's event does not leave the shadow root; `input` does, composed, after the
// host's value has followed it). s-select lists its s-option children; s-number-field is a number input (min, max,
// step); s-text-area a textarea (rows, maxLength). A field's `error` shows under it (an alert) and marks the control
// invalid, described by it.
let fieldCount = 0;
function defineField(name, control) {
  customElements.define(
    name,
    class extends HTMLElement {
      static get observedAttributes() {
        return ["label", "error", "value", "min", "max", "step", "rows", "maxlength"];
      }
      get value() {
        return this._value ?? attr(this, "value") ?? "";
      }
      set value(next) {
        this._value = String(next ?? "");
        const input = this.shadowRoot?.querySelector("select,input,textarea");
        if (input && input.value !== this._value) input.value = this._value;
      }
      connectedCallback() {
        if (!this.shadowRoot) this.attachShadow({ mode: "open" });
        this._id ??= `field-${++fieldCount}`;
        this.draw();
      }
      attributeChangedCallback() {
        if (this.shadowRoot) this.draw();
      }
      draw() {
        const error = attr(this, "error");
        const described = error ? ` aria-describedby="${this._id}-error"` : "";
        this.shadowRoot.innerHTML = `<style>${styles}</style><label style="display:grid;gap:4px">${escape(attr(this, "label"))}${control(this, error, described)}</label>${
          error ? `<span id="${this._id}-error" role="alert" style="color:#8e1f0b">${escape(error)}</span>` : ""
        }`;
        const input = this.shadowRoot.querySelector("select,input,textarea");
        input.value = this.value;
        input.addEventListener("input", () => {
          this._value = input.value;
        });
        input.addEventListener("change", () => {
          this._value = input.value;
          this.dispatchEvent(new Event("change"));
        });
      }
    },
  );
}
const fieldStyle = "font:inherit;padding:6px 8px;border-radius:8px;border:1px solid #8a8a8a";
const bound = (el, name) => (attr(el, name) !== null ? ` ${name}="${escape(attr(el, name))}"` : "");
defineField("s-select", (el, error, described) => {
  const options = [...el.querySelectorAll("s-option")].map((option) => `<option value="${escape(attr(option, "value"))}">${escape(option.textContent)}</option>`);
  return `<select aria-invalid="${Boolean(error)}"${described} style="${fieldStyle}">${options.join("")}</select>`;
});
defineField("s-number-field", (el, error, described) => {
  return `<input type="number" inputmode="numeric"${bound(el, "min")}${bound(el, "max")}${bound(el, "step")} aria-invalid="${Boolean(error)}"${described} style="${fieldStyle}">`;
});
defineField("s-text-area", (el, error, described) => {
  return `<textarea rows="${escape(attr(el, "rows") ?? "3")}"${bound(el, "maxlength")} aria-invalid="${Boolean(error)}"${described} style="${fieldStyle};resize:vertical"></textarea>`;
});
// s-choice-list: a fieldset named by its label, one radio (or checkbox, `multiple`) per s-choice child, labelled by
// the choice's text. The host carries `values` (the picked choices' values, as Shopify's element does) and fires
// `change` and `input`; `variant="inline"` lays the choices in a row; `error` shows under the list.
customElements.define(
  "s-choice-list",
  class extends HTMLElement {
    static get observedAttributes() {
      return ["label", "error", "multiple", "variant"];
    }
    get values() {
      return this._values ?? [];
    }
    set values(next) {
      this._values = [...(next ?? [])].map(String);
      for (const input of this.shadowRoot?.querySelectorAll("input") ?? []) input.checked = this._values.includes(input.value);
    }
    connectedCallback() {
      if (!this.shadowRoot) this.attachShadow({ mode: "open" });
      this._id ??= `choices-${++fieldCount}`;
      this.draw();
    }
    attributeChangedCallback() {
      if (this.shadowRoot) this.draw();
    }
    draw() {
      const error = attr(this, "error");
      const type = this.hasAttribute("multiple") && attr(this, "multiple") !== "false" ? "checkbox" : "radio";
      const inline = attr(this, "variant") === "inline";
      const choices = [...this.querySelectorAll("s-choice")].map(
        (choice) =>
          `<label style="display:inline-flex;gap:4px;align-items:center"><input type="${type}" name="${this._id}" value="${escape(attr(choice, "value"))}">${escape(choice.textContent)}</label>`,
      );
      this.shadowRoot.innerHTML = `<style>${styles}</style><fieldset aria-invalid="${Boolean(error)}"${error ? ` aria-describedby="${this._id}-error"` : ""} style="border:0;margin:0;padding:0;min-width:0">
<legend style="padding:0;margin-bottom:4px">${escape(attr(this, "label"))}</legend>
<div style="display:flex;flex-direction:${inline ? "row" : "column"};flex-wrap:wrap;gap:${inline ? "10px" : "4px"}">${choices.join("")}</div></fieldset>${
        error ? `<span id="${this._id}-error" role="alert" style="color:#8e1f0b">${escape(error)}</span>` : ""
      }`;
      for (const input of this.shadowRoot.querySelectorAll("input")) {
        input.checked = this.values.includes(input.value);
        input.addEventListener("change", () => {
          this._values = [...this.shadowRoot.querySelectorAll("input:checked")].map((checked) => checked.value);
          this.dispatchEvent(new Event("input"));
          this.dispatchEvent(new Event("change"));
        });
      }
    }
  },
);
define("s-choice", () => ``);
define("s-option", () => ``);
// A disabled s-button does not fire: its click stops at the host before the extension's listener sees it.
document.addEventListener(
  "click",
  (event) => {
    const button = event.target instanceof Element ? event.target.closest("s-button") : null;
    if (button && (button.hasAttribute("disabled") || button.hasAttribute("loading"))) event.stopImmediatePropagation();
  },
  true,
);

document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("s-button[commandfor]") : null;
  if (!button || attr(button, "command") !== "--copy") return;
  const item = document.getElementById(attr(button, "commandfor"));
  if (item?.localName !== "s-clipboard-item") return;
  navigator.clipboard.writeText(attr(item, "text") ?? "").then(
    () => item.dispatchEvent(new Event("copy")),
    () => item.dispatchEvent(new Event("copyerror")),
  );
});

const extension = await import(config.bundleUrl);
await extension.default();
document.documentElement.dataset.extensionReady = "true";
