/**
 * Donating points and the points slider, end to end in a real browser: the merchant lists a cause on the Donations
 * page and adds a points-slider reward on the Program page; a shopper with points donates some to the cause and
 * redeems a slider code in the storefront's Rewards block; the merchant sees the donation on the payout statement.
 * Screenshots: test-results/e2e/donations/.
 */
import { expect, it } from "vitest";
import { text, visible } from "../support/e2e/expect";
import { installAndLaunch } from "../support/e2e/launch";
import { addSliderReward } from "../support/e2e/program";
import { setUpE2eSuite } from "../support/e2e/suite";

const e2e = setUpE2eSuite("donations");

const CUSTOMER = "3";
/** Order #1001: Summit Snowboard $449.95 at 1 pt/$ = 449 points; then 200 donated and 200 on the slider. */
const POINTS = { earned: 449, donated: 200, slider: 200 } as const;
const eventually = <T>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout, interval: 150 });

it("a shopper donates points and redeems a slider reward; the merchant sees the donation", { timeout: 180_000 }, async () => {
  const { step, shot, page, app, stack: store, urls, openAppPage, toast } = e2e();
  const block = () => page.locator("#shopify-block-rewards-main [data-lr-member]");

  await step("install and launch", () => installAndLaunch(e2e()));

  await step("Donations: the merchant adds a cause", async () => {
    await openAppPage("Donations", "Donations");
    await app.getByRole("button", { name: "Add cause" }).click();
    await app.getByLabel("Name").fill("Trees for All");
    await app.getByLabel("Description (optional)").fill("One tree planted per dollar");
    await app.getByLabel(/^Points per .* donated$/).fill("100");
    await app.getByLabel("Smallest donation (points)").fill("100");
    await app.getByLabel("Donations in steps of (points)").fill("100");
    await app.getByRole("button", { name: "Save cause" }).click();
    await visible(toast("Cause “Trees for All” saved"));
    await text(app.locator("body")).toContain("100 points give $1.00");
    await shot("cause added");
  });

  await step("Program: the merchant adds a points slider", async () => {
    await openAppPage("Program", "Program");
    const rewards = await addSliderReward(app, toast);
    await text(rewards).toContain("Up to $10.00 off ($1.00 per 100 points)");
    await shot("slider reward");
  });

  await step("the shopper earns points", async () => {
    expect((await store.event({ type: "order-paid", customer: CUSTOMER, products: "101:1" })).message).toMatch(/^Order #1001 placed and paid/);
    await eventually(() => e2e().metafield(CUSTOMER, "points_balance")).toBe(String(POINTS.earned));
  });

  await step("storefront: the shopper donates 200 points to the cause", async () => {
    await page.goto(urls.storefront(CUSTOMER));
    await text(block().locator("[data-lr-balance]")).toBe(String(POINTS.earned));
    await block().getByRole("button", { name: "Donate your points" }).click();
    const cause = block().locator("[data-lg-causes] li", { hasText: "Trees for All" });
    await text(cause).toContain("100 points give $1");
    await cause.getByLabel("Points").fill(String(POINTS.donated));
    await cause.getByRole("button", { name: "Donate" }).click();
    await text(block().locator("[data-lg-status]")).toBe("Thank you! You gave 200 points to Trees for All ($2).");
    await text(block().locator("[data-lr-balance]")).toBe(String(POINTS.earned - POINTS.donated));
    await shot("donated");
  });

  await step("storefront: the shopper redeems 200 points on the slider", async () => {
    const slider = block().locator("[data-lg-slider-list] li", { hasText: "Choose your discount" });
    await visible(slider);
    // The slider stops at the balance in whole steps (249 points → at most 200).
    await expect.poll(() => slider.locator("[data-lg-range]").getAttribute("max")).toBe("200");
    await slider.locator("[data-lg-range]").evaluate((input: HTMLInputElement) => {
      input.value = "100";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await text(slider.locator("output")).toBe("100 points for $1 off");
    await slider.locator("[data-lg-range]").evaluate((input: HTMLInputElement) => {
      input.value = String(200);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await text(slider.locator("output")).toBe("200 points for $2 off");
    await slider.getByRole("button", { name: "Redeem" }).click();
    await text(block().locator("[data-lg-status]")).toMatch(/^Your code PTS-[A-Z2-9]{4}-[A-Z2-9]{4} is ready\. Use it at checkout\.$/);
    await text(block().locator("[data-lr-balance]")).toBe(String(POINTS.earned - POINTS.donated - POINTS.slider));
    const code = /PTS-[A-Z2-9]{4}-[A-Z2-9]{4}/.exec((await block().locator("[data-lg-status]").textContent()) ?? "")?.[0] ?? "";
    expect(store.shop.admin.discountByCode(code)).toMatchObject({ value: { amount: "2.00", appliesOnEachItem: false } });
    await text(block().locator("[data-lr-codes] li", { hasText: code })).toContain("Unused");
    // The history names the donation.
    await text(block().locator("[data-lr-entrys]")).toContain("Trees for All");
    await shot("slider redeemed");
  });

  await step("Donations: the merchant sees what they owe the cause", async () => {
    await page.goto(urls.admin);
    await openAppPage("Donations", "Donations");
    const body = app.locator("body");
    await text(body).toContain("Received 200 points ($2.00) in 1 donation");
    const table = app.locator("table").first();
    await text(table).toContain("Trees for All");
    await text(table).toContain("$2.00");
    const csv = await app.locator("body").evaluate(async () => {
      const response = await fetch(`/app/donations.csv${window.location.search}`);
      return { status: response.status, text: await response.text() };
    });
    expect(csv.status).toBe(200);
    expect(csv.text).toContain("month,cause,donations,points,amount,currency");
    expect(csv.text).toMatch(/\d{4}-\d{2},Trees for All,1,200,2\.00,USD/);
    await shot("payout statement");
  });
});
