/**
 * The insights page in a real browser: opened from Reports, its four cards with their plain sentences, the ROI
 * method and its limits, charts drawn by Polaris Viz, the margin field carried in the URL, and a CSV download.
 * Screenshots: test-results/e2e/insights/.
 */
import { expect, it } from "vitest";
import { text } from "../support/e2e/expect";
import { setUpE2eSuite } from "../support/e2e/suite";

const e2e = setUpE2eSuite("insights");

it("a merchant opens the insights from Reports", async () => {
  const { step, shot, page, app, stack, urls, openAppPage } = e2e();

  await step("install, and a customer who orders twice", async () => {
    await page.goto(urls.admin);
    await app.getByRole("heading", { level: 1 }).first().waitFor();
    for (let n = 0; n < 2; n++) expect((await stack.event({ type: "order-paid", customer: "1", products: "107:1" })).message).toContain("orders/paid delivered");
  });

  await step("Reports → Insights", async () => {
    await openAppPage("Reports", "Reports");
    await app.getByRole("link", { name: "Insights: ROI, repeat purchase, retention" }).click();
    await app.getByRole("heading", { level: 1, name: "Insights", exact: true }).waitFor();
    const body = app.locator("body");
    for (const title of ["Program ROI", "Repeat purchase", "Churn and negative churn", "Engagement"]) await text(body).toContain(title);
    await text(body).toContain("What this cannot prove");
    await text(body).toContain("first bought in these months"); // the repeat sentence (with or without members yet)
    // Polaris Viz draws in the browser only (the server renders skeletons).
    await expect.poll(() => app.locator("svg").count(), { timeout: 15_000 }).toBeGreaterThan(3);
    await shot("insights");
  });

  await step("a margin, then the ROI CSV", async () => {
    await app.getByLabel("Your gross margin").fill("40");
    await app.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => app.getByLabel("Your gross margin").inputValue()).toBe("40");
    const csv = await app.locator("body").evaluate(async () => {
      const response = await fetch(`/app/reports/insights/roi.csv${window.location.search}`);
      return { status: response.status, text: await response.text() };
    });
    expect(csv.status).toBe(200);
    expect(csv.text).toContain("cohort,members,non_members");
    await shot("insights with a margin");
  });
});
