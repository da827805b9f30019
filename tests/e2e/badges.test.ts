/**
 * Badges and challenges end to end in a real browser (ADR 036): the merchant launches the program, defines a badge
 * ("First order", +50) and a challenge ("Two orders", +200) on the Badges & challenges page (a challenge ending
 * before it starts is refused on its field). A shopper joins the challenge on the storefront, buys twice in the dev
 * store, and sees the badge with its date and the challenge completed; the merchant sees the holder, the completion
 * and the badge on the member page. Screenshots: test-results/e2e/badges/.
 */
import { expect, it } from "vitest";
import { text } from "../support/e2e/expect";
import { installAndLaunch } from "../support/e2e/launch";
import { setUpE2eSuite } from "../support/e2e/suite";

const e2e = setUpE2eSuite("badges");
const eventually = <T>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout, interval: 150 });
const CUSTOMER = "1";

it("a shopper earns a badge and completes a challenge", { timeout: 120_000 }, async () => {
  const { step, shot, page, app, stack, urls, openAppPage, expectRefusedForm } = e2e();
  const body = app.locator("body");
  const badgeForm = () => app.locator("form", { has: app.getByRole("heading", { name: "New badge" }) });
  const challengeForm = () => app.locator("form", { has: app.getByRole("heading", { name: "New challenge" }) });
  const engagement = () => page.locator("#shopify-block-rewards-main [data-lr-engagement]");

  await step("install and launch", () => installAndLaunch(e2e()));

  await step("the merchant defines a badge", async () => {
    await openAppPage("Badges & challenges", "Badges & challenges");
    const form = badgeForm();
    await form.getByLabel("Name").fill("First order");
    await form.getByLabel("Bonus points (0 for none)").fill("50");
    await form.getByRole("button", { name: "Trophy" }).click();
    await form.getByLabel("Criterion").selectOption({ label: "First order" });
    await form.getByRole("button", { name: "Create badge" }).click();
    await text(body).toContain("0 members hold it");
    await shot("badge defined");
  });

  await step("a challenge that ends before it starts is refused on its field", async () => {
    expectRefusedForm();
    const form = challengeForm();
    await form.getByLabel("Name").fill("Two orders");
    await form.getByLabel("Starts on").fill("2099-12-10");
    await form.getByLabel("Ends on").fill("2099-12-01");
    await form.getByRole("button", { name: "Create challenge" }).click();
    await text(body).toContain("Nothing was saved");
    await text(challengeForm()).toContain("The end date must be on or after the start date.");
    await shot("challenge refused");
  });

  await step("then defined right", async () => {
    const form = challengeForm();
    const start = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
    // Started yesterday (whatever the shop's zone makes of "now"), ends in a week.
    await form.getByLabel("Starts on").fill(new Date(start.getTime() - 86_400_000).toISOString().slice(0, 10));
    await form.getByLabel("Ends on").fill(new Date(start.getTime() + 7 * 86_400_000).toISOString().slice(0, 10));
    await form.getByLabel("Criterion").selectOption({ label: "Number of orders" });
    await form.getByLabel("How many").fill("2");
    await form.getByLabel("Reward points").fill("200");
    await form.getByRole("button", { name: "Create challenge" }).click();
    await text(body).toContain("0 joined, 0 completed");
    await shot("challenge defined");
  });

  await step("the shopper joins the challenge on the storefront", async () => {
    await page.goto(urls.storefront(CUSTOMER));
    const section = engagement();
    const challenge = section.locator("[data-lr-challenges] li", { hasText: "Two orders" });
    await challenge.getByRole("button", { name: "Join" }).click();
    await text(section.locator("[data-lr-engagement-status]")).toBe("You joined this challenge.");
    await text(challenge).toContain("0 of 2");
    await text(challenge).toContain("+200 points");
    await shot("joined");
  });

  await step("buys twice: earns the badge, completes the challenge", async () => {
    expect((await stack.event({ type: "order-paid", customer: CUSTOMER, products: "107:1" })).message).toContain("orders/paid delivered");
    await page.goto(urls.storefront(CUSTOMER));
    await eventually(async () => {
      await page.reload();
      return engagement().locator("[data-lr-badges]").innerText().catch(() => "");
    }).toContain("First order");
    await text(engagement().locator("[data-lr-challenges] li", { hasText: "Two orders" })).toContain("1 of 2");
    expect((await stack.event({ type: "order-paid", customer: CUSTOMER, products: "107:1" })).message).toContain("orders/paid delivered");
    await eventually(async () => {
      await page.reload();
      return engagement().locator("[data-lr-challenges] li", { hasText: "Two orders" }).innerText().catch(() => "");
    }).toContain("Completed");
    const badge = engagement().locator("[data-lr-badges] li", { hasText: "First order" });
    await text(badge).toMatch(/Earned \w{3} \d{1,2}, \d{4}/);
    expect(await badge.locator("use").getAttribute("href")).toBe("#lr-icon-trophy");
    // The icon is drawn (the sprite's symbol has a size on the page).
    expect((await badge.locator("svg").boundingBox())?.width).toBeGreaterThan(10);
    await shot("badge and challenge on the storefront");
  });

  await step("the merchant sees the holder, the completion and the member's badge", async () => {
    await page.goto(urls.admin);
    await app.getByRole("heading", { level: 1, name: "Loyalty & Rewards" }).waitFor();
    await openAppPage("Badges & challenges", "Badges & challenges");
    await text(body).toContain("1 member holds it");
    await text(body).toContain("1 joined, 1 completed");
    await shot("counts");
    await openAppPage("Members", "Members");
    await app.getByRole("link").filter({ hasText: /\S/ }).nth(0).waitFor();
    await app.locator("a[href*='/app/members/']").first().click();
    await text(body).toContain("Badges");
    await text(body).toContain("First order");
    await text(body).toMatch(/Earned \w{3} \d{1,2}, \d{4}/);
    await text(body).toContain("Badge earned: First order (50 pts)");
    await text(body).toContain("Challenge completed: Two orders (200 pts)");
    await shot("member page");
  });
});
