/**
 * End to end, in a real browser (Debian Chromium through playwright-core): the built app (build/server/index.js
 * under server.mjs, as `npm start` and `npm run local` run it) next to the local dev store (devstore/), clicked through the way
 * a merchant and a shopper would — install, program set-up, orders, the storefront block, a redemption, a
 * refund, the Members and Reports pages — with every step asserting on what the page shows.
 *
 * Nothing is faked inside the app: it authorizes itself by token exchange at the dev store, talks to the dev
 * store's Admin GraphQL API (the real 2026-10 schema), receives signed webhooks and signed app proxy requests,
 * and its outbox worker syncs the customer metafields the storefront block renders from.
 *
 * The program starts as a draft (ADR 023): the merchant confirms earning, rewards and tiers on Home, adds the Rewards
 * block and launcher with the theme editor's deep links (App Bridge's shopify.app.extensions() then says Active), and
 * launches through a confirmation; at the end the program is paused through a confirmation too.
 *
 * The scenario (points are computed by hand below, so a change in the rules shows up here):
 *   program: 2 pts/$ base, product type "Wax" 5 pts/$, collection "Beginner Gear" 3 pts/$ (resource picker),
 *            a new "$10 off" reward for 800 points; tiers Bronze 0 ×1, Silver 500 ×1.25, Gold 1500 ×1.5.
 *   order #1001 (dev store admin): Mia Dubois, 1 × First Tracks Snowboard $249.00 (Beginner Gear) +
 *            2 × Bio Glide Wax $14.99 (Wax): 249.00 × 3 + 29.98 × 5 = 896.9 → 896 pts (Bronze ×1) → Silver.
 *   order #1002 (storefront Buy now): Merino Base Layer $89.00 (base rate): 89 × 2 × 1.25 (Silver) = 222.5 → 222.
 *   order #1003 (dev store event API): Ava Martin, Race Wax Kit $34.50 (Wax): 34.50 × 5 = 172.5 → 172.
 *   redeem "$10 off" in the storefront: −800 → 318.
 *   refund 1 × Bio Glide Wax of #1001: clawback = floor(896 × refunded weight / order weight)
 *            = floor(896 × 14.99 × 5 / 896.9) = floor(74.88) = 74 → 244.
 *   manual credit +50 with a note → 294 (a debit without a note is refused).
 *
 * Screenshots of every step: test-results/e2e/journey/ (with app.log and devstore.log).
 * Run alone: `npx vitest run tests/e2e`; the harness is tests/support/e2e/ (suite.ts to start).
 */
import { expect, it } from "vitest";
import { appNamespace, DEFAULT_APP_ID } from "../../devstore/admin-api";
import { attribute, count, hidden, text, value, visible } from "../support/e2e/expect";
import { E2E_SHOP, E2E_SHOP_HANDLE } from "../support/e2e/stack";
import { setUpE2eSuite } from "../support/e2e/suite";
import { TEST_API_KEY } from "../support/test-env";

const e2e = setUpE2eSuite("journey");

const CUSTOMER = "3";
const CUSTOMER_NAME = "Mia Dubois";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER}`;
/** Ava Martin: a second member, so that the Members search has something to leave out. */
const OTHER_CUSTOMER = "1";
const NAMESPACE = appNamespace(DEFAULT_APP_ID);
const NEW_REWARD = "$10 off your order";
const NOTE = "Goodwill: parcel arrived late";

/** The scenario's points (see the header) and the balance after each step. */
const POINTS = { order1: 896, order2: 222, otherOrder: 172, redeemed: 800, clawback: 74, credit: 50 } as const;
const AFTER_ORDERS = POINTS.order1 + POINTS.order2;
const AFTER_REDEEM = AFTER_ORDERS - POINTS.redeemed;
const AFTER_REFUND = AFTER_REDEEM - POINTS.clawback;
const AFTER_CREDIT = AFTER_REFUND + POINTS.credit;
/** Reports, over both members: earned (manual credits included), issued (= earned net of clawbacks), outstanding. */
const EARNED = POINTS.order1 + POINTS.order2 + POINTS.otherOrder + POINTS.credit;
const ISSUED = EARNED - POINTS.clawback;
const OUTSTANDING = AFTER_CREDIT + POINTS.otherOrder;
/** 800 of 1,266 issued points redeemed. */
const REDEMPTION_RATE = "63.2%";
/** 466 points × $0.0125 = $5.825. */
const OUTSTANDING_MONEY = "4.66";
const GOLD = 1500;

const numbers = new Intl.NumberFormat("en-US");
const fmt = (n: number) => numbers.format(n);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Waits (CI machines are slow; the outbox worker polls every 200 ms) for a value, never a blind sleep. */
const eventually = <T>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout, interval: 150 });

it("a merchant installs and sets up the program; a shopper earns, redeems, is refunded; admin shows it all", async () => {
  const { step, shot, page, app, stack: store, urls, openApp, openAppPage, toast, expectRefusedForm } = e2e();
  const metafield = (key: string) => e2e().metafield(CUSTOMER, key);
  /** The Rewards app block on the storefront page (the launcher embed repeats it in a drawer). */
  const rewardsBlock = () => page.locator("#shopify-block-rewards-main [data-lr-member]");

  await step("install", async () => {
    // The admin opens the app for the first time: the app authorizes itself by token exchange.
    expect((await store.summary()).appAuthorized).toBe(false);
    await page.goto(urls.admin);
    // The admin embeds the app at /store/<shop>/apps/<handle>/…, following the app's own path (/app).
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/store/${E2E_SHOP_HANDLE}/apps/loyalty-rewards/app`);
    await app.getByRole("heading", { level: 1, name: "Loyalty & Rewards" }).waitFor();
    await text(app.locator("body")).toContain("Set up and launch your program");
    await text(app.locator("body")).toContain("Outstanding liability: $0.00");
    // Polaris rendered, with its stylesheet (its design tokens are defined), and App Bridge's navigation reached
    // the admin around the iframe.
    await visible(app.locator(".Polaris-Page"));
    expect(await app.locator("html").evaluate((html) => getComputedStyle(html).getPropertyValue("--p-space-400").trim())).not.toBe("");
    await text(page.locator("#app-nav")).toContain("Program");
    expect((await store.summary()).appAuthorized).toBe(true);
    expect(store.devstore.logs.some((line) => line.includes(`${E2E_SHOP}: app installed/authorized`))).toBe(true);
  });

  await step("program: an invalid rate is refused", async () => {
    await openAppPage("Program", "Program");
    const baseRate = app.getByLabel("Points per USD 1").first();
    await value(baseRate).toBe("1");
    await baseRate.fill("two");
    expectRefusedForm();
    // Save is on the admin's contextual save bar (App Bridge), shown while the form has unsaved changes.
    await page.locator("#save-bar").getByRole("button", { name: "Save", exact: true }).click();
    await text(app.locator(".Polaris-Banner[role=alert]")).toContain("Nothing was saved");
    // The field's own error: the text the input is described by (aria-describedby), marked invalid.
    await attribute(baseRate, "aria-invalid").toBe("true");
    const describedBy = (await baseRate.getAttribute("aria-describedby")) ?? "";
    // In the merchant's units (points per $1), not the schema's milli-points.
    await text(app.locator(`[id="${describedBy.split(" ")[0]}"]`)).toContain("Earn rate must be a number of points from 0 to 100 per $1");
    // Focus moved to the first field in error.
    expect(await baseRate.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await shot("field error");
    // Nothing saved: a fresh load of the page still has the old rate.
    await page.reload();
    await app.getByRole("heading", { level: 1, name: "Program" }).waitFor();
    await value(app.getByLabel("Points per USD 1").first()).toBe("1");
  });

  await step("program: rates and a reward saved", async () => {
    // The fields labelled "Points per USD 1", in page order: base rate, product type rates, collection rates.
    const rates = app.getByLabel("Points per USD 1");
    await rates.nth(0).fill("2");
    await app.getByRole("button", { name: "Add product type rate" }).click();
    await app.getByLabel("Product type").fill("Wax");
    await rates.nth(1).fill("5");
    // The resource picker is the admin's (App Bridge): a dialog around the iframe, listing the shop's collections.
    await app.getByRole("button", { name: "Add collections" }).click();
    const picker = page.locator("dialog#resource-picker");
    await visible(picker);
    await picker.locator(".picker__item", { hasText: "Beginner Gear" }).locator("input").check();
    await shot("resource picker");
    await picker.getByRole("button", { name: "Select" }).click();
    await hidden(picker);
    await visible(app.getByText("Beginner Gear", { exact: true }));
    await rates.nth(2).fill("3");
    await page.locator("#save-bar").getByRole("button", { name: "Save", exact: true }).click();
    await visible(toast("Program saved"));
    await hidden(page.locator("#save-bar"));

    const rewards = app.locator(".Polaris-Layout__AnnotatedSection", { has: app.getByRole("heading", { name: "Rewards", exact: true }) });
    await rewards.getByRole("button", { name: "Add reward" }).click();
    await rewards.getByLabel("Name").fill(NEW_REWARD);
    await rewards.getByLabel("Cost (points)").fill(String(POINTS.redeemed));
    await rewards.getByLabel("Amount (USD)").fill("10");
    // A double click saves one reward (the form's one-time key), says so in a toast and resets the form.
    await rewards.getByRole("button", { name: "Save reward" }).dblclick();
    // When the second click lands before the first answer, Remix keeps only the second answer ("already saved").
    await visible(toast(new RegExp(`“${escape(NEW_REWARD)}” (saved|was already saved)`)));
    await text(rewards).toContain(`${NEW_REWARD}\n${POINTS.redeemed} points · $10.00 off · code valid 30 days · $0.0125 per point (program: $0.01)`);
    await visible(rewards.getByRole("button", { name: "Add reward" }));
    expect(await rewards.getByText(NEW_REWARD, { exact: true }).count()).toBe(1);

    // The saved state, from a fresh load.
    await page.reload();
    await app.getByRole("heading", { level: 1, name: "Program" }).waitFor();
    await value(rates.nth(0)).toBe("2");
    await value(app.getByLabel("Product type")).toBe("Wax");
    await value(rates.nth(1)).toBe("5");
    await visible(app.getByText("Beginner Gear", { exact: true }));
    await value(rates.nth(2)).toBe("3");
    await text(rewards).toContain(`${NEW_REWARD}\n${POINTS.redeemed} points · $10.00 off`);
  });

  await step("home: a draft with a guided setup", async () => {
    await openApp();
    const body = app.locator("body");
    await text(body).toContain("Your program is a draft: shoppers earn and redeem nothing until you launch it.");
    await expect.poll(() => app.locator("html").evaluate(() => document.title)).toBe("Home · Loyalty & Rewards");
    // Nothing is pre-ticked: the merchant has confirmed nothing yet, and the theme has neither block nor embed.
    await text(body).toContain("0 of 4 steps done");
    for (const id of ["earning", "rewards", "tiers", "storefront"]) await attribute(app.locator(`[data-setup-step="${id}"]`), "data-done").toBe("false");
    await text(app.locator('[data-extension-status="block"]')).toContain("Not added");
    await text(app.locator('[data-extension-status="embed"]')).toContain("Not added");
    expect(await app.getByRole("button", { name: "Launch program" }).isDisabled()).toBe(true);
    // What was saved on the Program page is what the merchant confirms here, and what the preview shows shoppers.
    await text(app.locator('[data-setup-step="earning"]')).toContain("2 pts/$ on every order");
    await text(app.locator('[data-setup-step="rewards"]')).toContain(`${NEW_REWARD}: $10.00 off`);
    await text(app.locator("[data-widget-preview]")).toContain("Our rewards program is not open yet.");
    await text(app.locator("[data-widget-preview]")).toContain(NEW_REWARD);
    // The home chart is styled like Reports': Polaris Viz's stylesheet is loaded on Home too (the build names both
    // stylesheets by hash: Polaris' own, from the admin layout, and Polaris Viz's, from the page).
    await eventually(() => app.locator('link[rel="stylesheet"]').count()).toBe(2);
    await shot("draft");
    for (const [id, label] of [["earning", "Earning looks right"], ["rewards", "Rewards look right"], ["tiers", "Tiers look right"]] as const) {
      await app.getByRole("button", { name: label }).click();
      await attribute(app.locator(`[data-setup-step="${id}"]`), "data-done").toBe("true");
    }
    await text(body).toContain("3 of 4 steps done");
  });

  await step("home: block and embed added with the theme editor's deep links", async () => {
    // The block's deep link opens the theme editor (Shopify admin, around the app) adding it to the home page.
    await app.getByRole("link", { name: "Add to home page" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/store/${E2E_SHOP_HANDLE}/themes/current/editor`);
    const opened = new URL(page.url()).searchParams;
    expect([opened.get("template"), opened.get("addAppBlockId"), opened.get("target")]).toEqual(["index", `${TEST_API_KEY}/rewards`, "newAppsSection"]);
    await shot("theme editor: block");
    await page.locator("[data-pending-change]").getByRole("button", { name: "Save" }).click();
    await text(page.locator(".flash")).toContain("App block rewards added to the index template");
    await openApp();
    await text(app.locator('[data-extension-status="block"]')).toContain("Active");
    await text(app.locator('[data-extension-status="embed"]')).toContain("Not added");

    // The embed's deep link opens the App embeds panel with the launcher turned on.
    await app.getByRole("link", { name: "Turn on" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("activateAppId")).toBe(`${TEST_API_KEY}/launcher`);
    expect(new URL(page.url()).searchParams.get("context")).toBe("apps");
    await page.locator("[data-pending-change]").getByRole("button", { name: "Save" }).click();
    await text(page.locator(".flash")).toContain("App embed launcher turned on");
    await openApp();
    await text(app.locator('[data-extension-status="embed"]')).toContain("Active");
    await attribute(app.locator('[data-setup-step="storefront"]'), "data-done").toBe("true");
    await text(app.locator("body")).toContain("4 of 4 steps done");
  });

  await step("home: launch, with a confirmation of what shoppers will see", async () => {
    await app.getByRole("button", { name: "Launch program" }).click();
    const dialog = app.getByRole("dialog");
    await text(dialog).toContain("As soon as you launch, shoppers will see:");
    await text(dialog).toContain("Every order paid from now on earns 2 pts/$");
    await text(dialog).toContain("Their points balance and tier in the Rewards block and launcher.");
    await shot("launch confirmation");
    await dialog.getByRole("button", { name: "Launch program" }).click();
    await visible(toast("Program launched: shoppers now earn and redeem points"));
    await hidden(dialog);
    await text(app.locator(".Polaris-Page-Header__TitleWrapper")).toContain("Live");
    await count(app.getByText("Set up and launch your program")).toBe(0);
  });

  await step("order paid in the dev store admin", async () => {
    // Order #1001, placed and paid with the dev store's own form: it sends the app a signed orders/paid.
    await page.goto(`${urls.store}/orders`);
    const form = page.locator("form#create-order");
    await form.getByLabel("Customer").selectOption(CUSTOMER);
    await form.getByLabel("Quantity of First Tracks Snowboard").fill("1");
    await form.getByLabel("Quantity of Bio Glide Wax").fill("2");
    await form.getByRole("button", { name: "Create order" }).click();
    await text(page.locator(".flash")).toContain("Order #1001 placed and paid — webhooks: orders/paid delivered");
    const row = page.locator('tr[data-order="1001"]');
    await text(row).toContain(CUSTOMER_NAME);
    await text(row).toContain("278.98");
  });

  await step("order paid on the storefront", async () => {
    // Order #1002: the signed-in shopper's Buy now on the storefront (checkout pays at once).
    await eventually(() => metafield("points_balance")).toBe(String(POINTS.order1));
    await page.goto(urls.storefront(CUSTOMER));
    await text(page.locator("[data-session]")).toContain(`Signed in as ${CUSTOMER_NAME}`);
    await page.locator(".product", { hasText: "Merino Base Layer" }).getByRole("button", { name: "Buy now" }).click();
    await text(page.locator(".notice")).toBe("Thank you for your order #1002");

    // Order #1003, another shopper's, through the dev store's event API (what `npm run devstore:event` posts).
    const answer = await store.event({ type: "order-paid", customer: OTHER_CUSTOMER, products: "107:1" });
    expect(answer.message).toBe("Order #1003 placed and paid — webhooks: orders/paid delivered");
    await eventually(() => e2e().metafield(OTHER_CUSTOMER, "points_balance")).toBe(String(POINTS.otherOrder));
  });

  await step("storefront shows points and tier", async () => {
    // The outbox worker syncs the customer's metafields after each award: wait for them in the dev store.
    await eventually(() => metafield("points_balance")).toBe(String(AFTER_ORDERS));
    await eventually(() => metafield("tier")).toBe("Silver");
    // What Liquid renders from the metafields alone, before any script runs.
    const html = await (await fetch(urls.storefront(CUSTOMER))).text();
    expect(html).toMatch(new RegExp(`data-lr-balance>\\s*${fmt(AFTER_ORDERS)}\\s*<`));
    expect(html).toMatch(/data-lr-tier>\s*Silver\s*</);
    expect(html).toContain(`Earn ${fmt(GOLD - AFTER_ORDERS)} more points to reach Gold`);

    await page.goto(urls.storefront(CUSTOMER));
    const block = rewardsBlock();
    await text(block.locator("[data-lr-balance]")).toBe(fmt(AFTER_ORDERS));
    await text(block.locator("[data-lr-tier]")).toBe("Silver");
    await text(block.locator("[data-lr-message]")).toBe(`Earn ${fmt(GOLD - AFTER_ORDERS)} more points to reach Gold`);
    // Silver (500) → Gold (1500): (1118 − 500) / 1000 = 61 %.
    await attribute(block.locator("[data-lr-track]"), "aria-valuenow").toBe(String(Math.floor(((AFTER_ORDERS - 500) * 100) / 1000)));
    // The catalog (from the app proxy) offers the new reward, affordable.
    const reward = block.locator("[data-lr-rewards] li", { hasText: NEW_REWARD });
    await text(reward).toContain(`${POINTS.redeemed} points`);
    expect(await reward.getByRole("button", { name: "Redeem" }).isEnabled()).toBe(true);
    await shot("block");

    // The dev store's customer page lists the metafields the app wrote.
    await page.goto(`${urls.store}/customers/${CUSTOMER}`);
    await text(page.locator("tr", { hasText: `${NAMESPACE}.points_balance` })).toContain(String(AFTER_ORDERS));
    await text(page.locator("tr", { hasText: `${NAMESPACE}.tier` }).first()).toContain("Silver");
  });

  let code = "";
  await step("redeem on the storefront", async () => {
    await page.goto(urls.storefront(CUSTOMER));
    const block = rewardsBlock();
    await block.locator("[data-lr-rewards] li", { hasText: NEW_REWARD }).getByRole("button", { name: "Redeem" }).click();
    const status = block.locator("[data-lr-status]");
    await text(status).toMatch(/^Your code PTS-[A-Z2-9]{4}-[A-Z2-9]{4} is ready\. Use it at checkout\.$/);
    code = /PTS-[A-Z2-9]{4}-[A-Z2-9]{4}/.exec(await status.innerText())?.[0] ?? "";
    await text(block.locator("[data-lr-codes] li", { hasText: code })).toContain("Unused");
    await text(block.locator("[data-lr-balance]")).toBe(String(AFTER_REDEEM));
    await shot("code in the block");

    // The dev store holds the matching discount: $10 off, for this customer only, usable once.
    await page.goto(`${urls.store}/discounts`);
    const row = page.locator(`tr[data-code="${code}"]`);
    await text(row).toContain("10.00 off");
    await text(row).toContain(CUSTOMER_NAME);
    await text(row).toContain("0 / 1");
    await text(row).toContain("active");
    const discount = (await store.summary()).discounts.find((d) => d.code === code);
    expect(discount).toMatchObject({ customers: [CUSTOMER_GID], usageLimit: 1, used: 0, status: "ACTIVE" });
    await eventually(() => metafield("points_balance")).toBe(String(AFTER_REDEEM));
  });

  await step("partial refund claws back", async () => {
    // One of the two waxes of #1001 refunded with the dev store's form (refunds/create, signed).
    await page.goto(`${urls.store}/orders`);
    const row = page.locator('tr[data-order="1001"]');
    await row.getByLabel("Line to refund").selectOption({ label: "1 × Bio Glide Wax" });
    await row.getByRole("button", { name: "Refund" }).click();
    await text(page.locator(".flash")).toContain("Order #1001 refunded in part — webhooks: refunds/create delivered");
    await text(page.locator('tr[data-order="1001"]')).toContain("partially refunded");

    await eventually(() => metafield("points_balance")).toBe(String(AFTER_REFUND));
    await page.goto(urls.storefront(CUSTOMER));
    await text(rewardsBlock().locator("[data-lr-balance]")).toBe(String(AFTER_REFUND));
    await text(rewardsBlock().locator("[data-lr-codes] li", { hasText: code })).toContain("Unused");
  });

  await step("members: search and ledger", async () => {
    await page.goto(urls.store);
    await openApp();
    await openAppPage("Members", "Members");
    const rows = app.locator(".Polaris-IndexTable__TableRow");
    // The first launch enrolled every customer of the dev store (ADR 027): the two who ordered lead by balance.
    await visible(app.getByText("12 members", { exact: true }));
    await count(rows).toBe(12);
    await text(rows.nth(0)).toContain(CUSTOMER_NAME);
    await expect.poll(() => app.locator("html").evaluate(() => document.title)).toBe("Members · Loyalty & Rewards");
    // A search that is too long says so next to the field (not a bare 400 page) and lists everyone.
    const search = app.getByPlaceholder("Search by name, email or customer ID");
    await search.fill("x".repeat(101));
    await text(app.locator("[data-search-error]")).toContain("Search for at most 100 characters (this one has 101). Showing all members.");
    await count(rows).toBe(12);
    await shot("search too long");
    // Search as you type: no Enter, the list follows once typing pauses.
    await search.fill("");
    await search.pressSequentially("Mia", { delay: 50 });
    await expect.poll(() => new URL(page.url()).search).toContain("q=Mia");
    await count(rows).toBe(1);
    await count(app.locator("[data-search-error]")).toBe(0);
    await text(rows.first()).toMatch(new RegExp(`${CUSTOMER_NAME}\\s+mia\\.dubois@example\\.com\\s+Silver\\s+${AFTER_REFUND}\\s+${fmt(AFTER_ORDERS)}`));
    await shot("search");
    await rows.first().getByRole("link", { name: CUSTOMER_NAME }).click();
    await app.getByRole("heading", { level: 1, name: CUSTOMER_NAME }).waitFor();

    // Every ledger entry, each with why.
    const ledger = app.locator(".Polaris-IndexTable__TableRow");
    await count(ledger.filter({ hasText: /Earned|Redeemed|Clawed back/ })).toBe(4);
    const entry = (type: string, points: string) => ledger.filter({ hasText: type }).filter({ hasText: points });
    const first = entry("Earned", `+${fmt(POINTS.order1)}`);
    await text(first).toContain(
      `1 × First Tracks Snowboard $249.00 (collection Beginner Gear, 3 pts/$) + 2 × Bio Glide Wax $29.98 (product type Wax, 5 pts/$) + tier Bronze ×1 = ${POINTS.order1} pts`,
    );
    await text(entry("Earned", `+${fmt(POINTS.order2)}`)).toContain(`1 × Merino Base Layer $89.00 (base rate, 2 pts/$) + tier Silver ×1.25 = ${POINTS.order2} pts`);
    // Debits and redemptions carry a real minus sign (U+2212), as on Reports.
    await text(entry("Redeemed", `−${fmt(POINTS.redeemed)}`)).toContain(`Redeemed ${POINTS.redeemed} pts for ${NEW_REWARD} (code ${code})`);
    await text(entry("Clawed back", `−${POINTS.clawback}`)).toContain(`Clawback of ${POINTS.clawback} pts of ${POINTS.order1} pts earned on #1001: 1 refund(s)`);
    // The code, with its status (Polaris badges carry their tone as hidden text: "Success").
    await text(app.getByRole("row", { name: new RegExp(`^${code} `) })).toMatch(new RegExp(`${code}\\s+${escape(NEW_REWARD)}\\s+${POINTS.redeemed}\\s+(?:Success\\s+)?Issued`));
  });

  await step("members: adjustments and linked order", async () => {
    const form = app.locator("form", { has: app.getByRole("heading", { name: "Adjust points" }) });
    await form.getByLabel("Points").fill(String(POINTS.credit));
    await form.getByLabel("Note").fill(NOTE);
    await form.getByRole("button", { name: "Credit points" }).click();
    // App Bridge's toast, shown by the admin around the iframe.
    await visible(toast(`+${POINTS.credit} points recorded: balance is ${fmt(AFTER_CREDIT)}`));
    const ledger = app.locator(".Polaris-IndexTable__TableRow");
    await text(ledger.filter({ hasText: "Manual credit" })).toMatch(new RegExp(`\\+${POINTS.credit}\\s+Manual credit of ${POINTS.credit} pts by ${store.shop.staff.firstName} ${store.shop.staff.lastName}\\s+Note: ${NOTE}`));
    await shot("credit");
    // The new balance reaches the storefront's metafield too.
    await eventually(() => metafield("points_balance")).toBe(String(AFTER_CREDIT));

    // A debit needs a note too: refused with the field's error, nothing written.
    await form.getByLabel("Adjustment").selectOption("debit");
    await form.getByLabel("Points").fill("10");
    expectRefusedForm();
    await form.getByRole("button", { name: "Debit points" }).click();
    await text(form.locator(".Polaris-Labelled__Error")).toContain("A note is required");
    await count(ledger.filter({ hasText: "Manual debit" })).toBe(0);
    await text(app.locator("body")).toMatch(new RegExp(`Available\\s+${AFTER_CREDIT}\\s+Balance\\s+${AFTER_CREDIT}`));
    await shot("debit refused");

    // An entry's order opens in the admin around the app (a shopify://admin link).
    await ledger.filter({ hasText: `+${fmt(POINTS.order1)}` }).getByRole("link", { name: "View order" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/store/${E2E_SHOP_HANDLE}/orders/1001`);
    await text(page.locator("h1")).toContain("Order #1001");
  });

  await step("reports", async () => {
    await openApp();
    await openAppPage("Reports", "Reports");
    // Points over time: issued = earned net of clawbacks (+ manual credits), redeemed.
    const body = app.locator("body");
    await text(body).toMatch(new RegExp(`Issued in the range\\s+${fmt(ISSUED)}\\s+Redeemed in the range\\s+${POINTS.redeemed}\\s`));
    await text(body).toContain(`${REDEMPTION_RATE} since the program started (${POINTS.redeemed} of ${fmt(ISSUED)})`);
    // The liability roll-forward's totals: earned, redeemed, donated (none), clawed back, closing.
    await text(app.locator("tfoot tr").first()).toMatch(
      new RegExp(`Range\\s+0\\s+${fmt(EARNED)}\\s+−${POINTS.redeemed}\\s+0\\s+−${POINTS.clawback}\\s+0\\s+0\\s+${OUTSTANDING}`),
    );
    // 466 points at the program's point value, $0.01 (a reward no longer sets it: ADR 019).
    await text(body).toMatch(new RegExp(`Outstanding at the end\\s+\\$${escape(OUTSTANDING_MONEY)}\\s+${OUTSTANDING} points`));
    // Top rewards: the new reward redeemed once, not used yet.
    await text(app.locator("tr", { hasText: NEW_REWARD })).toMatch(new RegExp(`${escape(NEW_REWARD)}\\s+1\\s+0\\s+0\\.0%\\s+${POINTS.redeemed}`));
    await shot("reports");

    await openApp();
    await text(body).toMatch(new RegExp(`Members\\s+12\\s+Points issued \\(30 days\\)\\s+${fmt(ISSUED)} pts\\s+Points redeemed \\(30 days\\)\\s+${POINTS.redeemed} pts\\s+Redemption rate \\(30 days\\)\\s+${REDEMPTION_RATE}`));
    await text(body).toContain(`Outstanding liability: $${OUTSTANDING_MONEY}`);
  });

  await step("home: pause, with a confirmation of what shoppers will see", async () => {
    await openApp();
    await app.getByRole("button", { name: "Pause program" }).click();
    const dialog = app.getByRole("dialog");
    await text(dialog).toContain("While the program is paused, shoppers will see:");
    await text(dialog).toContain("No points for orders paid while paused, and no redeeming.");
    await shot("pause confirmation");
    await dialog.getByRole("button", { name: "Pause program" }).click();
    await visible(toast("Program paused: shoppers see that rewards are paused"));
    await text(app.locator(".Polaris-Page-Header__TitleWrapper")).toContain("Paused");
    await text(app.locator("[data-widget-preview]")).toContain("Our rewards program is paused.");
    // The storefront's account answer says so (the block shows shoppers the paused message from it).
    const account = await page.evaluate(async (url) => (await fetch(url)).json(), `${e2e().stack.devstoreUrl}/apps/loyalty/account`);
    expect(account.program).toMatchObject({ status: "paused" });
  });

  await step("first run: a favicon, a loading bar while navigating", async () => {
    const icon = await fetch(`${e2e().stack.appUrl}/favicon.ico`);
    expect([icon.status, icon.headers.get("content-type")]).toEqual([200, "image/x-icon"]);
    // Shopify admin's loading bar (App Bridge's shopify.loading) shows while the next page loads, then goes.
    await page.evaluate(() => {
      const seen = { on: false };
      (window as unknown as { loadingSeen: typeof seen }).loadingSeen = seen;
      new MutationObserver(() => {
        if (document.body.classList.contains("is-loading")) seen.on = true;
      }).observe(document.body, { attributes: true, attributeFilter: ["class"] });
    });
    await openAppPage("Reports", "Reports");
    expect(await page.evaluate(() => (window as unknown as { loadingSeen: { on: boolean } }).loadingSeen.on)).toBe(true);
    await eventually(() => page.evaluate(() => document.body.classList.contains("is-loading"))).toBe(false);
    await expect.poll(() => app.locator("html").evaluate(() => document.title)).toBe("Reports · Loyalty & Rewards");
  });

  await step("no refused Admin API operation", async () => {
    // Every operation the app sent was valid against the real 2026-10 schema: the dev store's Admin API log.
    await page.goto(`${urls.store}/api-log`);
    await text(page.locator("h1")).toBe("Admin API log");
    expect(await page.locator("tbody tr").count()).toBeGreaterThan(0);
    await count(page.locator(".pill--invalid")).toBe(0);
    expect((await store.summary()).invalidOperations).toBe(0);
    expect(store.shop.endpoint.operations.filter((o) => o.outcome === "invalid")).toEqual([]);
    expect(store.devstore.logs.filter((line) => line.includes("REJECTED"))).toEqual([]);
    // And every webhook the app subscribes to reached it and was accepted on the first attempt (orders/create
    // is recorded by the dev store too, with no subscription to send it to). The first: the launch's enrolment of
    // existing customers is a bulk operation, whose end the dev store announces.
    const sent = store.shop.deliveries.filter((d) => d.state !== "no-subscription");
    expect(sent.map((d) => [d.topic, d.state, d.attempts.map((a) => a.status)])).toEqual([
      ["bulk_operations/finish", "delivered", [200]],
      ["orders/paid", "delivered", [200]],
      ["orders/paid", "delivered", [200]],
      ["orders/paid", "delivered", [200]],
      ["refunds/create", "delivered", [200]],
    ]);
  });

  // The app logged nothing on stderr (an error in a loader, an action, a webhook or the outbox worker).
  expect(store.appErrors.join("")).toBe("");
  // Its log (the production server's request lines and the Shopify library's) holds no session token, access token,
  // HMAC or signature, though the admin opened it at URLs carrying them (ADR 010).
  const appLog = store.appLog.join("");
  expect(appLog).toMatch(/id_token=\[redacted\]/);
  expect(appLog.match(/eyJ[\w-]*\.[\w-]*\.[\w-]+|shp(?:at|rt|ua)_[0-9a-f]+|(?:hmac|signature)=[0-9a-f]/g) ?? []).toEqual([]);
}, 300_000);

