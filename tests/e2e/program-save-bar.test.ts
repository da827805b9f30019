/**
 * The Program page behaves like a Shopify admin page, in a real browser: an edit shows App Bridge's contextual save
 * bar (drawn by the admin around the iframe, here the dev store's stand-in); while it shows, the admin's navigation
 * is refused (the bar shakes) and the app's own links ask "Leave page with unsaved changes?"; Discard puts the saved
 * values back; Save says so in a toast, hides the bar and the value survives a reload. Then the same page in French
 * has no English sentence of program.json left, nor in its errors (an invalid earn rate, a reward past the amount
 * ceiling). Screenshots: test-results/e2e/program-save-bar/.
 */
import { expect, it } from "vitest";
import { MESSAGES, flattenMessages } from "~/i18n/messages";
import { attribute, count, hidden, text, value, visible } from "../support/e2e/expect";
import { setUpE2eSuite } from "../support/e2e/suite";

const e2e = setUpE2eSuite("program-save-bar");

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** English sentences of program.json (8 characters or more between variables) that the French file does not share. */
function englishProgramFragments(): string[] {
  const english = flattenMessages(MESSAGES.en);
  const french = flattenMessages(MESSAGES.fr);
  const fragments: string[] = [];
  for (const [key, sentence] of english) {
    if (!key.startsWith("program.")) continue;
    for (const part of sentence.split(/\{\{\w+\}\}/)) {
      const words = part.trim();
      if (words.length >= 8 && !(french.get(key) ?? "").includes(words)) fragments.push(words);
    }
  }
  return fragments;
}

it("the Program page keeps unsaved edits behind a save bar, and speaks French", async () => {
  const { step, shot, page, app, stack, urls, openAppPage, toast, expectRefusedForm } = e2e();
  const saveBar = page.locator("#save-bar");
  const baseRate = () => app.getByLabel("Points per USD 1").first();

  await step("open the Program page", async () => {
    await page.goto(urls.admin);
    await app.getByRole("heading", { level: 1 }).first().waitFor();
    await openAppPage("Program", "Program");
    await value(baseRate()).toBe("1");
    // Nothing edited: no save bar.
    await hidden(saveBar);
  });

  await step("an edit shows the save bar", async () => {
    await baseRate().fill("3");
    await visible(saveBar);
    await text(saveBar).toContain("Unsaved changes");
    await visible(saveBar.getByRole("button", { name: "Save", exact: true }));
    await visible(saveBar.getByRole("button", { name: "Discard", exact: true }));
  });

  await step("leaving is guarded while the edit is unsaved", async () => {
    // The admin's navigation (the app's NavMenu in the sidebar): refused, the bar shakes, the edit stays.
    await page.locator("#app-nav").getByRole("link", { name: "Members", exact: true }).click();
    await attribute(saveBar, "data-shakes").toBe("1");
    await shot("members refused, the save bar shook");
    expect(new URL(page.url()).pathname).toMatch(/\/app\/program$/);
    await visible(app.getByRole("heading", { level: 1, name: "Program", exact: true }));
    await value(baseRate()).toBe("3");
    // Another admin page (Orders): refused too.
    await page.locator("nav.sidebar").getByRole("link", { name: "Orders", exact: true }).click();
    await attribute(saveBar, "data-shakes").toBe("2");
    expect(new URL(page.url()).pathname).toMatch(/\/app\/program$/);

    // A link inside the app (Remix navigation): the app asks first; Stay keeps the edit.
    await app.getByRole("link", { name: "Set up and launch" }).click();
    const question = app.getByRole("dialog", { name: "Leave page with unsaved changes?" });
    await visible(question);
    await shot("leave page question");
    await question.getByRole("button", { name: "Stay" }).click();
    await hidden(question);
    await visible(app.getByRole("heading", { level: 1, name: "Program", exact: true }));
    await value(baseRate()).toBe("3");
    await visible(saveBar);
  });

  await step("Discard puts the saved values back", async () => {
    await saveBar.getByRole("button", { name: "Discard", exact: true }).click();
    // The admin asks first (discardConfirmation).
    const confirm = page.locator("dialog#discard-confirmation");
    await visible(confirm);
    await text(confirm).toContain("Discard all unsaved changes");
    await shot("discard confirmation");
    await confirm.getByRole("button", { name: "Discard changes" }).click();
    await value(baseRate()).toBe("1");
    await hidden(saveBar);
  });

  await step("Save: a toast, the bar hides, and the value is kept", async () => {
    await baseRate().fill("3");
    await app.getByLabel("Earn on shipping").check();
    await visible(saveBar);
    await saveBar.getByRole("button", { name: "Save", exact: true }).click();
    await visible(toast("Program saved"));
    await hidden(saveBar);
    await value(baseRate()).toBe("3");
    await shot("saved");
    await page.reload();
    await app.getByRole("heading", { level: 1, name: "Program", exact: true }).waitFor();
    await value(baseRate()).toBe("3");
    expect(await app.getByLabel("Earn on shipping").isChecked()).toBe(true);
    await hidden(saveBar);
    // Nothing unsaved: leaving is not guarded.
    await openAppPage("Members", "Members");
    await count(app.getByRole("dialog")).toBe(0);
  });

  await step("the Program page in French", async () => {
    expect((await stack.event({ type: "staff-locale", locale: "fr" })).message).toContain("fr");
    await page.goto(urls.admin);
    await app.getByRole("heading", { level: 1 }).first().waitFor();
    await openAppPage("Programme", "Programme");
    const body = app.locator("body");
    await text(body).toContain("Gains");
    await text(body).toContain("Récompenses");
    // Run the simulator so that its sentences are on the page too.
    await app.getByRole("button", { name: "Simuler" }).click();
    await text(body).toContain("Règles actuelles");
    // The rewards' names are the merchant's words (the default catalog's are English), not the app's.
    const names = await app.locator(".Polaris-Text--semibold").allInnerTexts();
    let shown = await body.innerText();
    for (const name of names) shown = shown.replaceAll(name, "");
    // Whole words: "Simulateur" is French, though it starts with "Simulate".
    const leftovers = englishProgramFragments().filter((fragment) => new RegExp(`(^|\\W)${escape(fragment)}(\\W|$)`).test(shown));
    expect(leftovers).toEqual([]);
    await shot("program in French");

    // The admin's save bar in French too, and the app's own question.
    await app.getByLabel("Points par 1 USD").first().fill("4");
    await text(saveBar).toContain("Modifications non enregistrées");
    await visible(saveBar.getByRole("button", { name: "Enregistrer", exact: true }));
    await app.getByRole("link", { name: "Configurer et lancer" }).click();
    const question = app.getByRole("dialog", { name: "Quitter la page sans enregistrer ?" });
    await visible(question);
    await shot("leave question in French");
    await question.getByRole("button", { name: "Rester" }).click();
    await saveBar.getByRole("button", { name: "Ignorer", exact: true }).click();
    await page.locator("dialog#discard-confirmation").getByRole("button", { name: "Ignorer les modifications" }).click();
    await value(app.getByLabel("Points par 1 USD").first()).toBe("3");
    await hidden(saveBar);

    // Reloading the admin with an unsaved edit asks the browser's "Leave site?" first.
    await app.getByLabel("Points par 1 USD").first().fill("5");
    await visible(saveBar);
    const asked = page.waitForEvent("dialog").then(async (dialog) => {
      const type = dialog.type();
      await dialog.accept();
      return type;
    });
    await page.reload();
    expect(await asked).toBe("beforeunload");
    await app.getByRole("heading", { level: 1, name: "Programme", exact: true }).waitFor();
    await value(app.getByLabel("Points par 1 USD").first()).toBe("3");
    await hidden(saveBar);
  });

  await step("the Program page's errors in French", async () => {
    expectRefusedForm(); // the browser logs the 400 of each refused form
    const body = app.locator("body");
    // An earn rate above 100 points per 1 USD: refused, said in French on the field and in the banner.
    await app.getByLabel("Points par 1 USD").first().fill("250");
    await saveBar.getByRole("button", { name: "Enregistrer", exact: true }).click();
    await text(body).toContain("Rien n'a été enregistré");
    await text(body).toContain("Le taux de gain doit être un nombre de points de 0 à 100 par 1");
    await shot("invalid earn rate in French");
    // A reward past the amount ceiling: refused, said in French with French money.
    await app.getByRole("button", { name: "Ajouter une récompense" }).click();
    await app.getByLabel("Nom", { exact: true }).last().fill("Énorme"); // the tiers have names too: the reward form is last
    await app.getByLabel("Coût (points)").fill("100");
    await app.getByLabel("Montant (USD)").fill("100000000");
    await app.getByRole("button", { name: "Enregistrer la récompense" }).click();
    await text(body).toContain("Le montant de la réduction ne peut pas dépasser");
    await shot("over-ceiling reward in French");
    const names = await app.locator(".Polaris-Text--semibold").allInnerTexts();
    let shown = await body.innerText();
    for (const name of names) shown = shown.replaceAll(name, "");
    expect(shown).not.toContain("Earn rate must be");
    expect(shown).not.toContain("The amount off can be at most");
    const leftovers = englishProgramFragments().filter((fragment) => new RegExp(`(^|\\W)${escape(fragment)}(\\W|$)`).test(shown));
    expect(leftovers).toEqual([]);
  });
}, 180_000);
