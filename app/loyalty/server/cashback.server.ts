/**
 * Cash-back paid as Shopify store credit (docs/decisions/038-store-credit-cashback.md): the shell around
 * app/loyalty/cashback.ts.
 *
 * Rules:
 * - The award (per-event or batched) only queues `cashback-schedule` in its own transaction, with the quote it
 *   computed purely (eligible lines, the rate of the member's tier, the amount) and when the return window ends
 *   (paid at + the program's vesting days). Nothing else of cash-back happens inside the award transaction.
 * - `cashback-schedule` writes the order's CashbackCredit (pending; unique per shop and order: exactly once) under
 *   the order's lock, the lock refunds take, and queues `cashback-settle` for the end of the window. A refund or a
 *   cancellation recorded after that sees the credit and re-arms `cashback-settle` at once; one recorded before it
 *   is read by the settle job anyway (state-based, like clawback).
 * - `cashback-settle` (one per order) brings Shopify in line with what is known of the order:
 *   pending and inside the window → waits for its end; pending after it → credits the amount less what refunds took
 *   back (nothing to credit → reversed); credited → records one CashbackDebit per new refund (idempotent by refund)
 *   and sends each one owed with storeCreditAccountDebit.
 * - Before sending, the row says what is being sent (`attemptedAt`, the amount). A refusal (userErrors such as
 *   INSUFFICIENT_FUNDS or CREDIT_LIMIT_EXCEEDED, a missing scope, throttling) clears that and records the error; a
 *   lost answer (network, 5xx) keeps it, and the next run looks the transaction up at Shopify before sending again.
 *   Either way the job throws and the outbox retries it: the member page shows the status and the error meanwhile.
 */
import type { PrismaClient } from "@prisma/client";
import { ShopifyAdminError, ShopifyThrottledError } from "~/shopify/errors";
import { creditStoreCredit, debitStoreCredit, findRecentTransaction } from "~/shopify/graphql/store-credit";
import {
  basisPointsToPercent,
  calculateCashbackReversalTarget,
  calculateCreditDue,
  calculateRefundDebits,
  cashbackStatusOf,
  MAX_CASHBACK_BASIS_POINTS,
  parseCashbackRule,
  percentToBasisPoints,
  quoteCashback,
  type CashbackLine,
  type CashbackRefund,
  type CashbackRule,
} from "../cashback";
import type { RefundedLine } from "../clawback";
import { LoyaltyError } from "../errors";
import { toSafeNumber, withSafeNumbers } from "../safe-integer";
import type { EarnCalculation } from "../types";
import type { AdminFor } from "./jobs.server";
import type { Tx } from "./ledger.server";
import { enqueueJob, type JobHandler } from "./outbox.server";
import { forgetShopProgram, getShopProgram, type ShopProgram } from "./program.server";

export const SCHEDULE_CASHBACK = "cashback-schedule";
export const SETTLE_CASHBACK = "cashback-settle";
const DAY_MS = 24 * 60 * 60 * 1000;

interface SchedulePayload {
  orderGid: string;
  orderName: string | null;
  memberId: string;
  customerGid: string;
  currency: string;
  lines: CashbackLine[];
  eligibleMinor: number;
  rateBasisPoints: number;
  amountMinor: number;
  creditableAt: string;
}

/** An outbox row, as both award paths write them. */
export interface CashbackJob {
  shop: string;
  kind: string;
  dedupeKey: string;
  payload: string;
  runAfter: Date;
}

const orderKey = (shop: string, orderGid: string) => `${shop}|${orderGid}`;

/**
 * The job that schedules an awarded order's cash-back, or null when the rule is off or the order earns none.
 * Pure: the award paths call it with what they already hold and write the row in their own way.
 */
export function cashbackScheduleJob(
  program: ShopProgram,
  award: { orderGid: string; orderName: string | null; memberId: string; customerGid: string; calc: Pick<EarnCalculation, "lines" | "currency">; tierId: string | null; paidAt: Date; now: Date },
): CashbackJob | null {
  if (!program.cashback.enabled) return null;
  const quote = quoteCashback(program.cashback, award.calc, award.tierId);
  if (quote.amountMinor <= 0) return null;
  const creditableAt = new Date(award.paidAt.getTime() + program.settings.vestingDays * DAY_MS);
  const payload: SchedulePayload = {
    orderGid: award.orderGid,
    orderName: award.orderName,
    memberId: award.memberId,
    customerGid: award.customerGid,
    currency: award.calc.currency,
    ...quote,
    creditableAt: creditableAt.toISOString(),
  };
  return { shop: program.shop, kind: SCHEDULE_CASHBACK, dedupeKey: orderKey(program.shop, award.orderGid), payload: JSON.stringify(payload), runAfter: award.now };
}

/** The per-event award's way of writing it (inside its transaction). */
export async function queueCashbackSchedule(tx: Tx, job: CashbackJob | null, now: Date): Promise<void> {
  if (!job) return;
  await enqueueJob(tx, { shop: job.shop, kind: job.kind, dedupeKey: job.dedupeKey, payload: JSON.parse(job.payload) as unknown, now, runAfter: job.runAfter });
}

/** A refund or cancellation of `orderGid` was recorded (inside its transaction, under the order's lock). */
export async function queueCashbackAfterRefund(tx: Tx, shop: string, orderGid: string, now: Date): Promise<void> {
  const credit = await tx.cashbackCredit.findUnique({ where: { shop_orderGid: { shop, orderGid } }, select: { id: true } });
  if (credit) await enqueueJob(tx, { shop, kind: SETTLE_CASHBACK, dedupeKey: orderKey(shop, orderGid), payload: { orderGid }, now });
}

/** `cashback-schedule`: writes the order's credit once and queues its settlement at the end of the window. */
export async function scheduleCashback(db: PrismaClient, shop: string, payload: SchedulePayload, now: Date): Promise<void> {
  const creditableAt = new Date(payload.creditableAt);
  await db.$transaction(async (tx) => {
    // The order's lock (refunds take it first): a refund either sees this credit or is seen by its settlement.
    await tx.orderRecord.updateMany({ where: { shop, orderGid: payload.orderGid }, data: { updatedAt: now } });
    await tx.cashbackCredit.upsert({
      where: { shop_orderGid: { shop, orderGid: payload.orderGid } },
      create: {
        shop,
        memberId: payload.memberId,
        customerGid: payload.customerGid,
        orderGid: payload.orderGid,
        orderName: payload.orderName,
        currency: payload.currency,
        lines: JSON.stringify(payload.lines),
        eligibleMinor: payload.eligibleMinor,
        rateBasisPoints: payload.rateBasisPoints,
        amountMinor: payload.amountMinor,
        status: "pending",
        creditableAt,
        createdAt: now,
      },
      update: {},
    });
    await enqueueJob(tx, { shop, kind: SETTLE_CASHBACK, dedupeKey: orderKey(shop, payload.orderGid), payload: { orderGid: payload.orderGid }, now, runAfter: creditableAt });
  });
}

/** A failure after which Shopify certainly did nothing (a refusal, or a request it never ran). */
function certainlyNotDone(error: unknown): boolean {
  return error instanceof LoyaltyError || error instanceof ShopifyThrottledError || (error instanceof ShopifyAdminError && !error.retryable);
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

/** `cashback-settle`: brings the order's store credit in line with the order (see the rules above). */
export async function settleCashback(db: PrismaClient, adminFor: AdminFor, shop: string, orderGid: string, now: Date): Promise<void> {
  const found = await db.cashbackCredit.findUnique({ where: { shop_orderGid: { shop, orderGid } } });
  if (!found) return;
  let credit = withSafeNumbers(found);
  const [order, refundRows] = await Promise.all([
    db.orderRecord.findUnique({ where: { shop_orderGid: { shop, orderGid } }, select: { cancelledAt: true } }),
    db.refundRecord.findMany({ where: { shop, orderGid }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { refundGid: true, lines: true } }),
  ]);
  const lines = JSON.parse(credit.lines) as CashbackLine[];
  const refunds: CashbackRefund[] = refundRows.map((r) => ({ key: r.refundGid, lines: JSON.parse(r.lines) as RefundedLine[] }));
  if (order?.cancelledAt) refunds.push({ key: `cancel:${orderGid}`, lines: [], cancelled: true });

  if (credit.status === "pending") {
    if (now < credit.creditableAt) {
      await enqueueJob(db, { shop, kind: SETTLE_CASHBACK, dedupeKey: orderKey(shop, orderGid), payload: { orderGid }, now, runAfter: credit.creditableAt });
      return;
    }
    const admin = await adminFor(shop);
    let sent: { transactionGid: string } | null = null;
    if (credit.attemptedAt) {
      // Credits already matched to other orders of the customer are not this one.
      const known = await db.cashbackCredit.findMany({ where: { shop, customerGid: credit.customerGid, transactionGid: { not: null } }, select: { transactionGid: true }, orderBy: { createdAt: "desc" }, take: 50 });
      const exclude = known.flatMap((k) => (k.transactionGid ? [k.transactionGid] : []));
      sent = await findRecentTransaction(admin, { kind: "credit", customerGid: credit.customerGid, currency: credit.currency, amountMinor: credit.creditedMinor, since: credit.attemptedAt, exclude });
    }
    if (sent) {
      credit = withSafeNumbers(await db.cashbackCredit.update({ where: { id: credit.id }, data: { status: "credited", transactionGid: sent.transactionGid, creditedAt: now, attemptedAt: null, lastError: null } }));
    } else {
      const target = calculateCashbackReversalTarget({ amountMinor: credit.amountMinor, lines, refundedLines: refunds.flatMap((r) => r.lines), cancelled: Boolean(order?.cancelledAt) });
      const due = calculateCreditDue({ amountMinor: credit.amountMinor, reversalTargetMinor: target });
      if (due === 0) {
        await db.cashbackCredit.update({ where: { id: credit.id }, data: { status: "reversed", creditedMinor: 0, creditedAt: now, attemptedAt: null, lastError: null } });
        return;
      }
      await db.cashbackCredit.update({ where: { id: credit.id }, data: { creditedMinor: due, attemptedAt: now } });
      try {
        const transaction = await creditStoreCredit(admin, { customerGid: credit.customerGid, amountMinor: due, currency: credit.currency });
        credit = withSafeNumbers(
          await db.cashbackCredit.update({ where: { id: credit.id }, data: { status: "credited", transactionGid: transaction.transactionGid, creditedAt: now, attemptedAt: null, lastError: null } }),
        );
      } catch (error) {
        await db.cashbackCredit.update({
          where: { id: credit.id },
          data: { lastError: `Store credit not paid yet: ${describe(error)}`, ...(certainlyNotDone(error) ? { attemptedAt: null, creditedMinor: 0 } : {}) },
        });
        throw error;
      }
    }
  }
  if (credit.status === "pending") return;
  await settleDebits(db, adminFor, credit, lines, refunds, now);
}

async function settleDebits(
  db: PrismaClient,
  adminFor: AdminFor,
  credit: ReturnType<typeof withSafeNumbers<Awaited<ReturnType<PrismaClient["cashbackCredit"]["findUniqueOrThrow"]>>>>,
  lines: CashbackLine[],
  refunds: CashbackRefund[],
  now: Date,
): Promise<void> {
  const shop = credit.shop;
  const known = (await db.cashbackDebit.findMany({ where: { creditId: credit.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map(withSafeNumbers);
  const owed = calculateRefundDebits({
    amountMinor: credit.amountMinor,
    creditedMinor: credit.creditedMinor,
    lines,
    refunds,
    debited: new Map(known.map((d) => [d.refundKey, d.amountMinor])),
  });
  for (const debit of owed) {
    await db.cashbackDebit.upsert({
      where: { shop_refundKey: { shop, refundKey: debit.key } },
      create: { shop, creditId: credit.id, refundKey: debit.key, amountMinor: debit.amountMinor, status: debit.amountMinor > 0 ? "pending" : "none", createdAt: now },
      update: {},
    });
  }
  const pending = (await db.cashbackDebit.findMany({ where: { creditId: credit.id, status: "pending" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map(withSafeNumbers);
  if (pending.length === 0) return;
  const admin = await adminFor(shop);
  const done: string[] = [];
  for (const debit of pending) {
    const input = { customerGid: credit.customerGid, amountMinor: debit.amountMinor, currency: credit.currency };
    let transactionGid: string | null = null;
    if (debit.attemptedAt) {
      const taken = await db.cashbackDebit.findMany({ where: { creditId: credit.id, transactionGid: { not: null } }, select: { transactionGid: true } });
      const exclude = [...taken.flatMap((d) => (d.transactionGid ? [d.transactionGid] : [])), ...done];
      transactionGid = (await findRecentTransaction(admin, { ...input, kind: "debit", since: debit.attemptedAt, exclude }))?.transactionGid ?? null;
    }
    if (!transactionGid) {
      await db.cashbackDebit.update({ where: { id: debit.id }, data: { attemptedAt: now } });
      try {
        transactionGid = (await debitStoreCredit(admin, input)).transactionGid;
      } catch (error) {
        await db.cashbackDebit.update({ where: { id: debit.id }, data: { lastError: describe(error), ...(certainlyNotDone(error) ? { attemptedAt: null } : {}) } });
        throw error;
      }
    }
    done.push(transactionGid);
    await db.$transaction(async (tx) => {
      const changed = await tx.cashbackDebit.updateMany({ where: { id: debit.id, status: "pending" }, data: { status: "debited", transactionGid, debitedAt: now, attemptedAt: null, lastError: null } });
      if (changed.count === 0) return;
      const row = withSafeNumbers(await tx.cashbackCredit.update({ where: { id: credit.id }, data: { debitedMinor: { increment: debit.amountMinor } } }));
      await tx.cashbackCredit.update({ where: { id: credit.id }, data: { status: cashbackStatusOf({ credited: true, creditedMinor: row.creditedMinor, debitedMinor: row.debitedMinor }) } });
    });
  }
}

export function cashbackJobHandlers(db: PrismaClient, adminFor: AdminFor): Record<string, JobHandler> {
  return {
    [SCHEDULE_CASHBACK]: async (job, { now }) => {
      await scheduleCashback(db, job.shop, JSON.parse(job.payload) as SchedulePayload, now);
    },
    [SETTLE_CASHBACK]: async (job, { now }) => {
      await settleCashback(db, adminFor, job.shop, (JSON.parse(job.payload) as { orderGid: string }).orderGid, now);
    },
  };
}

/** What a member's cash-back looks like on their page: one row per order, newest first. */
export async function getMemberCashback(db: PrismaClient, memberId: string, take = 50) {
  const rows = await db.cashbackCredit.findMany({
    where: { memberId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    include: { debits: { where: { status: "pending", lastError: { not: null } }, select: { lastError: true }, take: 1 } },
  });
  return rows.map((row) => {
    const r = withSafeNumbers({ ...row, debits: undefined });
    return {
      id: r.id,
      orderGid: r.orderGid,
      orderName: r.orderName,
      currency: r.currency,
      rateBasisPoints: r.rateBasisPoints,
      amountMinor: r.amountMinor,
      creditedMinor: r.creditedMinor,
      debitedMinor: r.debitedMinor,
      status: r.status,
      creditableAt: r.creditableAt.toISOString(),
      error: r.lastError ?? row.debits[0]?.lastError ?? null,
    };
  });
}

export type MemberCashbackRow = Awaited<ReturnType<typeof getMemberCashback>>[number];

/** Store credit as a liability of its own (reports): issued, reversed and outstanding per currency, and what is pending. */
export async function getStoreCreditLiability(db: PrismaClient, shop: string) {
  const groups = await db.cashbackCredit.groupBy({
    by: ["currency", "status"],
    where: { shop },
    _sum: { amountMinor: true, creditedMinor: true, debitedMinor: true },
  });
  const byCurrency = new Map<string, { currency: string; issuedMinor: number; reversedMinor: number; outstandingMinor: number; pendingMinor: number }>();
  for (const group of groups) {
    const row = byCurrency.get(group.currency) ?? { currency: group.currency, issuedMinor: 0, reversedMinor: 0, outstandingMinor: 0, pendingMinor: 0 };
    const sum = (value: bigint | number | null) => toSafeNumber(value ?? 0, "Store credit");
    if (group.status === "pending") row.pendingMinor += sum(group._sum.amountMinor);
    else {
      row.issuedMinor += sum(group._sum.creditedMinor);
      row.reversedMinor += sum(group._sum.debitedMinor);
    }
    row.outstandingMinor = row.issuedMinor - row.reversedMinor;
    byCurrency.set(group.currency, row);
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

export type StoreCreditLiability = Awaited<ReturnType<typeof getStoreCreditLiability>>[number];

/** Saves the shop's cash-back rule (already parsed). The Program row's stamp moves, so every instance reloads it. */
export async function saveCashbackRule(db: PrismaClient, shop: string, rule: CashbackRule): Promise<void> {
  await db.program.update({
    where: { shop },
    data: { cashbackEnabled: rule.enabled, cashbackBasisPoints: rule.baseBasisPoints, cashbackTierRates: JSON.stringify(rule.tierBasisPoints) },
  });
  forgetShopProgram(shop);
}

/** The Program page's cash-back form: the rule with rates as the merchant types them (percentages), per tier. */
export async function getCashbackSettings(db: PrismaClient, shop: string) {
  const program = await getShopProgram(db, shop);
  const rule = program.cashback;
  return {
    enabled: rule.enabled,
    base: basisPointsToPercent(rule.baseBasisPoints),
    tiers: program.settings.tierProgram.tiers.map((tier) => ({
      id: tier.id,
      name: tier.name,
      rate: rule.tierBasisPoints[tier.id] === undefined ? "" : basisPointsToPercent(rule.tierBasisPoints[tier.id] ?? 0),
    })),
  };
}

export type CashbackSettings = Awaited<ReturnType<typeof getCashbackSettings>>;

/**
 * Saves the form: on/off, the base percentage and a percentage per tier (blank: the base rate). A percentage that
 * is not one (more than two decimals, not a number) or out of range is refused with its field and nothing is saved.
 */
export async function saveCashbackSettings(db: PrismaClient, shop: string, input: { enabled: boolean; base: string; tiers: Record<string, string> }): Promise<CashbackRule> {
  const program = await getShopProgram(db, shop);
  const fieldErrors: Record<string, string> = {};
  const parse = (text: string, field: string) => {
    const value = percentToBasisPoints(text);
    if (value === null) fieldErrors[field] = "Enter the cash-back as a percentage with at most two decimals, e.g. 2 or 2.5";
    else if (value > MAX_CASHBACK_BASIS_POINTS) fieldErrors[field] = "The cash-back can be at most 50%";
    return value ?? 0;
  };
  const baseBasisPoints = parse(input.base, "cashback.base");
  const tierBasisPoints: Record<string, number> = {};
  for (const tier of program.settings.tierProgram.tiers) {
    const text = input.tiers[tier.id]?.trim() ?? "";
    if (text !== "") tierBasisPoints[tier.id] = parse(text, `cashback.tier.${tier.id}`);
  }
  if (Object.keys(fieldErrors).length > 0) {
    throw new LoyaltyError("INVALID_INPUT", `The cash-back settings are not valid: ${[...new Set(Object.values(fieldErrors))].join("; ")}`, { fieldErrors });
  }
  const rule = parseCashbackRule({ enabled: input.enabled, baseBasisPoints, tierBasisPoints });
  await saveCashbackRule(db, shop, rule);
  return rule;
}
