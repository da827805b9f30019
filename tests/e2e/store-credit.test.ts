/**
 * Cash-back as store credit, end to end in a real browser (Debian Chromium through playwright-core): the built app
 * next to the local dev store, whose Admin API keeps store credit accounts (devstore/admin-api/store-credit.ts).
 * The merchant switches cash-back on (2%, Bronze 5%) with a 14-day return window; a shopper's paid order earns it,
 * pending on the member page; the window passes; the app credits it with storeCreditAccountCredit, the dev store's
 * Customers page shows the balance, Reports show it as its own liability, and the shopper spends it at checkout.
 *
 * The clock: "14 days later" is the dev store's movable clock (`clock --advance 15d`, devstore/clock.ts), which the
 * app's outbox follows through the shared clock file (app/clock.server.ts); the credit is then the app's own outbox
 * talking to the dev store. Screenshots: test-results/e2e/store-credit/.
 */
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { storeCreditBalance } from "../../devstore/admin-api/store-credit";
import { hidden, text, visible } from "../support/e2e/expect";
import { installAndLaunch } from "../support/e2e/launch";
import { setUpE2eSuite } from "../support/e2e/suite";

const e2e = setUpE2eSuite("store-credit");

const CUSTOMER = "3";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER}`;
/** Order #1001: Summit Snowboard $449.95; the shopper is in Bronze (the entry tier): 5% = $22.49. */
const CASHBACK_MINOR = 2249;
const eventually = <T>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout, interval: 150 });

it("a paid order's cash-back is credited as store credit once the return window passes, and checkout spends it", { timeout: 240_000 }, async () => {
  const { step, shot, page, app, stack: store, urls, openApp, openAppPage, toast } = e2e();

  await step("install and launch", () => installAndLaunch(e2e()));

  await step("Program: a 14-day return window, and cash-back on at 2%, Bronze 5%", async () => {
    await openAppPage("Program", "Program");
    await app.getByLabel("Pending for (days after payment)").fill("14");
    const saveBar = page.locator("#save-bar");
    await saveBar.getByRole("button", { name: "Save", exact: true }).click();
    await hidden(saveBar);
    await visible(app.getByText("Store credit can be spent only by shoppers who sign in with new customer accounts."));
    await app.getByLabel("Pay cash-back on paid orders").check();
    await app.getByLabel("Cash-back", { exact: true }).fill("2");
    await app.getByLabel("Cash-back for Bronze").fill("5");
    await app.getByRole("button", { name: "Save cash-back" }).click();
    await visible(toast("Cash-back saved"));
    await shot("cash-back settings");
  });

  await step("a paid order: cash-back pending on the member page, nothing at Shopify yet", async () => {
    const answer = await store.event({ type: "order-paid", customer: CUSTOMER, products: "101:1" });
    expect(answer.message).toMatch(/^Order #1001 placed and paid/);
    const db = new Database(store.database, { readonly: true });
    try {
      await eventually(() => (db.prepare("select status, amountMinor from CashbackCredit").get() as { status: string; amountMinor: number } | undefined)?.status).toBe("pending");
      expect((db.prepare("select amountMinor from CashbackCredit").get() as { amountMinor: number }).amountMinor).toBe(CASHBACK_MINOR);
    } finally {
      db.close();
    }
    await openAppPage("Members", "Members");
    // The only member with points leads the list (by balance).
    await app.locator(".Polaris-IndexTable__TableRow").first().getByRole("link").first().click();
    const card = app.locator("[data-member-store-credit]");
    await visible(card.getByText("Cash-back as store credit"));
    await visible(card.getByText("Pending", { exact: true }));
    await visible(card.getByText("$22.49", { exact: true }));
    expect(storeCreditBalance(store.shop.admin, CUSTOMER_GID, "USD")).toBe(0);
    await shot("member pending");
  });

  await step("the dev store's clock moves past the return window: the app credits the store credit once", async () => {
    const moved = await store.event({ type: "clock", advance: "15d" });
    expect(moved.message).toContain("ahead of real time");
    await eventually(() => storeCreditBalance(store.shop.admin, CUSTOMER_GID, "USD")).toBe(CASHBACK_MINOR);
    await page.goto(`${urls.store}/customers`);
    await text(page.locator(`tr[data-customer="${CUSTOMER}"] [data-store-credit]`)).toBe("22.49 USD");
    await shot("dev store customers");
    await page.goto(`${urls.store}/customers/${CUSTOMER}`);
    await text(page.locator("[data-store-credit-balance]").first()).toContain("22.49 USD");
    await shot("dev store customer");
  });

  await step("Reports: store credit is a liability of its own", async () => {
    await openApp();
    await openAppPage("Reports", "Reports");
    await visible(app.getByText("Store credit (cash-back)"));
    await visible(app.getByRole("cell", { name: "$22.49" }).first());
    await shot("reports");
  });

  await step("checkout: the shopper spends the store credit", async () => {
    await page.goto(urls.storefront(CUSTOMER));
    await text(page.locator("[data-store-credit]")).toContain("Use store credit ($22.49 available)");
    await shot("storefront checkout");
    await page.locator(".product", { hasText: "Merino Base Layer" }).getByRole("button", { name: "Buy now" }).click();
    await eventually(() => storeCreditBalance(store.shop.admin, CUSTOMER_GID, "USD")).toBe(0);
    const order = [...store.shop.orders.values()].find((o) => o.number === 1002);
    expect(order?.storeCreditMinor).toBe(CASHBACK_MINOR);
    // Nothing was credited twice meanwhile.
    expect(store.shop.endpoint.operations.filter((op) => op.name === "CreditStoreCreditAccount" && op.outcome === "ok")).toHaveLength(1);
  });
});
