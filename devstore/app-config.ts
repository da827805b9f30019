/**
 * The app's `shopify.app.toml`, read the way Shopify reads it on `app deploy`: the dev store takes the webhook
 * subscriptions, the app proxy, the scopes and the handle from it, so a subscription or proxy path changed there
 * changes what the dev store does.
 *
 * Rules:
 * - Only the TOML this file uses is understood (tables, arrays of tables, `key = "string" | [strings] | bool |
 *   number`, dotted keys, comments); anything else throws, naming the line — never a silent misread.
 * - URLs in the file point at the deployed app; the dev store replaces their origin with the local app URL
 *   (what `automatically_update_urls_on_dev` does) and keeps their paths.
 */
import { readFileSync } from "node:fs";

export interface WebhookSubscription {
  topics: string[];
  /** Compliance topics (customers/data_request, customers/redact, shop/redact). */
  complianceTopics: string[];
  /** Path (or absolute URL) on the app, e.g. "/webhooks/orders/paid". */
  uri: string;
}

export interface AppConfig {
  clientId: string;
  name: string;
  handle: string;
  scopes: string[];
  webhooksApiVersion: string;
  subscriptions: WebhookSubscription[];
  /** Storefront `/<prefix>/<subpath>/*` → app `<url path>/*`. */
  appProxy: { prefix: string; subpath: string; path: string } | null;
}

type TomlValue = string | number | boolean | string[] | TomlTable | TomlTable[];
interface TomlTable {
  [key: string]: TomlValue;
}

export function readAppConfig(file = "shopify.app.toml"): AppConfig {
  return appConfigFrom(parseToml(readFileSync(file, "utf8")));
}

export function appConfigFrom(toml: TomlTable): AppConfig {
  const str = (value: TomlValue | undefined, what: string): string => {
    if (typeof value !== "string") throw new Error(`shopify.app.toml: ${what} must be a string`);
    return value;
  };
  const table = (value: TomlValue | undefined): TomlTable =>
    value && typeof value === "object" && !Array.isArray(value) ? value : {};
  const strings = (value: TomlValue | undefined): string[] =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

  const webhooks = table(toml.webhooks);
  const subscriptions = (Array.isArray(webhooks.subscriptions) ? webhooks.subscriptions : []) as TomlTable[];
  const proxy = table(toml.app_proxy);
  return {
    clientId: str(toml.client_id, "client_id"),
    name: str(toml.name, "name"),
    handle: str(toml.handle, "handle"),
    scopes: str(table(toml.access_scopes).scopes, "access_scopes.scopes")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    webhooksApiVersion: str(webhooks.api_version, "webhooks.api_version"),
    subscriptions: subscriptions.map((s) => ({
      topics: strings(s.topics),
      complianceTopics: strings(s.compliance_topics),
      uri: str(s.uri, "webhooks.subscriptions.uri"),
    })),
    appProxy:
      typeof proxy.url === "string"
        ? {
            prefix: str(proxy.prefix, "app_proxy.prefix"),
            subpath: str(proxy.subpath, "app_proxy.subpath"),
            path: new URL(proxy.url).pathname.replace(/\/$/, ""),
          }
        : null,
  };
}

/** The subscription paths for a topic (regular or compliance). */
export function subscriptionsFor(config: AppConfig, topic: string): string[] {
  return config.subscriptions
    .filter((s) => s.topics.includes(topic) || s.complianceTopics.includes(topic))
    .map((s) => s.uri);
}

export function parseToml(source: string): TomlTable {
  const root: TomlTable = {};
  let current = root;
  const lines = source.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = stripComment(raw).trim();
    if (line === "") return;
    const fail = (why: string) => new Error(`shopify.app.toml line ${index + 1}: ${why}: ${raw.trim()}`);
    const arrayTable = /^\[\[([A-Za-z0-9_.-]+)\]\]$/.exec(line);
    const plainTable = /^\[([A-Za-z0-9_.-]+)\]$/.exec(line);
    if (arrayTable?.[1]) {
      const path = arrayTable[1].split(".");
      const parent = descend(root, path.slice(0, -1), fail);
      const key = path[path.length - 1] ?? "";
      const list = (parent[key] ??= []) as TomlTable[];
      if (!Array.isArray(list)) throw fail("not an array of tables");
      const entry: TomlTable = {};
      list.push(entry);
      current = entry;
      return;
    }
    if (plainTable?.[1]) {
      current = descend(root, plainTable[1].split("."), fail);
      return;
    }
    const assignment = /^([A-Za-z0-9_.-]+)\s*=\s*(.+)$/.exec(line);
    if (!assignment?.[1] || assignment[2] === undefined) throw fail("not understood");
    const path = assignment[1].split(".");
    const target = descend(current, path.slice(0, -1), fail);
    target[path[path.length - 1] ?? ""] = parseValue(assignment[2].trim(), fail);
  });
  return root;
}

function descend(table: TomlTable, path: string[], fail: (why: string) => Error): TomlTable {
  let node = table;
  for (const key of path) {
    const next = (node[key] ??= {});
    if (typeof next !== "object" || Array.isArray(next)) throw fail(`"${key}" is not a table`);
    node = next;
  }
  return node;
}

function parseValue(text: string, fail: (why: string) => Error): TomlValue {
  if (text === "true" || text === "false") return text === "true";
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text.startsWith('"')) return parseString(text, fail);
  if (text.startsWith("[") && text.endsWith("]")) {
    const inner = text.slice(1, -1).trim();
    if (inner === "") return [];
    return splitArray(inner).map((item) => {
      const value = parseValue(item.trim(), fail);
      if (typeof value !== "string") throw fail("only arrays of strings are understood");
      return value;
    });
  }
  throw fail("value not understood");
}

function parseString(text: string, fail: (why: string) => Error): string {
  if (!/^"(?:[^"\\]|\\.)*"$/.test(text)) throw fail("string not understood");
  return JSON.parse(text) as string;
}

function splitArray(inner: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[") depth++;
    else if (c === "]") depth--;
    else if (c === "," && depth === 0) {
      items.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  const last = inner.slice(start);
  if (last.trim() !== "") items.push(last);
  return items;
}

function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "#") return line.slice(0, i);
  }
  return line;
}
