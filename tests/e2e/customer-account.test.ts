/**
 * The shopper's side outside the theme, end to end in a real browser (Debian Chromium through playwright-core): the
 * built app next to the local dev store, which hosts the app's customer account and checkout UI extensions as
 * Shopify does (devstore/extension-host: the bundles built as the CLI builds them, a `shopify` global with session
 * tokens signed with the app's secret, the `s-*` elements rendered).
 * The merchant switches on the Flow trigger for tier changes. A shopper buys on the storefront and lands on the thank-you page, whose block names the order's points; sees the
 * reminder banner on the storefront and dismisses it; opens
 * the Rewards page in their account and redeems a reward, the code shown; the order's status page and the profile
 * block show the points. Screenshots: test-results/e2e/customer-account/.
 */
import { expect, it } from "vitest";
import { flowTriggerCalls } from "../../devstore/admin-api/flow";
import { text, visible } from "../support/e2e/expect";
import { installAndLaunch } from "../support/e2e/launch";
import { setUpE2eSuite } from "../support/e2e/suite";

const e2e = setUpE2eSuite("customer-account");

const CUSTOMER = "3";
/** Order #1001 (event API): Summit Snowboard $449.95 at 1 pt/$ (Bronze ×1) = 449. Order #1002 (Buy now): Merino Base Layer $89.00 = 89. */
const POINTS = { first: 449, second: 89, redeemed: 500 } as const;
const eventually = <T>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout, interval: 150 });

it("a shopper sees an order's points on the thank-you page, redeems in customer accounts, and sees the order's points there", { timeout: 180_000 }, async () => {
  const { step, shot, page, app, stack: store, urls, openAppPage } = e2e();
  const frame = (title: string) => page.frameLocator(`iframe[title="${title}"]`);

  await step("install and launch", () => installAndLaunch(e2e()));

  await step("Shopify Flow: the merchant switches on the tier-changed trigger", async () => {
    await openAppPage("Shopify Flow", "Shopify Flow");
    await app.getByLabel("Loyalty tier changed").check();
    await app.getByRole("button", { name: "Save" }).click();
    await visible(app.getByText("Saved. Triggers switched on fire for points changes from now on."));
    await shot("flow triggers");
  });

  await step("checkout: the thank-you block names the order's points", async () => {
    const answer = await store.event({ type: "order-paid", customer: CUSTOMER, products: "101:1" });
    expect(answer.message).toMatch(/^Order #1001 placed and paid/);
    await eventually(() => e2e().metafield(CUSTOMER, "points_balance")).toBe(String(POINTS.first));

    await page.goto(urls.storefront(CUSTOMER));
    await page.locator(".product", { hasText: "Merino Base Layer" }).getByRole("button", { name: "Buy now" }).click();
    await text(page.locator(".notice")).toBe("Thank you for your order #1002");
    const block = frame("Points for this order");
    // Earned once the paid webhook is in; an estimate from the checkout's lines until then. Both say 89.
    await text(block.locator("s-text").first()).toMatch(new RegExp(`^You(?: earned|'ll earn about) ${POINTS.second} points with this order\\.$`));
    await shot("thank-you");
  });

  const balance = POINTS.first + POINTS.second;
  await step("Flow: the tier change (Bronze to Silver) reached Shopify once, with the customer", async () => {
    const tierChanges = () => flowTriggerCalls(store.shop.admin).filter((call) => call.handle === "loyalty-tier-changed");
    await eventually(() => tierChanges().length).toBe(1);
    const [call] = tierChanges();
    expect(call?.accepted).toBe(true);
    expect(call?.payload).toMatchObject({ customer_id: CUSTOMER, previous_tier: "Bronze", new_tier: "Silver" });
  });

  await step("storefront: the launcher's banner names the reward the points pay for", async () => {
    await eventually(() => e2e().metafield(CUSTOMER, "points_balance")).toBe(String(balance));
    await page.goto(urls.storefront(CUSTOMER));
    // Rendered from metafields alone: the program facts the app wrote at launch and the member's balance.
    await text(page.locator("[data-lr-banner] .lr-banner__text")).toBe(`You have ${balance} points: enough for $5.00 off.`);
    await shot("banner");
    await page.getByRole("button", { name: "Dismiss" }).click();
    await page.reload();
    await visible(page.locator("[data-lr-launcher]"));
    expect(await page.locator("[data-lr-banner]").count()).toBe(0);
  });

  let code = "";
  await step("customer account: the Rewards page redeems a reward and shows the code", async () => {
    await eventually(() => e2e().metafield(CUSTOMER, "points_balance")).toBe(String(balance));
    await page.goto(`${store.devstoreUrl}/account/rewards?customer=${CUSTOMER}`);
    const rewards = frame("Rewards");
    await text(rewards.locator("s-page")).toContain(`${balance}`);
    await shot("rewards page");
    const row = rewards.locator("s-grid", { hasText: "$5 off your order" });
    await row.locator("s-button").click();
    const banner = rewards.locator("s-banner[tone=success]");
    await text(banner).toMatch(/PTS-[A-Z2-9]{4}-[A-Z2-9]{4}/);
    code = /PTS-[A-Z2-9]{4}-[A-Z2-9]{4}/.exec(await banner.innerText())?.[0] ?? "";
    await text(rewards.locator("s-page")).toContain(`${balance - POINTS.redeemed}`);
    await visible(rewards.locator("s-section", { hasText: "Your codes" }).getByText(code));
    await shot("redeemed");
    // The code is a real discount at the dev store, for this customer.
    await eventually(() => store.shop.admin.discountByCode(code)?.customerGids).toEqual([`gid://shopify/Customer/${CUSTOMER}`]);
  });

  await step("customer account: the shopper gives a birthday on the Rewards page", async () => {
    const rewards = frame("Rewards");
    const form = rewards.locator("s-section", { hasText: "Tell us your birthday" });
    await form.getByLabel("Month").selectOption("12");
    await form.getByLabel("Day").fill("24");
    await form.locator("s-button", { hasText: "Save my birthday" }).click();
    await text(rewards.locator("s-page")).toContain("Your birthday: December 24");
    await shot("birthday given");
  });

  await step("customer account: the order's status and the profile show the points", async () => {
    await page.goto(`${store.devstoreUrl}/account/orders/1002`);
    await text(frame("Order points").locator("s-banner")).toContain(`This order earned you ${POINTS.second} points.`);
    await shot("order status");
    await page.goto(`${store.devstoreUrl}/account/profile`);
    const profile = frame("Loyalty points");
    await text(profile.locator("s-section")).toContain(`${balance - POINTS.redeemed} points`);
    await profile.getByRole("link", { name: "View rewards" }).click();
    await eventually(() => new URL(page.url()).pathname).toBe("/account/rewards");
    await shot("profile to rewards");
  });
});
