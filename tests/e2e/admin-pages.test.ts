/**
 * Every admin page in English, then in French, in a real browser: Home, Program, Members, a member, Reports, Order
 * events and Import points, each screenshotted (test-results/e2e/admin-pages/). The dev store's staff user switches
 * their admin language (`staff-locale`), as a merchant does in Shopify; Home, Members and the member page must then
 * show none of the English sentences of their locale files, the manual credit names the staff member as Shopify's
 * online token does, and the Members list names the shop's time zone.
 */
import { expect, it } from "vitest";
import { MESSAGES } from "~/i18n/messages";
import { text, visible } from "../support/e2e/expect";
import { setUpE2eSuite } from "../support/e2e/suite";

const e2e = setUpE2eSuite("admin-pages");

/** Every English sentence (8+ characters between variables) of these areas' locale files. */
function englishFragments(areas: string[]): string[] {
  const fragments: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string") {
      for (const part of value.split(/\{\{\w+\}\}/)) if (part.trim().length >= 8) fragments.push(part.trim());
    } else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  for (const area of areas) walk(MESSAGES.en[area]);
  return fragments;
}

const FRENCH_ALSO = new Set(englishFragments(["home", "members"]).filter((fragment) => JSON.stringify(MESSAGES.fr).includes(fragment)));
const englishIn = (shown: string) => englishFragments(["home", "members", "nav"]).filter((fragment) => !FRENCH_ALSO.has(fragment) && shown.includes(fragment));

it("shows every admin page in English and in French", async () => {
  const { step, shot, page, app, stack, urls, toast } = e2e();

  /** Opens an app page from the admin's navigation and waits for its title (either language while others translate). */
  const open = async (label: string, title: RegExp) => {
    await page.locator("#app-nav").getByRole("link", { name: label, exact: true }).click();
    await app.getByRole("heading", { level: 1, name: title }).first().waitFor();
  };
  const body = () => app.locator("body").innerText();

  await step("install, and a customer who joins", async () => {
    await page.goto(urls.admin);
    await app.getByRole("heading", { level: 1 }).first().waitFor();
    expect((await stack.event({ type: "customer-create", firstName: "Ann", lastName: "Lee", email: "ann.lee@example.com" })).message).toContain("customers/create");
  });

  for (const locale of ["en", "fr"] as const) {
    const fr = locale === "fr";
    await step(`${locale}: Home`, async () => {
      if (fr) expect((await stack.event({ type: "staff-locale", locale: "fr" })).message).toContain("fr");
      await page.goto(urls.admin);
      await text(page.locator("#app-nav")).toContain(fr ? "Programme" : "Program");
      await text(app.locator("body")).toContain(fr ? "Configurez et lancez votre programme" : "Set up and launch your program");
      await text(app.locator("body")).toContain(fr ? "Aperçu de la boutique" : "Storefront preview");
      if (fr) expect(englishIn(await body())).toEqual([]);
    });

    await step(`${locale}: Program`, async () => {
      await open(fr ? "Programme" : "Program", /^Program/);
    });

    await step(`${locale}: Members`, async () => {
      await open(fr ? "Membres" : "Members", fr ? /^Membres$/ : /^Members$/);
      await text(app.locator("thead")).toContain(fr ? "Adhésion (" : "Joined (");
      await visible(app.getByRole("link", { name: "Ann Lee" }));
      if (fr) expect(englishIn(await body())).toEqual([]);
    });

    await step(`${locale}: a member`, async () => {
      await app.getByRole("link", { name: "Ann Lee" }).click();
      await app.getByRole("heading", { level: 1, name: "Ann Lee" }).waitFor();
      if (!fr) {
        // A manual credit: the ledger names the staff member as Shopify's online token names them.
        const form = app.locator("form", { has: app.getByRole("heading", { name: "Adjust points" }) });
        await form.getByLabel("Points").fill("50");
        await form.getByLabel("Note").fill("Welcome gift");
        await form.getByRole("button", { name: "Credit points" }).click();
        await visible(toast("+50 points recorded: balance is 50"));
      }
      const ledger = app.locator(".Polaris-IndexTable__TableRow").first();
      const name = `${stack.shop.staff.firstName} ${stack.shop.staff.lastName}`;
      await text(ledger).toContain(fr ? `Crédit manuel de 50 pts par ${name}` : `Manual credit of 50 pts by ${name}`);
      await text(app.locator("body")).toContain(fr ? "Historique des points" : "Points history");
      if (fr) expect(englishIn(await body())).toEqual([]);
    });

    await step(`${locale}: Reports`, async () => {
      await open(fr ? "Rapports" : "Reports", fr ? /^Rapports$/ : /^Reports$/);
    });

    await step(`${locale}: Order events`, async () => {
      await page.goto(`${urls.admin}/app/deliveries`);
      await app.getByRole("heading", { level: 1, name: fr ? "Événements de commande" : "Order events" }).waitFor();
    });

    await step(`${locale}: Import points`, async () => {
      await open(fr ? "Importer des points" : "Import points", /^Import/);
    });
  }

  await step("fr: the guided launch, Launch and Pause confirmed, in French", async () => {
    await page.goto(urls.admin);
    for (const [button, done] of [
      ["Les gains sont corrects", "1 étape sur 4 terminée"],
      ["Les récompenses sont correctes", "2 étapes sur 4 terminées"],
      ["Les niveaux sont corrects", "3 étapes sur 4 terminées"],
    ] as const) {
      await app.getByRole("button", { name: button }).click();
      await text(app.locator("body")).toContain(done);
    }
    await app.getByRole("button", { name: "Lancer le programme" }).click();
    const dialog = app.getByRole("dialog");
    await text(dialog).toContain("Dès le lancement, les clients verront :");
    await text(dialog).toContain("Le bloc Récompenses et le lanceur ne sont pas encore sur votre thème");
    expect(englishIn(await dialog.innerText())).toEqual([]);
    await shot("fr launch confirmation");
    await dialog.getByRole("button", { name: "Lancer le programme" }).click();
    await visible(toast("Programme lancé : les clients gagnent et échangent désormais des points"));
    await text(app.locator(".Polaris-Page-Header__TitleWrapper")).toContain("Actif");

    await app.getByRole("button", { name: "Mettre en pause" }).click();
    await text(dialog).toContain("Pendant la pause, les clients verront :");
    expect(englishIn(await dialog.innerText())).toEqual([]);
    await shot("fr pause confirmation");
    await dialog.getByRole("button", { name: "Mettre en pause" }).click();
    await visible(toast("Programme en pause : les clients voient que les récompenses sont suspendues"));
    await text(app.locator(".Polaris-Page-Header__TitleWrapper")).toContain("En pause");
    await text(app.locator("body")).toContain("Votre programme est en pause");
    expect(englishIn(await body())).toEqual([]);
  });

  await step("back to English", async () => {
    await stack.event({ type: "staff-locale", locale: "en" });
  });
}, 300_000);
