/**
 * The admin in the merchant's language, in a real browser: the dev store's staff user switches their admin language
 * to French (Shopify then opens apps with `?locale=fr`), and the app's navigation, the Reports page and Polaris's own
 * strings follow, with French number formats. Screenshots: test-results/e2e/admin-language/.
 */
import { expect, it } from "vitest";
import { MESSAGES } from "~/i18n/messages";
import { text } from "../support/e2e/expect";
import { setUpE2eSuite } from "../support/e2e/suite";

const e2e = setUpE2eSuite("admin-language");

/** Every English sentence of the Reports page's locale file (at least 8 characters between its variables). */
function englishReportFragments(): string[] {
  const fragments: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string") {
      for (const part of value.split(/\{\{\w+\}\}/)) if (part.trim().length >= 8) fragments.push(part.trim());
    } else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(MESSAGES.en.reports);
  walk(MESSAGES.en.nav);
  return fragments;
}

it("a merchant whose admin is in French sees the app in French", async () => {
  const { step, shot, page, app, stack, urls, openAppPage } = e2e();

  await step("the staff user's admin language is French", async () => {
    expect((await stack.event({ type: "staff-locale", locale: "fr" })).message).toContain("fr");
    await page.goto(urls.admin);
    await app.getByRole("heading", { level: 1 }).first().waitFor();
    await text(page.locator("#app-nav")).toContain("Programme");
    await text(page.locator("#app-nav")).toContain("Rapports");
  });

  await step("Reports in French", async () => {
    await openAppPage("Rapports", "Rapports");
    const body = app.locator("body");
    await text(body).toContain("Passif en points");
    await text(body).toContain("Télécharger le CSV");
    await text(body).toContain("30 derniers jours");
    const shown = await body.innerText();
    expect(englishReportFragments().filter((fragment) => shown.includes(fragment))).toEqual([]);
    await shot("reports in French");
  });

  await step("back to English", async () => {
    await stack.event({ type: "staff-locale", locale: "en" });
    await page.goto(urls.admin);
    await text(page.locator("#app-nav")).toContain("Reports");
    await openAppPage("Reports", "Reports");
    await text(app.locator("body")).toContain("Points liability");
    await shot("reports in English");
  });
});
