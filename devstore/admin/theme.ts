/**
 * The published theme's app blocks and embeds, as Shopify's theme editor and App Bridge see them.
 *
 * - `themeEditorPage`: `/store/<handle>/themes/current/editor`, what Shopify's deep links open:
 *   `?context=apps&activateAppId=<api_key>/<embed handle>` turns on an app embed, and
 *   `?template=<template>&addAppBlockId=<api_key>/<block handle>&target=newAppsSection` adds an app block to a
 *   template. As in Shopify, nothing changes until the merchant presses Save; an id whose api key is not the
 *   app's, or whose handle is not a block of the right target, is refused on the page.
 * - `themeExtensionInfo`: the answer to App Bridge's `shopify.app.extensions()` for the theme app extension, in
 *   Shopify's documented shape: one `theme_app_extension` whose activations are its blocks and embeds, each with
 *   handle, name, target, status ("active" when placed in the published theme, else "available") and the theme
 *   placements (`activations: [{ target, themeId }]`).
 */
import type { DevShop } from "../shop";
import { blockFiles, readBlockSchema, readLocale, type LocaleTree } from "../storefront/extension";
import { html, type Html } from "./html";

export const PUBLISHED_THEME_ID = "gid://shopify/OnlineStoreTheme/1";
const EXTENSION_HANDLE = "loyalty-widget";

interface ExtensionBlock {
  handle: string;
  name: string;
  target: string;
}

function blockName(name: string): string {
  if (!name.startsWith("t:")) return name;
  let node: LocaleTree | string | undefined = readLocale("en.default.schema.json");
  for (const part of name.slice(2).split(".")) node = typeof node === "object" ? node[part] : undefined;
  return typeof node === "string" ? node : name;
}

export function extensionBlocks(): ExtensionBlock[] {
  return blockFiles().map((file) => {
    const schema = readBlockSchema(file);
    return { handle: file.replace(/\.liquid$/, ""), name: blockName(schema.name), target: schema.target };
  });
}

export function themeExtensionInfo(shop: DevShop) {
  return [
    {
      handle: EXTENSION_HANDLE,
      type: "theme_app_extension",
      activations: extensionBlocks().map((block) => {
        const placements =
          block.target === "section"
            ? shop.theme.blocks.filter((placed) => placed.handle === block.handle).map((placed) => ({ target: `template--${placed.template}`, themeId: PUBLISHED_THEME_ID }))
            : shop.theme.embeds.includes(block.handle)
              ? [{ target: block.target, themeId: PUBLISHED_THEME_ID }]
              : [];
        return { handle: block.handle, name: block.name, target: block.target, status: placements.length > 0 ? "active" : "available", activations: placements };
      }),
    },
  ];
}

export type ThemeChange = { kind: "embed"; handle: string } | { kind: "block"; handle: string; template: string };

/** Reads a deep link's query; a refusal is a sentence for the page. */
export function themeChangeOf(params: URLSearchParams, apiKey: string): ThemeChange | { error: string } | null {
  const embed = params.get("activateAppId");
  const block = params.get("addAppBlockId");
  const id = embed ?? block;
  if (!id) return null;
  const [key, handle] = id.split("/");
  if (key !== apiKey || !handle) return { error: `${id} is not <api key>/<handle> of this app` };
  const found = extensionBlocks().find((b) => b.handle === handle);
  if (embed) {
    if (params.get("context") !== "apps") return { error: "An app embed deep link needs context=apps" };
    if (!found || found.target === "section") return { error: `${handle} is not an app embed of this app` };
    return { kind: "embed", handle };
  }
  if (!found || found.target !== "section") return { error: `${handle} is not an app block of this app` };
  if (params.get("target") !== "newAppsSection" && !params.get("target")?.startsWith("sectionId:")) {
    return { error: "An app block deep link needs target=newAppsSection (or sectionId:…)" };
  }
  return { kind: "block", handle, template: params.get("template") ?? "index" };
}

export function applyThemeChange(shop: DevShop, change: ThemeChange): string {
  if (change.kind === "embed") {
    if (!shop.theme.embeds.includes(change.handle)) shop.theme.embeds.push(change.handle);
    return `App embed ${change.handle} turned on`;
  }
  if (!shop.theme.blocks.some((b) => b.handle === change.handle && b.template === change.template)) {
    shop.theme.blocks.push({ handle: change.handle, template: change.template });
  }
  return `App block ${change.handle} added to the ${change.template} template`;
}

export function removeThemeApp(shop: DevShop, handle: string): string {
  shop.theme.embeds = shop.theme.embeds.filter((h) => h !== handle);
  shop.theme.blocks = shop.theme.blocks.filter((b) => b.handle !== handle);
  return `${handle} removed from the theme`;
}

/** The body of the theme editor page (the caller wraps it in the admin layout). */
export function themeEditorBody(shop: DevShop, change: ThemeChange | { error: string } | null, actionBase: string, returnTo: string): Html {
  const info = themeExtensionInfo(shop)[0]?.activations ?? [];
  const pending =
    change === null
      ? ""
      : "error" in change
        ? html`<div class="flash flash--error" role="alert">${change.error}</div>`
        : html`<div class="card" data-pending-change>
  <h2>${change.kind === "embed" ? `Turn on the app embed “${change.handle}”` : `Add the app block “${change.handle}” to the ${change.template} template`}</h2>
  <form method="post" action="${actionBase}/theme-apply">
    <input type="hidden" name="returnTo" value="${returnTo}">
    <input type="hidden" name="kind" value="${change.kind}">
    <input type="hidden" name="handle" value="${change.handle}">
    <input type="hidden" name="template" value="${change.kind === "block" ? change.template : ""}">
    <button>Save</button>
  </form>
</div>`;
  return html`<h1>Theme editor · Dawn (published)</h1>
${pending}
<div class="card">
  <h2>App blocks and embeds</h2>
  <table><thead><tr><th>Block</th><th>Target</th><th>Status</th><th></th></tr></thead><tbody>
  ${info.map(
    (block) => html`<tr data-theme-block="${block.handle}"><td>${block.name} <span class="muted">(${block.handle})</span></td><td>${block.target}</td>
    <td><span class="pill${block.status === "active" ? " pill--ACTIVE" : ""}">${block.status}</span></td>
    <td>${block.status === "active"
      ? html`<form class="inline" method="post" action="${actionBase}/theme-remove"><input type="hidden" name="returnTo" value="${returnTo}"><input type="hidden" name="handle" value="${block.handle}"><button class="secondary">Remove</button></form>`
      : ""}</td></tr>`,
  )}
  </tbody></table>
</div>`;
}
