/**
 * The storefront's social follow links (issue 11, docs/decisions/034-birthdays-and-actions.md) in a real browser,
 * against the real app proxy routes (`/proxy/birthday` for the offers, `/proxy/follow` for the click-through) on a
 * real SQLite database: a link per network the merchant offers, opening the shop's page in a new tab; a click posts
 * the follow and shows "points on their way"; after the honour-system wait the outbox job credits it and the next
 * page shows it earned. French words on a French storefront. Screenshots go to test-results/storefront/.
 */
import type { Page } from "playwright-core";
import { beforeEach, describe, expect, it } from "vitest";
import { SOCIAL_CREDIT_DELAY_MS } from "~/loyalty/actions";
import { saveEngagementSettings } from "~/loyalty/server/engagement-settings.server";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { runDueJobs } from "~/loyalty/server/outbox.server";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { appProxyRoutes } from "../support/app-proxy-routes";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { poll, shot, setUpStorefrontBrowser } from "../support/storefront/harness";
import type { PageOptions } from "../support/storefront/liquid";
import { TEST_SHOP } from "../support/test-env";

const fake = startFakeAdminApi();
const storefront = setUpStorefrontBrowser(appProxyRoutes);
const CUSTOMER_ID = "706405506930370084";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER_ID}`;
const NETWORKS = { instagram: "https://instagram.com/snowgear", tiktok: "https://www.tiktok.com/@snowgear" };

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID });
  await saveEngagementSettings(
    prisma,
    TEST_SHOP,
    { birthdayPoints: 0, anniversaryPoints: 0, newsletter: { points: 0, cap: 1 }, profile: { points: 0 }, social: { points: 25, cap: 2, networks: NETWORKS } },
    new Date(),
  );
});

/** The signed-in customer's page with the Rewards block (no program facts written: every section is rendered). */
const open = (options: Partial<PageOptions> = {}, url = "/pages/rewards"): Promise<Page> =>
  storefront.open({ customer: { id: CUSTOMER_ID, firstName: "Bob", metafields: [] }, blocks: [{ name: "rewards", id: "rewards-1" }], ...options }, { url });

const followCalls = () => storefront.calls("/proxy/follow");
const items = (p: Page) => p.locator("[data-lr-follow] li");
const states = (p: Page) => items(p).evaluateAll((lis) => lis.map((li) => [(li as HTMLElement).dataset.network, li.querySelector("[data-f=state]")?.textContent]));

describe("social follow links (Chromium, real app proxy routes)", () => {
  it("links each offered network in a new tab, posts the follow on click, and shows it on its way, then earned", async () => {
    const p = await open();
    await items(p).nth(1).waitFor();
    const links = p.locator("[data-lr-follow-link]");
    expect(await links.allTextContents()).toEqual(["Follow us on Instagram", "Follow us on TikTok"]);
    expect(await links.evaluateAll((as) => as.map((a) => [a.getAttribute("href"), a.getAttribute("target"), a.getAttribute("rel")]))).toEqual([
      [NETWORKS.instagram, "_blank", "noopener noreferrer"],
      [NETWORKS.tiktok, "_blank", "noopener noreferrer"],
    ]);
    expect(await states(p)).toEqual([["instagram", "25 points"], ["tiktok", "25 points"]]);
    await shot(p, "follow-01-offered");

    // The shop's page opens in a new tab (the link's own behaviour); the follow is posted from this page.
    const popup = p.context().waitForEvent("page");
    await p.context().route("https://instagram.com/**", (route) => route.fulfill({ status: 200, body: "Instagram" }));
    await links.first().click();
    const opened = await popup;
    expect(opened.url()).toBe(NETWORKS.instagram);
    await opened.close();
    await poll(() => followCalls().map((c) => [c.body, c.response?.status])).toEqual([[{ network: "instagram" }, 200]]);
    await poll(() => states(p)).toEqual([["instagram", "Points on their way"], ["tiktok", "25 points"]]);
    // A second click does not post again: the follow is already on its way.
    await p.locator("[data-lr-follow-link]").first().click();
    (await p.context().waitForEvent("page")).close();
    expect(followCalls()).toHaveLength(1);
    await shot(p, "follow-02-on-its-way");

    // Nothing is paid before the wait; after it, the job credits once, and the next page shows it earned.
    const handlers = createJobHandlers(prisma, adminGraphqlForShop);
    await runDueJobs(prisma, handlers, { now: new Date() });
    expect(await prisma.ledgerEntry.count({ where: { type: "action" } })).toBe(0);
    await runDueJobs(prisma, handlers, { now: new Date(Date.now() + SOCIAL_CREDIT_DELAY_MS + 1000) });
    expect((await prisma.ledgerEntry.findMany({ where: { type: "action" }, select: { points: true } })).map((e) => Number(e.points))).toEqual([25]);
    await p.reload();
    await items(p).nth(1).waitFor();
    await poll(() => states(p)).toEqual([["instagram", "Points earned"], ["tiktok", "25 points"]]);
  });

  it("speaks French on a French storefront and shows nothing when the shop offers no follow", async () => {
    const p = await open({ locale: "fr" }, "/fr/pages/recompenses");
    await items(p).nth(1).waitFor();
    expect(await p.locator("[data-lr-follow-link]").allTextContents()).toEqual(["Suivez-nous sur Instagram", "Suivez-nous sur TikTok"]);
    expect(await p.locator("[data-lr-follow-box] h3").textContent()).toBe("Suivez-nous");

    await saveEngagementSettings(
      prisma,
      TEST_SHOP,
      { birthdayPoints: 0, anniversaryPoints: 0, newsletter: { points: 0, cap: 1 }, profile: { points: 0 }, social: { points: 0, cap: 1, networks: {} } },
      new Date(),
    );
    await p.reload();
    await poll(() => storefront.calls("/proxy/birthday").filter((r) => r.completed).length).toBe(2);
    expect(await p.locator("[data-lr-follow-box]").isHidden()).toBe(true);
    expect(await items(p).count()).toBe(0);
  });
});
