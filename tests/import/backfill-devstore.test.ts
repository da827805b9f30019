/**
 * The order backfill through the real outbox job against the dev store over real HTTP: the app's Admin API client,
 * the orders' bulk operation, its JSONL downloaded from the dev store. Past orders are placed in the dev store
 * without webhooks (they happened before the app); one order arrives by webhook too.
 */
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { cancelOrder, payOrder, placeOrder, refundOrder } from "../../devstore/commerce";
import { installOfflineSession, startTestDevStore } from "../support/devstore";

const { devstore, shop, origin, close } = await startTestDevStore();
afterAll(() => close());
const { launchProgramOf, prisma, resetDatabase } = await import("../support/database");
const { BACKFILL_ORDERS, confirmBackfill, getLatestBackfill, requestBackfill, runBackfill } = await import("~/loyalty/server/backfill.server");
const { createJobHandlers } = await import("~/loyalty/server/jobs.server");
const { runDueJobs } = await import("~/loyalty/server/outbox.server");
const { adminGraphqlForShop } = await import("~/shopify/admin-graphql.server");
const { withSafeNumbers } = await import("~/loyalty/safe-integer");
const { getShopProgram, saveProgramSettings } = await import("~/loyalty/server/program.server");

const DAY = 86_400_000;
const NOW = new Date();
const gid = (id: string) => `gid://shopify/Order/${id}`;

async function install(): Promise<void> {
  await installOfflineSession(prisma, { devstore, shop });
}

let clock = Date.now();
async function runJobs(until: (status: string) => boolean) {
  const handlers = createJobHandlers(prisma, adminGraphqlForShop);
  for (let round = 0; round < 20; round++) {
    clock += 5_000;
    const result = await runDueJobs(prisma, { [BACKFILL_ORDERS]: handlers[BACKFILL_ORDERS] as NonNullable<(typeof handlers)[string]> }, { now: new Date(clock), limit: 1_000_000 });
    const job = await prisma.outboxJob.findFirst({ where: { kind: BACKFILL_ORDERS }, orderBy: { createdAt: "desc" } });
    expect({ result, lastError: job?.lastError ?? null }).toMatchObject({ result: { dead: 0, retried: 0 }, lastError: null });
    const latest = await prisma.orderBackfill.findFirst({ where: { shop: shop.domain }, orderBy: { createdAt: "desc" } });
    if (latest && until(latest.status)) return latest;
  }
  throw new Error("The backfill job did not get there");
}

/** A past order in the dev store (no webhook): placed and paid `daysAgo` days ago. */
function pastOrder(customerId: string | null, daysAgo: number, items = 2) {
  const at = new Date(NOW.getTime() - daysAgo * DAY);
  const { order } = placeOrder(shop, { customerId, items }, at);
  payOrder(shop, order.id, at);
  return order;
}

async function event(input: Record<string, unknown>): Promise<{ order: { id: string } }> {
  const response = await fetch(`${origin}/devstore/api/shops/${shop.domain}/events`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { order: { id: string }; error?: string };
  if (!response.ok) throw new Error(body.error);
  return body;
}

async function entriesOf(orderId: string) {
  const rows = await prisma.ledgerEntry.findMany({ where: { shop: shop.domain, orderGid: gid(orderId) }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => withSafeNumbers(row)).map((e) => [e.type, e.points, e.idempotencyKey]);
}

async function ledgerSnapshot() {
  const rows = await prisma.ledgerEntry.findMany({ where: { shop: shop.domain }, orderBy: { idempotencyKey: "asc" } });
  return rows.map((row) => withSafeNumbers(row)).map((e) => `${e.type} ${e.points} ${e.idempotencyKey}`);
}

// The shop's past: placed once for the file (the dev store has no reset); each test resets the app's database.
shop.orders.clear();
const plain = pastOrder("1", 40);
const refunded = pastOrder("2", 30);
refundOrder(shop, refunded.id, { lines: [{ lineId: refunded.lines[0]?.id ?? "", quantity: 1 }] }, new Date(NOW.getTime() - 29 * DAY));
const cancelled = pastOrder("3", 20, 1);
cancelOrder(shop, cancelled.id, { refund: true }, new Date(NOW.getTime() - 19 * DAY));
const guest = pastOrder(null, 10);
const tooOld = pastOrder("4", 200);
const unpaid = placeOrder(shop, { customerId: "5", items: 1 }, new Date(NOW.getTime() - 5 * DAY)).order;
const repeat = pastOrder("1", 3, 1);

beforeEach(async () => {
  await resetDatabase();
  await install();
  await launchProgramOf(shop.domain);
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

const last90 = () => ({ mode: "award" as const, from: new Date(NOW.getTime() - 90 * DAY), to: new Date(NOW.getTime() + DAY) });

describe("backfill against the dev store", () => {
  it("previews, then awards each past order once with the webhooks' keys, applies refunds and cancellations, and a re-run writes nothing", async () => {
    // This order is delivered by webhook as well as found by the backfill.
    const delivered = (await event({ type: "order-paid", customer: "6", items: 1 })).order;
    const webhookEntries = await entriesOf(delivered.id);
    expect(webhookEntries.map(([type]) => type)).toEqual(["earn"]);

    const { backfill, created } = await requestBackfill(prisma, { shop: shop.domain, request: last90(), actor: null, now: new Date(clock) });
    expect(created).toBe(true);
    expect(backfill.status).toBe("queued");
    const previewed = await runJobs((s) => s === "previewed");
    expect(await prisma.ledgerEntry.count({ where: { shop: shop.domain } })).toBe(1); // the preview wrote nothing
    // In range: plain, refunded, cancelled, guest, unpaid, repeat, delivered (not tooOld); eligible: paid with a customer.
    expect(previewed).toMatchObject({ ordersFound: 7, ordersEligible: 5 });

    await confirmBackfill(prisma, { shop: shop.domain, backfillId: previewed.id, now: new Date(clock) });
    const done = await runJobs((s) => s === "done");
    expect(done).toMatchObject({ ordersDone: 5, ordersAwarded: 4, refundsRecorded: 2 });

    expect(await entriesOf(delivered.id)).toEqual(webhookEntries); // one earn, as the webhook wrote it
    expect((await entriesOf(plain.id)).map(([type, , key]) => [type, key])).toEqual([["earn", `earn:${gid(plain.id)}`]]);
    const refundedEntries = await entriesOf(refunded.id);
    expect(refundedEntries.map(([type]) => type)).toEqual(["earn", "clawback"]);
    expect(refundedEntries[1]?.[2]).toMatch(new RegExp(`^clawback:${gid(refunded.id)}:`));
    const cancelledEntries = await entriesOf(cancelled.id);
    expect(cancelledEntries.map(([type]) => type)).toEqual(["earn", "clawback"]);
    expect(cancelledEntries[1]?.[1]).toBe(-Number(cancelledEntries[0]?.[1])); // all of it back (entries are signed)
    expect(await entriesOf(tooOld.id)).toEqual([]);
    expect(await entriesOf(unpaid.id)).toEqual([]);
    expect(await prisma.orderRecord.findUnique({ where: { shop_orderGid: { shop: shop.domain, orderGid: gid(guest.id) } } })).toMatchObject({ status: "no_customer" });
    expect((await entriesOf(repeat.id)).map(([type]) => type)).toEqual(["earn"]);

    // The preview's net points are what was written for the orders the webhooks had not awarded.
    const written = await prisma.ledgerEntry.findMany({ where: { shop: shop.domain, NOT: { orderGid: gid(delivered.id) } } });
    const net = written.reduce((total, e) => total + Number(e.points), 0);
    expect(Number(previewed.previewPoints)).toBe(net);
    const member = withSafeNumbers(await prisma.member.findFirstOrThrow({ where: { shop: shop.domain, customerGid: "gid://shopify/Customer/1" } }));
    expect(member.balance).toBe(Number((await entriesOf(plain.id))[0]?.[1]) + Number((await entriesOf(repeat.id))[0]?.[1]));

    // Run again: the preview finds nothing left to award, and writing it changes nothing.
    const before = await ledgerSnapshot();
    const again = await requestBackfill(prisma, { shop: shop.domain, request: last90(), actor: null, now: new Date(clock) });
    expect(again.created).toBe(true);
    const previewedAgain = await runJobs((s) => s === "previewed");
    expect(Number(previewedAgain.previewPoints)).toBe(0);
    await confirmBackfill(prisma, { shop: shop.domain, backfillId: previewedAgain.id, now: new Date(clock) });
    expect(await runJobs((s) => s === "done")).toMatchObject({ ordersDone: 5, ordersAwarded: 0 });
    expect(await ledgerSnapshot()).toEqual(before);
  });

  it("resumes after a crash from the last committed chunk, and still awards each order once", async () => {
    const { backfill } = await requestBackfill(prisma, { shop: shop.domain, request: last90(), actor: null, now: new Date(clock) });
    await runJobs((s) => s === "previewed");
    await confirmBackfill(prisma, { shop: shop.domain, backfillId: backfill.id, now: new Date(clock) });
    const admin = await adminGraphqlForShop(shop.domain);
    await expect(
      runBackfill(prisma, admin, backfill.id, new Date(clock), {
        chunkOrders: 2,
        afterChunk: () => {
          throw new Error("crash");
        },
      }),
    ).rejects.toThrow("crash");
    const crashed = await prisma.orderBackfill.findUniqueOrThrow({ where: { id: backfill.id } });
    expect(crashed.status).toBe("writing");
    expect(crashed.linesDone).toBeGreaterThan(0);
    expect(crashed.ordersDone).toBe(2);

    await runBackfill(prisma, admin, backfill.id, new Date(clock), { chunkOrders: 2 });
    const done = await prisma.orderBackfill.findUniqueOrThrow({ where: { id: backfill.id } });
    expect(done).toMatchObject({ status: "done", ordersDone: 5, ordersAwarded: 5 });
    expect(await prisma.ledgerEntry.count({ where: { shop: shop.domain, type: "earn" } })).toBe(5);
  });

  it("writes a chunk or more per step when a step's time is up, queueing the next step, until done", async () => {
    const { backfill } = await requestBackfill(prisma, { shop: shop.domain, request: last90(), actor: null, now: new Date(clock) });
    await runJobs((s) => s === "previewed");
    await confirmBackfill(prisma, { shop: shop.domain, backfillId: backfill.id, now: new Date(clock) });
    const admin = await adminGraphqlForShop(shop.domain);
    const cursors: number[] = [];
    for (let step = 0; step < 10; step++) {
      await runBackfill(prisma, admin, backfill.id, new Date(clock), { chunkOrders: 2, stepMs: 0 });
      const row = await prisma.orderBackfill.findUniqueOrThrow({ where: { id: backfill.id } });
      cursors.push(row.linesDone);
      if (row.status === "done") break;
      // Each step that stopped early queued the next one, due now.
      expect(await prisma.outboxJob.findUnique({ where: { kind_dedupeKey: { kind: BACKFILL_ORDERS, dedupeKey: backfill.id } } })).toMatchObject({ doneAt: null });
    }
    // 7 orders, 2 per chunk: three steps of one chunk each, then the last order and done.
    expect(cursors.length).toBe(4);
    expect([...cursors].sort((a, b) => a - b)).toEqual(cursors);
    expect(await prisma.orderBackfill.findUniqueOrThrow({ where: { id: backfill.id } })).toMatchObject({ status: "done", ordersDone: 5, ordersAwarded: 5 });
    expect(await prisma.ledgerEntry.count({ where: { shop: shop.domain, type: "earn" } })).toBe(5);
  });

  it("history only: records the orders and refunds for reports, with no points and no new members", async () => {
    const { backfill } = await requestBackfill(prisma, { shop: shop.domain, request: { ...last90(), mode: "history" }, actor: null, now: new Date(clock) });
    const previewed = await runJobs((s) => s === "previewed");
    expect(previewed).toMatchObject({ ordersEligible: 5, previewPoints: 0n });
    await confirmBackfill(prisma, { shop: shop.domain, backfillId: backfill.id, now: new Date(clock) });
    expect(await runJobs((s) => s === "done")).toMatchObject({ ordersDone: 5, ordersAwarded: 0, refundsRecorded: 2 });
    expect(await prisma.ledgerEntry.count({ where: { shop: shop.domain } })).toBe(0);
    expect(await prisma.member.count({ where: { shop: shop.domain } })).toBe(0);
    const records = await prisma.orderRecord.findMany({ where: { shop: shop.domain }, orderBy: { orderGid: "asc" } });
    expect(records.map((r) => r.status).sort()).toEqual(["history", "history", "history", "history", "history", "no_customer"]);
    expect(records.find((r) => r.orderGid === gid(cancelled.id))?.cancelledAt).not.toBeNull();
    expect(await prisma.orderRollup.count({ where: { shop: shop.domain } })).toBeGreaterThan(0);

    // Run twice: nothing new.
    const before = await prisma.orderRecord.count();
    await requestBackfill(prisma, { shop: shop.domain, request: { ...last90(), mode: "history" }, actor: null, now: new Date(clock) });
    const second = await runJobs((s) => s === "previewed");
    await confirmBackfill(prisma, { shop: shop.domain, backfillId: second.id, now: new Date(clock) });
    expect(await runJobs((s) => s === "done")).toMatchObject({ refundsRecorded: 0 });
    expect(await prisma.orderRecord.count()).toBe(before);
  });

  it("awards after a history-only run: refunds it recorded are clawed back at the award, and the preview's net is what is written", async () => {
    await requestBackfill(prisma, { shop: shop.domain, request: { ...last90(), mode: "history" }, actor: null, now: new Date(clock) });
    const history = await runJobs((s) => s === "previewed");
    await confirmBackfill(prisma, { shop: shop.domain, backfillId: history.id, now: new Date(clock) });
    await runJobs((s) => s === "done");

    await requestBackfill(prisma, { shop: shop.domain, request: last90(), actor: null, now: new Date(clock) });
    const previewed = await runJobs((s) => s === "previewed");
    await confirmBackfill(prisma, { shop: shop.domain, backfillId: previewed.id, now: new Date(clock) });
    // The refunds were recorded by the history run: none is recorded again, yet each is applied. (The dev store keeps
    // the orders earlier tests placed, so the count is the preview's.)
    expect(await runJobs((s) => s === "done")).toMatchObject({ ordersAwarded: previewed.ordersEligible, refundsRecorded: 0 });
    expect((await entriesOf(refunded.id)).map(([type]) => type)).toEqual(["earn", "clawback"]);
    const cancelledEntries = await entriesOf(cancelled.id);
    expect(cancelledEntries.map(([type]) => type)).toEqual(["earn", "clawback"]);
    expect(cancelledEntries[1]?.[1]).toBe(-Number(cancelledEntries[0]?.[1]));
    const net = (await prisma.ledgerEntry.findMany({ where: { shop: shop.domain } })).reduce((total, e) => total + Number(e.points), 0);
    expect(Number(previewed.previewPoints)).toBe(net);
  });

  it("starts a new bulk operation when the result file has expired between the preview and the confirmation", async () => {
    const { backfill } = await requestBackfill(prisma, { shop: shop.domain, request: last90(), actor: null, now: new Date(clock) });
    const previewed = await runJobs((s) => s === "previewed");
    shop.endpoint.bulk.expire(previewed.bulkOperationId ?? "");
    await confirmBackfill(prisma, { shop: shop.domain, backfillId: backfill.id, now: new Date(clock) });
    const done = await runJobs((s) => s === "done");
    expect(done.bulkOperationId).not.toBe(previewed.bulkOperationId);
    expect(done).toMatchObject({ ordersDone: 5, ordersAwarded: 5 });
    expect(await prisma.ledgerEntry.count({ where: { shop: shop.domain, type: "earn" } })).toBe(5);
  });

  it("counts apart, in the preview, the points of orders older than the program's expiry; their entries expire as written", async () => {
    const { settings } = await getShopProgram(prisma, shop.domain);
    await prisma.$transaction((tx) => saveProgramSettings(tx, shop.domain, { ...settings, expiryDays: 25 }));
    const { backfill } = await requestBackfill(prisma, { shop: shop.domain, request: last90(), actor: null, now: new Date(clock) });
    const previewed = await runJobs((s) => s === "previewed");
    await confirmBackfill(prisma, { shop: shop.domain, backfillId: backfill.id, now: new Date(clock) });
    await runJobs((s) => s === "done");
    // plain (40 days) and refunded (30 days) are past 25 days; cancelled (20 days) and repeat (3 days) are not.
    const old = await prisma.ledgerEntry.findMany({ where: { shop: shop.domain, orderGid: { in: [gid(plain.id), gid(refunded.id)] } } });
    expect(Number(previewed.previewExpired)).toBe(old.reduce((total, e) => total + Number(e.points), 0));
    expect(Number(previewed.previewExpired)).toBeGreaterThan(0);
    const earns = old.filter((e) => e.type === "earn");
    expect(earns.every((e) => e.expiresAt !== null && e.expiresAt.getTime() < Date.now())).toBe(true);
  });

  it("reports a failed bulk operation; a new backfill can then run", async () => {
    shop.endpoint.bulk.failNext("INTERNAL_SERVER_ERROR");
    await requestBackfill(prisma, { shop: shop.domain, request: last90(), actor: null, now: new Date(clock) });
    const failed = await runJobs((s) => s === "failed");
    expect(failed.error).toMatch(/failed \(INTERNAL_SERVER_ERROR\): start the backfill again/);
    expect(await getLatestBackfill(prisma, shop.domain, new Date(clock))).toMatchObject({ status: "failed" });

    const { created } = await requestBackfill(prisma, { shop: shop.domain, request: last90(), actor: null, now: new Date(clock) });
    expect(created).toBe(true);
    expect(await runJobs((s) => s === "previewed")).toMatchObject({ ordersEligible: 5 });
  });
});
