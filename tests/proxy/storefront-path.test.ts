/**
 * The storefront path (docs/decisions/016-storefront-path.md), through the real routes on the run's database:
 * - `GET /proxy/account` reads what it shows in at most two statements (one for a shopper the shop has never
 *   seen), and the redeem flow reads what it shows in two besides its writes and the Admin API's token;
 * - the program and the rewards catalog are cached per shop and used while their stamps hold: a save in this
 *   process, or on another instance (a fresh copy of the app's modules with its own database client and caches),
 *   is shown by the next request, which reloads only what the save changed;
 * - pending points, codes and activity read the same on SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { saveProgram, saveReward, setProgramStatus } from "~/loyalty/server/program-admin.server";
import { getShopProgram } from "~/loyalty/server/program.server";
import { recordShopSettings } from "~/loyalty/server/shop-settings.server";
import { loader as account } from "~/routes/proxy.account";
import { action as redeem } from "~/routes/proxy.redeem";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { proxyRequest } from "../support/app-proxy";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { statementsOf, tablesOf } from "../support/statements";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";
import type { StorefrontAccount } from "~/loyalty/server/storefront-account.server";

const fake = startFakeAdminApi();
const CUSTOMER_ID = "115310627314723954";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER_ID}`;

/** The account as the app answers it (JSON: the same shape, strings for dates). */
type AccountBody = StorefrontAccount;

async function getAccount(customerId = CUSTOMER_ID) {
  const response = await account({ request: proxyRequest("account", { customerId }), params: {}, context: {} });
  expect(response.status).toBe(200);
  return (await response.json()) as AccountBody;
}

/** Shopify's example order for our customer, paid now: 404 points at the default 1 pt/$. */
async function earn404(orderId = "820982911946154508") {
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  order.id = exactId(orderId);
  order.processed_at = new Date().toISOString();
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
}

/** The statements of one account request (after the ones that create the program and record the storefront). */
async function accountStatements(customerId = CUSTOMER_ID) {
  let body: AccountBody | undefined;
  const statements = await statementsOf(async () => (body = await getAccount(customerId)));
  return { statements, body: body as AccountBody };
}

/** Statements outside BEGIN … COMMIT: the reads of a flow whose writes are transactions. */
function outsideTransactions(statements: readonly string[]): string[] {
  let depth = 0;
  return statements.filter((sql) => {
    if (/^\s*BEGIN\b/i.test(sql)) depth += 1;
    else if (/^\s*(COMMIT|ROLLBACK)\b/i.test(sql)) depth -= 1;
    else return depth === 0;
    return false;
  });
}

/**
 * Another instance of the app: the app's modules loaded afresh, so they hold their own database client and their
 * own caches. What it saves reaches this instance only through the database.
 */
async function anotherInstance() {
  vi.resetModules();
  const { default: db } = await import("~/db.server");
  const admin = await import("~/loyalty/server/program-admin.server");
  return { db, admin, close: () => db.$disconnect() };
}

async function rewardNamed(name: string) {
  return prisma.reward.findFirstOrThrow({ where: { shop: TEST_SHOP, name } });
}

function rewardInput(reward: Awaited<ReturnType<typeof rewardNamed>>, changes: Record<string, unknown> = {}) {
  const number = (value: bigint | null) => (value === null ? null : Number(value));
  return {
    name: reward.name,
    kind: reward.kind,
    pointsCost: Number(reward.pointsCost),
    amountMinor: number(reward.amountMinor),
    percentBasisPoints: reward.percentBasisPoints,
    minimumOrderMinor: number(reward.minimumOrderMinor),
    expiryDays: reward.expiryDays,
    active: reward.active,
    ...changes,
  };
}

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe("statements per request", () => {
  it("answers the account in two statements, and a shopper the shop has never seen in one, without the session", async () => {
    await earn404();
    await getAccount(); // records the storefront as seen (a write of the Program row, once per shop)
    await getAccount(); // the program's stamp moved with that write: reloaded once

    const member = await accountStatements();
    expect(member.body.member.balance).toBe(404);
    expect(member.body.activity).toHaveLength(1);
    expect(member.statements.length).toBeLessThanOrEqual(2);
    expect(tablesOf(member.statements)).not.toContain("Session");

    const stranger = await accountStatements("999");
    expect(stranger.body.member).toMatchObject({ balance: 0, pending: 0 });
    expect(stranger.statements.length).toBe(1);
  });

  it("reads what a redemption shows in two statements besides its two transactions and the Admin API's token", async () => {
    await earn404();
    await getAccount();
    await getAccount();
    const reward = await rewardNamed("Free shipping");
    let status = 0;
    const statements = await statementsOf(async () => {
      const request = proxyRequest("redeem", { customerId: CUSTOMER_ID, method: "POST", body: { rewardId: reward.id, idempotencyKey: "click-1" } });
      status = (await redeem({ request, params: {}, context: {} })).status;
    });
    expect(status).toBe(200);
    const reads = outsideTransactions(statements);
    // The Admin API client loads the shop's offline token to create the discount: issuing, not showing.
    const token = reads.filter((sql) => tablesOf([sql]).includes("Session"));
    expect(token.length).toBeLessThanOrEqual(1);
    // The program's stamp before reserving; the shopper's balance (and the stamps) after issuing.
    expect(reads.length - token.length).toBeLessThanOrEqual(2);
    expect(statements.filter((sql) => /^\s*BEGIN\b/i.test(sql))).toHaveLength(2); // reserve, then mark issued
  });
});

describe("the program and the catalog, cached per shop", () => {
  it("shows a save made in this process at once", async () => {
    await earn404();
    expect((await getAccount()).rewards.find((reward) => reward.name === "Free shipping")?.affordable).toBe(true);

    await setProgramStatus(prisma, TEST_SHOP, "paused");
    const paused = await getAccount();
    expect(paused.program.status).toBe("paused");
    expect(paused.rewards.every((reward) => !reward.affordable)).toBe(true);

    const freeShipping = await rewardNamed("Free shipping");
    await saveReward(prisma, TEST_SHOP, freeShipping.id, rewardInput(freeShipping, { name: "Free delivery", pointsCost: 250 }));
    expect((await getAccount()).rewards.find((reward) => reward.id === freeShipping.id)).toMatchObject({ name: "Free delivery", pointsCost: 250 });

    await recordShopSettings(prisma, TEST_SHOP, { currency: "EUR", timezone: "Europe/Paris" }, new Date());
    const inEuros = await getAccount();
    expect(inEuros.program.currency).toBe("EUR");
    expect(inEuros.rewards.map((reward) => [reward.kind, reward.amountMinor])).toEqual([["fixed_amount", 500], ["percentage", null], ["free_shipping", null]]);
  });

  it("shows a save made on another instance from the next request on, reloading only what changed", async () => {
    await earn404();
    await getAccount();
    await getAccount();
    expect((await accountStatements()).statements.length).toBeLessThanOrEqual(2);

    const other = await anotherInstance();
    try {
      // A program save: the Program row's stamp moves; the next request reloads the program (its row, rules, tiers).
      await other.admin.setProgramStatus(other.db, TEST_SHOP, "paused");
      const afterProgram = await accountStatements();
      expect(afterProgram.body.rewards.every((reward) => !reward.affordable)).toBe(true);
      expect(afterProgram.statements.length).toBeLessThanOrEqual(2 + 3);
      expect((await accountStatements()).statements.length).toBeLessThanOrEqual(2);

      // Tier names come with the program.
      const { settings } = await getShopProgram(other.db, TEST_SHOP);
      const tiers = settings.tierProgram.tiers.map((tier) => (tier.name === "Bronze" ? { ...tier, name: "Copper" } : tier));
      await other.admin.saveProgram(other.db, TEST_SHOP, { ...settings, tierProgram: { ...settings.tierProgram, tiers } }, { confirmTierChange: true, now: new Date() });
      expect((await getAccount()).member.tier).toBe("Copper");

      // A reward edited, one added, one switched off: the catalog's stamp moves; one query reloads it.
      const freeShipping = await rewardNamed("Free shipping");
      await other.admin.saveReward(other.db, TEST_SHOP, freeShipping.id, rewardInput(freeShipping, { name: "Free delivery" }));
      const afterReward = await accountStatements();
      expect(afterReward.body.rewards.map((reward) => reward.name)).toEqual(["$5 off your order", "10% off your order", "Free delivery"]);
      expect(afterReward.statements.length).toBeLessThanOrEqual(2 + 1);
      expect((await accountStatements()).statements.length).toBeLessThanOrEqual(2);

      await other.admin.saveReward(other.db, TEST_SHOP, null, { name: "Tote bag", kind: "fixed_amount", pointsCost: 50, amountMinor: 1000, expiryDays: 30 }, {
        confirmed: true, // 20¢ a point, 20× the program's value: an outlier the merchant confirms
      });
      expect((await getAccount()).rewards.map((reward) => reward.name)).toContain("Tote bag");
      const fivesOff = await rewardNamed("$5 off your order");
      await other.admin.saveReward(other.db, TEST_SHOP, fivesOff.id, rewardInput(fivesOff, { active: false }));
      expect((await getAccount()).rewards.map((reward) => reward.name)).toEqual(["10% off your order", "Free delivery", "Tote bag"]);

      // A reward deleted (no screen does it; a support script might): the count moves the stamp.
      await other.db.reward.delete({ where: { id: (await rewardNamed("Tote bag")).id } });
      expect((await getAccount()).rewards.map((reward) => reward.name)).toEqual(["10% off your order", "Free delivery"]);
    } finally {
      await other.close();
    }
  });

  it("redeems against a program switched off on another instance: refused, nothing written", async () => {
    await earn404();
    await getAccount();
    const other = await anotherInstance();
    try {
      await other.admin.setProgramStatus(other.db, TEST_SHOP, "paused");
    } finally {
      await other.close();
    }
    const reward = await rewardNamed("Free shipping");
    const request = proxyRequest("redeem", { customerId: CUSTOMER_ID, method: "POST", body: { rewardId: reward.id, idempotencyKey: "click-1" } });
    const response = await redeem({ request, params: {}, context: {} });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: "PROGRAM_PAUSED" });
    expect(await prisma.redemption.count()).toBe(0);
  });
});

describe("what the account shows", () => {
  it("counts points that have not vested yet as pending, not spendable", async () => {
    const { settings } = await getShopProgram(prisma, TEST_SHOP);
    await saveProgram(prisma, TEST_SHOP, { ...settings, vestingDays: 14 }, { confirmTierChange: true, now: new Date() });
    await earn404();
    const body = await getAccount();
    expect(body.member).toMatchObject({ balance: 0, pending: 404 });
    expect(body.rewards.every((reward) => !reward.affordable)).toBe(true);
  });

  it("lists the newest 20 codes shown to shoppers and the newest 10 entries, newest first", async () => {
    await earn404();
    const member = await prisma.member.findFirstOrThrow({ where: { customerGid: CUSTOMER_GID } });
    const reward = await rewardNamed("Free shipping");
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    const statuses = ["issued", "used", "expired", "returned", "pending", "failed"];
    await prisma.redemption.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        shop: TEST_SHOP,
        memberId: member.id,
        rewardId: reward.id,
        clientKey: `k${i}`,
        code: `PTS-TEST-${String(i).padStart(4, "0")}`,
        status: statuses[i % statuses.length] ?? "issued",
        pointsCost: 300,
        rewardName: reward.name,
        expiresAt: at(-60 * 24),
        createdAt: at(100 + i),
      })),
    });
    await prisma.ledgerEntry.createMany({
      data: Array.from({ length: 12 }, (_, i) => ({
        shop: TEST_SHOP,
        memberId: member.id,
        type: "manual_credit",
        points: 2 ** 40 + i, // beyond 32 bits: read as a 64-bit integer on both databases
        idempotencyKey: `manual:${i}`,
        explanation: `credit ${i}`,
        createdAt: at(-1 - i), // in the future: newer than the earn entry
      })),
    });

    const body = await getAccount();
    const shown = Array.from({ length: 30 }, (_, i) => i).filter((i) => !["pending", "failed"].includes(statuses[i % statuses.length] ?? ""));
    expect(body.codes.map((code) => code.code)).toEqual(shown.slice(0, 20).map((i) => `PTS-TEST-${String(i).padStart(4, "0")}`));
    expect(body.codes.map((code) => code.status).slice(0, 4)).toEqual(["unused", "used", "expired", "expired"]);
    expect(body.activity.map((entry) => entry.explanation)).toEqual(Array.from({ length: 10 }, (_, i) => `credit ${11 - i}`));
    expect(body.activity[0]?.points).toBe(2 ** 40 + 11);
    const times = body.activity.map((entry) => Date.parse(entry.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});
