/**
 * What theme-check does not check in the blocks' `{% schema %}` (platform notes): the target of each block,
 * setting types and their attributes (validated against Shopify's own setting JSON schema, pinned in
 * @shopify/theme-check-docs-updater), unique ids, defaults of the right type, `t:` keys present in every schema
 * locale; and in the Liquid: every `block.settings.<id>` a block can reach exists in its schema, every `t` key
 * exists in every storefront locale with the same `{{ placeholders }}`; and every locale has the same keys.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Ajv from "ajv";
import { toLiquidHtmlAST, walk, type LiquidHtmlNode } from "@shopify/liquid-html-parser";
import { describe, expect, it } from "vitest";
import {
  ASSETS_DIR,
  BLOCKS_DIR,
  SNIPPETS_DIR,
  blockFiles,
  flattenLocale,
  localeFiles,
  readBlockSchema,
  readLocale,
  type BlockSchema,
  type SettingSchema,
} from "../support/storefront/extension";

const require = createRequire(import.meta.url);
const docsData = path.join(path.dirname(require.resolve("@shopify/theme-check-docs-updater/package.json")), "data");
const settingJsonSchema = JSON.parse(readFileSync(path.join(docsData, "setting.json"), "utf8")) as {
  allOf: { if: { properties: { type: { const: string } } } }[];
};
/** Every setting type Shopify's schema knows (input and sidebar settings). */
const SHOPIFY_SETTING_TYPES = new Set(settingJsonSchema.allOf.map((rule) => rule.if.properties.type.const));
const validateSetting = new Ajv({ strict: false, allErrors: true }).compile(settingJsonSchema);

const EXPECTED_TARGETS: Record<string, string> = { "rewards.liquid": "section", "launcher.liquid": "body" };

const storefrontLocales = localeFiles().filter((file) => !file.endsWith(".schema.json"));
const schemaLocales = localeFiles().filter((file) => file.endsWith(".schema.json"));
const flat = (file: string) => flattenLocale(readLocale(file));

function tKeys(value: unknown, found: string[] = []): string[] {
  if (typeof value === "string" && value.startsWith("t:")) found.push(value.slice(2));
  else if (Array.isArray(value)) for (const item of value) tKeys(item, found);
  else if (value && typeof value === "object") for (const item of Object.values(value)) tKeys(item, found);
  return found;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] ?? "").sort();
}

function parse(file: string): LiquidHtmlNode {
  return toLiquidHtmlAST(readFileSync(file, "utf8"));
}

/** `block.settings.<id>` read by a Liquid file. */
function settingReads(ast: LiquidHtmlNode): string[] {
  const ids: string[] = [];
  walk(ast, (node) => {
    if (node.type !== "VariableLookup" || node.name !== "block") return;
    const [first, second] = node.lookups;
    if (first?.type === "String" && first.value === "settings") {
      if (second?.type !== "String") throw new Error("block.settings read with a computed key");
      ids.push(second.value);
    }
  });
  return ids;
}

/** Snippets a Liquid file renders (`{% render 'name' %}`). */
function renderedSnippets(ast: LiquidHtmlNode): string[] {
  const names: string[] = [];
  walk(ast, (node) => {
    if (node.type === "RenderMarkup" && node.snippet.type === "String") names.push(node.snippet.value);
  });
  return names;
}

/** `'key' | t: name: value` uses: key and named argument names. */
function translationUses(ast: LiquidHtmlNode): { key: string; args: string[] }[] {
  const uses: { key: string; args: string[] }[] = [];
  walk(ast, (node) => {
    if (node.type !== "LiquidVariable") return;
    const filter = node.filters.find((f) => f.name === "t");
    if (!filter) return;
    if (node.expression.type !== "String") throw new Error(`t on a non-literal key: ${node.source.slice(0, 80)}`);
    uses.push({
      key: node.expression.value,
      args: filter.args.flatMap((arg) => (arg.type === "NamedArgument" ? [arg.name] : [])).sort(),
    });
  });
  return uses;
}

function defaultProblem(setting: SettingSchema): string | null {
  if (!("default" in setting)) return null;
  const value = setting.default;
  switch (setting.type) {
    case "checkbox":
      return typeof value === "boolean" ? null : "checkbox default must be a boolean";
    case "color":
      return typeof value === "string" && /^#[0-9a-f]{6}$/i.test(value) ? null : "color default must be #rrggbb";
    case "number":
      return typeof value === "number" ? null : "number default must be a number";
    case "range": {
      const { min = -Infinity, max = Infinity, step = 1 } = setting;
      if (typeof value !== "number" || value < min || value > max) return "range default must lie in [min, max]";
      return Number.isInteger(Math.round(((value - (setting.min ?? 0)) / step) * 1e9) / 1e9) ? null : "range default off step";
    }
    case "select":
    case "radio":
      return setting.options?.some((option) => option.value === value) ? null : "default must be one of the options";
    case "richtext":
      return typeof value === "string" && /^<(p|ul|ol|h[1-6])[\s>]/.test(value) ? null : "richtext default must start with a block tag";
    case "text":
    case "textarea":
    case "inline_richtext":
    case "url":
      return typeof value === "string" ? null : `${setting.type} default must be a string`;
    default:
      return null;
  }
}

describe("block schemas", () => {
  it("has exactly the Rewards app block and the Rewards launcher embed", () => {
    expect(blockFiles()).toEqual(Object.keys(EXPECTED_TARGETS).sort());
  });

  describe.each(blockFiles())("%s", (file) => {
    const schema: BlockSchema = readBlockSchema(file);
    const settings = schema.settings ?? [];

    it("targets the right place", () => {
      expect(schema.target).toBe(EXPECTED_TARGETS[file]);
    });

    it("names itself in at most 25 characters in every language", () => {
      for (const locale of schemaLocales) {
        const name = schema.name.startsWith("t:") ? flat(locale).get(schema.name.slice(2)) : schema.name;
        expect(name, `${locale}: ${schema.name}`).toBeTruthy();
        expect((name ?? "").length, `${locale}: ${name}`).toBeLessThanOrEqual(25);
      }
    });

    it("puts nothing in <head>: no schema script or stylesheet; the script is loaded after the page's load", () => {
      // Shopify puts a schema stylesheet in <head> as a render-blocking <link>, and a schema script there too, where
      // it competes with the theme for the first paints: the layout is inline (snippets/loyalty-style.liquid), the
      // script is appended after the load event (snippets/loyalty-script.liquid) and loads the rest (ADR 020).
      expect(schema.javascript).toBeUndefined();
      expect(schema.stylesheet).toBeUndefined();
      expect(renderedSnippets(parse(path.join(BLOCKS_DIR, file)))).toEqual(expect.arrayContaining(["loyalty-style", "loyalty-script"]));
      for (const asset of ["rewards.js", "rewards.css"]) expect(existsSync(path.join(ASSETS_DIR, asset)), asset).toBe(true);
    });

    it("uses only valid Shopify setting types, each valid against Shopify's setting schema", () => {
      for (const setting of settings) {
        expect(SHOPIFY_SETTING_TYPES.has(setting.type), `unknown setting type ${setting.type}`).toBe(true);
        const valid = validateSetting(setting);
        expect(valid, `${setting.id ?? setting.type}: ${JSON.stringify(validateSetting.errors)}`).toBe(true);
      }
    });

    it("gives every input setting a unique id", () => {
      const ids = settings.filter((s) => s.type !== "header" && s.type !== "paragraph").map((s) => s.id);
      expect(ids.every((id) => typeof id === "string" && /^[a-z][a-z0-9_]*$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it("has defaults of the right type", () => {
      const problems = settings.map((s) => [s.id, defaultProblem(s)]).filter(([, problem]) => problem);
      expect(problems).toEqual([]);
    });

    it("has every t: key in every schema locale", () => {
      const keys = tKeys(schema);
      expect(keys.length).toBeGreaterThan(0);
      for (const locale of schemaLocales) {
        const present = flat(locale);
        expect(keys.filter((key) => !present.get(key)), locale).toEqual([]);
      }
    });

    it("reads only settings its schema declares (in the block and the snippets it renders)", () => {
      const ast = parse(path.join(BLOCKS_DIR, file));
      const reads = settingReads(ast);
      for (const snippet of renderedSnippets(ast)) reads.push(...settingReads(parse(path.join(SNIPPETS_DIR, `${snippet}.liquid`))));
      const declared = new Set(settings.map((s) => s.id));
      expect(reads.length).toBeGreaterThan(0);
      expect([...new Set(reads)].filter((id) => !declared.has(id))).toEqual([]);
    });
  });
});

describe("locales", () => {
  it("has English defaults and French for both storefront and schema texts", () => {
    expect(storefrontLocales).toEqual(expect.arrayContaining(["en.default.json", "fr.json"]));
    expect(schemaLocales).toEqual(expect.arrayContaining(["en.default.schema.json", "fr.schema.json"]));
  });

  it.each([
    ["storefront", storefrontLocales, "en.default.json"],
    ["schema", schemaLocales, "en.default.schema.json"],
  ])("%s locales have the same keys and placeholders in every language", (_kind, files, reference) => {
    const base = flat(reference);
    for (const file of files) {
      const other = flat(file);
      expect([...other.keys()].sort(), file).toEqual([...base.keys()].sort());
      for (const [key, text] of other) {
        // A digit-group separator may be a space (French: U+202F), which trim() would remove.
        expect(key.endsWith(".group") ? text : text.trim(), `${file}: ${key}`).not.toBe("");
        expect(placeholders(text), `${file}: ${key}`).toEqual(placeholders(base.get(key) ?? ""));
      }
    }
  });

  it("has every storefront t key the Liquid uses, with the placeholders it passes, in every language", () => {
    const liquidFiles = [
      ...readdirSync(BLOCKS_DIR).map((f) => path.join(BLOCKS_DIR, f)),
      ...readdirSync(SNIPPETS_DIR).map((f) => path.join(SNIPPETS_DIR, f)),
    ].filter((f) => f.endsWith(".liquid"));
    const uses = liquidFiles.flatMap((f) => translationUses(parse(f)));
    expect(uses.length).toBeGreaterThan(10);
    for (const locale of storefrontLocales) {
      const texts = flat(locale);
      for (const use of uses) {
        const text = texts.get(use.key);
        if (text === undefined && use.args.includes("count")) {
          // Pluralized (Shopify picks .one / .other by count); count itself need not appear in the text.
          const others = use.args.filter((arg) => arg !== "count");
          for (const form of ["one", "other"]) {
            const plural = texts.get(`${use.key}.${form}`);
            expect(plural, `${locale}: ${use.key}.${form}`).toBeDefined();
            expect(placeholders(plural ?? "").filter((arg) => arg !== "count"), `${locale}: ${use.key}.${form}`).toEqual(others);
          }
          continue;
        }
        expect(text, `${locale}: ${use.key}`).toBeDefined();
        expect(placeholders(text ?? ""), `${locale}: ${use.key}`).toEqual(use.args);
      }
    }
  });
});
