/**
 * Shopify's theme-check, with its theme app extension config (87 checks), finds nothing in the extension: Liquid
 * syntax, unknown filters, missing or mismatched translations, tags app blocks may not use, asset sizes (10 KB raw
 * for an app block's JavaScript), schema JSON.
 *
 * theme-check's Liquid docs: it tries to refresh them from GitHub (unreachable here; it then uses the copies
 * pinned in @shopify/theme-check-docs-updater, so the result does not depend on the network).
 */
import { describe, expect, it } from "vitest";
import { themeCheckRun, type Offense } from "@shopify/theme-check-node";
import { EXTENSION_DIR } from "../support/storefront/extension";

function describeOffense(offense: Offense): string {
  const file = offense.uri.slice(offense.uri.indexOf("loyalty-widget/") + "loyalty-widget/".length);
  return `${file}:${offense.start.line + 1}:${offense.start.character + 1} ${offense.check} (severity ${offense.severity}): ${offense.message}`;
}

describe("theme-check", () => {
  it("reports no offense on the theme app extension", async () => {
    const run = await themeCheckRun(EXTENSION_DIR, "theme-check:theme-app-extension");

    expect(run.config.context).toBe("app");
    expect(run.theme.map((file) => file.uri.split("/loyalty-widget/")[1]).sort()).toEqual(
      expect.arrayContaining(["blocks/launcher.liquid", "blocks/rewards.liquid", "snippets/loyalty-panel.liquid"]),
    );
    expect(run.offenses.map(describeOffense)).toEqual([]);
  });
});
