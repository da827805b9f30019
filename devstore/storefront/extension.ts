/**
 * The theme app extension as files: where it is, each block's `{% schema %}` (extracted with Shopify's own Liquid
 * parser, not a regex), and its locale files. Shared by the dev store's storefront and the storefront tests.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { toLiquidHtmlAST, walk, type LiquidHtmlNode } from "@shopify/liquid-html-parser";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const EXTENSION_DIR = path.join(REPO_ROOT, "extensions/loyalty-widget");
export const ASSETS_DIR = path.join(EXTENSION_DIR, "assets");
export const BLOCKS_DIR = path.join(EXTENSION_DIR, "blocks");
export const SNIPPETS_DIR = path.join(EXTENSION_DIR, "snippets");
export const LOCALES_DIR = path.join(EXTENSION_DIR, "locales");

export interface SettingSchema {
  type: string;
  id?: string;
  label?: string;
  info?: string;
  content?: string;
  default?: unknown;
  options?: { value: string; label: string }[];
  min?: number;
  max?: number;
  step?: number;
  [key: string]: unknown;
}

export interface BlockSchema {
  name: string;
  target: string;
  javascript?: string;
  stylesheet?: string;
  settings?: SettingSchema[];
  [key: string]: unknown;
}

export function blockFiles(): string[] {
  return readdirSync(BLOCKS_DIR)
    .filter((file) => file.endsWith(".liquid"))
    .sort();
}

export function readBlockSource(file: string): string {
  return readFileSync(path.join(BLOCKS_DIR, file), "utf8");
}

/** The JSON body of the one `{% schema %}` tag of a block (throws when there is none or more than one). */
export function readBlockSchema(file: string): BlockSchema {
  const bodies: string[] = [];
  walk(toLiquidHtmlAST(readBlockSource(file)), (node: LiquidHtmlNode) => {
    if (node.type === "LiquidRawTag" && node.name === "schema") bodies.push(node.body.value);
  });
  if (bodies.length !== 1) throw new Error(`${file}: expected exactly one {% schema %} tag, found ${bodies.length}`);
  return JSON.parse(bodies[0] ?? "") as BlockSchema;
}

export type LocaleTree = { [key: string]: string | LocaleTree };

export function localeFiles(): string[] {
  return readdirSync(LOCALES_DIR)
    .filter((file) => file.endsWith(".json"))
    .sort();
}

export function readLocale(file: string): LocaleTree {
  return JSON.parse(readFileSync(path.join(LOCALES_DIR, file), "utf8")) as LocaleTree;
}

/** "a.b.c" → text, for every leaf of a locale file. */
export function flattenLocale(tree: LocaleTree, prefix = ""): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") keys.set(full, value);
    else for (const [k, v] of flattenLocale(value, full)) keys.set(k, v);
  }
  return keys;
}

/** The settings a freshly added block has: each setting's default (null when it has none). */
export function defaultSettings(schema: BlockSchema): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const setting of schema.settings ?? []) {
    if (setting.id) settings[setting.id] = setting.default ?? null;
  }
  return settings;
}
