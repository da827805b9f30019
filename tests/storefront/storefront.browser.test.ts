/**
 * The storefront extension in a real browser (Debian Chromium through playwright-core): block Liquid rendered the
 * way a storefront renders it (tests/support/storefront/liquid.ts), served from 127.0.0.1 with its assets, and
 * `/apps/loyalty/*` forwarded, signed like Shopify does, to a proxy handler: the temporary test double in
 * tests/support/storefront/fake-app-proxy.ts until the app's proxy routes are wired in instead.
 *
 * Screenshots go to test-results/storefront/.
 */
import { mkdirSync } from "node:fs";
import type { Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type LaunchedBrowser } from "../support/storefront/browser";
import {
  createFakeAppProxy,
  holdRequests,
  type FakeAppProxy,
  type FakeMember,
  type FakeReward,
  type ProxyHandler,
} from "../support/storefront/fake-app-proxy";
import { renderPage, type PageOptions, type StorefrontCustomer } from "../support/storefront/liquid";
import { startStorefrontServer, type StorefrontServer } from "../support/storefront/server";

const SCREENSHOTS = "test-results/storefront";
const CUSTOMER_ID = "7001";

/** What the app's metafield sync wrote for the customer: Liquid renders these without any request. */
const CUSTOMER: StorefrontCustomer = {
  id: CUSTOMER_ID,
  firstName: "Ana",
  loyalty: {
    balance: 1250,
    pending: 40,
    tierName: "Silver",
    progress: { nextTierName: "Gold", remaining: 4000, progressPermille: 640, message: "Spend $40 more to reach Gold" },
  },
};

const REWARDS: FakeReward[] = [
  { id: "save5", name: "$5 off", description: "$5 off your next order", pointsCost: 500, expiresInDays: 30 },
  { id: "ship", name: "Free shipping", description: "Free standard shipping", pointsCost: 800, expiresInDays: null },
  { id: "save20", name: "$20 off", description: "$20 off orders over $100", pointsCost: 2000, expiresInDays: 30 },
];

function member(): FakeMember {
  return {
    balance: 1250,
    pending: 40,
    tier: "Silver",
    progress: { nextTier: "Gold", remaining: 4000, progressPermille: 640, message: "Spend $40 more to reach Gold" },
    codes: [
      {
        code: "WELCOME-0042",
        rewardName: "Welcome gift",
        status: "used",
        expiresAt: null,
        createdAt: "2026-10-01T09:00:00.000Z",
      },
    ],
    activity: [],
  };
}

let browser: LaunchedBrowser;
let server: StorefrontServer | undefined;
let page: Page | undefined;
let pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  await page?.close();
  page = undefined;
  const errors = server?.errors ?? [];
  await server?.close();
  server = undefined;
  expect(errors, "the storefront server failed to serve a request").toEqual([]);
  expect(pageErrors, "uncaught errors in the page").toEqual([]);
  pageErrors = [];
});

function fakeProxy(): FakeAppProxy {
  return createFakeAppProxy({ members: { [CUSTOMER_ID]: member() }, rewards: REWARDS });
}

/** Renders a page, serves it (signed in as the page's customer, if any) and opens it in Chromium. */
async function open(
  proxy: ProxyHandler,
  pageOptions: PageOptions,
  pathname = "/pages/rewards",
  session: string | null = pageOptions.customer?.id ?? null,
  beforeLoad?: (page: Page) => Promise<unknown>,
): Promise<Page> {
  server = await startStorefrontServer({ proxy });
  server.setPage(pathname, { html: await renderPage(pageOptions), customerId: session });
  await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => pageErrors.push(error.stack ?? error.message));
  await beforeLoad?.(page);
  await page.goto(server.origin + pathname);
  return page;
}

/** Waits (up to 10 s: CI machines are slow) for a value to match. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 25 });
const text = async (p: Page, selector: string) => ((await p.locator(selector).first().textContent()) ?? "").trim();
const shot = (p: Page, name: string) => p.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
const disabledRedeemButtons = (scope: Locator) =>
  scope.locator("[data-lr-redeem]").evaluateAll((buttons) => buttons.map((b) => (b as HTMLButtonElement).disabled));
const rewardsBlock = (id = "rewards-1") => ({ name: "rewards", id });
const launcherEmbed = { name: "launcher", id: "launcher-1" };
const accountCalls = (proxy: FakeAppProxy) => proxy.calls.filter((c) => c.path === "/proxy/account");
const redeemCalls = (proxy: FakeAppProxy) => proxy.calls.filter((c) => c.path === "/proxy/redeem");

describe("storefront rewards block (Chromium)", () => {
  it("shows balance, tier and progress from the metafields before any proxy request completes", async () => {
    const proxy = fakeProxy();
    const held = holdRequests(proxy.handle);
    const p = await open(held.handler, { customer: CUSTOMER, blocks: [rewardsBlock()] });
    const block = p.locator("#shopify-block-rewards-1");

    // The catalog request has started (the block is in view) and is being held: nothing has answered yet.
    await poll(() => server?.proxyRequests.length).toBe(1);
    expect(server?.proxyRequests.map((r) => [r.storefrontPath, r.completed])).toEqual([["/apps/loyalty/account", false]]);
    expect(await text(p, "[data-lr-balance]")).toBe("1250");
    expect(await text(p, "[data-lr-tier]")).toBe("Silver");
    expect(await text(p, "[data-lr-pending]")).toBe("40");
    expect(await text(p, "[data-lr-message]")).toBe("Spend $40 more to reach Gold");
    expect(await block.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("64");
    expect(await block.locator("[data-lr-bar]").evaluate((bar) => bar.style.width)).toBe("64%");
    expect(await text(p, "[data-lr-loading]")).toBe("Loading rewards…");
    await shot(p, "01-rendered-before-proxy-answers");

    held.release();
    await block.locator("[data-lr-rewards] li").nth(2).waitFor();
    expect(await block.locator("[data-lr-rewards] li [data-f=name]").allTextContents()).toEqual([
      "$5 off",
      "Free shipping",
      "$20 off",
    ]);
    expect(await block.locator("[data-lr-rewards] li [data-f=cost]").allTextContents()).toEqual([
      "500 points",
      "800 points",
      "2000 points",
    ]);
    expect(await disabledRedeemButtons(block)).toEqual([false, false, true]);
    expect(await block.locator("[data-lr-loading]").isHidden()).toBe(true);
    expect(await block.locator("[data-lr-codes] li").allInnerTexts()).toEqual([
      expect.stringMatching(/WELCOME-0042[\s\S]*Welcome gift[\s\S]*No expiry[\s\S]*Used/),
    ]);
    expect(await block.locator("[data-lr-codes] [data-lr-copy]").isHidden()).toBe(true);
    await shot(p, "02-catalog-loaded");
  });

  it("still shows balance, tier and progress when the script cannot load (progressive enhancement)", async () => {
    const proxy = fakeProxy();
    const p = await open(proxy.handle, { customer: CUSTOMER, blocks: [rewardsBlock()] }, undefined, undefined, (page) =>
      page.route("**/extension-assets/rewards.js", (route) => route.abort()),
    );

    expect(await text(p, "[data-lr-balance]")).toBe("1250");
    expect(await text(p, "[data-lr-tier]")).toBe("Silver");
    expect(await text(p, "[data-lr-message]")).toBe("Spend $40 more to reach Gold");
    // Nothing that needs the script is offered (no endless "Loading…", no dead buttons).
    expect(await p.locator("[data-lr-catalog]").isHidden()).toBe(true);
    expect(await p.locator("[data-lr-codes-box]").isHidden()).toBe(true);
    expect(server?.proxyRequests).toEqual([]);
  });

  it("redeems a reward: shows the code, updates every panel on the page from one request, copies the code", async () => {
    const proxy = fakeProxy();
    const p = await open(proxy.handle, {
      customer: CUSTOMER,
      blocks: [rewardsBlock("rewards-1"), rewardsBlock("rewards-2")],
      embeds: [launcherEmbed],
    });
    const first = p.locator("#shopify-block-rewards-1");
    await first.locator("[data-lr-rewards] li").first().waitFor();
    await p.locator("#shopify-block-rewards-2 [data-lr-rewards] li").first().waitFor();
    expect(accountCalls(proxy)).toHaveLength(1); // two blocks and the launcher share one request

    await first.getByRole("button", { name: "Redeem" }).first().click();

    await poll(() => text(p, "#shopify-block-rewards-1 [data-lr-status]")).toBe(
      "Your code SAVE5-0001 is ready. Use it at checkout.",
    );
    const redeems = redeemCalls(proxy);
    expect(redeems).toHaveLength(1);
    expect(redeems[0]?.body).toEqual({ rewardId: "save5", idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(redeems[0]?.customerId).toBe(CUSTOMER_ID);
    // Every panel (both blocks and the launcher's) shows the new balance and the new code.
    await poll(() => p.locator("[data-lr-balance]").allTextContents()).toEqual(["750", "750", "750"]);
    const newCode = first.locator("[data-lr-codes] li").first();
    expect(await newCode.innerText()).toMatch(/SAVE5-0001[\s\S]*\$5 off[\s\S]*Expires Dec 23, 2026[\s\S]*Unused/);
    expect(await p.locator("#shopify-block-rewards-2 [data-lr-codes] li code").first().textContent()).toBe("SAVE5-0001");
    // Focus moved from the (re-rendered) redeem button to the new code's copy button.
    expect(await p.evaluate(() => (document.activeElement as HTMLButtonElement | null)?.value)).toBe("SAVE5-0001");
    // The catalog was refreshed from the app after the redemption: with 750 points only $5 off is affordable now.
    await poll(() => accountCalls(proxy).length).toBe(2);
    await poll(() => disabledRedeemButtons(first)).toEqual([false, true, true]);
    await shot(p, "03-redeemed");

    await newCode.getByRole("button", { name: "Copy" }).click();
    await poll(() => text(p, "#shopify-block-rewards-1 [data-lr-status]")).toBe("Code copied.");
    expect(await p.evaluate(() => navigator.clipboard.readText())).toBe("SAVE5-0001");
  });

  it("shows the app's message when the shopper no longer has enough points", async () => {
    const proxy = fakeProxy();
    const p = await open(proxy.handle, { customer: CUSTOMER, blocks: [rewardsBlock()] });
    await p.locator("[data-lr-rewards] li").first().waitFor();
    // Points were spent elsewhere after the catalog loaded: the button is still enabled, the app refuses.
    const stored = proxy.members[CUSTOMER_ID];
    if (stored) stored.balance = 300;

    const button = p.getByRole("button", { name: "Redeem" }).first();
    await button.click();

    await poll(() => text(p, "[data-lr-status]")).toBe("Cannot redeem 500 points: balance is 300");
    expect(await p.locator("[data-lr-status]").getAttribute("class")).toContain("lr-status--error");
    expect(await button.isEnabled()).toBe(true);
    expect(await p.locator("[data-lr-root], [aria-busy]").count()).toBe(0);
    await shot(p, "04-insufficient-points");
  });

  it("retries a failed redemption once with the same idempotency key", async () => {
    const proxy = fakeProxy();
    proxy.failNextRedeem(503, "DISCOUNT_FAILED", "Could not create your discount code");
    const p = await open(proxy.handle, { customer: CUSTOMER, blocks: [rewardsBlock()] });
    await p.locator("[data-lr-rewards] li").first().waitFor();

    await p.getByRole("button", { name: "Redeem" }).nth(1).click();

    await poll(() => text(p, "[data-lr-status]")).toBe("Your code SHIP-0001 is ready. Use it at checkout.");
    const keys = redeemCalls(proxy).map((c) => (c.body as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(proxy.members[CUSTOMER_ID]?.balance).toBe(450);
    expect(await text(p, "[data-lr-codes] li [data-f=expires]")).toBe("No expiry");
  });

  it("shows the proxy's sign-in message when the storefront session has ended", async () => {
    const proxy = fakeProxy();
    // Liquid rendered for a customer, but the session the proxy sees is signed out.
    const p = await open(proxy.handle, { customer: CUSTOMER, blocks: [rewardsBlock()] }, "/pages/rewards", null);
    await poll(() => text(p, "[data-lr-loading]")).toBe("Sign in to see and use your points");
    expect(await text(p, "[data-lr-status]")).toBe("Sign in to see and use your points");
    expect(await text(p, "[data-lr-balance]")).toBe("1250");
  });

  it("shows logged-out visitors how the program works and a sign-in / join call to action, without a request", async () => {
    const proxy = fakeProxy();
    const p = await open(proxy.handle, { customer: null, blocks: [rewardsBlock()], embeds: [launcherEmbed] });
    const block = p.locator("#shopify-block-rewards-1");

    expect(await text(p, "#shopify-block-rewards-1 .lr-intro")).toMatch(/^Join our rewards program/);
    expect(await text(p, "#shopify-block-rewards-1 .lr-earn")).toMatch(/^How to earn/);
    expect(await block.getByRole("link", { name: "Sign in" }).getAttribute("href")).toBe("/account/login");
    expect(await block.getByRole("link", { name: "Join now" }).getAttribute("href")).toBe("/account/register");
    expect(await block.locator("[data-lr-balance], [data-lr-catalog], [data-lr-redeem]").count()).toBe(0);
    await shot(p, "05-logged-out");

    await p.locator("[data-lr-launcher] summary").click();
    expect(await p.locator("[data-lr-launcher] .lr-actions a").allTextContents()).toEqual(["Join now", "Sign in"]);
    await p.waitForTimeout(300);
    expect(server?.proxyRequests).toEqual([]);
  });

  it("opens the launcher panel on demand: lazy catalog, focus on the panel, Escape and outside click close it", async () => {
    const proxy = fakeProxy();
    const p = await open(proxy.handle, { customer: CUSTOMER, embeds: [{ ...launcherEmbed, settings: { position: "right" } }] });
    const launcher = p.locator("[data-lr-launcher]");
    const summary = launcher.locator("summary");

    expect(await launcher.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await p.waitForTimeout(300);
    expect(server?.proxyRequests).toEqual([]); // nothing is fetched while the panel is closed
    await shot(p, "06-launcher-closed");

    await summary.focus();
    await p.keyboard.press("Enter");
    expect(await launcher.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await poll(() => p.evaluate(() => document.activeElement?.hasAttribute("data-lr-panel"))).toBe(true);
    await launcher.locator("[data-lr-rewards] li").first().waitFor();
    expect(accountCalls(proxy)).toHaveLength(1);
    expect(await text(p, "[data-lr-launcher] [data-lr-balance]")).toBe("1250");
    await shot(p, "07-launcher-open");

    await p.keyboard.press("Tab");
    await p.keyboard.press("Escape");
    expect(await launcher.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await p.evaluate(() => document.activeElement?.tagName)).toBe("SUMMARY");

    await summary.click();
    expect(await launcher.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await p.mouse.click(40, 300); // outside the panel
    expect(await launcher.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(accountCalls(proxy)).toHaveLength(1);
  });

  it("speaks the storefront's language and calls the proxy under the locale prefix", async () => {
    const proxy = fakeProxy();
    const p = await open(
      proxy.handle,
      { locale: "fr", customer: CUSTOMER, blocks: [rewardsBlock()] },
      "/fr/pages/recompenses",
    );
    await p.locator("[data-lr-rewards] li").first().waitFor();

    expect(server?.proxyRequests.map((r) => r.storefrontPath)).toEqual(["/fr/apps/loyalty/account"]);
    expect(await text(p, ".lr-title")).toBe("Récompenses");
    expect(await p.getByRole("button", { name: "Échanger" }).count()).toBe(3);
    expect(await text(p, "[data-lr-codes] li [data-f=status]")).toBe("Utilisé");

    await p.getByRole("button", { name: "Échanger" }).first().click();
    await poll(() => text(p, "[data-lr-status]")).toBe("Votre code SAVE5-0001 est prêt. Utilisez-le au paiement.");
    expect(await text(p, "[data-lr-codes] li [data-f=expires]")).toBe("Expire le 23 déc. 2026");
    await shot(p, "08-french");
  });
});
