/**
 * The storefront extension in a real browser (Debian Chromium through playwright-core), against the real app:
 * - block Liquid rendered the way a storefront renders it (tests/support/storefront/liquid.ts), from the customer
 *   metafields the app's own sync job wrote to the fake Admin API;
 * - served from 127.0.0.1 with its assets, `/apps/loyalty/*` forwarded, signed like Shopify does, to the app's
 *   proxy routes (app/routes/proxy.account.ts, proxy.redeem.ts) in process, on a real SQLite database;
 * - only Shopify is faked (its Admin API, tests/support/fake-admin-api.ts, and the storefront server).
 * Each test seeds its member through the app's own paths: Shopify's example orders/paid webhook, redemptions
 * through the proxy route, the outbox job that syncs the metafields.
 *
 * Screenshots go to test-results/storefront/.
 */
import type { Locator, Page } from "playwright-core";
import { beforeEach, describe, expect, it } from "vitest";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { runDueJobs } from "~/loyalty/server/outbox.server";
import { getMemberDetail, parseMemberPageQuery } from "~/loyalty/server/members-admin.server";
import { setProgramStatus } from "~/loyalty/server/program-admin.server";
import { getShopProgram, saveProgramSettings } from "~/loyalty/server/program.server";
import { getStorefrontMember, type StorefrontMember } from "~/loyalty/server/storefront-account.server";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { proxyRequest } from "../support/app-proxy";
import { appProxyRoutes } from "../support/app-proxy-routes";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { flattenLocale, readLocale } from "../support/storefront/extension";
import { poll, shot, setUpStorefrontBrowser } from "../support/storefront/harness";
import { renderPage, type PageOptions, type StorefrontCustomer } from "../support/storefront/liquid";
import type { ForwardedProxyRequest } from "../support/storefront/server";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi();
const storefront = setUpStorefrontBrowser(appProxyRoutes);

/** The customer of Shopify's example orders/paid payload. */
const EXAMPLE_ORDER = webhookExample<{ customer: { admin_graphql_api_id: string; first_name: string } }>("orders/paid");
const CUSTOMER_GID = EXAMPLE_ORDER.customer.admin_graphql_api_id;
const CUSTOMER_ID = CUSTOMER_GID.replace("gid://shopify/Customer/", "");
const CODE = /^PTS-[A-Z2-9]{4}-[A-Z2-9]{4}$/;

interface RedemptionBody {
  redemption: { code: string; rewardName: string; status: string; expiresAt: string | null };
  member: StorefrontMember;
}

/** Pays Shopify's example order (404.95 USD) for our customer through the app's orders/paid webhook route. */
async function payOrder(orderId: string, options: { discountCodes?: string[]; processedAt?: Date } = {}) {
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  order.id = exactId(orderId);
  order.discount_codes = (options.discountCodes ?? []).map((code) => ({ code, amount: "5.00", type: "fixed_amount" }));
  if (options.processedAt) order.processed_at = options.processedAt.toISOString();
  const response = await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)));
  expect(response.status).toBe(200);
}

async function rewardId(name: string): Promise<string> {
  return (await prisma.reward.findFirstOrThrow({ where: { shop: TEST_SHOP, name } })).id;
}

/** Redeems through the app's proxy route, as the shopper would from another tab or an earlier visit. */
async function redeemElsewhere(rewardName: string, idempotencyKey: string): Promise<RedemptionBody> {
  const request = proxyRequest("redeem", {
    customerId: CUSTOMER_ID,
    method: "POST",
    body: { rewardId: await rewardId(rewardName), idempotencyKey },
  });
  const response = await appProxyRoutes(request);
  expect(response.status).toBe(200);
  return (await response.json()) as RedemptionBody;
}

/** What the app says about the member right now (what the account route and the metafield sync are built from). */
async function memberView(): Promise<StorefrontMember> {
  return (await getStorefrontMember(prisma, await getShopProgram(prisma, TEST_SHOP), CUSTOMER_GID, new Date())).view;
}

/** Runs the due outbox jobs (the storefront metafield sync among them) against the fake Admin API. */
async function runJobs() {
  const result = await runDueJobs(prisma, createJobHandlers(prisma, adminGraphqlForShop), { now: new Date() });
  expect(result).toMatchObject({ retried: 0, dead: 0 });
}

interface Seeded {
  /** The signed-in customer as the storefront renders them: with the metafields the app synced to Shopify. */
  customer: StorefrontCustomer;
  /** The app's view of the member when the page was rendered. */
  view: StorefrontMember;
  /** A code redeemed on an earlier visit and used on an order since. */
  usedCode: RedemptionBody["redemption"];
}

/**
 * A member with points for "$5 off your order" (500) and "Free shipping" (300) but not "10% off your order" (1000),
 * some points still pending, a tier and progress to the next, and one used code:
 * order 1 paid → Free shipping redeemed through the proxy → order 2 paid with that code → the shop turns on a
 * 14-day return window → order 3 paid today (pending). Then the metafield sync job runs against the fake.
 */
async function seedMember(): Promise<Seeded> {
  await payOrder("820982911946154508");
  const earlier = await redeemElsewhere("Free shipping", "earlier-visit");
  await payOrder("1002", { discountCodes: [earlier.redemption.code] });
  const program = await getShopProgram(prisma, TEST_SHOP);
  await prisma.$transaction((tx) => saveProgramSettings(tx, TEST_SHOP, { ...program.settings, vestingDays: 14 }));
  await payOrder("1003", { processedAt: new Date() });
  await runJobs();

  const view = await memberView();
  // The scenario the tests rely on, checked rather than assumed.
  expect(view.balance).toBeGreaterThanOrEqual(500);
  expect(view.balance).toBeLessThan(1000);
  expect(view.pending).toBeGreaterThan(0);
  expect(view.tier).not.toBeNull();
  expect(view.progress.progressPermille).toBeGreaterThan(0);
  expect(view.progress.progressPermille).toBeLessThan(1000);

  const metafields = fake.metafieldsFor(CUSTOMER_GID);
  expect(metafields.map((m) => m.key).sort()).toEqual(["points_balance", "points_expiring", "tier", "tier_progress"]);
  return {
    customer: { id: CUSTOMER_ID, firstName: EXAMPLE_ORDER.customer.first_name, metafields },
    view,
    usedCode: earlier.redemption,
  };
}

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID });
});

/** Renders a page, serves it (signed in as the page's customer, if any) with the app behind the proxy, opens it. */
const open = storefront.open.bind(storefront);
const text = async (p: Page, selector: string) => ((await p.locator(selector).first().textContent()) ?? "").trim();
const disabledRedeemButtons = (scope: Locator) =>
  scope.locator("[data-lr-redeem]").evaluateAll((buttons) => buttons.map((b) => (b as HTMLButtonElement).disabled));
const rewardsBlock = (id = "rewards-1") => ({ name: "rewards", id });
const launcherEmbed = { name: "launcher", id: "launcher-1" };
const calls = (path: string) => storefront.calls(path);
const accountCalls = () => calls("/proxy/account");
/**
 * rewards.js's proxy requests: the badges and challenges script asks `/engagement` on its own (ADR 036), the
 * referrals script `/referral` (tests/storefront/referrals.browser.test.ts), and the birthday script `/birthday` for
 * its follow links (ADR 034).
 */
const OWN_SCRIPTS = new Set(["/proxy/engagement", "/proxy/referral", "/proxy/birthday"]);
const rewardsRequests = () => (storefront.server?.proxyRequests ?? []).filter((r) => !OWN_SCRIPTS.has(new URL(r.appUrl).pathname));
const redeemCalls = () => calls("/proxy/redeem");
const idempotencyKey = (call: ForwardedProxyRequest | undefined) => (call?.body as { idempotencyKey?: string }).idempotencyKey;
/** A date as the script shows it (medium date style, the page's locale; the browser runs in UTC). */
const shownDate = (iso: string | null, locale: "en" | "fr") =>
  new Date(iso ?? NaN).toLocaleDateString(locale, { dateStyle: "medium", timeZone: "UTC" });
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A line of the codes list: these texts, in this order. */
const codeLine = (...parts: string[]) => new RegExp(parts.map(escapeRegExp).join("[\\s\\S]*"));
const REWARD_NAMES = ["$5 off your order", "10% off your order", "Free shipping"];
/** A number as the page's locale groups it ("1,247"; French "1 247" with U+202F). */
const en = (n: number) => new Intl.NumberFormat("en").format(n);

describe("storefront rewards block (Chromium, real app proxy routes)", () => {
  it("shows balance, tier and progress from the metafields before any proxy request completes", async () => {
    const { customer, view, usedCode } = await seedMember();
    let held: { release(): void } | undefined;
    const p = await open(
      { customer, blocks: [rewardsBlock()] },
      { beforeLoad: (_page, s) => void (held = s.holdProxyRequests()) },
    );
    const block = p.locator("#shopify-block-rewards-1");
    const percent = Math.floor(view.progress.progressPermille / 10);

    // The catalog request has started (the block is in view) and is being held: nothing has answered yet.
    await poll(() => rewardsRequests().length).toBe(1);
    expect(rewardsRequests().map((r) => [r.storefrontPath, r.completed])).toEqual([["/apps/loyalty/account", false]]);
    expect(await text(p, "[data-lr-balance]")).toBe(en(view.balance));
    expect(await text(p, "[data-lr-tier]")).toBe(view.tier);
    expect(await text(p, "[data-lr-pending]")).toBe(en(view.pending));
    expect(await p.locator("[data-lr-pending-row]").isVisible()).toBe(true);
    expect(await text(p, "[data-lr-message]")).toBe(view.progress.message);
    expect(await block.getByRole("progressbar").getAttribute("aria-valuenow")).toBe(String(percent));
    expect(await block.locator("[data-lr-bar]").evaluate((bar) => bar.style.width)).toBe(`${percent}%`);
    expect(await text(p, "[data-lr-loading]")).toBe("Loading rewards…");
    await shot(p, "01-rendered-before-proxy-answers");

    held?.release();
    await block.locator("[data-lr-rewards] li").nth(2).waitFor();
    expect(accountCalls().map((c) => c.response?.status)).toEqual([200]);
    expect(await block.locator("[data-lr-rewards] li [data-f=name]").allTextContents()).toEqual(REWARD_NAMES);
    // Worded in the page from the reward's kind and amounts (the app sends no English).
    expect(await block.locator("[data-lr-rewards] li [data-f=description]").allTextContents()).toEqual([
      "$5 off",
      "10% off on orders of $20 or more",
      "Free shipping",
    ]);
    expect(await block.locator("[data-lr-rewards] li [data-f=cost]").allTextContents()).toEqual([
      "500 points",
      "1,000 points",
      "300 points",
    ]);
    expect(await disabledRedeemButtons(block)).toEqual([false, true, false]);
    // The disabled one says how many points are missing.
    expect(await block.locator("[data-lr-redeem]").allTextContents()).toEqual([
      "Redeem",
      `${en(1000 - view.balance)} more points needed`,
      "Redeem",
    ]);
    expect(await text(p, "[data-lr-rate]")).toBe("Earn 1 point per $1 spent");
    expect(await block.locator("[data-lr-loading]").isHidden()).toBe(true);
    // The script shows what the app answered: the same numbers the metafields had.
    expect(await text(p, "[data-lr-balance]")).toBe(en(view.balance));
    expect(await block.locator("[data-lr-codes] li").allInnerTexts()).toEqual([
      expect.stringMatching(codeLine(usedCode.code, "Free shipping", `Expires ${shownDate(usedCode.expiresAt, "en")}`, "Used")),
    ]);
    expect(await block.locator("[data-lr-codes] [data-lr-copy]").isHidden()).toBe(true);
    await shot(p, "02-catalog-loaded");
  });

  it("still shows balance, tier and progress when the script cannot load (progressive enhancement)", async () => {
    const { customer, view } = await seedMember();
    const p = await open(
      { customer, blocks: [rewardsBlock()] },
      { beforeLoad: (page) => page.route("**/extension-assets/rewards.js", (route) => route.abort()) },
    );

    expect(await text(p, "[data-lr-balance]")).toBe(en(view.balance));
    expect(await text(p, "[data-lr-tier]")).toBe(view.tier);
    expect(await text(p, "[data-lr-message]")).toBe(view.progress.message);
    // Nothing that needs the script is offered (no endless "Loading…", no dead buttons).
    expect(await p.locator("[data-lr-catalog]").isHidden()).toBe(true);
    expect(await p.locator("[data-lr-codes-box]").isHidden()).toBe(true);
    expect(rewardsRequests()).toEqual([]);
  });

  it("redeems a reward: the app's code on every panel from one request, a locked discount at Shopify, copy", async () => {
    const { customer, view } = await seedMember();
    const p = await open({
      customer,
      blocks: [rewardsBlock("rewards-1"), rewardsBlock("rewards-2")],
      embeds: [launcherEmbed],
    });
    const first = p.locator("#shopify-block-rewards-1");
    await first.locator("[data-lr-rewards] li").first().waitFor();
    await p.locator("#shopify-block-rewards-2 [data-lr-rewards] li").first().waitFor();
    expect(accountCalls()).toHaveLength(1); // two blocks and the launcher share one request

    await first.getByRole("button", { name: "Redeem" }).first().click();

    await poll(() => redeemCalls().map((c) => c.completed)).toEqual([true]);
    const [call] = redeemCalls();
    expect(call?.customerId).toBe(CUSTOMER_ID);
    expect(call?.body).toEqual({ rewardId: await rewardId("$5 off your order"), idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(call?.response?.status).toBe(200);
    const answer = call?.response?.body as RedemptionBody;
    const code = answer.redemption.code;
    expect(code).toMatch(CODE);
    await poll(() => text(p, "#shopify-block-rewards-1 [data-lr-status]")).toBe(`Your code ${code} is ready. Use it at checkout.`);

    // The app recorded it under the page's key, spent the points once, and Shopify holds the matching discount.
    const stored = await prisma.redemption.findFirstOrThrow({ where: { clientKey: idempotencyKey(call) } });
    expect(stored).toMatchObject({ code, status: "issued", pointsCost: 500n, rewardName: "$5 off your order" });
    expect(fake.discountByCode(code)).toMatchObject({
      kind: "basic",
      customerGids: [CUSTOMER_GID],
      usageLimit: 1,
      appliesOncePerCustomer: true,
      status: "ACTIVE",
    });
    expect(new Date(fake.discountByCode(code)?.endsAt ?? NaN).toISOString()).toBe(answer.redemption.expiresAt);
    const after = await memberView();
    expect(after.balance).toBe(view.balance - 500);
    expect(answer.member).toEqual(after);

    // Every panel (both blocks; the launcher's exists only once opened) shows the new balance and the new code.
    await poll(() => p.locator("[data-lr-balance]").allTextContents()).toEqual(Array(2).fill(en(after.balance)));
    const newCode = first.locator("[data-lr-codes] li").first();
    expect(await newCode.innerText()).toMatch(
      codeLine(code, "$5 off your order", `Expires ${shownDate(answer.redemption.expiresAt, "en")}`, "Unused"),
    );
    expect(await p.locator("#shopify-block-rewards-2 [data-lr-codes] li code").first().textContent()).toBe(code);
    // Focus moved from the (re-rendered) redeem button to the new code's copy button.
    expect(await p.evaluate(() => (document.activeElement as HTMLButtonElement | null)?.value)).toBe(code);
    // The catalog was refreshed from the app after the redemption: nothing is affordable with what is left.
    await poll(() => accountCalls().length).toBe(2);
    await poll(() => disabledRedeemButtons(first)).toEqual([true, true, true]);
    expect(await first.locator("[data-lr-codes] li code").allTextContents()).toEqual([code, expect.stringMatching(CODE)]);
    await shot(p, "03-redeemed");

    await newCode.getByRole("button", { name: "Copy" }).click();
    await poll(() => text(p, "#shopify-block-rewards-1 [data-lr-status]")).toBe("Code copied.");
    expect(await p.evaluate(() => navigator.clipboard.readText())).toBe(code);
  });

  it("shows the app's message when the shopper no longer has enough points", async () => {
    const { customer } = await seedMember();
    const p = await open({ customer, blocks: [rewardsBlock()] });
    await p.locator("[data-lr-rewards] li").first().waitFor();
    const button = p.getByRole("button", { name: "Redeem" }).first();
    expect(await button.isEnabled()).toBe(true);
    // The same reward was redeemed in another tab after the catalog loaded: the button is still enabled here.
    await redeemElsewhere("$5 off your order", "other-tab");
    const left = await memberView();
    expect(left.balance).toBeLessThan(500);

    await button.click();

    const message = `Cannot redeem 500 pts for $5 off your order: balance is ${left.balance} pts (${left.pending} pts still pending)`;
    // The shopper reads the locale's words for the app's code; the app's English sentence stays in the answer.
    await poll(() => text(p, "[data-lr-status]")).toBe("You don’t have enough points for this reward yet.");
    expect(redeemCalls().map((c) => c.response)).toEqual([
      { status: 409, body: expect.objectContaining({ code: "INSUFFICIENT_POINTS", error: message }) },
    ]);
    expect(await p.locator("[data-lr-status]").getAttribute("class")).toContain("lr-status--error");
    expect(await button.isEnabled()).toBe(true);
    expect(await p.locator("[data-lr-root], [aria-busy]").count()).toBe(0);
    expect(await prisma.redemption.count({ where: { clientKey: idempotencyKey(redeemCalls()[0]) } })).toBe(0);
    await shot(p, "04-insufficient-points");
  });

  it("retries a redemption once with the same idempotency key after the app answers 503", async () => {
    const { customer, view } = await seedMember();
    const p = await open({ customer, blocks: [rewardsBlock()] });
    await p.locator("[data-lr-rewards] li").first().waitFor();
    // Shopify cannot be reached: the discount create and the lookup that follows both fail → DISCOUNT_PENDING.
    fake.failNext(2, "network");
    const seen = fake.operations.length;

    await p.locator("[data-lr-redeem]").nth(2).click(); // Free shipping

    await poll(() => redeemCalls().map((c) => c.completed)).toEqual([true, true]);
    const [failed, retried] = redeemCalls();
    expect(failed?.response).toEqual({ status: 503, body: expect.objectContaining({ code: "DISCOUNT_PENDING" }) });
    const key = idempotencyKey(failed);
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(idempotencyKey(retried)).toBe(key);
    // The retry answers with the redemption the first attempt made: one redemption, points spent once.
    const stored = await prisma.redemption.findMany({ where: { clientKey: key } });
    expect(stored).toHaveLength(1);
    const code = stored[0]?.code ?? "";
    expect(stored[0]).toMatchObject({ rewardName: "Free shipping", pointsCost: 300n, status: "pending" });
    // The retry must not announce a code Shopify may never have created: it answers "still on its way".
    expect(retried?.response).toEqual({ status: 503, body: expect.objectContaining({ code: "DISCOUNT_PENDING" }) });
    expect(await prisma.ledgerEntry.count({ where: { type: "redeem", explanation: { contains: code } } })).toBe(1);
    expect(fake.operations.slice(seen).map((o) => o.outcome)).toEqual(["network", "network"]);
    expect(fake.discountByCode(code)).toBeUndefined();
    await poll(() => text(p, "[data-lr-status]")).toBe("Your code is on its way: refresh in a minute. Your points are safe.");
    expect(await p.locator("[data-lr-codes] li code").allTextContents()).not.toContain(code);
    expect(await memberView()).toMatchObject({ balance: view.balance - 300 });
    await shot(p, "09-redeem-retried");
  });

  it("shows the app's sign-in message when the storefront session has ended", async () => {
    const { customer, view } = await seedMember();
    // Liquid rendered for a customer, but the session the proxy sees is signed out.
    const p = await open({ customer, blocks: [rewardsBlock()] }, { session: null });
    await poll(() => text(p, "[data-lr-loading]")).toBe("Sign in to see and use your points.");
    expect(await text(p, "[data-lr-status]")).toBe("Sign in to see and use your points.");
    expect(accountCalls().map((c) => [c.customerId, c.response])).toEqual([
      ["", { status: 401, body: expect.objectContaining({ code: "NOT_LOGGED_IN" }) }],
    ]);
    expect(await text(p, "[data-lr-balance]")).toBe(en(view.balance));
  });

  it("shows logged-out visitors how the program works and a sign-in / join call to action, without a request", async () => {
    const p = await open({ customer: null, blocks: [rewardsBlock()], embeds: [launcherEmbed] });
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
    expect(storefront.server?.proxyRequests).toEqual([]);
  });

  it("opens the launcher panel on demand: lazy catalog, focus on the panel, Escape and outside click close it", async () => {
    const { customer, view } = await seedMember();
    const p = await open({ customer, embeds: [{ ...launcherEmbed, settings: { position: "right" } }] });
    const launcher = p.locator("[data-lr-launcher]");
    const summary = launcher.locator("summary");

    expect(await launcher.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await p.waitForTimeout(300);
    expect(storefront.server?.proxyRequests).toEqual([]); // nothing is fetched while the panel is closed
    await shot(p, "06-launcher-closed");

    await summary.focus();
    await p.keyboard.press("Enter");
    expect(await launcher.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await poll(() => p.evaluate(() => document.activeElement?.hasAttribute("data-lr-panel"))).toBe(true);
    await launcher.locator("[data-lr-rewards] li").first().waitFor();
    expect(accountCalls()).toHaveLength(1);
    expect(await text(p, "[data-lr-launcher] [data-lr-balance]")).toBe(en(view.balance));
    expect(await launcher.locator("[data-lr-rewards] li [data-f=name]").allTextContents()).toEqual(REWARD_NAMES);
    await shot(p, "07-launcher-open");

    await p.keyboard.press("Tab");
    await p.keyboard.press("Escape");
    expect(await launcher.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await p.evaluate(() => document.activeElement?.tagName)).toBe("SUMMARY");

    await summary.click();
    expect(await launcher.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await p.mouse.click(40, 300); // outside the panel
    expect(await launcher.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(accountCalls()).toHaveLength(1);
  });

  it("speaks the storefront's language and calls the proxy under the locale prefix", async () => {
    const { customer, usedCode } = await seedMember();
    const p = await open({ locale: "fr", customer, blocks: [rewardsBlock()] }, { url: "/fr/pages/recompenses" });
    await p.locator("[data-lr-rewards] li").first().waitFor();

    expect(rewardsRequests().map((r) => r.storefrontPath)).toEqual(["/fr/apps/loyalty/account"]);
    expect(await text(p, ".lr-title")).toBe("Récompenses");
    expect(await p.getByRole("button", { name: "Échanger" }).count()).toBe(2);
    expect(await text(p, "[data-lr-codes] li [data-f=status]")).toBe("Utilisé");
    expect(await text(p, "[data-lr-codes] li [data-f=expires]")).toBe(`Expire le ${shownDate(usedCode.expiresAt, "fr")}`);

    await p.getByRole("button", { name: "Échanger" }).first().click();
    await poll(() => redeemCalls().map((c) => c.completed)).toEqual([true]);
    const answer = redeemCalls()[0]?.response?.body as RedemptionBody;
    expect(answer.redemption.code).toMatch(CODE);
    await poll(() => text(p, "[data-lr-status]")).toBe(`Votre code ${answer.redemption.code} est prêt. Utilisez-le au paiement.`);
    expect(await text(p, "[data-lr-codes] li [data-f=expires]")).toBe(`Expire le ${shownDate(answer.redemption.expiresAt, "fr")}`);
    expect(await text(p, "[data-lr-codes] li [data-f=status]")).toBe("Non utilisé");
    await shot(p, "08-french");
  });
});

/** Texts of the English storefront locale that its French differs in, cut at the placeholders (≥ 4 characters). */
function englishOnlyFragments(): string[] {
  const english = flattenLocale(readLocale("en.default.json"));
  const french = flattenLocale(readLocale("fr.json"));
  const fragments = new Set<string>();
  for (const [key, text] of english) {
    const other = french.get(key) ?? "";
    if (other === text) continue;
    for (const part of text.split(/\{\{\s*\w+\s*\}\}/)) {
      const fragment = part.trim();
      if (fragment.length >= 4 && /[a-z]/i.test(fragment) && !other.includes(fragment)) fragments.add(fragment);
    }
  }
  return [...fragments];
}

/** What the shopper reads in the extension's markup, less the merchant's own data (reward, tier names) and ledger explanations. */
const shopperText = (p: Page) =>
  p.evaluate(() => {
    const parts: string[] = [];
    for (const node of document.querySelectorAll("[data-lr], [data-lr-launcher] summary, [data-lr-close]")) {
      const copy = node.cloneNode(true) as Element;
      for (const data of copy.querySelectorAll("template, [data-f=name], [data-f=explanation], [data-f=rewardName], [data-lr-tier]")) data.remove();
      parts.push(copy.textContent ?? "", ...[...copy.querySelectorAll("[aria-label]")].map((el) => el.getAttribute("aria-label") ?? ""));
      if (node.hasAttribute("aria-label")) parts.push(node.getAttribute("aria-label") ?? "");
    }
    return parts.join("\n");
  });

describe("a storefront a shopper understands (issue 10, part 5)", () => {
  it("leaves no English on a French storefront: progress, rewards, history, launcher, numbers and money", async () => {
    const { customer, view } = await seedMember();
    const p = await open(
      { locale: "fr", customer, blocks: [rewardsBlock()], embeds: [launcherEmbed] },
      { url: "/fr/pages/recompenses" },
    );
    const block = p.locator("#shopify-block-rewards-1");
    await block.locator("[data-lr-rewards] li").nth(2).waitFor();
    await p.locator("[data-lr-launcher] summary").click();
    await p.locator("[data-lr-launcher] [data-lr-rewards] li").nth(2).waitFor();

    // French spacing: U+202F groups digits, no-break spaces before "%" and "$US" (shown here as plain spaces).
    const spaced = (texts: string[]) => texts.map((t) => t.replace(/[\u00a0\u202f]/g, " "));
    expect(spaced(await block.locator("[data-lr-rewards] li [data-f=description]").allTextContents())).toEqual([
      "5 $US de remise",
      "10 % de remise dès 20 $US d’achat",
      "Livraison offerte",
    ]);
    expect(await block.locator("[data-lr-rewards] li [data-f=cost]").allTextContents()).toEqual([
      "500 points",
      "1\u202f000 points",
      "300 points",
    ]);
    expect(await block.locator("[data-lr-redeem]").nth(1).textContent()).toBe(
      `Encore ${new Intl.NumberFormat("fr").format(1000 - view.balance)} points`,
    );
    expect(spaced([await text(p, "#shopify-block-rewards-1 [data-lr-rate]")])).toEqual(["Gagnez 1 point par tranche de 1 $US dépensée"]);
    expect(await text(p, "#shopify-block-rewards-1 [data-lr-message]")).toMatch(/^Encore .* pour atteindre le niveau /);
    expect(await block.locator("[data-lr-entrys] li [data-f=type]").first().textContent()).toBe("Gagnés");

    const shown = await shopperText(p);
    const fragments = englishOnlyFragments();
    expect(fragments.length).toBeGreaterThan(30);
    expect(fragments.filter((fragment) => shown.includes(fragment))).toEqual([]);
    await shot(p, "10-french-no-english");
  });

  it("shows the points history with the admin's explanations, and the earn rate", async () => {
    const { customer } = await seedMember();
    const p = await open({ customer, blocks: [rewardsBlock()] });
    const block = p.locator("#shopify-block-rewards-1");
    await block.locator("[data-lr-entrys] li").first().waitFor();

    const member = await prisma.member.findFirstOrThrow({ where: { customerGid: CUSTOMER_GID } });
    const admin = await getMemberDetail(prisma, TEST_SHOP, member.id, parseMemberPageQuery(new URLSearchParams()), new Date());
    const rows = (admin?.ledger.entries ?? []).slice(0, 10);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(await block.locator("[data-lr-entrys] li [data-f=explanation]").allTextContents()).toEqual(rows.map((row) => row.explanation));
    expect(await block.locator("[data-lr-entrys] li [data-f=type]").allTextContents()).toEqual(rows.map((row) => row.typeLabel));
    expect(await block.locator("[data-lr-entrys] li [data-f=points]").allTextContents()).toEqual(
      rows.map((row) => (row.points > 0 ? "+" : "") + en(row.points)),
    );
    expect(await text(p, "[data-lr-rate]")).toBe("Earn 1 point per $1 spent");
    await shot(p, "11-history");
  });

  it("tells the shopper when the program is paused (or a draft) and offers no redeem", async () => {
    const { customer } = await seedMember();
    await setProgramStatus(prisma, TEST_SHOP, "paused");
    const p = await open({ customer, blocks: [rewardsBlock()] });
    await p.locator("[data-lr-rewards] li").nth(2).waitFor();
    expect(await p.locator("[data-lr-paused]").isVisible()).toBe(true);
    expect(await text(p, "[data-lr-paused]")).toBe(
      "Rewards are paused for now. Your points are safe: you can redeem them when the program is back.",
    );
    expect(await disabledRedeemButtons(p.locator("#shopify-block-rewards-1"))).toEqual([true, true, true]);
    await shot(p, "12-paused");

    await setProgramStatus(prisma, TEST_SHOP, "live");
    const live = await open({ customer, blocks: [rewardsBlock()] });
    await live.locator("[data-lr-rewards] li").nth(2).waitFor();
    expect(await live.locator("[data-lr-paused]").isHidden()).toBe(true);
  });

  it("closes the launcher with its close button, by keyboard, and gives focus back to the launcher", async () => {
    const { customer } = await seedMember();
    const p = await open({ customer, embeds: [launcherEmbed] });
    const launcher = p.locator("[data-lr-launcher]");
    const isOpen = () => launcher.evaluate((d) => (d as HTMLDetailsElement).open);
    await launcher.locator("summary").click();
    await poll(() => p.evaluate(() => document.activeElement?.hasAttribute("data-lr-panel"))).toBe(true);
    const close = p.getByRole("button", { name: "Close" });
    expect(await close.isVisible()).toBe(true);

    await p.keyboard.press("Tab");
    expect(await p.evaluate(() => document.activeElement?.hasAttribute("data-lr-close"))).toBe(true);
    await p.keyboard.press("Enter");
    expect(await isOpen()).toBe(false);
    expect(await p.evaluate(() => document.activeElement?.tagName)).toBe("SUMMARY");

    await p.keyboard.press("Enter");
    expect(await isOpen()).toBe(true);
    await close.click();
    expect(await isOpen()).toBe(false);
    expect(await p.evaluate(() => document.activeElement?.tagName)).toBe("SUMMARY");
  });

  it("renders the panel once: the launcher stamps its copy out only when first opened", async () => {
    const { customer } = await seedMember();
    const p = await open({ customer, blocks: [rewardsBlock()], embeds: [launcherEmbed] });
    await p.locator("#shopify-block-rewards-1 [data-lr-rewards] li").first().waitFor();
    expect(await p.locator("[data-lr]").count()).toBe(1);
    expect(await p.locator("[id]").evaluateAll((els) => els.map((el) => el.id).filter((id, i, all) => all.indexOf(id) !== i))).toEqual([]);

    await p.locator("[data-lr-launcher] summary").click();
    await p.locator("[data-lr-launcher] [data-lr-rewards] li").first().waitFor();
    expect(await p.locator("[data-lr]").count()).toBe(2);
    expect(accountCalls()).toHaveLength(1);
  });

  it("shows the reminder banner from metafields alone; dismissed, it stays away on the next page", async () => {
    const { customer } = await seedMember();
    // The program facts job ran with the member's sync (seedMember's program save queued it).
    const appMetafields = fake.metafieldsFor(fake.state.appInstallationId);
    expect(appMetafields.map((m) => `${m.namespace}.${m.key}`)).toEqual(["loyalty.program"]);
    const p = await open({ customer, blocks: [rewardsBlock()], embeds: [launcherEmbed], appMetafields }, {
      beforeLoad: (_page, s) => void s.holdProxyRequests(), // the banner needs no request
    });
    const banner = p.locator("[data-lr-banner]");
    expect((await banner.locator(".lr-banner__text").textContent())?.replace(/\s+/g, " ").trim()).toBe(
      `You have ${en((await memberView()).balance)} points: enough for $5.00 off.`,
    );
    // Out of the page's flow, above the launcher, within the viewport.
    expect(await banner.evaluate((el) => getComputedStyle(el).position)).toBe("fixed");
    const [bannerBox, launcherBox] = await Promise.all([banner.boundingBox(), p.locator("[data-lr-launcher] summary").boundingBox()]);
    expect(bannerBox && launcherBox && bannerBox.y + bannerBox.height <= launcherBox.y).toBe(true);
    await shot(p, "14-reminder-banner");

    await p.getByRole("button", { name: "Dismiss" }).click();
    await poll(() => banner.count()).toBe(0);
    await p.reload();
    await p.waitForLoadState("load");
    expect(await p.locator("[data-lr-banner]").count()).toBe(0);
    expect(await p.locator("[data-lr-launcher]").count()).toBe(1);
  });

  it("does not block rendering on its stylesheet, and nothing moves when it arrives", async () => {
    const { customer } = await seedMember();
    let releaseCss!: () => void;
    const cssHeld = new Promise<void>((resolve) => (releaseCss = resolve));
    const pageOptions: PageOptions = { customer, blocks: [rewardsBlock()], embeds: [launcherEmbed] };
    const html = await renderPage(pageOptions);
    const head = html.slice(0, html.indexOf("</head>"));
    expect(head).not.toMatch(/<link[^>]+stylesheet/);
    expect(html).not.toContain("rewards.css");
    const p = await open(
      pageOptions,
      {
        waitUntil: "domcontentloaded", // the held stylesheet holds the load event
        beforeLoad: async (page, s) => {
          s.holdProxyRequests(); // the catalog's arrival would move things: keep it out of this test
          await page.route("**/extension-assets/rewards.css", async (route) => {
            await cssHeld;
            await route.continue();
          });
        },
      },
    );

    // The page has painted with the stylesheet still on its way.
    await p.waitForFunction(() => document.querySelector('link[href$="rewards.css"]'));
    expect(await p.evaluate(() => (document.querySelector('link[href$="rewards.css"]') as HTMLLinkElement).sheet)).toBeNull();
    const boxes = () =>
      p.evaluate(() =>
        ["#shopify-block-rewards-1", ".lr-title", "[data-lr-balance]", "[data-lr-progress]", ".lr-earn", "[data-lr-launcher] summary"].map((sel) => {
          const r = document.querySelector(sel)?.getBoundingClientRect();
          return r && [r.x, r.y, r.width, r.height].map(Math.round);
        }),
      );
    const before = await boxes();
    expect(before.every(Boolean)).toBe(true);
    await shot(p, "13-before-stylesheet");

    releaseCss();
    await p.waitForFunction(() => (document.querySelector('link[href$="rewards.css"]') as HTMLLinkElement | null)?.sheet);
    expect(await boxes()).toEqual(before);
  });
});
