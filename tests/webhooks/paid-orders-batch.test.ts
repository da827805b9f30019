/**
 * The set-based award (paid-orders-batch.server.ts) against the per-event path it replaces on the hot path
 * (`recordOrderPaid`, one transaction per order): the same deliveries, in the same order, from the same starting
 * ledger, must leave the same ledger, members, orders and outbox jobs. Runs on SQLite and on PostgreSQL.
 *
 * Each scenario starts from a history written one order at a time (older orders, some at the edge of a rolling
 * tier window), then sends a batch spread over hours: several orders per member (the tier a member reaches
 * applies to their next order in the same batch), guests, second deliveries of one order, orders already
 * awarded, and orders of a shop whose program is paused.
 *
 * The report rollups (docs/decisions/015-daily-rollups.md) are part of what is compared: each shop's rollups are
 * built empty before its history (one shop's days in a zone other than UTC), so after the batch they must also be
 * exactly what the ledger and orders give (no drift).
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { PaidOrder } from "~/loyalty/events";
import { DEFAULT_PROGRAM_SETTINGS } from "~/loyalty/program";
import type { ProgramSettings } from "~/loyalty/program";
import { recordOrderPaid } from "~/loyalty/server/orders.server";
import { awardPaidOrders, type PaidDelivery } from "~/loyalty/server/paid-orders-batch.server";
import { saveProgramSettings } from "~/loyalty/server/program.server";
import { rebuildShopRollups } from "~/loyalty/server/rollups.server";
import { mapPaidOrder, parseWebhookBody } from "~/shopify/webhook-payloads";
import { forgetProgramFactsSync, prisma, resetDatabase } from "../support/database";
import { expectNoDrift, rollupRows } from "../support/rollups";
import { exactId, toRawJson, webhookExample } from "../support/webhooks";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SHOPS = ["batch-a.myshopify.com", "batch-b.myshopify.com"];
const PAUSED_SHOP = "batch-paused.myshopify.com";
const ALL_SHOPS = [...SHOPS, PAUSED_SHOP];
const DAY = 24 * 60 * 60 * 1000;
const BATCH_START = new Date("2026-12-05T08:00:00.000Z");

beforeEach(resetDatabase);

/** A small deterministic generator: the same scenario on both paths and on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function order(n: number, customer: number | null, scale: number): PaidOrder {
  const payload = webhookExample<Json>("orders/paid");
  payload.id = exactId(`7700${n}`);
  payload.admin_graphql_api_id = `gid://shopify/Order/7700${n}`;
  payload.discount_codes = [];
  if (customer === null) payload.customer = null;
  else {
    payload.customer.id = exactId(`8800${customer}`);
    payload.customer.admin_graphql_api_id = `gid://shopify/Customer/8800${customer}`;
    payload.customer.email = `c${customer}@example.com`;
  }
  for (const line of payload.line_items) {
    if (line.product_id) line.product_id = exactId("788032119674292922");
    const price = (Number(line.price) * scale).toFixed(2);
    line.price = price;
    line.price_set.shop_money.amount = price;
    line.price_set.presentment_money.amount = price;
  }
  return mapPaidOrder(parseWebhookBody(toRawJson(payload)));
}

interface Scenario {
  history: PaidDelivery<number>[];
  batch: PaidDelivery<number>[];
}

function scenario(seed: number): Scenario {
  const next = random(seed);
  const pick = <T,>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  const delivery = (key: number, shop: string, paid: PaidOrder, now: Date): PaidDelivery<number> => ({ key, shop, order: paid, now });
  const history: PaidDelivery<number>[] = [];
  for (let n = 1; n <= 30; n++) {
    // Up to 400 days back, with a few right at a rolling 12-month window's edge as seen from the batch's hours.
    const daysBack = n % 7 === 0 ? 365 : Math.floor(next() * 400);
    const now = new Date(BATCH_START.getTime() - daysBack * DAY + Math.floor(next() * 6) * 60 * 60 * 1000);
    history.push(delivery(n, pick(SHOPS), order(n, Math.floor(next() * 8), 0.2 + next()), now));
  }
  const batch: PaidDelivery<number>[] = [];
  for (let n = 100; n < 160; n++) {
    const now = new Date(BATCH_START.getTime() + (n - 100) * 7 * 60 * 1000);
    const roll = next();
    if (roll < 0.08 && batch.length > 0) {
      const again = pick(batch);
      batch.push({ ...again, key: n, now }); // a second delivery of an order in the batch
    } else if (roll < 0.14) {
      const again = pick(history);
      batch.push({ ...again, key: n, now }); // an order already awarded
    } else if (roll < 0.22) batch.push(delivery(n, pick(SHOPS), order(n, null, 1), now));
    else if (roll < 0.27) batch.push(delivery(n, PAUSED_SHOP, order(n, Math.floor(next() * 8), 1), now));
    else batch.push(delivery(n, pick(SHOPS), order(n, Math.floor(next() * 10), 0.2 + next() * 3), now));
  }
  return { history, batch };
}

/** The shop's copy of the settings: tier ids are global, so each shop gets its own. */
function settingsOf(shop: string, settings: ProgramSettings): ProgramSettings {
  const tiers = settings.tierProgram.tiers.map((tier) => ({ ...tier, id: `${shop}:${tier.id}` }));
  return { ...settings, tierProgram: { ...settings.tierProgram, tiers } };
}

async function setUp(settings: ProgramSettings, history: readonly PaidDelivery<number>[]): Promise<void> {
  for (const shop of SHOPS) await prisma.$transaction((tx) => saveProgramSettings(tx, shop, settingsOf(shop, settings)));
  await prisma.$transaction((tx) => saveProgramSettings(tx, PAUSED_SHOP, { ...settingsOf(PAUSED_SHOP, settings), status: "paused" }));
  // Days that start at 18:15 UTC: the batch's hours straddle two of them.
  await prisma.program.update({ where: { shop: SHOPS[1] }, data: { timezone: "Asia/Kathmandu" } });
  // The saves' storefront copy of each program is queued at the wall clock's time: not what either path writes.
  for (const shop of ALL_SHOPS) await forgetProgramFactsSync(shop);
  for (const shop of ALL_SHOPS) await rebuildShopRollups(prisma, shop, BATCH_START);
  for (const d of history) await recordOrderPaid(prisma, d.shop, d.order, d.now);
}

/** Everything the award writes, with generated ids replaced by what they stand for. */
async function snapshot() {
  const members = await prisma.member.findMany({ orderBy: [{ shop: "asc" }, { customerGid: "asc" }] });
  const memberOf = new Map(members.map((m) => [m.id, `${m.shop}|${m.customerGid}`]));
  const entries = await prisma.ledgerEntry.findMany({ orderBy: [{ shop: "asc" }, { idempotencyKey: "asc" }] });
  const entryOf = new Map(entries.map((e) => [e.id, `${e.shop}|${e.idempotencyKey}`]));
  const rename = (text: string) => text.replace(/c[0-9a-z]{24}/g, (id) => memberOf.get(id) ?? entryOf.get(id) ?? id);
  const orders = await prisma.orderRecord.findMany({ orderBy: [{ shop: "asc" }, { orderGid: "asc" }] });
  const jobs = await prisma.outboxJob.findMany();
  const programs = await prisma.program.findMany({ orderBy: { shop: "asc" }, select: { shop: true, currency: true } });
  const rollups: Record<string, Awaited<ReturnType<typeof rollupRows>>> = {};
  for (const shop of ALL_SHOPS) rollups[shop] = await rollupRows(shop);
  return {
    members: members.map(({ id: _id, createdAt: _c, updatedAt: _u, ...m }) => m),
    entries: entries.map(({ id: _id, memberId, ...e }) => ({ ...e, member: memberOf.get(memberId) })),
    orders: orders.map(({ id: _id, createdAt: _c, updatedAt: _u, ...o }) => o),
    // generation counts enqueues (one per order one at a time, one per batch): it only tells a running job that it
    // was queued again, so it is left out.
    jobs: jobs
      .map(({ shop, kind, dedupeKey, payload, runAfter, doneAt, attempts }) => ({
        shop,
        kind,
        dedupeKey: rename(dedupeKey),
        payload: rename(payload),
        runAfter,
        doneAt,
        attempts,
      }))
      .sort((a, b) => (`${a.kind}|${a.dedupeKey}` < `${b.kind}|${b.dedupeKey}` ? -1 : 1)),
    programs,
    rollups,
  };
}

async function oneByOne(batch: readonly PaidDelivery<number>[]) {
  const outcomes = new Map<number, string>();
  for (const d of batch) outcomes.set(d.key, (await recordOrderPaid(prisma, d.shop, d.order, d.now)).message);
  return outcomes;
}

async function inOneBatch(batch: readonly PaidDelivery<number>[]) {
  let completed = new Map<number, string>();
  const { outcomes, rest } = await awardPaidOrders(prisma, batch, async (_tx, done) => {
    completed = new Map([...done].map(([key, outcome]) => [key, outcome.message]));
  });
  expect(completed.size).toBe(outcomes.size);
  for (const d of rest) completed.set(d.key, (await recordOrderPaid(prisma, d.shop, d.order, d.now)).message);
  return { outcomes: completed, batched: outcomes.size };
}

const variants: [string, ProgramSettings][] = [
  ["default (points tiers, lifetime)", DEFAULT_PROGRAM_SETTINGS],
  [
    "rolling 12-month points tiers, vesting and expiry",
    { ...DEFAULT_PROGRAM_SETTINGS, vestingDays: 14, expiryDays: 365, tierProgram: { ...DEFAULT_PROGRAM_SETTINGS.tierProgram, window: "rolling12Months" } },
  ],
  [
    "calendar-year spend tiers, shipping counted, capped awards",
    {
      ...DEFAULT_PROGRAM_SETTINGS,
      includeShipping: true,
      maxPointsPerOrder: 600,
      tierProgram: {
        basis: "spend",
        window: "calendarYear",
        tiers: [
          { id: "base", name: "Base", threshold: 0, multiplierMilli: 1000 },
          { id: "plus", name: "Plus", threshold: 50_000, multiplierMilli: 2000 },
        ],
      },
    },
  ],
  ["no tiers", { ...DEFAULT_PROGRAM_SETTINGS, tierProgram: { ...DEFAULT_PROGRAM_SETTINGS.tierProgram, tiers: [] } }],
];

describe("the set-based award", () => {
  it.each(variants.flatMap(([name, settings]) => [1, 2].map((seed) => [`${name}, seed ${seed}`, settings, seed] as const)))(
    "ends where one transaction per order ends: %s",
    async (_name, settings, seed) => {
      const { history, batch } = scenario(seed);
      await setUp(settings, history);
      const expectedOutcomes = await oneByOne(batch);
      const expected = await snapshot();
      await resetDatabase();

      await setUp(settings, history);
      const { outcomes, batched } = await inOneBatch(batch);
      const actual = await snapshot();

      expect(batched).toBeGreaterThan(batch.length / 2); // most of it really went through the set-based path
      expect(actual.entries.length).toBeGreaterThan(history.length);
      const tiered = settings.tierProgram.tiers.length > 0;
      // The scenario reaches the interesting cases: members moving up a tier, and multipliers above 1.
      expect(new Set(actual.members.map((m) => m.tierId)).size).toBeGreaterThan(tiered ? 1 : 0);
      if (tiered) expect(actual.entries.some((e) => e.createdAt >= BATCH_START && !e.explanation.includes("×1 "))).toBe(true);
      // The rollups saw the batch: earns on its days (entries are dated by delivery), guests' and members' orders.
      for (const shop of SHOPS) {
        const rows = actual.rollups[shop];
        expect(rows?.ledger.some((row) => row.type === "earn" && row.day >= "2026-12-05")).toBe(true);
        expect(new Set(rows?.orderDays.map((row) => row.segment))).toEqual(new Set(["guest", "member"]));
      }
      expect(actual).toEqual(expected);
      expect(outcomes).toEqual(expectedOutcomes);
      for (const shop of ALL_SHOPS) await expectNoDrift(shop, `${shop} after the batch`);
    },
  );

  it("writes nothing when it fails, so each delivery can be processed again", async () => {
    const { history, batch } = scenario(3);
    await setUp(DEFAULT_PROGRAM_SETTINGS, history);
    const before = await snapshot();
    await expect(
      awardPaidOrders(prisma, batch, async () => {
        throw new Error("the inbox could not be updated");
      }),
    ).rejects.toThrow("the inbox could not be updated");
    expect(await snapshot()).toEqual(before);
  });
});
