/**
 * Points expiry end to end: a paid order (Shopify's example, through the real webhook route) earns points that
 * expire after the shop's expiry period; the outbox job due at that date records them as expired once, syncs the
 * storefront, and never expires points that were spent.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_PROGRAM_SETTINGS } from "~/loyalty/program";
import { expireMemberPoints } from "~/loyalty/server/expiry.server";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { appendEntries, lockMemberById } from "~/loyalty/server/ledger.server";
import { transactionWithRollups } from "~/loyalty/server/rollups.server";
import { EXPIRE_POINTS, runDueJobs } from "~/loyalty/server/outbox.server";
import { getShopProgram, saveProgramSettings } from "~/loyalty/server/program.server";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

startFakeAdminApi();
const handlers = createJobHandlers(prisma, adminGraphqlForShop);
const DAY_MS = 24 * 60 * 60 * 1000;

/** The earn's expiry date, which the shop's setting makes non-null here. */
function expiryOf(entry: { expiresAt: Date | null }): number {
  if (!entry.expiresAt) throw new Error("the earn has no expiry date");
  return entry.expiresAt.getTime();
}

async function payOrder(orderId: string) {
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.id = exactId(orderId);
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  const response = await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)));
  expect(response.status).toBe(200);
}

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  await prisma.$transaction((tx) => saveProgramSettings(tx, TEST_SHOP, { ...structuredClone(DEFAULT_PROGRAM_SETTINGS), expiryDays: 30 }));
});

describe("points expiry", () => {
  it("schedules the earn's expiry and records the unspent points as expired once, at the date", async () => {
    await payOrder("1001");
    const earn = await prisma.ledgerEntry.findFirstOrThrow({ where: { type: "earn" } });
    expect(earn.expiresAt).not.toBeNull();
    const job = await prisma.outboxJob.findFirstOrThrow({ where: { kind: EXPIRE_POINTS } });
    expect(job.runAfter.getTime()).toBe(expiryOf(earn));

    // Before the date: the job is not due, nothing expires.
    await runDueJobs(prisma, handlers, { now: new Date(expiryOf(earn) - 1000) });
    expect(await prisma.ledgerEntry.count({ where: { type: "expire" } })).toBe(0);

    const after = new Date(expiryOf(earn) + 1000);
    await runDueJobs(prisma, handlers, { now: after });
    const expired = await prisma.ledgerEntry.findFirstOrThrow({ where: { type: "expire" } });
    expect(expired.points).toBe(-earn.points);
    expect(expired.reversesId).toBe(earn.id);
    expect(expired.explanation).toMatch(/expired: earned \d{4}-\d{2}-\d{2}, unused by \d{4}-\d{2}-\d{2}/);
    const member = await prisma.member.findUniqueOrThrow({ where: { id: earn.memberId } });
    expect(member.balance).toBe(0n);
    expect(member.lifetimeEarned).toBe(earn.points); // expiry does not rewrite what was earned

    // The job again (a retry), or a direct call: nothing more.
    expect(await expireMemberPoints(prisma, earn.memberId, new Date(after.getTime() + DAY_MS))).toBe(0);
    expect(await prisma.ledgerEntry.count({ where: { type: "expire" } })).toBe(1);
    // The storefront is told about the new balance.
    const sync = await prisma.outboxJob.findFirstOrThrow({ where: { kind: "sync-metafields", dedupeKey: earn.memberId } });
    expect(sync.runAfter.getTime()).toBeLessThanOrEqual(after.getTime());
  });

  it("never expires points that were spent: only what is left of the lot", async () => {
    await payOrder("1002");
    const earn = await prisma.ledgerEntry.findFirstOrThrow({ where: { type: "earn" } });
    const program = await getShopProgram(prisma, TEST_SHOP);
    await transactionWithRollups(prisma, async (tx) => {
      const member = await lockMemberById(tx, earn.memberId);
      await appendEntries(tx, member, [{ type: "manual_debit", points: 100, idempotencyKey: "test:debit", explanation: "test", actor: "t", note: "n" }], {
        now: new Date(),
        program,
      });
    });
    const expiredPoints = await expireMemberPoints(prisma, earn.memberId, new Date(expiryOf(earn) + 1));
    expect(expiredPoints).toBe(Number(earn.points) - 100);
    const member = await prisma.member.findUniqueOrThrow({ where: { id: earn.memberId } });
    expect(member.balance).toBe(0n);
  });

  it("keeps points without an expiry date (no expiry set) forever", async () => {
    await prisma.$transaction((tx) => saveProgramSettings(tx, TEST_SHOP, structuredClone(DEFAULT_PROGRAM_SETTINGS)));
    await payOrder("1003");
    const earn = await prisma.ledgerEntry.findFirstOrThrow({ where: { type: "earn" } });
    expect(earn.expiresAt).toBeNull();
    expect(await prisma.outboxJob.count({ where: { kind: EXPIRE_POINTS } })).toBe(0);
    expect(await expireMemberPoints(prisma, earn.memberId, new Date(Date.now() + 10_000 * DAY_MS))).toBe(0);
  });
});
