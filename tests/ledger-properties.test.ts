/**
 * Ledger invariants as properties, against the real services (the shell) and the real SQLite database.
 *
 * Generated scenarios: 1–2 small orders (1–4 lines, quantities 1–3, prices up to $150) bought by one of two
 * customers, each with 0–3 refunds of generated line subsets and quantities and maybe a cancellation, plus the
 * customers' signups. Events go straight to recordOrderPaid / recordRefund / recordOrderCancelled /
 * recordCustomerCreated with explicit `now` dates; the database is emptied at the start of every run.
 *
 * Rules proven here:
 * a. Delivery order and duplicates do not matter (refundPolicy allowNegative): any permutation of the events,
 *    with any repeats, ends with the same balances and the same points per entry type as the canonical
 *    order (paid → refunds → cancel) delivered once.
 * b. Each member's balance cache equals the sum of their entries; lifetimeEarned equals earn + bonus +
 *    manual_credit; under clampAtZero no balance is below zero.
 * c. What is clawed back from an order never exceeds what it earned, whatever refunds arrive (over-refunds,
 *    unknown lines, repeats, a cancellation); refunding every unit takes back exactly what was earned.
 * d. The same orders/paid delivered concurrently writes one earn entry. A whole event list delivered concurrently
 *    ends in the canonical state, and the report rollups kept by those concurrent writers are exactly what the
 *    ledger and orders give (on PostgreSQL: no deadlock and no lost update between the rollups' writers).
 */
import type { Prisma } from "@prisma/client";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import type { CancelledOrder, CustomerProfile, PaidOrder, RefundEvent } from "~/loyalty/events";
import type { LedgerEntryType } from "~/loyalty/ledger-rules";
import { appendEntries, lockMember } from "~/loyalty/server/ledger.server";
import { rebuildShopRollups, transactionWithRollups } from "~/loyalty/server/rollups.server";
import { verifyShopRollups } from "~/loyalty/server/rollups-source.server";
import { recordCustomerCreated } from "~/loyalty/server/members.server";
import { recordOrderCancelled, recordOrderPaid, recordRefund } from "~/loyalty/server/orders.server";
import { getShopProgram, saveProgramSettings } from "~/loyalty/server/program.server";
import type { ProgramSettings } from "~/loyalty/program";
import type { RefundPolicy } from "~/loyalty/types";
import { withSafeNumbers } from "~/loyalty/safe-integer";
import { prisma, resetDatabase } from "./support/database";
import { TEST_SHOP } from "./support/test-env";

const SHOP = TEST_SHOP;
const T0 = Date.UTC(2026, 0, 15, 12);
const MINUTE = 60_000;
const CUSTOMERS = ["gid://shopify/Customer/501", "gid://shopify/Customer/502"] as const;
const EARNING_TYPES = new Set<string>(["earn", "bonus", "manual_credit"]);
// Each property run empties and refills the database; leave room beyond the default 30 s on a busy machine.
const PROPERTY_TIMEOUT_MS = 90_000;

// ── Scenario model ────────────────────────────────────────────────────────────────────────────────────────────

interface LineSpec {
  unitMinor: number;
  quantity: number;
}

/** A refunded line: `lineIndex` past the order's last line stands for a line the order never had. */
interface RefundLineSpec {
  lineIndex: number;
  quantity: number;
}

interface OrderSpec {
  customer: 0 | 1;
  lines: LineSpec[];
  refunds: RefundLineSpec[][];
  cancelled: boolean;
}

type LoyaltyEvent =
  | { kind: "signup"; customer: CustomerProfile }
  | { kind: "paid"; order: PaidOrder }
  | { kind: "refund"; refund: RefundEvent }
  | { kind: "cancel"; cancel: CancelledOrder };

const orderGid = (order: number) => `gid://shopify/Order/${1000 + order}`;
const lineGid = (order: number, line: number) => `gid://shopify/LineItem/${(1000 + order) * 10 + line}`;
const refundGid = (order: number, refund: number) => `gid://shopify/Refund/${(1000 + order) * 10 + refund}`;

function profile(customer: 0 | 1): CustomerProfile {
  return { customerGid: CUSTOMERS[customer], displayName: `Customer ${customer + 1}`, email: `customer${customer + 1}@example.com` };
}

function paidOrder(index: number, spec: OrderSpec): PaidOrder {
  const gid = orderGid(index);
  return {
    orderGid: gid,
    customer: profile(spec.customer),
    paidAt: new Date(T0),
    discountCodes: [],
    totalMinor: 0,
    earnOrder: {
      orderGid: gid,
      currency: "USD",
      lines: spec.lines.map((line, i) => ({
        lineGid: lineGid(index, i),
        productGid: null,
        title: `Item ${i + 1}`,
        quantity: line.quantity,
        amountMinor: line.unitMinor * line.quantity,
        taxMinor: 0,
        productType: null,
        collectionGids: [],
        giftCard: false,
      })),
      shippingMinor: 0,
      shippingTaxMinor: 0,
    },
  };
}

/** Every event of the scenario in the canonical order: signups, then per order paid → refunds → cancel. */
function canonicalEvents(orders: readonly OrderSpec[]): LoyaltyEvent[] {
  const customers = [...new Set(orders.map((order) => order.customer))].sort();
  const events: LoyaltyEvent[] = customers.map((customer) => ({ kind: "signup", customer: profile(customer) }));
  orders.forEach((spec, index) => {
    events.push({ kind: "paid", order: paidOrder(index, spec) });
    spec.refunds.forEach((lines, r) =>
      events.push({
        kind: "refund",
        refund: {
          refundGid: refundGid(index, r),
          orderGid: orderGid(index),
          createdAt: new Date(T0 + (r + 1) * MINUTE),
          lines: lines.map((line) => ({ lineGid: lineGid(index, line.lineIndex), quantity: line.quantity })),
        },
      }),
    );
    if (spec.cancelled) events.push({ kind: "cancel", cancel: { orderGid: orderGid(index), cancelledAt: new Date(T0 + 10 * MINUTE) } });
  });
  return events;
}

function deliverEvent(event: LoyaltyEvent, now: Date) {
  switch (event.kind) {
    case "signup":
      return recordCustomerCreated(prisma, SHOP, event.customer, now);
    case "paid":
      return recordOrderPaid(prisma, SHOP, event.order, now);
    case "refund":
      return recordRefund(prisma, SHOP, event.refund, now);
    case "cancel":
      return recordOrderCancelled(prisma, SHOP, event.cancel, now);
  }
}

/** Delivers one after another, each a minute after the previous (time is passed in, never read). */
async function deliverAll(events: readonly LoyaltyEvent[]): Promise<void> {
  for (const [i, event] of events.entries()) await deliverEvent(event, new Date(T0 + i * MINUTE));
}

// ── Generators ────────────────────────────────────────────────────────────────────────────────────────────────

const lineArb: fc.Arbitrary<LineSpec> = fc.record({
  unitMinor: fc.integer({ min: 1, max: 15_000 }),
  quantity: fc.integer({ min: 1, max: 3 }),
});

/**
 * A refund of a few lines. Realistic refunds stay within the order's lines and quantities; `wild` ones also
 * refund more units than were bought and lines the order never had (index up to 5 on a 1–4 line order).
 */
function refundArb(lineCount: number, wild: boolean): fc.Arbitrary<RefundLineSpec[]> {
  const refundLine = fc.record({
    lineIndex: fc.integer({ min: 0, max: wild ? 5 : lineCount - 1 }),
    quantity: fc.integer({ min: 1, max: wild ? 6 : 2 }),
  });
  return fc.array(refundLine, { minLength: 1, maxLength: 3 });
}

function orderArb({ wild }: { wild: boolean }): fc.Arbitrary<OrderSpec> {
  return fc.array(lineArb, { minLength: 1, maxLength: 4 }).chain((lines) =>
    fc.record({
      customer: fc.constantFrom<0 | 1>(0, 1),
      lines: fc.constant(lines),
      refunds: fc.array(refundArb(lines.length, wild), { maxLength: 3 }),
      cancelled: fc.boolean(),
    }),
  );
}

const ordersArb = (options: { wild: boolean }) => fc.array(orderArb(options), { minLength: 1, maxLength: 2 });

/** The canonical events plus a delivery: every event at least once, up to 4 repeats, all in a random order. */
function deliveryArb(orders: fc.Arbitrary<OrderSpec[]>) {
  return orders.chain((specs) => {
    const events = canonicalEvents(specs);
    const indices = events.map((_, i) => i);
    return fc
      .array(fc.constantFrom(...indices), { maxLength: 4 })
      .chain((repeats) => {
        const all = [...indices, ...repeats];
        return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
      })
      .map((order) => ({ specs, events, delivery: order.map((i) => events[i]).filter((event) => event !== undefined) }));
  });
}

// ── Program and ledger state ──────────────────────────────────────────────────────────────────────────────────

async function configureProgram(patch: (settings: ProgramSettings) => ProgramSettings): Promise<void> {
  const { settings } = await getShopProgram(prisma, SHOP);
  await prisma.$transaction((tx) => saveProgramSettings(tx, SHOP, patch(structuredClone(settings))));
}

async function startRun(settings: { refundPolicy: RefundPolicy; signupBonusPoints: number; tiers: boolean }): Promise<void> {
  await resetDatabase();
  await configureProgram((current) => ({
    ...current,
    refundPolicy: settings.refundPolicy,
    signupBonusPoints: settings.signupBonusPoints,
    tierProgram: settings.tiers ? current.tierProgram : { ...current.tierProgram, tiers: [] },
  }));
}

interface MemberState {
  balance: number;
  /** Σ points per entry type, types with no entries left out. */
  pointsByType: Partial<Record<LedgerEntryType, number>>;
}

/** Balance and points per entry type of every member, by customer GID. */
async function ledgerState(): Promise<Record<string, MemberState>> {
  const members = (await prisma.member.findMany({ include: { entries: true }, orderBy: { customerGid: "asc" } })).map((member) => withEntries(member));
  return Object.fromEntries(
    members.map((member) => {
      const pointsByType: MemberState["pointsByType"] = {};
      for (const entry of member.entries) {
        const type = entry.type as LedgerEntryType;
        pointsByType[type] = (pointsByType[type] ?? 0) + entry.points;
      }
      return [member.customerGid, { balance: member.balance, pointsByType }];
    }),
  );
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** A member row and its entries with points as numbers (the columns are BigInt). */
function withEntries(member: Prisma.MemberGetPayload<{ include: { entries: true } }>) {
  const { entries, ...row } = member;
  return { ...withSafeNumbers(row), entries: entries.map((entry) => withSafeNumbers(entry)) };
}

beforeEach(async () => {
  await resetDatabase();
});

// ── Properties ────────────────────────────────────────────────────────────────────────────────────────────────

describe("ledger properties", () => {
  // Tiers are switched off here: the tier reached by one order legitimately sets the multiplier of the
  // customer's next order, so with two orders of one customer the delivery order would decide the earn.
  it("(a) any permutation with any duplicates ends in the canonical balances and points per type", async () => {
    await fc.assert(
      fc.asyncProperty(deliveryArb(ordersArb({ wild: false })), fc.integer({ min: 0, max: 300 }), async ({ events, delivery }, bonus) => {
        const settings = { refundPolicy: "allowNegative" as const, signupBonusPoints: bonus, tiers: false };

        await startRun(settings);
        await deliverAll(events);
        const canonical = await ledgerState();

        await startRun(settings);
        await deliverAll(delivery);
        const shuffled = await ledgerState();

        expect(shuffled).toEqual(canonical);
        const clawedBack = (state: Record<string, MemberState>) => sum(Object.values(state).map((m) => m.pointsByType.clawback ?? 0));
        expect(clawedBack(shuffled)).toBe(clawedBack(canonical));
      }),
      { numRuns: 30 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it("(b) every member's balance cache equals the sum of their entries, and lifetimeEarned the sum of what they earned", async () => {
    await fc.assert(
      fc.asyncProperty(
        deliveryArb(ordersArb({ wild: true })),
        fc.constantFrom<RefundPolicy>("clampAtZero", "allowNegative"),
        fc.integer({ min: 0, max: 300 }),
        async ({ delivery }, refundPolicy, bonus) => {
          await startRun({ refundPolicy, signupBonusPoints: bonus, tiers: true });
          await deliverAll(delivery);

          const members = (await prisma.member.findMany({ include: { entries: true } })).map((member) => withEntries(member));
          expect(members.length).toBeGreaterThan(0);
          for (const member of members) {
            const label = member.customerGid;
            expect(member.balance, `${label} balance`).toBe(sum(member.entries.map((e) => e.points)));
            expect(member.lifetimeEarned, `${label} lifetimeEarned`).toBe(
              sum(member.entries.filter((e) => EARNING_TYPES.has(e.type)).map((e) => e.points)),
            );
            expect(member.lifetimeRedeemed, `${label} lifetimeRedeemed`).toBe(0);
            if (refundPolicy === "clampAtZero") expect(member.balance, `${label} balance under clampAtZero`).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 30 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it("(c) an order's clawbacks never exceed what it earned, and refunding every unit takes back exactly that", async () => {
    await fc.assert(
      fc.asyncProperty(
        deliveryArb(ordersArb({ wild: true })),
        fc.constantFrom<RefundPolicy>("clampAtZero", "allowNegative"),
        async ({ specs, delivery }, refundPolicy) => {
          await startRun({ refundPolicy, signupBonusPoints: 0, tiers: true });
          await deliverAll(delivery);

          for (const [index, spec] of specs.entries()) {
            const gid = orderGid(index);
            const entries = (await prisma.ledgerEntry.findMany({ where: { shop: SHOP, orderGid: gid } })).map(withSafeNumbers);
            const earned = sum(entries.filter((e) => e.type === "earn").map((e) => e.points));
            const clawed = 0 - sum(entries.filter((e) => e.type === "clawback").map((e) => e.points)); // 0 - x: never -0
            const found = await prisma.orderRecord.findUnique({ where: { shop_orderGid: { shop: SHOP, orderGid: gid } } });
            const record = found && withSafeNumbers(found);

            expect(record?.earnedPoints, `${gid} earnedPoints`).toBe(earned);
            expect(clawed, `${gid} clawed back`).toBeLessThanOrEqual(earned);
            expect(record?.clawedTarget ?? 0, `${gid} clawedTarget`).toBeLessThanOrEqual(earned);

            const refunded = new Map<number, number>();
            for (const line of spec.refunds.flat()) refunded.set(line.lineIndex, (refunded.get(line.lineIndex) ?? 0) + line.quantity);
            const everyUnitRefunded = spec.lines.every((line, i) => (refunded.get(i) ?? 0) >= line.quantity);
            if (spec.cancelled || everyUnitRefunded) {
              expect(record?.clawedTarget, `${gid} fully reversed: clawedTarget`).toBe(earned);
              // Without clamping nothing is forgiven, so the entries take back all of it.
              if (refundPolicy === "allowNegative") expect(clawed, `${gid} fully reversed: clawed back`).toBe(earned);
            }
          }
        },
      ),
      { numRuns: 30 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it("(d) the same orders/paid delivered 5 times concurrently writes one earn entry", async () => {
    await fc.assert(
      fc.asyncProperty(orderArb({ wild: false }), async (spec) => {
        await startRun({ refundPolicy: "clampAtZero", signupBonusPoints: 0, tiers: true });
        const order = paidOrder(0, spec);
        const now = new Date(T0);

        const outcomes = await Promise.all(Array.from({ length: 5 }, () => recordOrderPaid(prisma, SHOP, order, now)));

        expect(outcomes.filter((o) => o.status === "awarded")).toHaveLength(1);
        expect(outcomes.filter((o) => o.status === "duplicate")).toHaveLength(4);
        const points = outcomes.find((o) => o.status === "awarded")?.points ?? -1;
        const earns = (await prisma.ledgerEntry.findMany({ where: { type: "earn" } })).map(withSafeNumbers);
        expect(earns).toHaveLength(points > 0 ? 1 : 0);
        expect(sum(earns.map((e) => e.points))).toBe(points);
        const member = await prisma.member.findUnique({ where: { shop_customerGid: { shop: SHOP, customerGid: CUSTOMERS[spec.customer] } } });
        expect(member?.balance).toBe(BigInt(points));
      }),
      { numRuns: 25 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it("(d) a whole shuffled event list delivered concurrently ends in the canonical state", async () => {
    await fc.assert(
      fc.asyncProperty(deliveryArb(ordersArb({ wild: false })), async ({ events, delivery }) => {
        const settings = { refundPolicy: "allowNegative" as const, signupBonusPoints: 50, tiers: false };

        await startRun(settings);
        await deliverAll(events);
        const canonical = await ledgerState();

        await startRun(settings);
        await rebuildShopRollups(prisma, SHOP, new Date(T0)); // built while empty: the writers keep them from here
        const now = new Date(T0);
        await Promise.all(delivery.map((event) => deliverEvent(event, now)));

        expect(await ledgerState()).toEqual(canonical);
        expect((await verifyShopRollups(prisma, SHOP)).drifts).toEqual([]);
      }),
      { numRuns: 25 },
    );
  }, PROPERTY_TIMEOUT_MS);
});

// ── clampAtZero: an example, not a property ───────────────────────────────────────────────────────────────────

describe("clampAtZero makes the final balance depend on delivery order (by design, ADR 003)", () => {
  /**
   * Under clampAtZero a clawback takes only what the balance holds at that moment and forgives the rest for good
   * (the order's clawedTarget moves on, so the shortfall is never collected later). The balance at that moment
   * depends on what else was credited first, so the same events in another order can end differently.
   *
   * Customer 1 earns 100 on order A and spends 80 of them (a manual debit stands in for a redemption), leaving 20.
   * Then order B (earns 50) and a full refund of order A arrive:
   * - B first: balance 70, the refund takes 70 of the 100 (30 forgiven) → final 0.
   * - refund first: balance 20, the refund takes 20 (80 forgiven), then B adds 50 → final 50.
   * Under allowNegative both orders end at −30: nothing is forgiven, so nothing depends on timing.
   */
  const orderA: OrderSpec = { customer: 0, lines: [{ unitMinor: 10_000, quantity: 1 }], refunds: [], cancelled: false };
  const orderB: OrderSpec = { customer: 0, lines: [{ unitMinor: 5_000, quantity: 1 }], refunds: [], cancelled: false };
  const fullRefundOfA: RefundEvent = {
    refundGid: refundGid(0, 0),
    orderGid: orderGid(0),
    createdAt: new Date(T0),
    lines: [{ lineGid: lineGid(0, 0), quantity: 1 }],
  };

  async function spend(points: number, now: Date) {
    const program = await getShopProgram(prisma, SHOP);
    await transactionWithRollups(prisma, async (tx) => {
      const member = await lockMember(tx, SHOP, CUSTOMERS[0]);
      await appendEntries(tx, member, [{ type: "manual_debit", points, idempotencyKey: "manual:spend:1", explanation: "Spent in store", actor: "test" }], {
        now,
        program,
      });
    });
  }

  async function finalBalance(refundPolicy: RefundPolicy, refundBeforeOrderB: boolean): Promise<number> {
    await startRun({ refundPolicy, signupBonusPoints: 0, tiers: false });
    await recordOrderPaid(prisma, SHOP, paidOrder(0, orderA), new Date(T0));
    await spend(80, new Date(T0 + MINUTE));
    const later: LoyaltyEvent[] = [
      { kind: "paid", order: paidOrder(1, orderB) },
      { kind: "refund", refund: fullRefundOfA },
    ];
    if (refundBeforeOrderB) later.reverse();
    for (const [i, event] of later.entries()) await deliverEvent(event, new Date(T0 + (i + 2) * MINUTE));
    const member = await prisma.member.findUnique({ where: { shop_customerGid: { shop: SHOP, customerGid: CUSTOMERS[0] } } });
    return member ? Number(member.balance) : Number.NaN;
  }

  it("forgives more of a clawback when it arrives while the balance is low", async () => {
    expect(await finalBalance("clampAtZero", false)).toBe(0);
    expect(await finalBalance("clampAtZero", true)).toBe(50);
  });

  it("ends the same either way under allowNegative", async () => {
    expect(await finalBalance("allowNegative", false)).toBe(-30);
    expect(await finalBalance("allowNegative", true)).toBe(-30);
  });
});
