/**
 * The earning spine's service: orders/paid, refunds/create and orders/cancelled become ledger entries.
 *
 * Rules:
 * - Every event runs in one transaction that starts by locking the order's OrderRecord (an upsert that always
 *   writes), then the member. Events of one order are therefore serialized whatever order they arrive in, and
 *   the lock order (order, then member) is the same everywhere.
 * - The earn is keyed `earn:<order GID>`: a retry or a second delivery under another webhook id writes nothing.
 * - Clawback is state-based: from everything known about the order (all refunds so far, cancellation) the core
 *   computes a target, and the difference to what was already clawed is written under a key naming that target.
 *   A refund that arrives before its order's points is stored and applied when they are awarded; any delivery
 *   order of the same events ends in the same balance.
 * - Clawback uses the breakdown stored with the earn (the rules at earn time), never today's rules.
 * - If product data is missing, the order waits (status awaiting_product_data) and an outbox job completes it.
 * - A paid order whose record this delivery created has no refund or cancellation yet (those lock, and so create,
 *   the record first): its award skips the clawback reconciliation. A redelivery stops at the order's status,
 *   before the program or the member is read.
 */
import type { Prisma, PrismaClient } from "@prisma/client";
import { applyRefundPolicy, calculateCancellationClawback, calculateClawback, type RefundedLine } from "../clawback";
import { calculateOrderPoints } from "../calculators";
import { clawbackKey, earnKey } from "../ledger-rules";
import { orderLabel } from "../members";
import { formatPoints } from "../money";
import { missingProductGids, needsProductData, productGidsOf, withProductData, type ProductData } from "../product-data";
import { earningRulesOf } from "../program";
import { toSafeNumber, withSafeNumbers, type WithSafeNumbers } from "../safe-integer";
import { evaluateTier, tierMultiplier } from "../tiers";
import type { EarnCalculation, EarnOrder } from "../types";
import type { CancelledOrder, CustomerProfile, PaidOrder, RefundEvent } from "../events";
import { appendEntries, lockMember, lockMemberById, type LedgerEntryRow, type MemberRow, type Tx } from "./ledger.server";
import { cashbackScheduleJob, queueCashbackAfterRefund, queueCashbackSchedule } from "./cashback.server";
import { AWARD_ORDER, enqueueJob } from "./outbox.server";
import { getCachedProductData } from "./product-cache.server";
import { getShopProgram, type ShopProgram } from "./program.server";
import { recordCodesUsed } from "./redemptions.server";
import { enqueueReferralOrder, queueReferralReversal, referralOrderOf } from "./referrals.server";
import { recordOrderRollups, transactionWithRollups } from "./rollups.server";

export type OrderOutcomeStatus =
  | "awarded"
  | "duplicate"
  | "no_customer"
  | "program_not_live"
  | "awaiting_product_data"
  | "deferred"
  | "clawed_back"
  | "nothing_to_claw";

export interface OrderOutcome {
  status: OrderOutcomeStatus;
  points: number;
  message: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** What an earn entry's breakdown holds: the calculation, and the order exactly as it was rated. */
export type StoredEarnBreakdown = EarnCalculation & { order: EarnOrder; tierId: string | null };

/** What the award needs later if it has to wait for product data. */
interface StoredEarnInput {
  order: EarnOrder;
  customer: CustomerProfile;
  paidAt: string | null;
}

function outcome(status: OrderOutcomeStatus, message: string, points = 0): OrderOutcome {
  return { status, points, message };
}

/** What orders/paid tells about an order (a refund may have created its record first). */
interface OrderFacts {
  paidAt?: Date | null;
  totalMinor?: number;
  currency?: string | null;
}

/** What the earning spine reads of a locked order (not `earnInput`, which is large and read only where needed). */
const LOCKED_ORDER = {
  id: true,
  shop: true,
  orderGid: true,
  status: true,
  cancelledAt: true,
  earnedPoints: true,
  clawedTarget: true,
} as const satisfies Prisma.OrderRecordSelect;

type LockedOrder = WithSafeNumbers<Prisma.OrderRecordGetPayload<{ select: typeof LOCKED_ORDER }>>;

/** The status a record has when a refund or cancellation arrived before the order's points. */
const RECEIVED = "received";
/**
 * The status of a record created by orders/paid itself. Never committed: the same transaction always moves it on
 * (awarded, awaiting_product_data or program_not_live). Seeing it means no refund or cancellation exists yet.
 */
const PAID_NEW = "paid_new";

/**
 * Locks the order's record (creating it if needed). The update always writes so it takes the row lock; it also
 * records the paid facts (a refund may have created the row first). The customer link is only set on creation
 * and by the award: a redelivery must not re-link an order unlinked by customers/redact.
 */
async function lockOrder(
  tx: Tx,
  shop: string,
  orderGid: string,
  now: Date,
  facts: OrderFacts = {},
  created: { customerGid?: string; status?: string } = {},
): Promise<LockedOrder> {
  const record = await tx.orderRecord.upsert({
    where: { shop_orderGid: { shop, orderGid } },
    create: { shop, orderGid, status: created.status ?? RECEIVED, customerGid: created.customerGid, ...facts },
    update: { updatedAt: now, ...facts },
    select: LOCKED_ORDER,
  });
  return withSafeNumbers(record);
}

export async function recordOrderPaid(db: PrismaClient, shop: string, order: PaidOrder, now: Date): Promise<OrderOutcome> {
  if (!order.customer) {
    await transactionWithRollups(db, async (tx) => {
      await tx.orderRecord.upsert({
        where: { shop_orderGid: { shop, orderGid: order.orderGid } },
        create: {
          shop,
          orderGid: order.orderGid,
          status: "no_customer",
          paidAt: order.paidAt,
          totalMinor: order.totalMinor,
          currency: order.earnOrder.currency,
        },
        update: {},
      });
      recordOrderRollups(tx, [{ shop, orderGid: order.orderGid }]);
    });
    return outcome("no_customer", `Order ${order.orderGid} has no customer: no points awarded`);
  }
  const customer = order.customer;
  const input: StoredEarnInput = { order: order.earnOrder, customer, paidAt: order.paidAt?.toISOString() ?? null };

  return transactionWithRollups(db, async (tx) => {
    const record = await lockOrder(
      tx,
      shop,
      order.orderGid,
      now,
      { paidAt: order.paidAt, totalMinor: order.totalMinor, currency: order.earnOrder.currency },
      { customerGid: customer.customerGid, status: PAID_NEW },
    );
    await recordCodesUsed(tx, shop, { codes: order.discountCodes, orderGid: order.orderGid, usedAt: order.paidAt ?? now });
    if (order.referral) await enqueueReferralOrder(tx, shop, referralOrderOf(order, customer.customerGid, now), now);
    if (record.status === "awarded" || record.status === "awaiting_product_data") {
      // The lock rewrote the paid facts: the rollups follow them (nothing is written when they did not change).
      recordOrderRollups(tx, [{ shop, orderGid: order.orderGid }]);
      return record.status === "awarded"
        ? outcome("duplicate", `Order ${order.orderGid} was already awarded`)
        : outcome("awaiting_product_data", `Order ${order.orderGid} is already waiting for product data`);
    }
    const program = await getShopProgram(tx, shop);
    const rules = earningRulesOf(program.settings);
    const products = needsProductData(rules)
      ? await getCachedProductData(tx, shop, productGidsOf(order.earnOrder), now)
      : new Map<string, ProductData>();
    const missing = needsProductData(rules) ? missingProductGids(order.earnOrder, products) : [];
    if (program.settings.status !== "live") {
      await tx.orderRecord.update({ where: { id: record.id }, data: { status: "program_not_live", customerGid: customer.customerGid } });
      recordOrderRollups(tx, [{ shop, orderGid: order.orderGid }]);
      return outcome("program_not_live", `The program is ${program.settings.status}: order ${order.orderGid} earns nothing`);
    }
    if (missing.length > 0) {
      await tx.orderRecord.update({
        where: { id: record.id },
        data: { status: "awaiting_product_data", customerGid: customer.customerGid, earnInput: JSON.stringify(input) },
      });
      await enqueueJob(tx, { shop, kind: AWARD_ORDER, dedupeKey: `${shop}|${order.orderGid}`, payload: { orderGid: order.orderGid }, now });
      recordOrderRollups(tx, [{ shop, orderGid: order.orderGid }]);
      return outcome("awaiting_product_data", `Order ${order.orderGid} waits for product data of ${missing.length} product(s)`);
    }
    return awardLocked(tx, program, record, input, products, now);
  });
}

/** Product GIDs an order waiting for product data needs, or null when it is not waiting. */
export async function getAwaitingProductGids(db: PrismaClient, shop: string, orderGid: string): Promise<string[] | null> {
  const record = await db.orderRecord.findUnique({ where: { shop_orderGid: { shop, orderGid } } });
  if (!record?.earnInput || record.status !== "awaiting_product_data") return null;
  return productGidsOf((JSON.parse(record.earnInput) as StoredEarnInput).order);
}

/** Completes an award that waited for product data (called by the award-order job once the data is cached). */
export async function completeAwaitingAward(db: PrismaClient, shop: string, orderGid: string, now: Date): Promise<OrderOutcome> {
  const program = await getShopProgram(db, shop);
  const pending = await db.orderRecord.findUnique({ where: { shop_orderGid: { shop, orderGid } } });
  if (!pending?.earnInput || pending.status !== "awaiting_product_data") {
    return outcome("duplicate", `Order ${orderGid} is not waiting for an award`);
  }
  const input = JSON.parse(pending.earnInput) as StoredEarnInput;
  // Just fetched by the job: take the cache regardless of age so the award cannot loop on a slow refresh.
  const products = await getCachedProductData(db, shop, productGidsOf(input.order), new Date(0));
  const missing = missingProductGids(input.order, products);
  if (missing.length > 0) throw new Error(`Product data still missing for ${missing.join(", ")}`);

  return transactionWithRollups(db, async (tx) => {
    const record = await lockOrder(tx, shop, orderGid, now);
    if (record.status !== "awaiting_product_data") return outcome("duplicate", `Order ${orderGid} was already awarded`);
    return awardLocked(tx, program, record, input, products, now);
  });
}

async function awardLocked(
  tx: Tx,
  program: ShopProgram,
  record: LockedOrder,
  input: StoredEarnInput,
  products: ReadonlyMap<string, ProductData>,
  now: Date,
): Promise<OrderOutcome> {
  const { settings } = program;
  const member = await lockMember(tx, program.shop, input.customer.customerGid, input.customer);
  // The tier the member holds now, from the cached metric under today's thresholds (a new member starts in
  // the entry tier). The tier reached by this order applies to later orders.
  const currentTier = evaluateTier(settings.tierProgram, member.tierMetric).current;
  const order = withProductData(input.order, products);
  const calc = calculateOrderPoints(order, earningRulesOf(settings), tierMultiplier(settings.tierProgram, currentTier));
  const paidAt = input.paidAt ? new Date(input.paidAt) : now;
  if (program.currency !== input.order.currency) {
    await tx.program.update({ where: { shop: program.shop }, data: { currency: input.order.currency } });
  }
  const { member: updated, written } = await appendEntries(
    tx,
    member,
    calc.points > 0
      ? [
          {
            type: "earn",
            points: calc.points,
            idempotencyKey: earnKey(record.orderGid),
            explanation: calc.explanation,
            // The order as rated (product data included) rides along, so a rule simulator can re-rate it.
            breakdown: { ...calc, order, tierId: currentTier?.id ?? null } satisfies StoredEarnBreakdown,
            orderGid: record.orderGid,
            orderName: order.orderName ?? null,
            spendMinor: eligibleSpend(calc),
            vestsAt: settings.vestingDays > 0 ? new Date(paidAt.getTime() + settings.vestingDays * DAY_MS) : null,
            expiresAt: settings.expiryDays ? new Date(paidAt.getTime() + settings.expiryDays * DAY_MS) : null,
          },
        ]
      : [],
    { now, program },
  );
  await tx.orderRecord.update({
    where: { id: record.id },
    data: { status: "awarded", customerGid: member.customerGid, paidAt, earnedPoints: calc.points, earnInput: null },
    select: { id: true },
  });
  recordOrderRollups(tx, [{ shop: program.shop, orderGid: record.orderGid }]);
  const cashback = cashbackScheduleJob(program, { orderGid: record.orderGid, orderName: order.orderName ?? null, memberId: member.id, customerGid: member.customerGid, calc, tierId: currentTier?.id ?? null, paidAt, now });
  await queueCashbackSchedule(tx, cashback, now);
  // Nothing can be clawed from an order this delivery has just seen for the first time.
  const awarded: LockedOrder = { ...record, status: "awarded", earnedPoints: calc.points };
  const clawed = record.status === PAID_NEW ? null : await reconcileClawback(tx, program, awarded, updated, now, written[0]);
  const suffix = clawed ? `; ${clawed.message}` : "";
  return outcome("awarded", `Awarded ${formatPoints(calc.points)} for ${record.orderGid}${suffix}`, calc.points);
}

/** Spend that counts towards spend-based tiers: earning lines, not shipping or excluded lines. */
function eligibleSpend(calc: EarnCalculation): number {
  return calc.lines
    .filter((line) => line.rate.source !== "excluded" && line.rate.source !== "shipping")
    .reduce((total, line) => total + line.eligibleMinor, 0);
}

/**
 * Brings the order's clawback up to date with everything known about it. Returns null when there is nothing
 * to take back (not awarded yet, earned nothing, or already clawed to the target).
 */
async function reconcileClawback(
  tx: Tx,
  program: ShopProgram,
  record: LockedOrder,
  lockedMember: MemberRow | null,
  now: Date,
  /** The order's earn entry when the caller has just written it. */
  writtenEarn?: LedgerEntryRow,
): Promise<OrderOutcome | null> {
  if (record.status !== "awarded" || record.earnedPoints === 0) return null;
  const refunds = await tx.refundRecord.findMany({ where: { shop: record.shop, orderGid: record.orderGid } });
  if (refunds.length === 0 && !record.cancelledAt) return null;
  const key = earnKey(record.orderGid);
  const stored =
    writtenEarn?.idempotencyKey === key
      ? writtenEarn
      : await tx.ledgerEntry.findUnique({ where: { shop_idempotencyKey: { shop: record.shop, idempotencyKey: key } } });
  const earn = stored && withSafeNumbers(stored);
  if (!earn?.breakdown) return null;
  const refundedLines = refunds.flatMap((refund) => JSON.parse(refund.lines) as RefundedLine[]);
  const calc = JSON.parse(earn.breakdown) as EarnCalculation;
  const { target, delta } = record.cancelledAt
    ? calculateCancellationClawback({ earnedPoints: record.earnedPoints, alreadyClawedTarget: record.clawedTarget })
    : calculateClawback({ earnedPoints: record.earnedPoints, calc, refundedLines, alreadyClawedTarget: record.clawedTarget });
  if (delta <= 0) return null;

  // The member is the one who earned (found through the entry, so a redacted customer's points are still reversed).
  const member = lockedMember ?? (await lockMemberById(tx, earn.memberId));
  const policy = applyRefundPolicy({ delta, balance: member.balance, policy: program.settings.refundPolicy });
  const cause = record.cancelledAt ? "order cancelled" : `${refunds.length} refund(s)`;
  // floor(spend × points / earned), exact: the product can pass 2^53 for a large order.
  const spendShare = (points: number) =>
    toSafeNumber((BigInt(earn.spendMinor) * BigInt(points)) / BigInt(record.earnedPoints), "Clawed spend");
  if (policy.points > 0) {
    const shortfall = policy.shortfall > 0 ? ` (${formatPoints(policy.shortfall)} not taken: balance would go below zero)` : "";
    await appendEntries(
      tx,
      member,
      [
        {
          type: "clawback",
          points: policy.points,
          idempotencyKey: clawbackKey(record.orderGid, target),
          explanation: `Clawback of ${formatPoints(policy.points)} of ${formatPoints(record.earnedPoints)} earned on ${orderLabel(record.orderGid, earn.orderName)}: ${cause}${shortfall}`,
          breakdown: { target, delta, shortfall: policy.shortfall, refundGids: refunds.map((r) => r.refundGid), cancelled: Boolean(record.cancelledAt) },
          orderGid: record.orderGid,
          orderName: earn.orderName,
          reversesId: earn.id,
          spendMinor: -(spendShare(target) - spendShare(record.clawedTarget)),
          // Taking back points that have not vested yet reduces what is pending, not what is available.
          vestsAt: earn.vestsAt,
        },
      ],
      { now, program },
    );
  }
  await tx.orderRecord.update({ where: { id: record.id }, data: { clawedTarget: target } });
  return outcome("clawed_back", `Clawed back ${formatPoints(policy.points)} (${cause})`, policy.points);
}

export async function recordRefund(db: PrismaClient, shop: string, refund: RefundEvent, now: Date): Promise<OrderOutcome> {
  const program = await getShopProgram(db, shop);
  return transactionWithRollups(db, async (tx) => {
    const record = await lockOrder(tx, shop, refund.orderGid, now);
    const known = await tx.refundRecord.findUnique({ where: { shop_refundGid: { shop, refundGid: refund.refundGid } } });
    if (known) return outcome("duplicate", `Refund ${refund.refundGid} was already recorded`);
    await tx.refundRecord.create({
      data: { shop, orderGid: refund.orderGid, refundGid: refund.refundGid, lines: JSON.stringify(refund.lines) },
    });
    await queueCashbackAfterRefund(tx, shop, refund.orderGid, now);
    await queueReferralReversal(tx, shop, refund.orderGid, now);
    if (record.status !== "awarded") {
      return outcome("deferred", `Refund ${refund.refundGid} stored: it applies when ${refund.orderGid} is awarded`);
    }
    return (await reconcileClawback(tx, program, record, null, now)) ?? outcome("nothing_to_claw", `Refund ${refund.refundGid} takes back no points`);
  });
}

export async function recordOrderCancelled(db: PrismaClient, shop: string, cancel: CancelledOrder, now: Date): Promise<OrderOutcome> {
  const program = await getShopProgram(db, shop);
  return transactionWithRollups(db, async (tx) => {
    const locked = await lockOrder(tx, shop, cancel.orderGid, now);
    if (locked.cancelledAt) return outcome("duplicate", `Order ${cancel.orderGid} was already cancelled`);
    const record = withSafeNumbers(
      await tx.orderRecord.update({ where: { id: locked.id }, data: { cancelledAt: cancel.cancelledAt ?? now }, select: LOCKED_ORDER }),
    );
    recordOrderRollups(tx, [{ shop, orderGid: cancel.orderGid }]);
    await queueCashbackAfterRefund(tx, shop, cancel.orderGid, now);
    await queueReferralReversal(tx, shop, cancel.orderGid, now);
    if (record.status !== "awarded") {
      return outcome("deferred", `Cancellation of ${cancel.orderGid} stored: the order has no points yet`);
    }
    return (await reconcileClawback(tx, program, record, null, now)) ?? outcome("nothing_to_claw", `Order ${cancel.orderGid} has no points left to reverse`);
  });
}
