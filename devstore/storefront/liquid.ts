/**
 * Renders the extension's blocks the way a Shopify storefront does, with liquidjs and a faithful subset of
 * Shopify's objects and filters. It fails loudly rather than render something silently empty:
 * - an unknown filter (strictFilters) or tag (liquidjs' parser) throws;
 * - `customer`, `customer.metafields`, `routes`, `shop`, `request` and `block.settings` are strict drops: reading a
 *   property they do not have throws (a typo in a setting id, `customer.metafields.app` instead of the reserved
 *   `customer.metafields["$app"]`, an undeclared metafield key);
 * - `t` throws on a key missing from the storefront locale.
 * Customer metafields are either the ones Shopify holds for the customer (what the app's sync job wrote to the
 * Admin API — the test fake's `fake.metafieldsFor(gid)` or the dev store's state — the app's "$app" namespace stored
 * as `app--<app id>`) or built by the
 * app's own `buildLoyaltyMetafields` (what the sync job writes), then typed as Liquid exposes them (`.value`:
 * integer, text, parsed JSON). A declared metafield that is absent is nil.
 * Page assembly follows Shopify's: app blocks wrapped in `shopify-block` divs inside a section, app embeds
 * (target body) before `</body>`, and each block's schema `javascript`/`stylesheet` loaded once in `<head>`
 * (the script `async`, as Shopify documents).
 * Shared by the dev store's storefront page (devstore/storefront/page.ts) and the storefront tests.
 */
import { Drop, Liquid, Tag, type Context, type Emitter, type TagToken, type TopLevelToken } from "liquidjs";
import {
  buildLoyaltyMetafields,
  METAFIELD_DEFINITIONS,
  type LoyaltyMetafieldsInput,
} from "~/shopify/graphql/metafields";
import { PROGRAM_FACTS_KEY, PROGRAM_FACTS_NAMESPACE } from "~/shopify/graphql/app-metafields";
import { appNamespace, DEFAULT_APP_ID } from "../admin-api";
import {
  BLOCKS_DIR,
  SNIPPETS_DIR,
  defaultSettings,
  flattenLocale,
  readBlockSchema,
  readBlockSource,
  readLocale,
} from "./extension";

/** Reading a property the object does not have throws, naming the Liquid path. */
class StrictDrop extends Drop {
  constructor(
    private readonly liquidPath: string,
    private readonly data: Record<string, unknown>,
  ) {
    super();
  }
  liquidMethodMissing(key: string | number): unknown {
    const name = String(key);
    if (Object.hasOwn(this.data, name)) return this.data[name];
    throw new Error(`Liquid read ${this.liquidPath}.${name}, which the storefront harness does not define`);
  }
}

/** `customer.metafields`: only the app's reserved namespace exists for this extension. */
class MetafieldsDrop extends Drop {
  constructor(private readonly namespaces: Record<string, Drop>) {
    super();
  }
  liquidMethodMissing(key: string | number): unknown {
    const name = String(key);
    if (Object.hasOwn(this.namespaces, name)) return this.namespaces[name];
    throw new Error(
      `Liquid read customer.metafields.${name}: a theme app extension reads app-owned metafields as ` +
        `customer.metafields["$app"].<key> (reserved prefix); "${name}" is not a namespace here`,
    );
  }
}

/** One namespace: declared keys answer a metafield (or nil when unset), undeclared keys throw. */
class MetafieldNamespaceDrop extends Drop {
  constructor(
    private readonly label: string,
    private readonly declared: ReadonlySet<string>,
    private readonly values: Record<string, { value: unknown; type: string }>,
  ) {
    super();
  }
  liquidMethodMissing(key: string | number): unknown {
    const name = String(key);
    if (!this.declared.has(name)) throw new Error(`Liquid read an undeclared ${this.label} metafield "${name}"`);
    return this.values[name] ?? null;
  }
}

function liquidValue(type: string, raw: string): unknown {
  switch (type) {
    case "number_integer":
      return Number.parseInt(raw, 10);
    case "json":
      return JSON.parse(raw);
    case "single_line_text_field":
      return raw;
    default:
      throw new Error(`No Liquid mapping for metafield type ${type}`);
  }
}

/** A metafield as Shopify stores it (the app's "$app" namespace as `app--<app id>`). */
export interface StoredMetafield {
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export type StorefrontCustomer = {
  id: string;
  firstName: string;
} & (
  | {
      /** Loyalty data as the app syncs it; null: the app has not written the metafields yet. */
      loyalty: Omit<LoyaltyMetafieldsInput, "customerGid"> | null;
      metafields?: never;
    }
  | {
      /** The customer's metafields as Shopify holds them, e.g. `fake.metafieldsFor(customerGid)`. */
      metafields: readonly StoredMetafield[];
      loyalty?: never;
    }
);

/** The app's "$app" namespace as stored (`app--<app id>`) for the app this storefront renders. */
const APP_NAMESPACE = appNamespace(DEFAULT_APP_ID);

/** The customer's metafields in the app's namespace ("$app"). */
function appMetafields(customer: StorefrontCustomer): StoredMetafield[] {
  if (customer.metafields) return customer.metafields.filter((metafield) => metafield.namespace === APP_NAMESPACE);
  if (!customer.loyalty) return [];
  const written = buildLoyaltyMetafields({ ...customer.loyalty, customerGid: `gid://shopify/Customer/${customer.id}` });
  for (const metafield of written) {
    if (metafield.namespace !== "$app") throw new Error(`Unexpected namespace ${metafield.namespace}`);
  }
  return written;
}

function customerDrop(customer: StorefrontCustomer): Drop {
  const values: Record<string, { value: unknown; type: string }> = {};
  for (const metafield of appMetafields(customer)) {
    values[metafield.key] = { value: liquidValue(metafield.type, metafield.value), type: metafield.type };
  }
  const declared = new Set<string>(METAFIELD_DEFINITIONS.map((definition) => definition.key));
  return new StrictDrop("customer", {
    id: Number(customer.id),
    first_name: customer.firstName,
    metafields: new MetafieldsDrop({ $app: new MetafieldNamespaceDrop("$app", declared, values) }),
  });
}

/**
 * `app`: the app's own object in a theme app extension. Its metafields are the app-data metafields of the app's
 * installation (what the program facts job wrote, e.g. the dev store's `metafieldsFor(appInstallationId)`); only
 * the namespace and key the app writes are declared, so a typo throws.
 */
function appDrop(metafields: readonly StoredMetafield[]): Drop {
  const values: Record<string, { value: unknown; type: string }> = {};
  for (const metafield of metafields) {
    if (metafield.namespace === PROGRAM_FACTS_NAMESPACE) {
      values[metafield.key] = { value: liquidValue(metafield.type, metafield.value), type: metafield.type };
    }
  }
  return new StrictDrop("app", {
    metafields: new StrictDrop("app.metafields", {
      [PROGRAM_FACTS_NAMESPACE]: new MetafieldNamespaceDrop(`app-data ${PROGRAM_FACTS_NAMESPACE}`, new Set([PROGRAM_FACTS_KEY]), values),
    }),
  });
}

/** Liquid's `cart` (the subset the extension reads): amounts in minor units, as Shopify's Liquid gives them. */
export interface StorefrontCart {
  total_price: number;
  item_count: number;
}

export type StorefrontLocale = "en" | "fr";

export interface PageBlock {
  /** File name in blocks/ without extension: "rewards" or "launcher". */
  name: string;
  id: string;
  settings?: Record<string, unknown>;
}

export interface PageOptions {
  locale?: StorefrontLocale;
  customer?: StorefrontCustomer | null;
  /** App blocks (target section), each in its own section of the page, in order. */
  blocks?: PageBlock[];
  /** App embeds (target body). */
  embeds?: PageBlock[];
  title?: string;
  /** Where the extension's assets are served (asset_url). */
  assetBase?: string;
  /** Liquid's `shop` (default: the test suite's "Snow Gear Co."). */
  shop?: StorefrontShop;
  /** The app installation's app-data metafields (`app.metafields`); default none (the app has not written them). */
  appMetafields?: readonly StoredMetafield[];
  /** Liquid's `cart` (default: empty). */
  cart?: StorefrontCart;
  /** The theme's own markup (trusted HTML): instead of the plain header, and before the app blocks in <main>. */
  theme?: { header?: string; beforeBlocks?: string; style?: string };
}

/** Shopify's Liquid `t` filter: locale lookup, `{{ name }}` interpolation, `count` plurals, escaped unless `_html`. */
function translate(locale: StorefrontLocale, translations: Map<string, string>, key: string, args: unknown[]): string {
  const named = new Map<string, unknown>();
  for (const arg of args) {
    if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === "string") named.set(arg[0], arg[1]);
    else throw new Error(`t: only named arguments are supported, got ${JSON.stringify(arg)}`);
  }
  let text = translations.get(key);
  if (text === undefined && named.has("count")) {
    const count = Number(named.get("count"));
    const one = locale === "fr" ? count < 2 : count === 1;
    text = translations.get(`${key}.${one ? "one" : "other"}`);
  }
  if (text === undefined) throw new Error(`Translation missing: ${locale}.${key}`);
  const interpolated = text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    if (!named.has(name)) throw new Error(`t: ${key} needs a "${name}" argument`);
    return String(named.get(name));
  });
  return key.endsWith("_html") ? interpolated : escapeHtml(interpolated);
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function formatMoney(cents: unknown, format: string): string {
  const value = Number(cents);
  if (!Number.isInteger(value)) throw new Error(`money takes integer minor units, got ${String(cents)}`);
  const amount = (value / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return format.replace(/\{\{\s*amount\s*\}\}/, amount);
}

/** `{% schema %}`: Shopify reads it; it renders nothing. */
class SchemaTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    for (;;) {
      const next = remainTokens.shift();
      if (!next) throw new Error("{% schema %} is not closed");
      if ((next as Partial<TagToken>).name === "endschema") return;
    }
  }
  *render(_ctx: Context, _emitter: Emitter): Generator<unknown, void, unknown> {}
}

/** Liquid's `shop` object (the subset the extension may read). */
export interface StorefrontShop {
  name: string;
  money_format: string;
  permanent_domain: string;
}

const DEFAULT_SHOP: StorefrontShop = {
  name: "Snow Gear Co.",
  money_format: "${{amount}}",
  permanent_domain: "test-shop.myshopify.com",
};

function createEngine(locale: StorefrontLocale, assetBase: string, shop: StorefrontShop): Liquid {
  const translations = flattenLocale(readLocale(locale === "en" ? "en.default.json" : `${locale}.json`));
  const engine = new Liquid({
    root: [BLOCKS_DIR],
    partials: [SNIPPETS_DIR],
    extname: ".liquid",
    strictFilters: true,
    ownPropertyOnly: true,
    cache: false,
  });
  engine.registerTag("schema", SchemaTag);
  engine.registerFilter("t", (key: unknown, ...args: unknown[]) => translate(locale, translations, String(key), args));
  engine.registerFilter("asset_url", (name: unknown) => `${assetBase}/${String(name)}`);
  engine.registerFilter("stylesheet_tag", (url: unknown) => `<link href="${String(url)}" rel="stylesheet" type="text/css" media="all" />`);
  engine.registerFilter("script_tag", (url: unknown) => `<script src="${String(url)}" type="text/javascript"></script>`);
  engine.registerFilter("json", (value: unknown) => JSON.stringify(value ?? null));
  engine.registerFilter("money", (cents: unknown) => formatMoney(cents, shop.money_format));
  // Shopify rounds down when both operands are integers (liquidjs would return a float).
  engine.registerFilter("divided_by", (dividend: unknown, divisor: unknown) => {
    const a = Number(dividend);
    const b = Number(divisor);
    return Number.isInteger(a) && Number.isInteger(b) ? Math.floor(a / b) : a / b;
  });
  return engine;
}

function globals(locale: StorefrontLocale, customer: StorefrontCustomer | null | undefined, shop: StorefrontShop, options: PageOptions) {
  const root = locale === "en" ? "/" : `/${locale}`;
  const prefix = locale === "en" ? "" : `/${locale}`;
  return {
    customer: customer ? customerDrop(customer) : null,
    shop: new StrictDrop("shop", { ...shop }),
    app: appDrop(options.appMetafields ?? []),
    cart: new StrictDrop("cart", { ...(options.cart ?? { total_price: 0, item_count: 0 }) }),
    request: new StrictDrop("request", {
      locale: new StrictDrop("request.locale", { iso_code: locale, primary: locale === "en" }),
      design_mode: false,
    }),
    routes: new StrictDrop("routes", {
      root_url: root,
      account_url: `${prefix}/account`,
      account_login_url: `${prefix}/account/login`,
      account_register_url: `${prefix}/account/register`,
      account_logout_url: `${prefix}/account/logout`,
      cart_url: `${prefix}/cart`,
      search_url: `${prefix}/search`,
    }),
  };
}

/** Renders one block file (an app block or embed) with its schema defaults overridden by `settings`. */
export async function renderBlock(block: PageBlock, options: PageOptions = {}): Promise<string> {
  const file = `${block.name}.liquid`;
  const schema = readBlockSchema(file);
  const settings = { ...defaultSettings(schema), ...block.settings };
  for (const id of Object.keys(block.settings ?? {})) {
    if (!(schema.settings ?? []).some((setting) => setting.id === id)) throw new Error(`${file} has no setting "${id}"`);
  }
  return renderTemplate(readBlockSource(file), { ...options, blockId: block.id, settings });
}

/** Renders Liquid source in the storefront harness (snippets resolve from the extension's snippets/). */
export async function renderTemplate(
  source: string,
  options: PageOptions & { blockId?: string; settings?: Record<string, unknown> } = {},
): Promise<string> {
  const locale = options.locale ?? "en";
  const shop = options.shop ?? DEFAULT_SHOP;
  const engine = createEngine(locale, options.assetBase ?? "/extension-assets", shop);
  const block = new StrictDrop("block", {
    id: options.blockId ?? "block-1",
    settings: new StrictDrop("block.settings", options.settings ?? {}),
  });
  return engine.parseAndRender(source, { block }, { globals: globals(locale, options.customer, shop, options) });
}

/** A whole storefront page: a minimal theme layout around the given app blocks and app embeds. */
export async function renderPage(options: PageOptions): Promise<string> {
  const locale = options.locale ?? "en";
  const assetBase = options.assetBase ?? "/extension-assets";
  const shopName = (options.shop ?? DEFAULT_SHOP).name;
  const all = [...(options.blocks ?? []), ...(options.embeds ?? [])];
  const head = new Set<string>();
  for (const block of all) {
    const schema = readBlockSchema(`${block.name}.liquid`);
    if (options.blocks?.includes(block) && schema.target !== "section") throw new Error(`${block.name} is not an app block`);
    if (options.embeds?.includes(block) && schema.target !== "body") throw new Error(`${block.name} is not a body embed`);
    if (schema.stylesheet) head.add(`<link rel="stylesheet" href="${assetBase}/${schema.stylesheet}">`);
    if (schema.javascript) head.add(`<script src="${assetBase}/${schema.javascript}" async></script>`);
  }
  const sections: string[] = [];
  for (const block of options.blocks ?? []) {
    const html = await renderBlock(block, options);
    sections.push(
      `<section class="shopify-section" id="shopify-section-${block.id}">` +
        `<div id="shopify-block-${block.id}" class="shopify-block shopify-app-block">${html}</div></section>`,
    );
  }
  const embeds: string[] = [];
  for (const embed of options.embeds ?? []) {
    embeds.push(`<div id="shopify-block-${embed.id}" class="shopify-block shopify-app-block">${await renderBlock(embed, options)}</div>`);
  }
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title ?? shopName)}</title>
${[...head].join("\n")}
<style>
  body { margin: 0; font-family: system-ui, sans-serif; background: #f6f6f4; color: #222; }
  header.theme-header { padding: 1rem 2rem; background: #fff; border-bottom: 1px solid #ddd; font-weight: 700; }
  main { padding: 1rem 2rem 6rem; }${options.theme?.style ? `\n${options.theme.style}` : ""}
</style>
</head>
<body>
${options.theme?.header ?? `<header class="theme-header">${escapeHtml(shopName)}</header>`}
<main id="MainContent">${options.theme?.beforeBlocks ? `\n${options.theme.beforeBlocks}` : ""}
${sections.join("\n")}
</main>
${embeds.join("\n")}
</body>
</html>`;
}
