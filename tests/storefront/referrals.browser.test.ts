/**
 * The referrals snippet (extensions/loyalty-widget/snippets/loyalty-referrals.liquid + assets/loyalty-referrals.js)
 * in Chromium against the real app proxy route (app/routes/proxy.referral.ts) on a real SQLite database, Shopify's
 * Admin API faked (tests/support/fake-admin-api.ts). Shopify's cart (`/cart/update.js`) is answered by the test,
 * which records what the script set. Screenshots go to test-results/storefront/.
 */
import type { Page } from "playwright-core";
import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_REFERRAL_SETTINGS } from "~/loyalty/referrals";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { runDueJobs } from "~/loyalty/server/outbox.server";
import { saveReferralSettings } from "~/loyalty/server/referrals.server";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { appProxyRoutes } from "../support/app-proxy-routes";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { poll, shot, setUpStorefrontBrowser } from "../support/storefront/harness";
import type { PageOptions, StorefrontCustomer } from "../support/storefront/liquid";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi();
const storefront = setUpStorefrontBrowser(appProxyRoutes);
const REFERRER_ID = "7101";
const REFERRER = `gid://shopify/Customer/${REFERRER_ID}`;

let cartUpdates: unknown[] = [];

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: REFERRER, email: "ann.ref@example.com", firstName: "Ann", lastName: "Ref" });
  await saveReferralSettings(prisma, TEST_SHOP, { ...DEFAULT_REFERRAL_SETTINGS, enabled: true, referrerPoints: 500, pendingDays: 30 }, new Date());
  // The referrer is a member: one paid order of their own.
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.admin_graphql_api_id = "gid://shopify/Order/9101";
  order.id = exactId("9101");
  order.customer = { ...(order.customer as Record<string, unknown>), id: exactId(REFERRER_ID), admin_graphql_api_id: REFERRER, first_name: "Ann", last_name: "Ref" };
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
  const result = await runDueJobs(prisma, createJobHandlers(prisma, adminGraphqlForShop), { now: new Date(Date.now() + 60_000) });
  expect(result).toMatchObject({ retried: 0, dead: 0 });
  cartUpdates = [];
});

const referrer: StorefrontCustomer = { id: REFERRER_ID, firstName: "Ann", metafields: [] };
const block = { name: "rewards", id: "rewards-1" };
const launcher = { name: "launcher", id: "launcher-1" };
const calls = (path: string) => storefront.calls(path);

/**
 * Serves a page at `url` (with its query) and opens it in the visit's tab (the server and tab of the test so far,
 * if any); `/cart/update.js` answered like Shopify's cart.
 */
function open(options: PageOptions, url: string, shareApi = false): Promise<Page> {
  return storefront.open(options, {
    url,
    reuse: true,
    beforeLoad: async (page) => {
      await page.route("**/cart/update.js", async (route) => {
        cartUpdates.push(route.request().postDataJSON());
        await route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ token: "cart-1", attributes: {} }) });
      });
      if (shareApi) {
        await page.addInitScript(() => {
          (window as unknown as { shared: unknown[] }).shared = [];
          Object.defineProperty(navigator, "share", {
            value: (data: unknown) => ((window as unknown as { shared: unknown[] }).shared.push(data), Promise.resolve()),
          });
        });
      }
    },
  });
}

async function referrerLink(): Promise<{ code: string; link: string }> {
  const p = await open({ customer: referrer, blocks: [block] }, "/pages/rewards", true);
  const mine = p.locator("[data-lref-mine]");
  await mine.waitFor({ state: "visible" });
  const code = ((await mine.locator("[data-lref-code]").textContent()) ?? "").trim();
  const link = await mine.locator("[data-lref-link]").inputValue();
  return { code, link };
}

describe("referrals on the storefront (Chromium, real app proxy route)", () => {
  it("shows a signed-in member their link and code, copies the link and shares it", async () => {
    const { code, link } = await referrerLink();
    expect(code).toMatch(/^[0-9A-Z]{10}$/);
    expect(link).toBe(`https://${TEST_SHOP}/?ref=${code}`);
    const p = storefront.page as Page;
    await expect(p.locator("[data-lref-intro]").textContent()).resolves.toContain("500 points");
    await p.locator("[data-lref-copy]").click();
    await poll(() => p.locator("[data-lref-status]").textContent()).toBe("Link copied");
    expect(await p.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await p.locator("[data-lref-share]").click();
    await poll(() => p.evaluate(() => (window as unknown as { shared: { url: string }[] }).shared.map((s) => s.url))).toEqual([link]);
    // No ?ref=: nothing claimed, no cart attribute.
    expect(calls("/proxy/referral").map((r) => r.method)).toEqual(["GET"]);
    expect(cartUpdates).toEqual([]);
    await shot(p, "referrals-member");
  });

  it("a visitor with ?ref= claims the friend code, sees it, keeps it in the browser and sets the cart attribute", async () => {
    const { code } = await referrerLink();
    const tab = await storefront.newTab();
    await tab.context().clearCookies();
    const p = await open({ customer: null, blocks: [block] }, `/pages/welcome?ref=${code.toLowerCase()}`);
    const friend = p.locator("[data-lref-friend]");
    await friend.waitFor({ state: "visible" });
    const claimed = calls("/proxy/referral").filter((r) => r.method === "POST");
    expect(claimed).toHaveLength(1);
    const body = claimed[0]?.body as { ref: string; clickKey: string };
    expect(body.ref).toBe(code.toLowerCase());
    expect(body.clickKey).toMatch(/^[0-9a-f]{32}$/);
    const row = await prisma.referral.findFirstOrThrow({ where: { shop: TEST_SHOP, clickKey: body.clickKey } });
    expect(await friend.locator("[data-lref-friend-code]").textContent()).toBe(`Your discount code: ${row.friendCode}`);
    expect(await friend.locator("[data-lref-friend-offer]").textContent()).toBe("$10 off your first order on orders over $50");
    await poll(() => cartUpdates).toEqual([{ attributes: { _loyalty_referral: code } }]);
    const stored = await p.evaluate(() => JSON.parse(localStorage.getItem("loyalty:referral") ?? "null") as { code: string; ref: string });
    expect(stored).toMatchObject({ code: row.friendCode, ref: code });
    await shot(p, "referrals-friend");

    // Another page of the shop, without ?ref=: the remembered code shows, no new claim.
    const origin = storefront.server?.origin ?? "";
    await p.goto(origin + "/pages/welcome", { waitUntil: "load" });
    await p.locator("[data-lref-friend]").waitFor({ state: "visible" });
    expect(await p.locator("[data-lref-friend-code]").textContent()).toBe(`Your discount code: ${row.friendCode}`);
    // The link again (a reload): the same browser key, the same code, no second discount.
    await p.goto(origin + `/pages/welcome?ref=${code}`, { waitUntil: "load" });
    await p.locator("[data-lref-friend]").waitFor({ state: "visible" });
    expect(calls("/proxy/referral").filter((r) => r.method === "POST")).toHaveLength(1);
    expect(await prisma.referral.count({ where: { shop: TEST_SHOP } })).toBe(1);
  });

  it("claims from the launcher embed alone, before the panel is opened, and shows the code when it opens", async () => {
    const { code } = await referrerLink();
    await storefront.newTab();
    const p = await open({ customer: null, embeds: [launcher] }, `/pages/welcome?ref=${code}`);
    await poll(() => calls("/proxy/referral").filter((r) => r.method === "POST").length).toBe(1);
    await poll(() => cartUpdates).toEqual([{ attributes: { _loyalty_referral: code } }]);
    await p.locator("[data-lr-launcher] summary").click();
    await p.locator("[data-lref-friend]").waitFor({ state: "visible" });
    expect(await p.locator("[data-lref-friend-code]").textContent()).toMatch(/^Your discount code: FRIEND-[0-9A-Z]{10}$/);
  });

  it("ignores a forged code: no discount, no cart attribute, nothing shown", async () => {
    const p = await open({ customer: null, blocks: [block] }, "/pages/welcome?ref=ZZZZZZZZZZ");
    await poll(() => calls("/proxy/referral").filter((r) => r.method === "POST").length).toBe(1);
    await p.waitForLoadState("networkidle");
    expect(await p.locator("[data-lref-friend]").isHidden()).toBe(true);
    expect(cartUpdates).toEqual([]);
    expect(await prisma.referral.count()).toBe(0);
  });

  it("speaks French", async () => {
    const p = await open({ customer: referrer, blocks: [block], locale: "fr" }, "/pages/rewards");
    await p.locator("[data-lref-mine]").waitFor({ state: "visible" });
    expect(await p.locator("[data-lref-mine] h3").textContent()).toBe("Parrainez un ami");
    expect(await p.locator("[data-lref-copy]").textContent()).toBe("Copier le lien");
    expect(await p.locator("[data-lref-intro]").textContent()).toContain("500 points");
    // Under the storefront's locale prefix, as the app proxy is.
    expect(calls("/proxy/referral").map((r) => r.storefrontPath)).toEqual(["/fr/apps/loyalty/referral"]);
  });
});
