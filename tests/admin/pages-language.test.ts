/**
 * Home, the Members list and a member's page in the merchant's language, rendered from their real loaders' data
 * (a real database, the member's history from Shopify's example order, a refund, a manual credit and a redemption):
 * a French page has no English sentence from home.json / members.json left in it, the ledger's explanations come
 * from their kind and variables (not the English the ledger stored), the staff member who credited points is named
 * as Shopify's online token names them (or by id when Shopify gives no name), and the Members list shows join days
 * in the shop's time zone, named.
 */
import { AppProvider } from "@shopify/polaris";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import type { LoaderFunction } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { AdminTextProvider, POLARIS_TRANSLATIONS } from "~/i18n/admin-text";
import type { AdminLocale } from "~/i18n/admin-locale";
import { flattenMessages, MESSAGES } from "~/i18n/messages";
import { action as redeem } from "~/routes/proxy.redeem";
import HomePage, { loader as homeLoader } from "~/routes/app._index";
import MembersPage, { loader as membersLoader } from "~/routes/app.members._index";
import MemberPage, { action as memberAction, loader as memberLoader } from "~/routes/app.members.$id";
import { adminRequest, callRoute } from "../support/admin";
import { proxyRequest } from "../support/app-proxy";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { TEST_SHOP } from "../support/test-env";
import { answerOf, callAs, DEFAULT_STAFF_ID, EXAMPLE_CUSTOMER_GID, memberOf, payExampleOrder, refundExampleOrder } from "../members/support";

const fake = startFakeAdminApi();
const CUSTOMER_ID = EXAMPLE_CUSTOMER_GID.split("/").pop() ?? "";

/** A route's component rendered on the server with its loader's data, as the embedded admin shows it in `locale`. */
async function render(component: ComponentType, data: unknown, locale: AdminLocale, path = "/"): Promise<string> {
  const routes = [{ id: "page", path: "*", Component: component, loader: (() => data) as LoaderFunction }];
  const context = await createStaticHandler(routes).query(new Request(`https://loyalty.test${path}`));
  if (context instanceof Response) throw new Error(`The page answered ${context.status}`);
  const router = createStaticRouter(routes, context);
  // Polaris's index table measures itself in a layout effect, which React warns about on the server (as it does
  // when Remix renders the page): that warning is not the page's error.
  const logged = console.error;
  const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes("useLayoutEffect does nothing on the server")) logged(...args);
  });
  let html: string;
  try {
    html = renderToString(
      createElement(AdminTextProvider, {
        locale,
        children: createElement(AppProvider, { i18n: POLARIS_TRANSLATIONS[locale] }, createElement(StaticRouterProvider, { router, context, hydrate: false })),
      }),
    );
  } finally {
    spy.mockRestore();
  }
  return html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/[ \t\n]+/g, " ");
}

/** The English sentences (8+ characters between variables) of these areas' locale files that `shown` contains. */
function englishLeftIn(shown: string, areas: ("home" | "members")[]): string[] {
  const english = flattenMessages(Object.fromEntries(areas.map((area) => [area, MESSAGES.en[area] ?? {}])));
  const french = flattenMessages(MESSAGES.fr);
  const leftovers: string[] = [];
  for (const [key, text] of english) {
    const frenchText = french.get(key) ?? "";
    for (const fragment of text.split(/\{\{\w+\}\}/)) {
      const words = fragment.trim();
      if (words.length >= 8 && !frenchText.includes(words) && shown.includes(words)) leftovers.push(`${key}: ${words}`);
    }
  }
  return leftovers;
}

async function credit(memberId: string, points: number, note: string, clientKey: string) {
  const result = await callAs(memberAction, `/app/members/${memberId}`, { id: memberId }, { form: { direction: "credit", points: String(points), note, clientKey } });
  expect((await answerOf(result)).status).toBe(200);
}

async function redeemFreeShipping(): Promise<string> {
  const reward = await prisma.reward.findFirstOrThrow({ where: { shop: TEST_SHOP, name: "Free shipping" } });
  const request = proxyRequest("redeem", { customerId: CUSTOMER_ID, method: "POST", body: { rewardId: reward.id, idempotencyKey: "click-1" } });
  const response = await redeem({ request, params: {}, context: {} });
  expect(response.status).toBe(200);
  return ((await response.json()) as { redemption: { code: string } }).redemption.code;
}

async function memberData(id: string) {
  return (await answerOf(await callAs(memberLoader, `/app/members/${id}`, { id }))).body;
}

async function inNewYork() {
  await prisma.program.update({ where: { shop: TEST_SHOP }, data: { timezone: "America/New_York" } });
}

describe("a member's page", () => {
  let memberId: string;
  let code: string;

  beforeEach(async () => {
    await resetDatabase();
    vi.spyOn(console, "info").mockImplementation(() => undefined);
    fake.state.addCustomer({ id: EXAMPLE_CUSTOMER_GID });
    await payExampleOrder();
    await inNewYork();
    await refundExampleOrder();
    memberId = (await memberOf(EXAMPLE_CUSTOMER_GID)).id;
    await credit(memberId, 350, "Goodwill gesture, see ticket #42", "page-language-1");
    code = await redeemFreeShipping();
  });

  it("in French: the ledger explained in French, staff by name, French numbers, no English sentence left", async () => {
    const shown = await render(MemberPage, await memberData(memberId), "fr", `/app/members/${memberId}`);
    if (process.env.PEEK) console.log(shown);
    expect(shown).toContain("Historique des points");
    expect(shown).toContain("Date (America/New_York)");
    // The staff member's name from the online token the dev store's token endpoint issued (the seeded staff user).
    expect(shown).toContain("Crédit manuel de 350 pts par Dana Admin");
    expect(shown).toContain(`300 pts échangés contre Free shipping (code ${code})`);
    expect(shown).toMatch(/\d+ pts gagnés sur la commande #?\w+/);
    expect(shown).toMatch(/Reprise de \d+ pts : la commande #?\w+ a été remboursée/);
    expect(shown).toContain("Ajuster les points");
    expect(shown).not.toContain("Redeemed 300 pts"); // the ledger's stored English
    expect(englishLeftIn(shown, ["members", "home"])).toEqual([]);
  });

  it("in English: the same page, with the ledger's recorded calculation as the detail", async () => {
    const shown = await render(MemberPage, await memberData(memberId), "en", `/app/members/${memberId}`);
    expect(shown).toContain("Points history");
    expect(shown).toContain("Manual credit of 350 pts by Dana Admin");
    expect(shown).toContain("1 × Aviator sunglasses");
    // The same check finds English in an English page: it can fail.
    expect(englishLeftIn(shown, ["members"]).length).toBeGreaterThan(5);
  });

  it("names the staff member by id when Shopify gives no name", async () => {
    const staff = fake.tokenShop(TEST_SHOP).staff;
    staff.firstName = "";
    staff.lastName = "";
    await credit(memberId, 20, "No name given", "page-language-2");
    const data = await memberData(memberId);
    expect(await render(MemberPage, data, "fr")).toContain(`Crédit manuel de 20 pts par le membre du personnel ${DEFAULT_STAFF_ID}`);
    expect(await render(MemberPage, data, "en")).toContain(`Manual credit of 20 pts by staff member ${DEFAULT_STAFF_ID}`);
    // The name came from an online-token exchange for the session token, never kept as a session.
    expect(fake.tokenRequests.at(-1)).toMatchObject({ requested: "urn:shopify:params:oauth:token-type:online-access-token", status: 200 });
    expect(await prisma.session.count({ where: { isOnline: true } })).toBe(0);
  });
});

describe("the Members list", () => {
  it("shows join days in the shop's time zone, named, in French", async () => {
    await resetDatabase();
    vi.spyOn(console, "info").mockImplementation(() => undefined);
    fake.state.addCustomer({ id: EXAMPLE_CUSTOMER_GID });
    await payExampleOrder();
    await inNewYork();
    const member = await memberOf(EXAMPLE_CUSTOMER_GID);
    // 03:30 UTC on May 2 is still May 1 in New York.
    await prisma.member.update({ where: { id: member.id }, data: { createdAt: new Date("2026-05-02T03:30:00Z") } });
    const data = await callRoute(membersLoader, await adminRequest("/app/members"));
    const french = await render(MembersPage, data, "fr", "/app/members");
    if (process.env.PEEK) console.log(french);
    expect(french).toContain("Adhésion (America/New_York)");
    expect(french).toContain("1 mai 2026");
    expect(french).toContain("1 membre");
    expect(englishLeftIn(french, ["members"])).toEqual([]);
    const english = await render(MembersPage, data, "en", "/app/members");
    expect(english).toContain("Joined (America/New_York)");
    expect(english).toContain("May 1, 2026");
    expect(english).not.toContain("May 2, 2026");
  });
});

describe("Home", () => {
  it("in French: the setup guide, metrics, liability and point value in French, no English sentence left", async () => {
    // A new program is a draft: Home shows the guided launch.
    await resetDatabase({ program: "none" });
    await callRoute(homeLoader, await adminRequest("/app"));
    await inNewYork();
    const data = await callRoute(homeLoader, await adminRequest("/app"));
    const shown = await render(HomePage, data, "fr", "/app");
    expect(shown).toContain("Configurez et lancez votre programme");
    expect(shown).toContain("Points émis (30 jours)");
    expect(shown).toMatch(/Passif en cours : 0,00\u00a0\$US/);
    expect(shown).toContain("0 étape sur 4 terminée");
    expect(shown).toContain("la valeur du point de votre programme");
    expect(shown).toContain("Aperçu de la boutique");
    // The default rewards' terms, worded for the admin's language (not the server's English).
    expect(shown).toMatch(/5,00\u00a0\$US de réduction/);
    expect(shown).toContain("Livraison gratuite");
    expect(shown).not.toContain("Free shipping ·");
    expect(englishLeftIn(shown, ["home", "members"])).toEqual([]);
    const english = await render(HomePage, data, "en", "/app");
    expect(english).toContain("Set up and launch your program");
    expect(englishLeftIn(english, ["home"]).length).toBeGreaterThan(5);
  });
});
