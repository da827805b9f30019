/**
 * The program's lifecycle (docs/decisions/023-draft-then-launch.md) through the real routes and a real database:
 * a new program is a draft that awards and redeems nothing and that the storefront is told about; setup steps are
 * confirmed by the merchant, never pre-ticked; Launch needs them; Pause stops earning and redeeming and the
 * storefront's account answer says so; saving the Program form never changes the status; and a program that was
 * live before the migration stays live.
 */
import { readdirSync, readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getShopProgram } from "~/loyalty/server/program.server";
import { action as homeAction, loader as home } from "~/routes/app._index";
import { action as programAction } from "~/routes/app.program";
import { loader as account } from "~/routes/proxy.account";
import { action as redeem } from "~/routes/proxy.redeem";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { adminRequest, callRoute } from "../support/admin";
import { proxyRequest } from "../support/app-proxy";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

type Home = Awaited<ReturnType<typeof home>>;
const CUSTOMER_ID = "115310627314723954";

async function homeData(): Promise<Home> {
  return (await callRoute(home, await adminRequest("/app"))) as Home;
}

async function post(form: Record<string, string>) {
  const response = (await callRoute(homeAction, await adminRequest("/app", { form }))) as Response;
  return {
    status: response.status,
    body: (await response.json()) as { ok: boolean; error?: string; status?: string; reviewed?: string; messageCode?: { key: string; values?: Record<string, unknown> } },
  };
}

async function pay(orderId: string) {
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  order.id = exactId(orderId);
  order.processed_at = new Date().toISOString();
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
}

async function storefrontAccount() {
  const response = (await callRoute(account, proxyRequest("account", { customerId: CUSTOMER_ID }))) as Response;
  expect(response.status).toBe(200);
  return (await response.json()) as { program: { status: string }; member: { balance: number }; rewards: { id: string; affordable: boolean }[] };
}

async function confirmAll() {
  for (const step of ["earning", "rewards", "tiers"]) expect((await post({ intent: "review", step })).body).toMatchObject({ ok: true, reviewed: step });
}

beforeEach(async () => {
  await resetDatabase({ program: "none" });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("a new program", () => {
  it("starts as a draft with no setup step done", async () => {
    const data = await homeData();
    expect(data.setup.status).toBe("draft");
    expect(data.setup.steps.map((step) => [step.id, step.done])).toEqual([
      ["earning", false],
      ["rewards", false],
      ["tiers", false],
      ["storefront", false],
    ]);
  });

  it("awards nothing for a paid order, and the storefront is told it is a draft", async () => {
    await homeData();
    await pay("1001");
    expect(await prisma.ledgerEntry.count({ where: { shop: TEST_SHOP } })).toBe(0);
    const answer = await storefrontAccount();
    expect(answer.program).toMatchObject({ status: "draft" });
    expect(answer.rewards.every((reward) => !reward.affordable)).toBe(true);
  });
});

describe("launch", () => {
  it("is refused until earning, rewards and tiers are confirmed", async () => {
    await homeData();
    const refused = await post({ intent: "launch" });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe("Confirm earning, rewards, tiers before launching");
    // The admin words it in the merchant's language from its code (program.errors.*, en and fr).
    expect(refused.body.messageCode).toEqual({ key: "program.errors.launchNeedsSteps", values: { count: 3 } });
    await post({ intent: "review", step: "earning" });
    expect((await post({ intent: "launch" })).body.error).toBe("Confirm rewards, tiers before launching");
    expect((await getShopProgram(prisma, TEST_SHOP)).settings.status).toBe("draft");
  });

  it("cannot be done around the setup from the Program page", async () => {
    await homeData();
    const response = (await callRoute(programAction, await adminRequest("/app/program", { form: { intent: "status", status: "live" } }))) as Response;
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("Confirm earning, rewards, tiers before launching");
    expect((await getShopProgram(prisma, TEST_SHOP)).settings.status).toBe("draft");
  });

  it("refuses to confirm rewards when none is active", async () => {
    await homeData();
    await prisma.reward.updateMany({ where: { shop: TEST_SHOP }, data: { active: false } });
    const refused = await post({ intent: "review", step: "rewards" });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe("Add at least one reward before confirming rewards");
  });

  it("makes the program live once confirmed: orders earn from then on and the storefront says live", async () => {
    await homeData();
    await confirmAll();
    const steps = (await homeData()).setup.steps;
    expect(steps.filter((step) => step.id !== "storefront").every((step) => step.done && step.at !== null)).toBe(true);
    expect(await post({ intent: "launch" })).toEqual({ status: 200, body: { ok: true, status: "live" } });
    const after = await homeData();
    expect(after.setup.status).toBe("live");
    expect(after.setup.launchedAt).not.toBeNull();
    await pay("1002");
    expect(await prisma.ledgerEntry.count({ where: { shop: TEST_SHOP, type: "earn" } })).toBe(1);
    expect((await storefrontAccount()).program).toMatchObject({ status: "live" });
    // Launching twice is refused, not silently repeated.
    const twice = await post({ intent: "launch" });
    expect([twice.body.error, twice.body.messageCode?.key]).toEqual(["The program is already live", "program.errors.alreadyLive"]);
  });
});

describe("pause", () => {
  it("stops earning and redeeming, tells the storefront, and can be resumed without setup again", async () => {
    await homeData();
    await confirmAll();
    await post({ intent: "launch" });
    await pay("1003");
    expect(await post({ intent: "pause" })).toEqual({ status: 200, body: { ok: true, status: "paused" } });

    await pay("1004");
    expect(await prisma.ledgerEntry.count({ where: { shop: TEST_SHOP, type: "earn" } })).toBe(1);
    const answer = await storefrontAccount();
    expect(answer.program).toMatchObject({ status: "paused" });
    const reward = await prisma.reward.findFirstOrThrow({ where: { shop: TEST_SHOP, active: true }, orderBy: { pointsCost: "asc" } });
    const response = (await callRoute(redeem, proxyRequest("redeem", { customerId: CUSTOMER_ID, method: "POST", body: { rewardId: reward.id, idempotencyKey: "click-1" } }))) as Response;
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: "PROGRAM_PAUSED" });

    const again = await post({ intent: "pause" });
    expect([again.body.error, again.body.messageCode?.key]).toEqual(["Only a live program can be paused; this one is paused", "program.errors.pauseNotLive"]);
    expect((await post({ intent: "launch" })).body).toEqual({ ok: true, status: "live" });
  });
});

describe("the Program form", () => {
  it("never changes the status: a form loaded while a draft does not undo a launch", async () => {
    const draft = structuredClone((await getShopProgram(prisma, TEST_SHOP)).settings);
    expect(draft.status).toBe("draft");
    await confirmAll();
    await post({ intent: "launch" });
    const response = (await callRoute(programAction, await adminRequest("/app/program", { form: { intent: "save", settings: JSON.stringify({ ...draft, baseRateMilli: 2000 }) } }))) as Response;
    expect(response.status).toBe(200);
    const saved = (await getShopProgram(prisma, TEST_SHOP)).settings;
    expect(saved.baseRateMilli).toBe(2000);
    expect(saved.status).toBe("live");
  });
});

describe("the migration", () => {
  it("keeps an existing program's status and makes only new programs drafts", () => {
    const db = new Database(":memory:");
    const dir = "prisma/migrations";
    const names = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const cut = names.indexOf("20261206010000_guided_launch");
    expect(cut).toBeGreaterThan(0);
    for (const name of names.slice(0, cut)) db.exec(readFileSync(`${dir}/${name}/migration.sql`, "utf8"));
    db.prepare(`INSERT INTO "Program" ("shop", "status", "updatedAt") VALUES ('live.myshopify.com', 'live', 0), ('paused.myshopify.com', 'paused', 0)`).run();
    db.exec(readFileSync(`${dir}/${names[cut]}/migration.sql`, "utf8"));
    db.prepare(`INSERT INTO "Program" ("shop", "updatedAt") VALUES ('new.myshopify.com', 0)`).run();
    expect(db.prepare(`SELECT "shop", "status", "launchedAt", "earningReviewedAt" FROM "Program" ORDER BY "shop"`).all()).toEqual([
      { shop: "live.myshopify.com", status: "live", launchedAt: null, earningReviewedAt: null },
      { shop: "new.myshopify.com", status: "draft", launchedAt: null, earningReviewedAt: null },
      { shop: "paused.myshopify.com", status: "paused", launchedAt: null, earningReviewedAt: null },
    ]);
    db.close();
  });
});

