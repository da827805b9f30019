/**
 * Surveys in a real browser (issue 11): the merchant builds a survey on the Surveys page (an invalid title refused
 * with its field error, then an own question added), publishes it; a signed-in shopper answers it in the storefront's
 * Rewards block and earns its points once (the block no longer offers it); the merchant sees NPS with its counts in
 * the Surveys report, with the trend chart drawn. Screenshots: test-results/e2e/surveys/.
 */
import { expect, it } from "vitest";
import { hidden, text, visible } from "../support/e2e/expect";
import { installAndLaunch } from "../support/e2e/launch";
import { setUpE2eSuite } from "../support/e2e/suite";

const e2e = setUpE2eSuite("surveys");
const CUSTOMER = "1";
const POINTS = 50;
const eventually = <T>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout, interval: 150 });

it("a merchant publishes a survey, a shopper answers it on the storefront and earns points, the report shows NPS", { timeout: 180_000 }, async () => {
  const { step, shot, page, app, urls, openAppPage, expectRefusedForm } = e2e();
  const survey = () => page.locator("#shopify-block-rewards-main [data-lr-survey]");

  await step("install and launch", () => installAndLaunch(e2e()));

  await step("Surveys: a survey without a title is refused with the field's error", async () => {
    await openAppPage("Surveys", "Surveys");
    // A new survey starts with the NPS and CES questions.
    await expect.poll(() => app.getByLabel("Question", { exact: true }).count()).toBe(2);
    await app.getByLabel("Survey title").fill("");
    expectRefusedForm();
    await app.getByRole("button", { name: "Save", exact: true }).first().click();
    await text(app.locator(".Polaris-Banner")).toContain("The survey was not saved");
    await text(app.locator("body")).toContain("Give the survey a title of 1 to 100 characters.");
    await shot("refused");
  });

  await step("Surveys: an own question, saved and published", async () => {
    await app.getByLabel("Survey title").fill("How did we do?");
    await app.getByRole("button", { name: "Add a question" }).click();
    await app.getByLabel("Question", { exact: true }).nth(2).fill("Where do you ride?");
    await app.getByLabel("Choices").fill("Park\nBackcountry");
    await app.getByRole("button", { name: "Save", exact: true }).first().click();
    await visible(app.getByText("Survey saved."));
    await app.getByRole("button", { name: "Publish" }).click();
    await visible(app.getByText("Survey published.", { exact: false }));
    await text(app.locator("body")).toContain("Version 1 · 0 responses");
    await shot("published");
  });

  await step("storefront: the shopper answers in the Rewards block and earns the points", async () => {
    // The block asks for the survey once the app has written the program facts (published: a survey is live).
    await eventually(async () => {
      await page.goto(urls.storefront(CUSTOMER));
      return survey().count();
    }).toBe(1);
    await visible(survey());
    await text(survey().locator("[data-lr-survey-title]")).toBe("How did we do?");
    await text(survey().locator("[data-lr-survey-points]")).toBe(`Answer and earn ${POINTS} points`);
    // A partial answer is refused, naming the question left out.
    await survey().locator('#lr-q-nps input[value="9"]').check();
    expectRefusedForm();
    await survey().getByRole("button", { name: "Send answers" }).click();
    await text(survey().locator("[data-lr-survey-status]")).toBe("Some answers need a look.");
    await text(survey().locator("#lr-q-q1 .lr-q__error")).toBe("Check this answer");
    await shot("partial answer refused");
    await survey().locator('#lr-q-ces input[value="6"]').check();
    await survey().getByLabel("Park").check();
    await survey().getByRole("button", { name: "Send answers" }).click();
    await text(survey().locator("[data-lr-survey-status]")).toBe(`Thank you! You earned ${POINTS} points.`);
    await hidden(survey().locator("[data-lr-survey-form]"));
    await eventually(() => e2e().metafield(CUSTOMER, "points_balance")).toBe(String(POINTS));
    await shot("answered");
    // Answered: the block does not offer it again.
    await page.reload();
    await page.locator("#shopify-block-rewards-main [data-lr-balance]").waitFor();
    await text(page.locator("#shopify-block-rewards-main [data-lr-balance]")).toBe(String(POINTS));
    expect(await survey().isHidden()).toBe(true);
  });

  await step("Surveys report: NPS with its counts", async () => {
    await page.goto(urls.admin);
    await app.getByRole("heading", { level: 1, name: "Loyalty & Rewards" }).waitFor();
    await openAppPage("Surveys", "Surveys");
    await app.getByRole("link", { name: "See the Surveys report" }).click();
    await app.getByRole("heading", { level: 1, name: "Surveys report" }).waitFor();
    const body = app.locator("body");
    await text(body).toContain("1 promoters · 0 passives · 0 detractors");
    await text(body).toContain("CES average");
    await text(body).toContain("Where do you ride?");
    // Polaris Viz draws the trend in the browser.
    await eventually(() => app.locator("svg").count(), 15_000).toBeGreaterThan(0);
    await shot("report");
  });
});
