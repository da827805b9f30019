/** The storefront's badge icons are the app's: the snippet's SVG sprite holds exactly BADGE_ICON_PATHS. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BADGE_ICON_PATHS } from "~/loyalty/badge-icons";
import { BADGE_ICONS } from "~/loyalty/badges";
import { SNIPPETS_DIR } from "../support/storefront/extension";

describe("loyalty-engagement.liquid", () => {
  const snippet = readFileSync(path.join(SNIPPETS_DIR, "loyalty-engagement.liquid"), "utf8");

  it("carries one symbol per built-in icon, with the app's path", () => {
    const symbols = Object.fromEntries([...snippet.matchAll(/<symbol id="lr-icon-(\w+)" viewBox="0 0 24 24"><path d="([^"]+)"\/><\/symbol>/g)].map((m) => [m[1], m[2]]));
    expect(Object.keys(symbols).sort()).toEqual([...BADGE_ICONS].sort());
    expect(symbols).toEqual(BADGE_ICON_PATHS);
  });

  it("is rendered by the rewards panel", () => {
    expect(readFileSync(path.join(SNIPPETS_DIR, "loyalty-panel.liquid"), "utf8")).toContain("render 'loyalty-engagement'");
  });
});
