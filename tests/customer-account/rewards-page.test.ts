/**
 * The customer account Rewards page (extensions/customer-account-rewards): its client calls the app's real route
 * handlers with a session token signed as Shopify signs it, and the page renders what they answer, in English and
 * French (the extension's locale files, Intl formats), redeeming a reward with the code shown, choosing the points
 * of a points slider, and showing the shopper's store credit (Shopify's balance, the app's pending cash-back).
 */
import { randomUUID } from "node:crypto";
import { renderToString } from "preact-render-to-string";
import { h } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { signJwt } from "../../devstore/signing";
import { createRewardsClient, RewardsRequestError } from "../../extensions/customer-account-rewards/src/client";
import { RewardsView, type RewardsViewProps } from "../../extensions/customer-account-rewards/src/RewardsView";
import { BirthdaySection, type BirthdaySectionProps } from "../../extensions/customer-account-rewards/src/BirthdaySection";
import { ReferralSection, type ReferralSectionProps } from "../../extensions/customer-account-rewards/src/ReferralSection";
import { checkSliderPoints } from "../../extensions/customer-account-rewards/src/slider";
import { sliderRefusal } from "../../extensions/customer-account-rewards/src/SliderRewardRow";
import { spendStoreCredit, storeCreditBalance } from "../../devstore/admin-api/store-credit";
import { DEFAULT_REFERRAL_SETTINGS } from "~/loyalty/referrals";
import { saveCashbackRule } from "~/loyalty/server/cashback.server";
import { saveReferralSettings } from "~/loyalty/server/referrals.server";
import { getShopProgram } from "~/loyalty/server/program.server";
import { saveReward } from "~/loyalty/server/program-admin.server";
import { action as birthdayAction, loader as birthdayLoader } from "~/routes/customer-account.birthday";
import { action as accountAction, loader as accountLoader } from "~/routes/customer-account.account";
import { action as redeemAction } from "~/routes/customer-account.redeem";
import { loader as referralLoader } from "~/routes/customer-account.referral";
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
    "/customer-account/referral": referralLoader,
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

describe("the referral section", () => {
  const section = (props: Partial<ReferralSectionProps> & Pick<ReferralSectionProps, "referral" | "text">) =>
    visibleText(renderToString(h(ReferralSection, { copied: null, onCopy: () => undefined, ...props })));

  it("is absent while referrals are off; then shows the token's member their own link and code, and what a friend's first order earns", async () => {
    expect(await client().referral()).toEqual({ referral: null });

    await saveReferralSettings(prisma, TEST_SHOP, { ...DEFAULT_REFERRAL_SETTINGS, enabled: true, referrerPoints: 500 }, new Date());
    const { referral } = await client().referral();
    if (!referral) throw new Error("a member with referrals on has a referral code");
    expect(referral).toMatchObject({ referred: 0, pendingPoints: 0, referrerPoints: 500 });
    expect(referral.link).toBe(`https://${TEST_SHOP}/?ref=${referral.code}`);
    // The same code on every visit; the page shows it with the link and its copy button.
    expect((await client().referral()).referral?.code).toBe(referral.code);
    const shown = section({ referral, text: rewardsText("en") });
    expect(shown).toContain("Share your link: your friend gets a discount on their first order, and you earn 500 points when they buy.");
    expect(shown).toContain(`Your code: ${referral.code}`);
    expect(shown).toContain("Copy link");
    expect(shown).not.toContain("friend ordered");
    const html = renderToString(h(ReferralSection, { referral, text: rewardsText("en"), copied: null, onCopy: () => undefined }));
    expect(html).toContain(`<s-clipboard-item id="referral-link" text="${referral.link}"`);
    expect(html).toMatch(/<s-button[^>]*commandFor="referral-link"[^>]*command="--copy"|<s-button[^>]*command="--copy"[^>]*commandFor="referral-link"/);

    // Another customer's token: not a member (no order), so no code; the first member's code is never answered.
    expect(await client("gid://shopify/Customer/9999").referral()).toEqual({ referral: null });
  });

  it("counts the friends who ordered with the points still pending, says whether the copy worked, and is French for a French shopper", () => {
    const referral = { code: "AB12CD34EF", link: "https://shop.example/?ref=AB12CD34EF", referred: 2, pendingPoints: 500, referrerPoints: 250 };
    expect(section({ referral, text: rewardsText("en") })).toContain("2 friends ordered · pending points: 500");
    const english = section({ referral: { ...referral, referred: 1 }, text: rewardsText("en"), copied: "failed" });
    expect(english).toContain("1 friend ordered · pending points: 500");
    expect(english).toContain("Select the link and copy it.");
    expect(section({ referral, text: rewardsText("en"), copied: "copied" })).toContain("Link copied");
    const french = section({ referral, text: rewardsText("fr"), copied: "copied" });
    expect(french).toContain("vous gagnez 250 points quand il achète");
    expect(french).toContain("Votre code : AB12CD34EF");
    expect(french).toContain("2 amis ont commandé · points en attente : 500");
    expect(french).toContain("Lien copié");
    // Referrals without a referrer reward: the intro without a number.
    expect(section({ referral: { ...referral, referrerPoints: 0 }, text: rewardsText("en") })).toContain("you earn points when they buy.");
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

describe("points slider rewards", () => {
  /** 100 to 1,000 points in steps of 100, $1.00 off per step; the shopper has 404 points. */
  const addSlider = async () =>
    (
      await saveReward(prisma, TEST_SHOP, null, {
        name: "Choose your discount",
        kind: "points_slider",
        pointsCost: 100,
        amountMinor: 100,
        sliderMinPoints: 100,
        sliderMaxPoints: 1000,
        expiryDays: 30,
      })
    ).reward;

  it("offers the choice of points with what they are worth, checks it as the app does, and redeems the chosen points", async () => {
    const { id } = await addSlider();
    const shopper = client();
    const account = await shopper.account();
    const slider = account.rewards.find((reward) => reward.id === id);
    if (!slider) throw new Error("the slider is in the account's catalog");
    expect(slider).toMatchObject({ kind: "points_slider", pointsCost: 100, amountMinor: 100, sliderMinPoints: 100, sliderMaxPoints: 1000, affordable: true });

    // The field starts at the most 404 points buy (400), capped there, in steps of 100, worth $4.00.
    const html = render({ account, text: rewardsText("en") });
    const field = /<s-number-field[^>]*label="Points to spend"[^>]*>/.exec(html)?.[0] ?? "";
    expect(field).toContain('min="100"');
    expect(field).toContain('max="400"');
    expect(field).toContain('step="100"');
    expect(field).toContain('value="400"');
    expect(visibleText(html)).toContain("100 to 1,000 points, in steps of 100");
    expect(visibleText(html)).toContain("Worth $4.00 off");
    expect(visibleText(render({ account, text: rewardsText("en"), sliderDrafts: { [id]: "300" } }))).toContain("Worth $3.00 off");

    // A choice off the slider is named on the field before any request.
    const check = checkSliderPoints(slider, "150", account.member.balance);
    if (check.ok) throw new Error("150 is not a step of 100");
    const refused = render({ account, text: rewardsText("en"), sliderDrafts: { [id]: "150" }, sliderErrors: { [id]: sliderRefusal(rewardsText("en"), check) } });
    expect(/<s-number-field[^>]*>/.exec(refused)?.[0]).toContain('error="Choose points in steps of 100"');
    expect(visibleText(refused)).not.toContain("Worth");

    // What the page used to send (no points) and a choice off the slider: the app refuses on the field, writes nothing.
    for (const points of [undefined, 150]) {
      const error = await shopper.redeem(id, randomUUID(), points).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RewardsRequestError);
      expect({ status: (error as RewardsRequestError).status, field: (error as RewardsRequestError).field }).toEqual({ status: 400, field: "points" });
    }
    expect(await prisma.redemption.count()).toBe(0);

    const { redemption } = await shopper.redeem(id, randomUUID(), 300);
    expect(fake.discountByCode(redemption.code)).toMatchObject({ value: { amount: "3.00", appliesOnEachItem: false }, customerGids: [CUSTOMER_GID], usageLimit: 1 });
    const after = await shopper.account();
    expect(after.member.balance).toBe(104);
    // 104 points: enough for the slider's fewest (100), so the field offers 100 only, worth $1.00.
    const again = render({ account: after, text: rewardsText("en") });
    expect(/<s-number-field[^>]*>/.exec(again)?.[0]).toContain('max="100"');
    expect(visibleText(again)).toContain("Worth $1.00 off");
  });

  it("offers no field below the slider's fewest points: the points still missing instead", async () => {
    const { id } = await saveReward(prisma, TEST_SHOP, null, {
      name: "Big slider",
      kind: "points_slider",
      pointsCost: 500,
      amountMinor: 500,
      sliderMinPoints: 500,
      sliderMaxPoints: 5000,
      expiryDays: 30,
    }).then((saved) => saved.reward);
    const account = await client().account();
    expect(account.rewards.find((reward) => reward.id === id)).toMatchObject({ affordable: false, missing: 96 });
    const shown = visibleText(render({ account, text: rewardsText("en") }));
    expect(shown).not.toContain("Points to spend");
    expect(shown).toContain("96 more points");
  });

  it("is French for a French shopper, refusals included", async () => {
    const { id } = await addSlider();
    const account = await client().account();
    const text = rewardsText("fr");
    const slider = account.rewards.find((reward) => reward.id === id);
    if (!slider) throw new Error("the slider is in the account's catalog");
    const check = checkSliderPoints(slider, "2000", account.member.balance);
    if (check.ok) throw new Error("2,000 is off the slider");
    const html = render({ account, text, sliderErrors: { [id]: sliderRefusal(text, check) } });
    const shown = visibleText(html);
    // visibleText folds Intl's (narrow) no-break spaces as it folds every space.
    const fold = (words: string) => words.replace(/\s+/g, " ");
    expect(shown).toContain(fold(`De 100 à ${text.formatNumber(1000)} points, par paliers de 100`));
    expect(shown).toContain(fold(`Vaut ${text.formatCurrency(4, { currency: "USD" })} de réduction`));
    expect(/<s-number-field[^>]*>/.exec(html)?.[0]).toContain(`Choisissez entre 100 et ${text.formatNumber(1000)} points`);
  });
});

describe("store credit on the Rewards page", () => {
  const SCOPES = ["write_store_credit_account_transactions", "read_store_credit_accounts"];
  const balanceReads = () => fake.operations.filter((op) => op.name === "StoreCreditBalances").length;
  const storeCreditReward = () => saveReward(prisma, TEST_SHOP, null, { name: "$5 store credit", kind: "store_credit", pointsCost: 200, amountMinor: 500, expiryDays: 30 });

  beforeEach(() => fake.setScopes(SCOPES));
  afterEach(() => fake.setScopes(null));

  it("is not asked for by default (the profile block), and is null where the shop offers no store credit, with no Shopify read", async () => {
    const before = balanceReads();
    expect(await client().account()).not.toHaveProperty("storeCredit");
    const account = await client().account({ storeCredit: true });
    expect(account.storeCredit).toBeNull();
    expect(balanceReads()).toBe(before);
    expect(visibleText(render({ account, text: rewardsText("en") }))).not.toContain("Store credit");
  });

  it("shows Shopify's balance (what checkout spent included) and the pending cash-back, for the token's customer only", async () => {
    const { reward } = await storeCreditReward();
    const program = await getShopProgram(prisma, TEST_SHOP);
    await saveCashbackRule(prisma, TEST_SHOP, { ...program.cashback, enabled: true });
    const shopper = client();
    const start = storeCreditBalance(fake.state, CUSTOMER_GID, "USD");
    await shopper.redeem(reward.id, randomUUID());
    expect(storeCreditBalance(fake.state, CUSTOMER_GID, "USD")).toBe(start + 500);
    // Spent at checkout: the app is not told, which is why the balance is Shopify's.
    expect(spendStoreCredit(fake.state, CUSTOMER_GID, "USD", start + 120, new Date().toISOString())).toBe(start + 120);
    const member = await prisma.member.findFirstOrThrow({ where: { customerGid: CUSTOMER_GID } });
    const due = new Date(Date.UTC(2026, 11, 20, 12));
    await prisma.cashbackCredit.create({
      data: {
        shop: TEST_SHOP,
        memberId: member.id,
        customerGid: CUSTOMER_GID,
        orderGid: "gid://shopify/Order/9001",
        currency: "USD",
        lines: "[]",
        eligibleMinor: 44995,
        rateBasisPoints: 200,
        amountMinor: 899,
        status: "pending",
        creditableAt: due,
        createdAt: new Date(),
      },
    });

    const before = balanceReads();
    const account = await shopper.account({ storeCredit: true });
    expect(balanceReads()).toBe(before + 1);
    expect(account.storeCredit).toEqual({ balances: [{ currency: "USD", amountMinor: 380 }], pending: [{ currency: "USD", amountMinor: 899, nextCreditAt: due.toISOString() }] });
    const shown = visibleText(render({ account, text: rewardsText("en") }));
    expect(shown).toContain("Store credit");
    expect(shown).toContain("Balance (USD)");
    expect(shown).toContain("$3.80");
    expect(shown).toContain("$8.99 cash-back on its way, credited from Dec 20, 2026");
    const french = rewardsText("fr");
    const shownInFrench = visibleText(render({ account, text: french }));
    expect(shownInFrench).toContain("Crédit en magasin");
    expect(shownInFrench).toContain(french.formatCurrency(3.8, { currency: "USD" }).replace(/\s+/g, " "));

    // Another signed-in customer sees their own (none), never this one's.
    const other = "gid://shopify/Customer/7000000000000000001";
    fake.state.addCustomer({ id: other });
    const theirs = await client(other).account({ storeCredit: true });
    expect(theirs.storeCredit).toEqual({ balances: [], pending: [] });
    expect(visibleText(render({ account: theirs, text: rewardsText("en") }))).toContain("No store credit yet.");
  });

  it("still answers when Shopify refuses the read (a token without the scope): the balance is left out, not zero", async () => {
    await storeCreditReward();
    fake.setScopes(["write_discounts"]);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const account = await client().account({ storeCredit: true });
    expect(account.storeCredit).toEqual({ balances: null, pending: [] });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("store credit balance not read"));
    const shown = visibleText(render({ account, text: rewardsText("en") }));
    expect(shown).toContain("Your store credit balance cannot be shown right now.");
    expect(shown).not.toContain("$0.00");
  });
});
