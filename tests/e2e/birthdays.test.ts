/**
 * Birthdays end to end in a real browser (issue 11): the merchant switches the birthday bonus on in the Program
 * page's own section, a shopper gives their birthday in the storefront block (two days ahead on the dev store's
 * clock), the dev store's clock moves to the day (`clock --to`, which the app's outbox follows through the shared
 * clock file), and the shopper sees the bonus in their balance and history. Screenshots: test-results/e2e/birthdays/.
 */
import { expect, it } from "vitest";
import { devClock } from "../../devstore/clock";
import { text, visible } from "../support/e2e/expect";
import { installAndLaunch } from "../support/e2e/launch";
import { setUpE2eSuite } from "../support/e2e/suite";

const e2e = setUpE2eSuite("birthdays");

const CUSTOMER = "3";
const eventually = <T>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout, interval: 200 });

it("a shopper enters a birthday on the storefront and, once the dev store's clock reaches it, sees the bonus", { timeout: 180_000 }, async () => {
  const { step, shot, page, app, stack: store, urls, openAppPage, toast } = e2e();
  // Two days ahead at noon UTC: the same calendar day in the shop's zone (America/New_York).
  const birthday = new Date(devClock.now().getTime() + 2 * 86_400_000);
  const day = birthday.toISOString().slice(0, 10);

  await step("install and launch", () => installAndLaunch(e2e()));

  await step("program: the merchant switches the birthday bonus on", async () => {
    await openAppPage("Program", "Program");
    await app.getByLabel("Birthday bonus (points)").fill("250");
    await app.getByRole("button", { name: "Save bonuses" }).click();
    await visible(toast("Bonuses saved"));
    await app.getByLabel("Birthday bonus (points)").scrollIntoViewIfNeeded();
    await shot("birthday bonus on");
  });

  await step("storefront: the shopper gives their birthday", async () => {
    await page.goto(urls.storefront(CUSTOMER));
    const form = page.locator("[data-lr-birthday-form]").first();
    await form.getByLabel("Month").selectOption(String(birthday.getUTCMonth() + 1));
    await form.getByLabel("Day").fill(String(birthday.getUTCDate()));
    await form.getByRole("button", { name: "Save my birthday" }).click();
    await text(form.locator("[data-lr-birthday-status]")).toBe("Saved: see you on your birthday!");
    await shot("birthday given");
    await eventually(() => e2e().metafield(CUSTOMER, "birthday")).toBe(`--${day.slice(5)}`);
  });

  await step("the dev store's clock moves to the birthday: the daily job pays it", async () => {
    const moved = await store.event({ type: "clock", to: `${day}T12:00:00Z` });
    expect(moved.message).toContain(`${day}T12:00`);
    await eventually(() => e2e().metafield(CUSTOMER, "points_balance"), 60_000).toBe("250");
    await page.goto(urls.storefront(CUSTOMER));
    await text(page.locator("[data-lr-balance]").first()).toBe("250");
    await text(page.locator("[data-lr-birthday-shown]").first()).toContain("Your birthday:");
    await visible(page.locator("[data-lr-history-box]").first().getByText(`Birthday bonus ${day.slice(0, 4)}: 250 pts`));
    await shot("birthday bonus paid");
  });
});
