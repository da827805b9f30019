/**
 * The customer account Rewards page's points slider and store credit, end to end in a real browser (Debian Chromium
 * through playwright-core): the built app next to the local dev store, which hosts the extension as Shopify does.
 * The merchant adds a points slider and switches cash-back on (2%); a first order's cash-back is credited at once
 * (no return window yet), a second one's waits 14 days. On the Rewards page the shopper sees their store credit
 * balance (Shopify's) and the cash-back on its way, is told a choice off the slider before anything is sent, then
 * redeems 200 points for $2.00 off; the code is a real discount at the dev store. Screenshots:
 * test-results/e2e/customer-account-rewards/.
 */
import { expect, it } from "vitest";
import { storeCreditBalance } from "../../devstore/admin-api/store-credit";
import { hidden, text, visible } from "../support/e2e/expect";
import { installAndLaunch } from "../support/e2e/launch";
import { addSliderReward } from "../support/e2e/program";
import { setUpE2eSuite } from "../support/e2e/suite";

const e2e = setUpE2eSuite("customer-account-rewards");

const CUSTOMER = "3";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER}`;
/** Order #1001: Summit Snowboard $449.95 → 449 points, 2% = $8.99 credited. Order #1002: Merino Base Layer $89.00 → 2% = $1.78 pending. */
const FIRST = { points: 449, cashbackMinor: 899 } as const;
const SLIDER_POINTS = 200;
const eventually = <T>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout, interval: 150 });

it("a shopper sees their store credit and redeems a points slider on the Rewards page", { timeout: 240_000 }, async () => {
  const suite = e2e();
  const { step, shot, page, app, stack: store, openAppPage, toast } = suite;
  const frame = () => page.frameLocator('iframe[title="Rewards"]');

  await step("install and launch", () => installAndLaunch(suite));

  await step("Program: a points slider, and cash-back at 2%", async () => {
    await openAppPage("Program", "Program");
    await addSliderReward(app, toast);

    await app.getByLabel("Pay cash-back on paid orders").check();
    await app.getByLabel("Cash-back", { exact: true }).fill("2");
    await app.getByLabel("Cash-back for Bronze").fill("2");
    await app.getByRole("button", { name: "Save cash-back" }).click();
    await visible(toast("Cash-back saved"));
    await shot("program");
  });

  await step("a first order: points, and its cash-back credited as store credit at once", async () => {
    expect((await store.event({ type: "order-paid", customer: CUSTOMER, products: "101:1" })).message).toMatch(/^Order #1001 placed and paid/);
    await eventually(() => suite.metafield(CUSTOMER, "points_balance")).toBe(String(FIRST.points));
    await eventually(() => storeCreditBalance(store.shop.admin, CUSTOMER_GID, "USD")).toBe(FIRST.cashbackMinor);
  });

  await step("a 14-day return window, then a second order: its cash-back is pending", async () => {
    await openAppPage("Program", "Program");
    await app.getByLabel("Pending for (days after payment)").fill("14");
    const saveBar = page.locator("#save-bar");
    await saveBar.getByRole("button", { name: "Save", exact: true }).click();
    await hidden(saveBar);
    expect((await store.event({ type: "order-paid", customer: CUSTOMER, products: "108:1" })).message).toMatch(/^Order #1002 placed and paid/);
  });

  await step("Rewards page: the store credit balance and the cash-back on its way", async () => {
    await page.goto(`${store.devstoreUrl}/account/rewards?customer=${CUSTOMER}`);
    const section = frame().locator("s-section", { hasText: "Store credit" });
    // The second order's cash-back is written by the outbox shortly after its webhook: reload until it shows.
    await eventually(async () => {
      await page.reload();
      await frame().locator("s-page").waitFor();
      return section.innerText().catch(() => "");
    }).toContain("$1.78 cash-back on its way");
    await text(section).toContain("Balance (USD)");
    await text(section).toContain("$8.99");
    await shot("store credit");
  });

  let code = "";
  await step("Rewards page: a choice off the slider is refused on its field; 200 points redeem for $2.00 off", async () => {
    const rewards = frame();
    const row = rewards.locator("s-grid", { hasText: "100 to 1,000 points, in steps of 100" });
    const field = row.getByLabel("Points to spend");
    // Starts at the most the 449 available points buy.
    await eventually(() => field.inputValue()).toBe("400");
    await text(row).toContain("Worth $4.00 off");
    const redemptions = () => store.shop.endpoint.operations.filter((op) => op.name === "CreateRewardBasicDiscount").length;
    const before = redemptions();

    await field.fill("250");
    await row.locator("s-button").click();
    await visible(row.getByText("Choose points in steps of 100"));
    await shot("slider refused");
    expect(redemptions()).toBe(before);

    await field.fill(String(SLIDER_POINTS));
    await text(row).toContain("Worth $2.00 off");
    await row.locator("s-button").click();
    const banner = rewards.locator("s-banner[tone=success]");
    await text(banner).toMatch(/PTS-[A-Z2-9]{4}-[A-Z2-9]{4}/);
    code = /PTS-[A-Z2-9]{4}-[A-Z2-9]{4}/.exec(await banner.innerText())?.[0] ?? "";
    expect(await banner.getAttribute("heading")).toBe("Your code for Choose your discount");
    await text(rewards.locator("s-page")).toContain(String(FIRST.points - SLIDER_POINTS));
    await shot("slider redeemed");
    // The code is a real discount at the dev store: $2.00 off once, for this customer.
    await eventually(() => store.shop.admin.discountByCode(code)?.customerGids).toEqual([CUSTOMER_GID]);
    expect(store.shop.admin.discountByCode(code)).toMatchObject({ value: { amount: "2.00", appliesOnEachItem: false }, usageLimit: 1 });
    expect(redemptions()).toBe(before + 1);
  });
});
