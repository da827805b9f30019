/**
 * Referrals end to end in a real browser (issue 11): the merchant switches referrals on in the Program page's own
 * section; a member finds their link in the storefront block; a friend opens it as a guest, gets the friend code
 * (remembered in the browser, the referrer's code set as the cart attribute), signs up and buys with it in the dev
 * store; the referrer's points are pending; the dev store's clock moves past the window (`clock --advance`, which
 * the app's outbox follows through the shared clock file), the vest job runs, and the referral is approved.
 * Screenshots: test-results/e2e/referrals/.
 */
import { expect, it } from "vitest";
import { text, visible } from "../support/e2e/expect";
import { installAndLaunch } from "../support/e2e/launch";
import { setUpE2eSuite } from "../support/e2e/suite";

const e2e = setUpE2eSuite("referrals");

const REFERRER = "3";
const eventually = <T>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout, interval: 200 });

it("a member's friend opens the link, buys with the code; the referrer's points are pending, then vest", { timeout: 240_000 }, async () => {
  const { step, shot, page, app, stack: store, urls, openAppPage, toast } = e2e();
  let code = "";
  let friendCode = "";

  await step("install and launch", () => installAndLaunch(e2e()));

  await step("program: the merchant switches referrals on", async () => {
    await openAppPage("Program", "Program");
    await app.getByLabel("Referrals are on").check();
    await app.getByLabel("Points for the referrer").fill("500");
    await app.getByLabel("Referrer's points pending for (days)").fill("14");
    await app.getByRole("button", { name: "Save referral settings" }).click();
    await visible(toast("Referral settings saved"));
    await app.getByLabel("Referrals are on").scrollIntoViewIfNeeded();
    await shot("referrals on");
  });

  await step("storefront: a member finds their referral link", async () => {
    // The referrer is a member: an order of their own.
    await store.event({ type: "order-paid", customer: REFERRER, items: 1 });
    await eventually(() => e2e().metafield(REFERRER, "points_balance"), 60_000).not.toBeNull();
    // The block renders the referrals section once the app has rewritten the program facts (referrals: on).
    await eventually(async () => {
      await page.goto(urls.storefront(REFERRER));
      return page.locator("[data-lref-mine]").count();
    }).toBeGreaterThan(0);
    const mine = page.locator("[data-lref-mine]").first();
    await visible(mine);
    code = ((await mine.locator("[data-lref-code]").textContent()) ?? "").trim();
    expect(code).toMatch(/^[0-9A-Z]{10}$/);
    expect(await mine.locator("[data-lref-link]").inputValue()).toMatch(new RegExp(`/\\?ref=${code}$`));
    await text(mine.locator("[data-lref-intro]")).toContain("500 points");
    await shot("member's link");
  });

  await step("the friend opens the link as a guest and gets the friend code", async () => {
    await page.goto(urls.storefront("guest"));
    const origin = new URL(page.url()).origin;
    await page.goto(`${origin}/?ref=${code}`);
    const friend = page.locator("[data-lref-friend]").first();
    await visible(friend);
    friendCode = (((await friend.locator("[data-lref-friend-code]").textContent()) ?? "").match(/FRIEND-[0-9A-Z]{10}/) ?? [""])[0];
    expect(friendCode).not.toBe("");
    await text(friend.locator("[data-lref-friend-offer]")).toBe("$10 off your first order on orders over $50");
    expect(await page.evaluate(() => fetch("/cart.js").then((r) => r.json() as Promise<{ attributes: Record<string, string> }>))).toMatchObject({
      attributes: { _loyalty_referral: code },
    });
    await shot("friend code");
  });

  await step("the friend signs up and buys with the code", async () => {
    await page.goto(`${new URL(page.url()).origin}/account/register`);
    await page.getByLabel("First name").fill("Jo");
    await page.getByLabel("Last name").fill("Friend");
    await page.getByLabel("Email").fill("jo.friend@example.com");
    await page.getByRole("button", { name: "Create" }).click();
    await text(page.locator("[data-session]")).toContain("Jo Friend");
    // Remembered in the browser after signing up.
    await text(page.locator("[data-lref-friend-code]").first()).toContain(friendCode);
    await page.getByLabel("Discount code").fill(friendCode);
    await page.locator('button[name="products"][value="103:1"]').click();
    await page.waitForURL(/\/checkout\/thank-you\/\d+/);
    const order = [...store.shop.orders.values()].at(-1);
    expect(order?.attributes).toEqual([{ name: "_loyalty_referral", value: code }]);
    expect(order?.discount?.code).toBe(friendCode);
  });

  await step("the referrer's points are pending", async () => {
    await page.goto(urls.storefront(REFERRER));
    const referred = page.locator("[data-lref-referred]").first();
    await eventually(async () => {
      await page.reload();
      return (await referred.textContent()) ?? "";
    }, 60_000).toBe("Friends who ordered: 1 · pending points: 500");
    await page.goto(urls.admin);
    await app.getByRole("heading", { level: 1, name: "Loyalty & Rewards" }).waitFor();
    await openAppPage("Referrals", "Referrals");
    // The referral's row (the summary above names every status too).
    await text(app.locator("table tbody tr").first()).toMatch(/Jo F\.[\s\S]*Pending[\s\S]*#\d+/);
    await shot("referral pending");
  });

  await step("customer account: the referrer's Rewards page has the link, the pending points, and copies the link", async () => {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto(`${store.devstoreUrl}/account/rewards?customer=${REFERRER}`);
    const section = page.frameLocator('iframe[title="Rewards"]').locator("s-section", { hasText: "Share your link" });
    await text(section).toContain("you earn 500 points when they buy");
    await text(section).toContain(`Your code: ${code}`);
    await text(section).toContain("1 friend ordered · pending points: 500");
    await section.locator("s-button", { hasText: "Copy link" }).click();
    await text(section).toContain("Link copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(new RegExp(`/\\?ref=${code}$`));
    await shot("rewards page referral");
  });

  await step("the dev store's clock moves past the window: the vest job approves it", async () => {
    const moved = await store.event({ type: "clock", advance: "15d" });
    expect(moved.message).toContain("ahead of real time");
    await page.goto(urls.storefront(REFERRER));
    const referred = page.locator("[data-lref-referred]").first();
    await eventually(async () => {
      await page.reload();
      return (await referred.textContent()) ?? "";
    }, 90_000).toBe("Friends who ordered: 1 · pending points: 0");
    await shot("referral vested");
    await page.goto(urls.admin);
    await app.getByRole("heading", { level: 1, name: "Loyalty & Rewards" }).waitFor();
    await openAppPage("Referrals", "Referrals");
    await text(app.locator("table tbody tr").first()).toMatch(/Jo F\.[\s\S]*Approved[\s\S]*#\d+/);
  });
});
