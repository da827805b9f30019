/**
 * The program editor through authenticate.admin (valid session tokens) and a real database: validation answers
 * field errors and writes nothing, tier changes after launch show who would move first, the simulator replays
 * real orders, and the rewards catalog is validated.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from "~/loyalty/program";
import { getShopProgram } from "~/loyalty/server/program.server";
import { action, loader } from "~/routes/app.program";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { adminRequest, callRoute } from "../support/admin";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

interface Answer {
  ok: boolean;
  error?: string;
  fieldErrors?: Record<string, string>;
  saved?: { status: string; moves?: { from: string | null; to: string | null; members: number }[] };
  simulation?: { orders: number; currentPoints: number; proposedPoints: number; deltaPoints: number; deltaCostMinor: number | null };
}

async function post(form: Record<string, string>) {
  const response = (await callRoute(action, await adminRequest("/app/program", { form }))) as Response;
  return { status: response.status, body: (await response.json()) as Answer };
}

async function settingsWith(patch: (settings: ProgramSettings) => void): Promise<string> {
  const settings = structuredClone((await getShopProgram(prisma, TEST_SHOP)).settings);
  patch(settings);
  return JSON.stringify(settings);
}

async function payOrder(orderId: string) {
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  order.id = exactId(orderId);
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
}

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("program editor", () => {
  it("loads the program, its rewards and the member count", async () => {
    const data = (await callRoute(loader, await adminRequest("/app/program"))) as Awaited<ReturnType<typeof loader>>;
    expect(data.settings.baseRateMilli).toBe(DEFAULT_PROGRAM_SETTINGS.baseRateMilli);
    expect(data.rewards.map((r) => r.name)).toEqual(["$5 off your order", "10% off your order", "Free shipping"]);
    expect(data.members).toBe(0);
  });

  it("answers 400 with field errors for a negative rate, an empty tier name and overlapping thresholds, saving nothing", async () => {
    const settings = await settingsWith((s) => {
      s.baseRateMilli = -1;
      const [bronze, silver] = s.tierProgram.tiers;
      if (bronze && silver) {
        silver.name = " ";
        silver.threshold = bronze.threshold;
      }
    });
    const { status, body } = await post({ intent: "save", settings });
    expect(status).toBe(400);
    expect(body.ok).toBe(false);
    expect(Object.keys(body.fieldErrors ?? {})).toEqual(expect.arrayContaining(["baseRateMilli", "tierProgram.tiers.1.name"]));
    const after = await getShopProgram(prisma, TEST_SHOP);
    expect(after.settings.baseRateMilli).toBe(1000);
    expect(after.settings.tierProgram.tiers.map((t) => t.name)).toEqual(["Bronze", "Silver", "Gold"]);
  });

  it("saves the most points one order can earn, and refuses one below 1 point with the reason, saving nothing", async () => {
    const data = (await callRoute(loader, await adminRequest("/app/program"))) as Awaited<ReturnType<typeof loader>>;
    expect(data.settings.maxPointsPerOrder).toBe(100_000);

    const saved = await post({ intent: "save", settings: await settingsWith((s) => (s.maxPointsPerOrder = 250_000)) });
    expect(saved.status).toBe(200);
    expect((await getShopProgram(prisma, TEST_SHOP)).settings.maxPointsPerOrder).toBe(250_000);

    const { status, body } = await post({ intent: "save", settings: await settingsWith((s) => (s.maxPointsPerOrder = 0)) });
    expect(status).toBe(400);
    expect(body.fieldErrors).toEqual({ maxPointsPerOrder: "The most one order can earn must be at least 1 point (pause the program to stop earning)" });
    expect((await getShopProgram(prisma, TEST_SHOP)).settings.maxPointsPerOrder).toBe(250_000);
  });

  it("rejects overlapping tier thresholds with a field error", async () => {
    const settings = await settingsWith((s) => {
      const [, silver, gold] = s.tierProgram.tiers;
      if (silver && gold) gold.threshold = silver.threshold;
    });
    const { status, body } = await post({ intent: "save", settings });
    expect(status).toBe(400);
    expect(Object.keys(body.fieldErrors ?? {}).some((path) => path.startsWith("tierProgram.tiers"))).toBe(true);
  });

  it("answers 400 for settings that are not JSON and for an unknown intent", async () => {
    expect((await post({ intent: "save", settings: "{not json" })).status).toBe(400);
    expect((await post({ intent: "drop-tables" })).status).toBe(400);
  });

  it("saves valid settings", async () => {
    const settings = await settingsWith((s) => {
      s.baseRateMilli = 2500;
      s.productTypeRates = [{ productType: "Sunglasses", rateMilli: 5000 }];
      s.vestingDays = 14;
    });
    const { status, body } = await post({ intent: "save", settings });
    expect(status).toBe(200);
    expect(body.saved?.status).toBe("saved");
    const after = await getShopProgram(prisma, TEST_SHOP);
    expect(after.settings).toMatchObject({ baseRateMilli: 2500, vestingDays: 14, productTypeRates: [{ productType: "Sunglasses", rateMilli: 5000 }] });
  });

  it("shows who would move before a live tier change is saved, then moves them on confirmation", async () => {
    await payOrder("1001"); // 404 points: Bronze (Silver starts at 500)
    const settings = await settingsWith((s) => {
      const silver = s.tierProgram.tiers[1];
      if (silver) silver.threshold = 400;
    });
    const preview = await post({ intent: "save", settings });
    expect(preview.body.saved).toEqual({ status: "confirm_tier_change", moves: [{ from: "Bronze", to: "Silver", members: 1 }] });
    expect((await prisma.member.findFirstOrThrow()).tierId).toBe(`${TEST_SHOP}:bronze`);

    const confirmed = await post({ intent: "save", settings, confirm: "1" });
    expect(confirmed.body.saved?.status).toBe("saved");
    expect((await prisma.member.findFirstOrThrow()).tierId).toBe(`${TEST_SHOP}:silver`);
    expect(await prisma.outboxJob.count({ where: { kind: "resync-members" } })).toBe(1);
  });

  it("simulates proposed rules on real recent orders, with the cost at the shop's point value", async () => {
    await payOrder("1001");
    await payOrder("1002"); // 404 + 404 points at 1 pt/$
    const settings = await settingsWith((s) => {
      s.baseRateMilli = 2000;
    });
    const { status, body } = await post({ intent: "simulate", settings, days: "30" });
    expect(status).toBe(200);
    // 2 pts/$ on 404.95 eligible = 809 per order; Bronze ×1 (the tier each order was rated at).
    expect(body.simulation).toMatchObject({ orders: 2, currentPoints: 808, proposedPoints: 1618, deltaPoints: 810 });
    // The program's point value (a new shop's default): 1 cent a point.
    expect(body.simulation?.deltaCostMinor).toBe(810);
    expect(await prisma.program.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).toMatchObject({ baseRateMilli: 1000 });
  });

  it("refuses a simulation window outside 1–365 days", async () => {
    const { status, body } = await post({ intent: "simulate", settings: await settingsWith(() => undefined), days: "0" });
    expect(status).toBe(400);
    expect(body.fieldErrors).toHaveProperty("days");
  });

  it("pauses and relaunches the program", async () => {
    expect((await post({ intent: "status", status: "paused" })).status).toBe(200);
    expect((await getShopProgram(prisma, TEST_SHOP)).settings.status).toBe("paused");
    expect((await post({ intent: "status", status: "deleted" })).status).toBe(400);
  });
});

describe("rewards catalog", () => {
  it("adds a valid reward and refuses an invalid one with field errors", async () => {
    await getShopProgram(prisma, TEST_SHOP);
    const ok = await post({
      intent: "reward",
      reward: JSON.stringify({ name: "$10 off", kind: "fixed_amount", pointsCost: 900, amountMinor: 1000, minimumOrderMinor: null, expiryDays: 60, active: true }),
    });
    expect(ok.status).toBe(200);
    expect(await prisma.reward.count({ where: { shop: TEST_SHOP } })).toBe(4);

    const bad = await post({ intent: "reward", reward: JSON.stringify({ name: "", kind: "percentage", pointsCost: -5, expiryDays: 30 }) });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fieldErrors ?? {})).toEqual(expect.arrayContaining(["reward.name", "reward.pointsCost", "reward.percentBasisPoints"]));
    expect(await prisma.reward.count({ where: { shop: TEST_SHOP } })).toBe(4);
  });
});
