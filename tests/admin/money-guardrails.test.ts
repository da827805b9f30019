/**
 * Guardrails on money through the Program page's real route handlers (signed session tokens, a real database):
 * issue 10 part 2 and the reward form's behaviour.
 *
 * Rules proven here:
 * - The point value is the program's explicit setting: a generous reward no longer moves liability on Home; the
 *   merchant edits it on the Program page (a new shop starts at 1 minor unit a point).
 * - "$100,000,000.00 off for 100 points" is refused past the amount ceiling, confirmation or not, and nothing is
 *   written; an outlier (more than 5× the program's value per point) needs `confirm`, and the answer says why.
 * - A reward form posted twice with the same key creates one reward.
 * - Reward errors are keyed "reward.*" (a reward's expiry never marks the program's expiry field), and errors are in
 *   the merchant's units, without internal paths.
 * - Archive and delete: a never-redeemed reward is deleted, a redeemed one must be archived, and an archived one is
 *   not offered to shoppers.
 * - A live program earning 0 points warns; tiers must start strictly above the tier listed before them.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ProgramSettings } from "~/loyalty/program";
import { getHomeMetrics } from "~/loyalty/server/reports.server";
import { getShopProgram } from "~/loyalty/server/program.server";
import { getStorefrontAccount } from "~/loyalty/server/storefront-account.server";
import { getStorefrontShopper } from "~/loyalty/server/storefront-shop.server";
import { action, loader } from "~/routes/app.program";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { adminRequest, callRoute } from "../support/admin";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

interface Answer {
  ok: boolean;
  error?: string;
  code?: string;
  fieldErrors?: Record<string, string>;
  reward?: { status: "saved" | "duplicate"; id: string; name: string };
}

type LoaderData = Awaited<ReturnType<typeof loader>>;

async function post(form: Record<string, string>) {
  const response = (await callRoute(action, await adminRequest("/app/program", { form }))) as Response;
  return { status: response.status, body: (await response.json()) as Answer };
}

async function load(): Promise<LoaderData> {
  return (await callRoute(loader, await adminRequest("/app/program"))) as LoaderData;
}

async function settingsWith(patch: (settings: ProgramSettings) => void): Promise<string> {
  const settings = structuredClone((await getShopProgram(prisma, TEST_SHOP)).settings);
  patch(settings);
  return JSON.stringify(settings);
}

const reward = (fields: Record<string, unknown>) =>
  JSON.stringify({ name: "Big", kind: "fixed_amount", pointsCost: 100, amountMinor: 1000, minimumOrderMinor: null, expiryDays: 30, active: true, ...fields });

async function payOrder(orderId: string) {
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  order.id = exactId(orderId);
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
}

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  await getShopProgram(prisma, TEST_SHOP);
});

describe("the point value is an explicit setting", () => {
  it("starts at 1 minor unit a point, shown as money per point, and is saved from the Program page", async () => {
    const data = await load();
    expect(data.settings.pointValue).toEqual({ minorUnits: 1, points: 1 });
    expect(data.pointValueText).toBe("0.01");

    const saved = await post({ intent: "save", settings: await settingsWith((s) => (s.pointValue = { minorUnits: 6, points: 5 })) });
    expect(saved.status).toBe(200);
    expect((await load()).pointValueText).toBe("0.012");
  });

  it("does not move Home's liability when a generous reward is added", async () => {
    await payOrder("1001"); // 404 points outstanding
    const before = await getHomeMetrics(prisma, TEST_SHOP, new Date());
    expect(before.outstandingMinor).toBe(404); // 1 cent a point

    const added = await post({ intent: "reward", reward: reward({ name: "$100 off", pointsCost: 100, amountMinor: 10_000 }), confirm: "1" });
    expect(added.status).toBe(200);
    const after = await getHomeMetrics(prisma, TEST_SHOP, new Date());
    // The old rule took the best reward's rate ($1 a point): $404.00 of liability from one reward.
    expect(after.outstandingMinor).toBe(404);
    expect(after.pointValueSentence).toBe("1 point ≈ $0.01, your program's point value (set on the Program page)");
  });
});

describe("reward guardrails", () => {
  it("refuses “$100,000,000.00 off for 100 points”, even confirmed, and writes nothing", async () => {
    const before = await prisma.reward.count();
    for (const confirm of [undefined, "1"]) {
      const form: Record<string, string> = { intent: "reward", reward: reward({ name: "Runaway", amountMinor: 10_000_000_000 }), clientKey: `runaway-key-${confirm ?? "0"}` };
      if (confirm) form.confirm = confirm;
      const { status, body } = await post(form);
      expect(status).toBe(400);
      expect(body.fieldErrors).toEqual({ "reward.amountMinor": "The amount off can be at most $1,000.00: a larger code could never be used in full" });
      expect(body.error).not.toContain("amountMinor");
    }
    expect(await prisma.reward.count()).toBe(before);
  });

  it("lets the ceiling follow the shop's largest recent order", async () => {
    await payOrder("1001");
    // A $2,500 order paid this month; the ceiling is the larger of it and the $1,000 floor.
    await prisma.orderRecord.updateMany({ data: { totalMinor: 250_000, paidAt: new Date() } });
    const ok = await post({ intent: "reward", reward: reward({ name: "$2,000 off", pointsCost: 200_000, amountMinor: 200_000 }) });
    expect(ok.status).toBe(200);
    const tooBig = await post({ intent: "reward", reward: reward({ name: "$3,000 off", pointsCost: 300_000, amountMinor: 300_000 }) });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.fieldErrors?.["reward.amountMinor"]).toBe(
      "The amount off can be at most $2,500.00 (your largest order in the last year was $2,500.00): a larger code could never be used in full",
    );
  });

  it("asks to confirm an outlier above 5× the program's value per point, then saves it", async () => {
    const unconfirmed = await post({ intent: "reward", reward: reward({ name: "$10 for 50", pointsCost: 50, amountMinor: 1000 }) });
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.body.code).toBe("CONFIRMATION_REQUIRED");
    expect(unconfirmed.body.fieldErrors?.["reward.amountMinor"]).toBe(
      "This reward gives $0.20 per point, 20× your program's point value ($0.01). Check the amount and the cost, or confirm to save it anyway.",
    );
    expect(await prisma.reward.count({ where: { name: "$10 for 50" } })).toBe(0);

    const confirmed = await post({ intent: "reward", reward: reward({ name: "$10 for 50", pointsCost: 50, amountMinor: 1000 }), confirm: "1" });
    expect(confirmed.status).toBe(200);
    const listed = (await load()).rewards.find((r) => r.name === "$10 for 50");
    expect(listed).toMatchObject({ valuePerPoint: "$0.20", outlier: true });
    expect((await load()).rewards.find((r) => r.name === "$5 off your order")).toMatchObject({ valuePerPoint: "$0.01", outlier: false });

    // 5× exactly is not an outlier.
    expect((await post({ intent: "reward", reward: reward({ name: "$5 for 100", pointsCost: 100, amountMinor: 500 }) })).status).toBe(200);
  });

  it("creates one reward when the same form is posted twice (double click)", async () => {
    const form = { intent: "reward", reward: reward({ name: "Once", pointsCost: 1000, amountMinor: 1000 }), clientKey: "form-key-5f1d2c" };
    const first = await post(form);
    const second = await post(form);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.reward?.status).toBe("saved");
    expect(second.body.reward).toEqual({ ...first.body.reward, status: "duplicate" });
    expect(await prisma.reward.count({ where: { name: "Once" } })).toBe(1);

    const atOnce = await Promise.all([1, 2, 3].map(() => post({ ...form, clientKey: "form-key-concurrent" })));
    expect(atOnce.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await prisma.reward.count({ where: { name: "Once" } })).toBe(2);
  });

  it("keys reward errors to the reward form, in the merchant's words", async () => {
    const { status, body } = await post({ intent: "reward", reward: reward({ expiryDays: 0, percentBasisPoints: 20_000, kind: "percentage", amountMinor: null }) });
    expect(status).toBe(400);
    expect(body.fieldErrors).toEqual({
      "reward.percentBasisPoints": "The percentage can be at most 100%",
      "reward.expiryDays": "The code must stay valid at least 1 day",
    });
    expect(body.fieldErrors).not.toHaveProperty("expiryDays");
  });
});

describe("archive and delete", () => {
  async function rewardId(name: string) {
    return (await prisma.reward.findFirstOrThrow({ where: { shop: TEST_SHOP, name } })).id;
  }

  it("deletes a reward never redeemed", async () => {
    const id = await rewardId("Free shipping");
    expect((await post({ intent: "delete-reward", rewardId: id })).status).toBe(200);
    expect(await prisma.reward.count({ where: { id } })).toBe(0);
  });

  it("refuses to delete a redeemed reward, archives it, and shoppers no longer see it", async () => {
    const id = await rewardId("$5 off your order");
    await payOrder("1001");
    const member = await prisma.member.findFirstOrThrow();
    await prisma.redemption.create({
      data: { shop: TEST_SHOP, memberId: member.id, rewardId: id, clientKey: "k1", code: "PTS-AAAA-BBBB", status: "issued", pointsCost: 500, rewardName: "$5 off your order", createdAt: new Date() },
    });
    const refused = await post({ intent: "delete-reward", rewardId: id });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("REWARD_REDEEMED");
    expect(refused.body.error).toBe("“$5 off your order” was redeemed 1 time, so it can't be deleted: archive it instead");
    expect(await prisma.reward.count({ where: { id } })).toBe(1);

    expect((await post({ intent: "archive-reward", rewardId: id })).status).toBe(200);
    expect(await prisma.reward.findUniqueOrThrow({ where: { id } })).toMatchObject({ active: false, archivedAt: expect.any(Date) });
    const now = new Date();
    const account = await getStorefrontAccount(prisma, await getStorefrontShopper(prisma, TEST_SHOP, member.customerGid, now), now);
    expect(account.rewards.map((r) => r.name)).not.toContain("$5 off your order");
    // An archived reward cannot be edited back to life.
    const edit = await post({ intent: "reward", rewardId: id, reward: reward({ name: "$5 off your order", pointsCost: 500, amountMinor: 500 }) });
    expect(edit.status).toBe(404);
  });
});

describe("program warnings and errors", () => {
  it("warns when a live program earns 0 points", async () => {
    expect((await load()).warnings).toEqual([]);
    await post({ intent: "save", settings: await settingsWith((s) => (s.baseRateMilli = 0)) });
    // A code: the page words it in the merchant's language (program.warnings.liveEarnsNothing).
    expect((await load()).warnings).toEqual(["liveEarnsNothing"]);
  });

  it("refuses a tier that does not start above the one before it, on that tier's field", async () => {
    const settings = await settingsWith((s) => {
      const gold = s.tierProgram.tiers[2];
      if (gold) gold.threshold = 400; // below Silver's 500
    });
    const { status, body } = await post({ intent: "save", settings });
    expect(status).toBe(400);
    expect(body.fieldErrors).toEqual({ "tierProgram.tiers.2.threshold": "Tier “Gold” must start above “Silver” (500): tiers go from lowest to highest" });
    expect(body.error).toBe("Nothing was saved. Tier “Gold” must start above “Silver” (500): tiers go from lowest to highest");
  });

  it("says a rate's limit in points per $1, not milli-points, and names no internal path", async () => {
    const settings = await settingsWith((s) => {
      s.baseRateMilli = 1_000_000;
      const silver = s.tierProgram.tiers[1];
      if (silver) silver.name = "";
    });
    const { status, body } = await post({ intent: "save", settings });
    expect(status).toBe(400);
    expect(body.fieldErrors).toEqual({
      baseRateMilli: "Earn rate must be a number of points from 0 to 100 per $1 (up to 3 decimals, e.g. 1.5)",
      "tierProgram.tiers.1.name": "Tier 2: give it a name of at most 64 characters",
    });
    expect(body.error).not.toMatch(/tierProgram|Milli|expected/);
  });
});
