/**
 * The report rollups kept by the writers (app/loyalty/server/rollups.server.ts), on a real database (SQLite here,
 * PostgreSQL under `npm run test:postgres`): every kind of ledger entry and every order event through the real
 * services (the inbox's set-based award among them) moves them to exactly what the ledger and orders give (verify finds no drift after each step), a
 * rebuild writes the same rows, verify reports a tampered row (the command exits 1), and a time zone change
 * rebuilds the shop's days.
 */
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { kyselyOf } from "~/db/kysely.server";
import type { PaidOrder } from "~/loyalty/events";
import { staffActor } from "~/loyalty/adjustments";
import { recordManualAdjustment } from "~/loyalty/server/adjustments.server";
import { expireMemberPoints } from "~/loyalty/server/expiry.server";
import { recordCustomerCreated } from "~/loyalty/server/members.server";
import { recordOrderCancelled, recordOrderPaid, recordRefund } from "~/loyalty/server/orders.server";
import { awardPaidOrders } from "~/loyalty/server/paid-orders-batch.server";
import { redactCustomer } from "~/loyalty/server/privacy.server";
import { getShopProgram, saveProgramSettings } from "~/loyalty/server/program.server";
import { expireRedemption, redeemReward } from "~/loyalty/server/redemptions.server";
import { loadReportContext } from "~/loyalty/server/reports.server";
import { rebuildShopRollups } from "~/loyalty/server/rollups.server";
import { verifyShopRollups } from "~/loyalty/server/rollups-source.server";
import { recordShopSettings } from "~/loyalty/server/shop-settings.server";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_SHOP } from "../support/test-env";
import { expectNoDrift, rollupRows } from "../support/rollups";

const SHOP = TEST_SHOP;
const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse("2026-03-07T15:00:00Z");
const fake = startFakeAdminApi();

const customerGid = (n: number) => `gid://shopify/Customer/${n}`;
const orderGid = (n: number) => `gid://shopify/Order/${n}`;
const profile = (n: number) => ({ customerGid: customerGid(n), displayName: `Customer ${n}`, email: `c${n}@example.com` });

/** An order of two $`dollars`/2 lines (1 point a dollar at the default rate). */
function paidOrder(n: number, customer: number | null, dollars: number, paidAt: Date): PaidOrder {
  const line = (i: number) => ({
    lineGid: `gid://shopify/LineItem/${n * 10 + i}`,
    productGid: null,
    title: `Item ${i}`,
    quantity: 1,
    amountMinor: dollars * 50,
    taxMinor: 0,
    productType: null,
    collectionGids: [],
    giftCard: false,
  });
  return {
    orderGid: orderGid(n),
    customer: customer === null ? null : profile(customer),
    paidAt,
    discountCodes: [],
    totalMinor: dollars * 100 + 7,
    earnOrder: { orderGid: orderGid(n), currency: "USD", lines: [line(0), line(1)], shippingMinor: 0, shippingTaxMinor: 0 },
  };
}

async function setUpShop(timezone: string, settings: { signupBonusPoints?: number; expiryDays?: number | null; returnExpiredCodes?: boolean } = {}) {
  const program = await getShopProgram(prisma, SHOP);
  await prisma.$transaction((tx) => saveProgramSettings(tx, SHOP, { ...program.settings, ...settings }));
  // As at install: the shop's settings arrive, the (empty) rollups are built in its zone.
  await recordShopSettings(prisma, SHOP, { currency: "USD", timezone }, new Date(T0));
}

async function setStatus(status: "live" | "paused") {
  const program = await getShopProgram(prisma, SHOP);
  await prisma.$transaction((tx) => saveProgramSettings(tx, SHOP, { ...program.settings, status }));
}

const at = (days: number) => new Date(T0 + days * DAY);

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("rollups kept by every writer", () => {
  it("follow every kind of entry and order event, and a rebuild writes the same rows", async () => {
    await storeOfflineSession(SHOP);
    fake.state.addCustomer({ id: customerGid(1) });
    await setUpShop("America/New_York", { signupBonusPoints: 50, expiryDays: 30, returnExpiredCodes: true });
    const step = async (name: string, work: () => Promise<unknown>) => {
      await work();
      await expectNoDrift(SHOP, name);
    };

    await step("signup bonus", () => recordCustomerCreated(prisma, SHOP, profile(1), at(0)));
    await step("earn", () => recordOrderPaid(prisma, SHOP, paidOrder(1, 1, 1000, at(1)), at(1)));
    await step("second earn", () => recordOrderPaid(prisma, SHOP, paidOrder(2, 1, 300, at(2)), at(2)));
    await step("guest order", () => recordOrderPaid(prisma, SHOP, paidOrder(3, null, 80, at(2)), at(2)));
    await step("a batch through the set-based award (the inbox's path): a member's order, a new member's, a guest's", async () => {
      const orders = [paidOrder(6, 1, 20, at(3)), paidOrder(7, 3, 45, at(3)), paidOrder(8, null, 15, at(3))];
      const { outcomes, rest } = await awardPaidOrders(prisma, orders.map((order, key) => ({ key, shop: SHOP, order, now: at(3) })), async () => undefined);
      expect([rest.length, outcomes.size]).toEqual([0, 3]);
    });
    await setStatus("paused");
    await step("order of a customer who is not a member", () => recordOrderPaid(prisma, SHOP, paidOrder(4, 2, 60, at(3)), at(3)));
    await setStatus("live");
    await step("refund: partial clawback", () =>
      recordRefund(prisma, SHOP, { refundGid: "gid://shopify/Refund/1", orderGid: orderGid(1), createdAt: at(4), lines: [{ lineGid: "gid://shopify/LineItem/10", quantity: 1 }] }, at(4)),
    );
    await step("cancellation: full clawback, order out of the revenue", () => recordOrderCancelled(prisma, SHOP, { orderGid: orderGid(2), cancelledAt: at(5) }, at(5)));
    const fiveOff = await prisma.reward.findFirstOrThrow({ where: { shop: SHOP, name: "$5 off your order" } });
    let redemptionId = "";
    await step("redeem", async () => {
      const { redemption } = await redeemReward(prisma, adminGraphqlForShop, { shop: SHOP, customerGid: customerGid(1), rewardId: fiveOff.id, clientKey: "redeem-1", now: at(6) });
      redemptionId = redemption.id;
    });
    await step("redeem rollback: the code expired unused", () => expireRedemption(prisma, redemptionId, at(40)));
    const member = await prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerGid: customerGid(1) } });
    const adjust = (direction: "credit" | "debit", points: number, clientKey: string, day: number) =>
      recordManualAdjustment(prisma, { shop: SHOP, memberId: member.id, actor: staffActor("1"), now: at(day), direction, points, note: "goodwill", clientKey });
    await step("manual credit", () => adjust("credit", 25, "adjust-credit-1", 7));
    await step("manual debit", () => adjust("debit", 10, "adjust-debit-1", 8));
    await step("expiry", () => expireMemberPoints(prisma, member.id, at(45)));
    await step("the non-member joins: their order moves to the members", () => recordCustomerCreated(prisma, SHOP, profile(2), at(46)));
    await step("a paid order arriving late, dated before the customer's last one", () => recordOrderPaid(prisma, SHOP, paidOrder(5, 2, 40, at(2)), at(47)));

    const kept = await rollupRows(SHOP);
    expect(new Set(kept.ledger.map((row) => row.type))).toEqual(new Set(["bonus", "earn", "clawback", "redeem", "redeem_rollback", "manual_credit", "manual_debit", "expire"]));
    expect(kept.ledger.find((row) => row.type === "earn" && row.day === "2026-03-08")).toEqual({ day: "2026-03-08", type: "earn", points: 1000, spendMinor: 100000, entries: 1 });
    // Mar 9: order 2 (member, cancelled: no revenue), the guest's order 3 and customer 2's late order 5.
    expect(kept.orderDays.filter((row) => row.day === "2026-03-09")).toEqual([
      { day: "2026-03-09", segment: "guest", orders: 1, revenueMinor: 8007, lastOrderCustomers: 0, oneOrderCustomers: 0 },
      { day: "2026-03-09", segment: "member", orders: 1, revenueMinor: 4007, lastOrderCustomers: 0, oneOrderCustomers: 0 },
    ]);
    expect(kept.customers.map((c) => [c.customerGid, c.segment, c.paidOrders, c.liveOrders, c.lastLiveDay, c.firstPaidDay])).toEqual([
      [customerGid(1), "member", 3, 2, "2026-03-10", "2026-03-08"],
      [customerGid(2), "member", 2, 2, "2026-03-10", "2026-03-09"],
      [customerGid(3), "member", 1, 1, "2026-03-10", "2026-03-10"],
    ]);

    await step("customers/redact: the customer's orders become guests'", () =>
      redactCustomer(prisma, SHOP, { customerGid: customerGid(1), dataRequestId: null, orderGids: [orderGid(1), orderGid(2), orderGid(6)] }, at(50)),
    );
    const redacted = await rollupRows(SHOP);
    expect(redacted.customers.map((c) => c.customerGid)).toEqual([customerGid(2), customerGid(3)]);
    expect(redacted.orders.filter((o) => o.segment === "guest").map((o) => o.orderGid)).toEqual([orderGid(1), orderGid(2), orderGid(3), orderGid(6), orderGid(8)]);

    await rebuildShopRollups(prisma, SHOP, at(51));
    expect(await rollupRows(SHOP)).toEqual(redacted);
  });

  it("agree with the ledger and orders after any delivery order of signups, payments, refunds and cancellations", async () => {
    await setUpShop("Asia/Kathmandu");
    type Event = { kind: "signup"; customer: number } | { kind: "paid"; order: number } | { kind: "refund"; order: number } | { kind: "cancel"; order: number };
    const orders = [
      { customer: 1, dollars: 120, day: 0 },
      { customer: 1, dollars: 40, day: 3 },
      { customer: 2, dollars: 75, day: 1 },
      { customer: null, dollars: 30, day: 2 },
      { customer: 3, dollars: 55, day: 2 },
      { customer: 2, dollars: 10, day: 4 },
    ];
    const events: Event[] = [
      { kind: "signup", customer: 1 },
      { kind: "signup", customer: 2 },
      ...orders.map((_, order): Event => ({ kind: "paid", order })),
      { kind: "refund", order: 0 },
      { kind: "cancel", order: 1 },
      { kind: "cancel", order: 3 },
      { kind: "refund", order: 2 },
    ];
    const samples = fc.sample(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), { seed: 15, numRuns: 3 });
    for (const [run, sequence] of samples.entries()) {
      await resetDatabase();
      await setUpShop("Asia/Kathmandu");
      for (const [i, event] of sequence.entries()) {
        const now = at(10 + i);
        if (event.kind === "signup") await recordCustomerCreated(prisma, SHOP, profile(event.customer), now);
        else {
          const spec = orders[event.order];
          if (!spec) throw new Error("no order");
          if (event.kind === "paid") await recordOrderPaid(prisma, SHOP, paidOrder(event.order + 1, spec.customer, spec.dollars, at(spec.day)), now);
          if (event.kind === "refund") {
            await recordRefund(prisma, SHOP, { refundGid: `gid://shopify/Refund/${event.order + 1}`, orderGid: orderGid(event.order + 1), createdAt: now, lines: [{ lineGid: `gid://shopify/LineItem/${(event.order + 1) * 10}`, quantity: 1 }] }, now);
          }
          if (event.kind === "cancel") await recordOrderCancelled(prisma, SHOP, { orderGid: orderGid(event.order + 1), cancelledAt: now }, now);
        }
        await expectNoDrift(SHOP, `run ${run}, event ${i} (${event.kind})`);
      }
      const kept = await rollupRows(SHOP);
      await rebuildShopRollups(prisma, SHOP, at(30));
      expect(await rollupRows(SHOP), `run ${run}: rebuilt`).toEqual(kept);
    }
  });
});

describe("verify", () => {
  async function builtShopWithHistory() {
    await setUpShop("UTC", { signupBonusPoints: 20 });
    await recordCustomerCreated(prisma, SHOP, profile(1), at(0));
    await recordOrderPaid(prisma, SHOP, paidOrder(1, 1, 100, at(1)), at(1));
    await recordOrderPaid(prisma, SHOP, paidOrder(2, 1, 50, at(40)), at(40));
    await recordOrderPaid(prisma, SHOP, paidOrder(3, null, 20, at(2)), at(2));
    await expectNoDrift(SHOP, "before tampering");
  }

  it("reports each tampered figure, stored against the ledger's, and writes nothing", async () => {
    await builtShopWithHistory();
    const k = kyselyOf(prisma);
    await k.updateTable("DailyLedgerRollup").set({ points: 101 }).where("shop", "=", SHOP).where("day", "=", "2026-03-08").where("type", "=", "earn").execute();
    await k.updateTable("CustomerRollup").set({ liveOrders: 5 }).where("shop", "=", SHOP).execute();
    await k.deleteFrom("OrderRollup").where("shop", "=", SHOP).where("orderGid", "=", orderGid(3)).execute();
    await k.updateTable("DailyOrderRollup").set({ revenueMinor: 1 }).where("shop", "=", SHOP).where("day", "=", "2026-04-16").execute();
    const before = await rollupRows(SHOP);

    const { drifts } = await verifyShopRollups(prisma, SHOP);
    expect(drifts).toEqual(
      expect.arrayContaining([
        { shop: SHOP, table: "DailyLedgerRollup", key: "2026-03-08 earn", figure: "points", stored: 101, expected: 100 },
        { shop: SHOP, table: "CustomerRollup", key: customerGid(1), figure: "liveOrders", stored: 5, expected: 2 },
        { shop: SHOP, table: "OrderRollup", key: orderGid(3), figure: "segment", stored: null, expected: "guest" },
        { shop: SHOP, table: "DailyOrderRollup", key: "2026-04-16 member", figure: "revenueMinor", stored: 1, expected: 5007 },
      ]),
    );
    expect(await rollupRows(SHOP)).toEqual(before);
  });

  it("is a command that prints the drift and exits 1 (0 once rebuilt)", async () => {
    await builtShopWithHistory();
    const run = () =>
      spawnSync("npx", ["tsx", "scripts/rollups-verify.ts", "--shop", SHOP], { encoding: "utf8", env: { ...process.env }, timeout: 120_000 });
    await kyselyOf(prisma).updateTable("DailyLedgerRollup").set({ entries: 3 }).where("shop", "=", SHOP).where("type", "=", "bonus").execute();
    const drifting = run();
    expect(drifting.stdout).toContain(`DRIFT ${SHOP} DailyLedgerRollup 2026-03-07 bonus entries: stored 3, ledger 1`);
    expect(drifting.status).toBe(1);

    await rebuildShopRollups(prisma, SHOP, at(50));
    const clean = run();
    expect(clean.stdout).toContain(`${SHOP}: no drift`);
    expect(clean.status).toBe(0);
  });
});

describe("time zones", () => {
  it("builds a new shop's rollups at install, and leaves a shop with history to the rebuild command", async () => {
    await setUpShop("UTC"); // empty: built
    expect((await loadReportContext(prisma, SHOP, { range: "last30", start: null, end: null }, at(1))).source.name).toBe("rollups");

    await resetDatabase();
    await getShopProgram(prisma, SHOP);
    await recordOrderPaid(prisma, SHOP, paidOrder(1, null, 10, at(0)), at(0)); // history from before the rollups
    await kyselyOf(prisma).deleteFrom("RollupState").execute();
    await recordShopSettings(prisma, SHOP, { currency: "USD", timezone: "Europe/Paris" }, at(1));
    expect(await prisma.rollupState.count()).toBe(0);
    expect((await loadReportContext(prisma, SHOP, { range: "last30", start: null, end: null }, at(1))).source.name).toBe("ledger");
    expect((await verifyShopRollups(prisma, SHOP)).builtIn).toBeNull();
  });

  it("rebuilds the shop's days when its time zone changes, and reports read them in the new zone", async () => {
    await setUpShop("America/New_York");
    await recordCustomerCreated(prisma, SHOP, profile(1), at(0));
    // 03:30 UTC on Mar 9: Mar 8 in New York, Mar 9 in Tokyo.
    await recordOrderPaid(prisma, SHOP, paidOrder(1, 1, 100, new Date("2026-03-09T03:30:00Z")), new Date("2026-03-09T03:30:00Z"));
    expect((await rollupRows(SHOP)).orderDays.map((row) => row.day)).toEqual(["2026-03-08"]);

    await recordShopSettings(prisma, SHOP, { currency: "USD", timezone: "Asia/Tokyo" }, at(5));
    expect((await rollupRows(SHOP)).orderDays.map((row) => row.day)).toEqual(["2026-03-09"]);
    await expectNoDrift(SHOP, "after the zone change");
    const context = await loadReportContext(prisma, SHOP, { range: "last30", start: null, end: null }, at(5));
    expect(context.source.name).toBe("rollups");

    // A zone changed behind the rollups' back (no rebuild): reports fall back to the ledger, verify reports it.
    await prisma.program.update({ where: { shop: SHOP }, data: { timezone: "Europe/Paris" } });
    expect((await loadReportContext(prisma, SHOP, { range: "last30", start: null, end: null }, at(5))).source.name).toBe("ledger");
    expect((await verifyShopRollups(prisma, SHOP)).drifts).toContainEqual({ shop: SHOP, table: "RollupState", key: SHOP, figure: "timezone", stored: "Asia/Tokyo", expected: "Europe/Paris" });
  });
});
