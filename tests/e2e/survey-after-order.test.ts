/**
 * The survey after an order, in a real browser (issue 11, ADR 035): the merchant publishes a survey with every kind
 * of question (NPS, CES, single and multiple choice, short text, slider); a signed-in shopper buys on the storefront
 * and opens the order's status page in their customer account, where the order-status block (hosted by the dev store
 * as Shopify hosts it: session tokens, the `s-*` elements) shows the order's points and, below, the survey. A partial
 * answer is refused, naming the questions left out, and writes nothing; the full answer thanks with the points, which
 * the member's balance then includes once; reloading shows no form; the Surveys report counts the response.
 * Screenshots: test-results/e2e/survey-after-order/.
 */
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { hidden, text, visible } from "../support/e2e/expect";
import { installAndLaunch } from "../support/e2e/launch";
import { setUpE2eSuite } from "../support/e2e/suite";

const e2e = setUpE2eSuite("survey-after-order");
const CUSTOMER = "3";
/** Order #1001 (Buy now): Merino Base Layer $89.00 at 1 pt/$ (Bronze ×1) = 89. The survey earns 50. */
const POINTS = { order: 89, survey: 50 } as const;
const eventually = <T>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout, interval: 150 });

/** What the app wrote for surveys: responses and `survey` ledger entries (the app's own SQLite file, read-only). */
function written(database: string) {
  const db = new Database(database, { readonly: true });
  try {
    const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      responses: one("select count(*) as n from SurveyResponse"),
      surveyEntries: one("select count(*) as n from LedgerEntry where type = 'survey'"),
      surveyPoints: one("select coalesce(sum(points), 0) as n from LedgerEntry where type = 'survey'"),
    };
  } finally {
    db.close();
  }
}

it("a shopper answers the merchant's survey on their order's status page and earns its points once", { timeout: 240_000 }, async () => {
  const { step, shot, page, app, stack: store, urls, openAppPage, expectRefusedForm } = e2e();
  const block = page.frameLocator('iframe[title="Order points"]');
  const survey = block.locator("s-section", { hasText: "How did we do?" });

  await step("install and launch", () => installAndLaunch(e2e()));

  await step("Surveys: the merchant builds a survey with every kind of question and publishes it", async () => {
    await openAppPage("Surveys", "Surveys");
    await expect.poll(() => app.getByLabel("Question", { exact: true }).count()).toBe(2);
    await app.getByLabel("Survey title").fill("How did we do?");
    const add = async (number: number, kind: string, prompt: string) => {
      await app.getByRole("button", { name: "Add a question" }).click();
      await app.getByLabel(`Question ${number}`, { exact: true }).selectOption(kind);
      await app.getByLabel("Question", { exact: true }).nth(number - 1).fill(prompt);
    };
    await add(3, "single", "Where do you ride?");
    await app.getByLabel("Choices").nth(0).fill("Park\nBackcountry");
    await add(4, "multiple", "What do you ride?");
    await app.getByLabel("Choices").nth(1).fill("Board\nSkis");
    await app.getByLabel("Required").nth(3).uncheck();
    await add(5, "text", "Anything else?");
    await app.getByLabel("Longest answer (characters)").fill("200");
    await app.getByLabel("Required").nth(4).uncheck();
    await add(6, "slider", "Days on snow a year?");
    await app.getByLabel("Highest").fill("100");
    await app.getByLabel("Step").fill("5");
    await app.getByLabel("Required").nth(5).uncheck();
    await app.getByRole("button", { name: "Save", exact: true }).first().click();
    await visible(app.getByText("Survey saved."));
    await app.getByRole("button", { name: "Publish" }).click();
    await visible(app.getByText("Survey published.", { exact: false }));
    await text(app.locator("body")).toContain("Version 1 · 0 responses");
    await shot("published");
  });

  await step("storefront: the signed-in shopper buys", async () => {
    await page.goto(urls.storefront(CUSTOMER));
    await page.locator(".product", { hasText: "Merino Base Layer" }).getByRole("button", { name: "Buy now" }).click();
    await text(page.locator(".notice")).toBe("Thank you for your order #1001");
    await eventually(() => e2e().metafield(CUSTOMER, "points_balance")).toBe(String(POINTS.order));
  });

  await step("order status: below the order's points, the survey", async () => {
    await page.goto(`${store.devstoreUrl}/account/orders/1001`);
    await text(block.locator("s-banner").first()).toContain(`This order earned you ${POINTS.order} points.`);
    await visible(survey);
    await text(survey).toContain(`Answer and earn ${POINTS.survey} points`);
    for (const name of ["How likely are you to recommend us to a friend?", "Where do you ride?", "What do you ride? (optional)"]) {
      await visible(survey.getByRole("group", { name }));
    }
    await visible(survey.getByRole("textbox", { name: "Anything else? (optional)" }));
    await visible(survey.getByRole("spinbutton", { name: "Days on snow a year? (optional)" }));
    await shot("survey");
  });

  await step("a partial answer is refused, naming the questions left out, and writes nothing", async () => {
    await survey.getByRole("group", { name: "How likely are you to recommend us to a friend?" }).getByLabel("9", { exact: true }).check();
    expectRefusedForm();
    await survey.locator("s-button", { hasText: "Send answers" }).click();
    await text(survey.locator("s-banner[tone=critical]")).toBe("Some answers need a look.");
    const list = (prompt: string) => survey.locator(`s-choice-list[label="${prompt}"]`);
    await text(list("Where do you ride?").getByRole("alert")).toBe("Answer this question.");
    await text(list("How easy was it to find and buy what you wanted?").getByRole("alert")).toBe("Answer this question.");
    // Answered, or optional and left out: no error.
    expect(await list("How likely are you to recommend us to a friend?").getByRole("alert").count()).toBe(0);
    expect(await list("What do you ride? (optional)").getByRole("alert").count()).toBe(0);
    expect(await survey.getByRole("group", { name: "Where do you ride?" }).getAttribute("aria-invalid")).toBe("true");
    expect(written(store.database)).toEqual({ responses: 0, surveyEntries: 0, surveyPoints: 0 });
    await shot("partial answer refused");
  });

  await step("the full answer: thanks with the points, the balance includes them once", async () => {
    const group = (name: string) => survey.getByRole("group", { name });
    await group("How easy was it to find and buy what you wanted?").getByLabel("6", { exact: true }).check();
    await group("Where do you ride?").getByLabel("Park").check();
    await group("What do you ride? (optional)").getByLabel("Board").check();
    await group("What do you ride? (optional)").getByLabel("Skis").check();
    await survey.getByRole("textbox", { name: "Anything else? (optional)" }).fill("Great boots");
    await survey.getByRole("spinbutton", { name: "Days on snow a year? (optional)" }).fill("25");
    await survey.locator("s-button", { hasText: "Send answers" }).click();
    await text(block.locator("s-banner[tone=success]", { hasText: "How did we do?" })).toContain(`Thanks — you earned ${POINTS.survey} points.`);
    await hidden(survey);
    await eventually(() => e2e().metafield(CUSTOMER, "points_balance")).toBe(String(POINTS.order + POINTS.survey));
    expect(written(store.database)).toEqual({ responses: 1, surveyEntries: 1, surveyPoints: POINTS.survey });
    // Every field's value reached the app as the question's kind wants it.
    const db = new Database(store.database, { readonly: true });
    try {
      const { answers } = db.prepare("select answers from SurveyResponse").get() as { answers: string };
      expect(JSON.parse(answers)).toEqual({ nps: 9, ces: 6, q1: "Park", q2: ["Board", "Skis"], q3: "Great boots", q4: 25 });
      const member = db.prepare("select balance from Member where customerGid = ?").get(`gid://shopify/Customer/${CUSTOMER}`) as { balance: number };
      expect(Number(member.balance)).toBe(POINTS.order + POINTS.survey);
    } finally {
      db.close();
    }
    await shot("thanks");
  });

  await step("reloading the order's page shows no survey form", async () => {
    const surveyAnswer = page.waitForResponse((response) => response.url().includes("/customer-account/survey") && response.request().method() === "GET");
    await page.reload();
    expect(await (await surveyAnswer).json()).toMatchObject({ answered: true, survey: { title: "How did we do?" } });
    await text(block.locator("s-banner").first()).toContain(`This order earned you ${POINTS.order} points.`);
    expect(await block.locator("s-choice-list").count()).toBe(0);
    expect(await block.getByText("How did we do?").count()).toBe(0);
    expect(written(store.database)).toEqual({ responses: 1, surveyEntries: 1, surveyPoints: POINTS.survey });
    expect(e2e().metafield(CUSTOMER, "points_balance")).toBe(String(POINTS.order + POINTS.survey));
    await shot("reloaded");
  });

  await step("Surveys report: the response is counted", async () => {
    await page.goto(urls.admin);
    await app.getByRole("heading", { level: 1, name: "Loyalty & Rewards" }).waitFor();
    await openAppPage("Surveys", "Surveys");
    await text(app.locator("body")).toContain("Version 1 · 1 response");
    await app.getByRole("link", { name: "See the Surveys report" }).click();
    await app.getByRole("heading", { level: 1, name: "Surveys report" }).waitFor();
    const body = app.locator("body");
    await text(body).toContain("1 promoters · 0 passives · 0 detractors");
    await text(body).toContain("Where do you ride?");
    await shot("report");
  });
});
