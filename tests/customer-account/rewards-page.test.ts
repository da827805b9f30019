/**
 * The customer account Rewards page (extensions/customer-account-rewards): its client calls the app's real route
 * handlers with a session token signed as Shopify signs it, and the page renders what they answer, in English and
 * French (the extension's locale files, Intl formats), redeeming a reward with the code shown.
 */
import { randomUUID } from "node:crypto";
import { renderToString } from "preact-render-to-string";
import { h } from "preact";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { signJwt } from "../../devstore/signing";
import { createRewardsClient, RewardsRequestError } from "../../extensions/customer-account-rewards/src/client";
import { RewardsView, type RewardsViewProps } from "../../extensions/customer-account-rewards/src/RewardsView";
import { BirthdaySection, type BirthdaySectionProps } from "../../extensions/customer-account-rewards/src/BirthdaySection";
import { action as birthdayAction, loader as birthdayLoader } from "~/routes/customer-account.birthday";
import { action as accountAction, loader as accountLoader } from "~/routes/customer-account.account";
import { action as redeemAction } from "~/routes/customer-account.redeem";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";
import { extensionMessages, flatMessages, rewardsText } from "./rewards-text";

const fake = startFakeAdminApi();
const CUSTOMER_GID = "gid://shopify/Customer/115310627314723954";

function token(sub: string = CUSTOMER_GID): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ aud: TEST_API_KEY, dest: TEST_SHOP, sub, exp: now + 300, nbf: now - 1, iat: now - 1, jti: randomUUID() }, TEST_API_SECRET);
}

/** The browser's fetch from the extension to the app, answered by the app's route modules. */
const appFetch: typeof fetch = async (input, init) => {
  const request = new Request(String(input), { ...init, headers: { ...(init?.headers as Record<string, string>), Origin: "null" } });
  const path = new URL(request.url).pathname;
  const routes: Record<string, typeof redeemAction> = {
    "/customer-account/account": request.method === "GET" ? accountLoader : accountAction,
    "/customer-account/redeem": redeemAction,
    "/customer-account/birthday": request.method === "GET" ? birthdayLoader : birthdayAction,
  };
  const route = routes[path] ?? null;
  if (!route) return new Response("Not found", { status: 404 });
  return route({ request, params: {}, context: {} });
};

const client = (sub?: string) => createRewardsClient({ appUrl: TEST_APP_URL, getToken: async () => token(sub), fetch: appFetch });

function render(props: Partial<RewardsViewProps> & Pick<RewardsViewProps, "account" | "text">): string {
  return renderToString(h(RewardsView, { redeeming: null, redeemed: null, redeemError: null, onRedeem: () => undefined, ...props }));
}

/** Visible text: tags dropped, attributes that the page shows as text kept (headings, labels). */
function visibleText(html: string): string {
  const attributes = [...html.matchAll(/(?:heading|accessibilityLabel)="([^"]*)"/g)].map((match) => match[1]);
  return `${attributes.join(" ")} ${html.replace(/<[^>]+>/g, " ")}`.replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, " ");
}

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.id = exactId("820982911946154508");
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
});

describe("the Rewards page", () => {
  it("shows the token's customer's balance, tier progress, earn rate, rewards and history", async () => {
    const account = await client().account();
    const shown = visibleText(render({ account, text: rewardsText("en") }));
    expect(shown).toContain("Rewards");
    expect(shown).toContain("404");
    expect(shown).toContain("Bronze");
    expect(shown).toMatch(/\d[\d,]* more points to reach Silver/);
    expect(shown).toContain("Earn 1 point per $1.00 spent");
    for (const reward of account.rewards) expect(shown).toContain(reward.name);
    const unaffordable = account.rewards.find((reward) => !reward.affordable);
    expect(unaffordable, "the default catalog has a reward above 404 points").toBeDefined();
    expect(shown).toContain(`${new Intl.NumberFormat("en-US").format(unaffordable?.missing ?? 0)} more points`);
    expect(shown).toContain("= 404 pts");
    expect(shown).toContain("+404");
  });

  it("redeems through the app: the code is shown, the balance goes down once, Shopify has one code", async () => {
    const rewards = client();
    const before = await rewards.account();
    const reward = before.rewards.find((candidate) => candidate.affordable);
    if (!reward) throw new Error("the default catalog has a reward the customer can afford");
    const { redemption } = await rewards.redeem(reward.id, randomUUID());
    const after = await rewards.account();
    expect(after.member.balance).toBe(before.member.balance - reward.pointsCost);
    expect(fake.state.discounts.size).toBe(1);
    const shown = visibleText(render({ account: after, text: rewardsText("en"), redeemed: redemption }));
    expect(shown).toContain(`Your code for ${reward.name}`);
    expect(shown).toContain(redemption.code);
    expect(shown).toContain("Ready to use");
  });

  it("shows the app's sentence when the redeem is refused", async () => {
    const rewards = client();
    const account = await rewards.account();
    const tooDear = account.rewards.find((candidate) => !candidate.affordable);
    if (!tooDear) throw new Error("the default catalog has a reward above the balance");
    const refusal = await rewards.redeem(tooDear.id, randomUUID()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RewardsRequestError);
    expect((refusal as RewardsRequestError).status).toBe(409);
    expect(visibleText(render({ account, text: rewardsText("en"), redeemError: (refusal as Error).message }))).toContain((refusal as Error).message);
    expect(await prisma.redemption.count()).toBe(0);
  });

  it("says so when the program is paused, and offers no Redeem", async () => {
    const account = await client().account();
    const paused = { ...account, program: { ...account.program, status: "paused" as const }, rewards: account.rewards.map((reward) => ({ ...reward, affordable: false })) };
    const html = render({ account: paused, text: rewardsText("en") });
    expect(visibleText(html)).toContain("The rewards program is paused");
    expect(html).not.toContain("<s-button");
  });

  it("is all French for a French shopper: no English sentence of the page is left", async () => {
    const account = await client().account();
    const shown = visibleText(render({ account, text: rewardsText("fr"), redeemed: { code: "LOYAL-ABC", rewardName: "x", status: "unused", expiresAt: null } }));
    expect(shown).toContain("Récompenses");
    expect(shown).toContain("Niveau");
    for (const [key, english] of flatMessages(extensionMessages("en"))) {
      const fixed = english.split(/\{\{\w+\}\}/).map((part) => part.trim()).filter((part) => part.length >= 8);
      for (const part of fixed) expect({ key, shown: shown.includes(part) }).toEqual({ key, shown: false });
    }
  });
});

describe("the birthday section", () => {
  const section = (props: Partial<BirthdaySectionProps> & Pick<BirthdaySectionProps, "view" | "text">) =>
    visibleText(
      renderToString(h(BirthdaySection, { draft: { month: "12", day: "24", year: "" }, onDraft: () => undefined, onSave: () => undefined, saving: false, saved: false, error: null, ...props })),
    );

  it("offers the form, shows the app's field error on its field, then the birthday given, with when it can change", async () => {
    const shopper = client();
    const empty = await shopper.birthday();
    expect(empty).toMatchObject({ birthday: null, changeableFrom: null });
    const form = section({ view: empty, text: rewardsText("en") });
    expect(form).toContain("Your birthday");
    expect(form).toContain("Tell us your birthday and get a bonus on the day.");
    expect(form).toContain("December");
    expect(form).toContain("Save my birthday");

    // Feb 30: the app refuses with the field named; the section shows its sentence on that field; nothing is stored.
    const refused = await shopper.setBirthday({ month: "2", day: "30", year: null }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RewardsRequestError);
    const { message, field } = refused as RewardsRequestError;
    expect(field).toBe("day");
    const html = renderToString(
      h(BirthdaySection, { view: empty, text: rewardsText("en"), draft: { month: "2", day: "30", year: "" }, onDraft: () => undefined, onSave: () => undefined, saving: false, saved: false, error: { message, field } }),
    );
    // On the Day field only (the element's attributes in render order: label, then error).
    const dayField = /<s-number-field[^>]*label="Day"[^>]*>/.exec(html)?.[0] ?? "";
    expect(dayField).toContain(`error="${message.replace(/'/g, "&#x27;")}"`);
    expect(html.match(/error="/g)).toHaveLength(1);
    expect(await prisma.memberProfile.count()).toBe(0);

    const saved = await shopper.setBirthday({ month: "12", day: "24", year: null });
    expect(saved.birthday).toEqual({ month: 12, day: 24, year: null });
    expect(await shopper.birthday()).toMatchObject({ birthday: { month: 12, day: 24, year: null } });
    const shown = section({ view: saved, text: rewardsText("en"), saved: true });
    expect(shown).toContain("Saved: see you on your birthday!");
    expect(shown).toContain("Your birthday: December 24");
    expect(shown).not.toContain("Save my birthday");
    // A second change within a year is refused with the app's sentence.
    const again = await shopper.setBirthday({ month: "1", day: "2", year: null }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(RewardsRequestError);
    expect((again as RewardsRequestError).status).toBeGreaterThanOrEqual(400);
    expect((await shopper.birthday()).birthday).toEqual({ month: 12, day: 24, year: null });
  });

  it("is French for a French shopper", async () => {
    const view = { birthday: { month: 12, day: 24, year: null }, changeableFrom: "2027-12-24T10:00:00.000Z" };
    const shown = section({ view, text: rewardsText("fr") });
    expect(shown).toContain("Votre anniversaire : 24 décembre");
    expect(shown).toContain("Vous pourrez le modifier à partir du");
    expect(section({ view: { birthday: null, changeableFrom: null }, text: rewardsText("fr") })).toContain("Enregistrer mon anniversaire");
  });
});

describe("the extension's locale files", () => {
  it("have the same keys and variables in English and French, and every key the page uses", async () => {
    const english = flatMessages(extensionMessages("en"));
    const french = flatMessages(extensionMessages("fr"));
    expect([...french.keys()].sort()).toEqual([...english.keys()].sort());
    const vars = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
    for (const [key, text] of english) expect({ key, vars: vars(french.get(key) ?? "") }).toEqual({ key, vars: vars(text) });
    const { readFileSync, readdirSync } = await import("node:fs");
    const dir = "extensions/customer-account-rewards/src";
    const used = new Set<string>();
    for (const file of readdirSync(dir)) for (const match of readFileSync(`${dir}/${file}`, "utf8").matchAll(/translate\("([\w.]+)"/g)) used.add(match[1] ?? "");
    expect(used.size).toBeGreaterThan(15);
    const known = (key: string) => english.has(key) || english.has(`${key}.other`) || [...english.keys()].some((name) => name.startsWith(`${key}.`));
    expect([...used].filter((key) => !known(key))).toEqual([]);
  });
});
