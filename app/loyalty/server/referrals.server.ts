/**
 * Referrals: the service (docs/decisions/033-referrals.md; the rules are in ../referrals.ts).
 *
 * Rules:
 * - A member's code is made once (random, `ReferralCode`); the link is `https://<shop>/?ref=<code>`.
 * - Opening the link: the storefront script claims a friend code with the browser's random click key. One click key
 *   is one referral row and one code, so a reload or a retry answers the same code; the code is reserved on the row
 *   before Shopify is asked, and a failed creation is retried with the same code (looked up first). The code is
 *   single-use, for any buyer (the friend is usually not signed in), with the friend reward's minimum order.
 *   A code that is not a member's, or referrals switched off, answers `ignored` (never an error); a signed-in
 *   referrer opening their own link gets no code (`own_code`).
 * - The paid-order paths (both the batch and the per-event one) only queue the `referral-order` job, in the award's
 *   transaction, when the order carries a referral signal (mapped from the payload, no read). The job, after the
 *   award committed: attributes the order (friend code first, then the cart attribute), marks it `ordered`, reads the
 *   referrer's facts and the friend's order count from Shopify, runs the fraud checks, and either writes the
 *   referrer's `referral` entry (key `referral:<order>`, vesting `pendingDays` later, through the ledger writer) and
 *   marks it `pending`, or marks it `rejected` with the reason. Only the friend's first attributed order counts.
 * - `referral-vest` at the vesting time marks a pending referral `approved`. Refunds and cancellations of a referral
 *   order queue `referral-reversal` in their own transaction; within the window it writes a `clawback` of the
 *   referral entry (key `clawback:referral:<order>`, carrying its vestsAt so it cancels the pending points) and
 *   marks the referral `rejected` (order_refunded / order_cancelled).
 * - Every job re-reads state and is idempotent (statuses move forward only; ledger keys stop doubles).
 */
import { randomBytes } from "node:crypto";
import type { Prisma, PrismaClient, Referral } from "@prisma/client";
import type { PaidOrder, ReferralOrderFacts } from "../events";
import { LoyaltyError } from "../errors";
import {
  capPeriodStart,
  CODE_RANDOM_BYTES,
  DEFAULT_REFERRAL_SETTINGS,
  evaluateReferral,
  evaluateReferralReversal,
  formatFriendCode,
  formatReferralCode,
  normalizeReferralCode,
  parseReferralSettings,
  referralClawbackKey,
  referralExplanation,
  referralKey,
  referralReversalExplanation,
  referralVestsAt,
  REJECTION_TEXT,
  summarizeReferrals,
  type ReferralSettings,
  type ReferralStatus,
  type ReferralSummary,
  type RejectionReason,
} from "../referrals";
import { toSafeNumber } from "../safe-integer";
import { csvFilename, csvStream } from "../csv";
import { currencyExponent, minorToDecimalString } from "../money";
import type { AdminGraphql } from "~/shopify/admin-graphql.server";
import { createRewardDiscount, findDiscountByCode } from "~/shopify/graphql/discounts";
import { fetchReferralParties } from "~/shopify/graphql/referrals";
import { appendEntries, lockMemberById, type Tx } from "./ledger.server";
import { enqueueJob, type JobHandler } from "./outbox.server";
import { recordReferralCompletedFlowEvent } from "./flow-triggers.server";
import { getShopProgram } from "./program.server";
import { transactionWithRollups } from "./rollups.server";

export const REFERRAL_ORDER = "referral-order";
export const REFERRAL_VEST = "referral-vest";
export const REFERRAL_REVERSAL = "referral-reversal";

type Db = PrismaClient | Tx;
type AdminFor = (shop: string) => Promise<AdminGraphql>;

const DAY_MS = 24 * 60 * 60 * 1000;

// ---- Settings --------------------------------------------------------------------------------------------------

export async function getReferralSettings(db: Db, shop: string): Promise<ReferralSettings> {
  const row = await db.referralSettings.findUnique({ where: { shop } });
  if (!row) return { ...DEFAULT_REFERRAL_SETTINGS };
  return {
    enabled: row.enabled,
    referrerPoints: row.referrerPoints,
    friendDiscountKind: row.friendDiscountKind === "percentage" ? "percentage" : "fixed_amount",
    friendDiscountValue: row.friendDiscountValue,
    friendMinimumOrderMinor: toSafeNumber(row.friendMinimumOrderMinor, "Friend minimum order"),
    friendCodeDays: row.friendCodeDays,
    pendingDays: row.pendingDays,
    capPerPeriod: row.capPerPeriod,
    capPeriodDays: row.capPeriodDays,
  };
}

/** Validates and saves; bad input throws INVALID_INPUT with field errors and writes nothing. */
export async function saveReferralSettings(db: PrismaClient, shop: string, input: unknown): Promise<ReferralSettings> {
  const settings = parseReferralSettings(input);
  const data = { ...settings, friendMinimumOrderMinor: BigInt(settings.friendMinimumOrderMinor) };
  await db.referralSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
  return settings;
}

/** The Program page's referral form as the settings' shape (numbers stay numbers or strings for zod to refuse). */
export function referralSettingsFromForm(form: FormData): Record<string, unknown> {
  const number = (name: string) => {
    const value = form.get(name);
    if (typeof value !== "string" || value.trim() === "") return null;
    return Number.isFinite(Number(value)) ? Number(value) : value;
  };
  return {
    enabled: form.get("enabled") === "on",
    friendDiscountKind: form.get("friendDiscountKind"),
    referrerPoints: number("referrerPoints"),
    friendDiscountValue: number("friendDiscountValue"),
    friendMinimumOrderMinor: number("friendMinimumOrderMinor") ?? 0,
    friendCodeDays: number("friendCodeDays"),
    pendingDays: number("pendingDays"),
    capPerPeriod: number("capPerPeriod"),
    capPeriodDays: number("capPeriodDays") ?? DEFAULT_REFERRAL_SETTINGS.capPeriodDays,
  };
}

// ---- The member's code and link --------------------------------------------------------------------------------

export function referralLink(shop: string, code: string): string {
  return `https://${shop}/?ref=${code}`;
}

/** The member's referral code, made on first use; null when referrals are off or the customer is not a member. */
export async function getMemberReferral(
  db: PrismaClient,
  shop: string,
  customerGid: string,
  now: Date,
): Promise<{ code: string; link: string; settings: ReferralSettings; referred: number; pendingPoints: number } | null> {
  const settings = await getReferralSettings(db, shop);
  if (!settings.enabled) return null;
  const member = await db.member.findUnique({ where: { shop_customerGid: { shop, customerGid } }, select: { id: true, redactedAt: true } });
  if (!member || member.redactedAt) return null;
  let row = await db.referralCode.findUnique({ where: { memberId: member.id } });
  for (let attempt = 0; !row && attempt < 5; attempt++) {
    const code = formatReferralCode(randomBytes(CODE_RANDOM_BYTES));
    // A concurrent first use, or (2^-50) a code taken: the unique keys refuse it and we read or draw again.
    row = await db.referralCode
      .create({ data: { memberId: member.id, shop, code, createdAt: now } })
      .catch(() => db.referralCode.findUnique({ where: { memberId: member.id } }));
  }
  if (!row) throw new Error(`Could not make a referral code for member ${member.id}`);
  const counts = await db.referral.groupBy({ by: ["status"], where: { shop, referrerMemberId: member.id }, _count: true, _sum: { points: true } });
  const referred = counts.filter((c) => c.status === "pending" || c.status === "approved").reduce((n, c) => n + c._count, 0);
  const pendingPoints = counts.find((c) => c.status === "pending")?._sum.points ?? 0;
  return { code: row.code, link: referralLink(shop, row.code), settings, referred, pendingPoints };
}

// ---- Opening the link: the friend's code ------------------------------------------------------------------------

export type FriendCodeAnswer =
  | { status: "ignored" }
  | { status: "own_code" }
  | {
      status: "issued";
      code: string;
      expiresAt: string;
      kind: ReferralSettings["friendDiscountKind"];
      value: number;
      minimumOrderMinor: number;
      currency: string | null;
    };

const CLICK_KEY = /^[A-Za-z0-9_-]{16,64}$/;

export async function claimFriendCode(
  db: PrismaClient,
  adminFor: AdminFor,
  input: { shop: string; ref: unknown; clickKey: unknown; customerGid: string | null; now: Date },
): Promise<FriendCodeAnswer> {
  const { shop, customerGid, now } = input;
  if (typeof input.clickKey !== "string" || !CLICK_KEY.test(input.clickKey)) {
    throw new LoyaltyError("INVALID_INPUT", "A referral needs the browser's click key", { fieldErrors: { clickKey: "16 to 64 letters, digits, - or _" } });
  }
  const clickKey = input.clickKey;
  const ref = normalizeReferralCode(input.ref);
  const settings = await getReferralSettings(db, shop);
  if (!ref || !settings.enabled) return { status: "ignored" };
  const owner = await db.referralCode.findUnique({ where: { shop_code: { shop, code: ref } } });
  if (!owner) return { status: "ignored" };
  const referrer = await db.member.findUnique({ where: { id: owner.memberId }, select: { customerGid: true, redactedAt: true } });
  if (!referrer || referrer.redactedAt) return { status: "ignored" };
  if (customerGid !== null && customerGid === referrer.customerGid) return { status: "own_code" };
  const program = await getShopProgram(db, shop);
  if (program.settings.status !== "live") return { status: "ignored" };

  let referral = await db.referral.findUnique({ where: { shop_clickKey: { shop, clickKey } } });
  if (referral && referral.referrerMemberId !== owner.memberId) {
    // The same browser opened another member's link: its first referrer keeps it (first click wins).
  }
  if (!referral) {
    const code = formatFriendCode(randomBytes(CODE_RANDOM_BYTES));
    referral = await db.referral
      .create({
        data: {
          shop,
          referrerMemberId: owner.memberId,
          referralCode: ref,
          clickKey,
          claimedBy: customerGid,
          friendCode: code,
          friendCodeExpiresAt: new Date(now.getTime() + settings.friendCodeDays * DAY_MS),
          status: "clicked",
          clickedAt: now,
        },
      })
      .catch(async (error: unknown) => {
        const raced = await db.referral.findUnique({ where: { shop_clickKey: { shop, clickKey } } });
        if (!raced) throw error;
        return raced;
      });
  }
  const code = referral.friendCode;
  const expiresAt = referral.friendCodeExpiresAt;
  if (!code || !expiresAt) return { status: "ignored" };
  if (!referral.friendDiscountGid) {
    const admin = await adminFor(shop);
    const found = await findDiscountByCode(admin, code);
    const discountGid =
      found?.discountGid ??
      (
        await createRewardDiscount(admin, {
          code,
          title: `Referral: friend's first order (${code})`,
          customerGid: null,
          kind: settings.friendDiscountKind,
          ...(settings.friendDiscountKind === "percentage"
            ? { percentBasisPoints: settings.friendDiscountValue }
            : { amountMinor: settings.friendDiscountValue }),
          currency: program.currency ?? "USD",
          minimumOrderMinor: settings.friendMinimumOrderMinor,
          startsAt: referral.clickedAt,
          endsAt: expiresAt,
        })
      ).discountGid;
    await db.referral.update({ where: { id: referral.id }, data: { friendDiscountGid: discountGid } });
  }
  return {
    status: "issued",
    code,
    expiresAt: expiresAt.toISOString(),
    kind: settings.friendDiscountKind,
    value: settings.friendDiscountValue,
    minimumOrderMinor: settings.friendMinimumOrderMinor,
    currency: program.currency,
  };
}

// ---- The friend's order ------------------------------------------------------------------------------------------

interface ReferralOrderPayload {
  orderGid: string;
  orderName: string | null;
  paidAt: string;
  totalMinor: number;
  currency: string;
  customerGid: string;
  facts: ReferralOrderFacts;
}

/**
 * Called by both paid-order paths inside the award's transaction when the order carries a referral signal: queues
 * the job that decides it after the award commits. No read.
 */
export async function enqueueReferralOrder(
  tx: Tx,
  shop: string,
  order: { orderGid: string; orderName: string | null; paidAt: Date; totalMinor: number; currency: string; customerGid: string; facts: ReferralOrderFacts },
  now: Date,
): Promise<void> {
  await enqueueJob(tx, { shop, kind: REFERRAL_ORDER, dedupeKey: `${shop}|${order.orderGid}`, payload: referralJobPayload(order), now });
}

/** The job's view of a paid order that carries referral facts. */
export function referralOrderOf(order: PaidOrder, customerGid: string, now: Date): Parameters<typeof enqueueReferralOrder>[2] {
  if (!order.referral) throw new Error(`Order ${order.orderGid} carries no referral`);
  return {
    orderGid: order.orderGid,
    orderName: order.earnOrder.orderName ?? null,
    paidAt: order.paidAt ?? now,
    totalMinor: order.totalMinor,
    currency: order.earnOrder.currency,
    customerGid,
    facts: order.referral,
  };
}

export function referralJobPayload(order: Parameters<typeof enqueueReferralOrder>[2]): ReferralOrderPayload {
  return { ...order, paidAt: order.paidAt.toISOString() };
}

/** Finds the referral this order belongs to (friend code first, then the cart attribute's code), or null. */
async function attribute(db: PrismaClient, shop: string, job: ReferralOrderPayload): Promise<Referral | null> {
  const { signals } = job.facts;
  // Already attributed (a redelivery, or a job retried after it marked the order).
  const existing = await db.referral.findUnique({ where: { shop_orderGid: { shop, orderGid: job.orderGid } } });
  if (existing) return existing;
  if (signals.friendCodes.length > 0) {
    const byCode = await db.referral.findFirst({ where: { shop, friendCode: { in: signals.friendCodes }, orderGid: null } });
    if (byCode) return byCode;
  }
  if (!signals.attributeCode) return null;
  const owner = await db.referralCode.findUnique({ where: { shop_code: { shop, code: signals.attributeCode } } });
  if (!owner) return null;
  // The friend's own click of this referrer's link when there is one, else a referral made for this order.
  const clicked = await db.referral.findFirst({
    where: { shop, referrerMemberId: owner.memberId, orderGid: null, status: "clicked", OR: [{ friendCustomerGid: job.customerGid }, { claimedBy: job.customerGid }] },
  });
  if (clicked) return clicked;
  return db.referral.create({
    data: { shop, referrerMemberId: owner.memberId, referralCode: owner.code, clickKey: `order:${job.orderGid}`, status: "clicked", clickedAt: new Date(job.paidAt) },
  });
}

export async function processReferralOrder(db: PrismaClient, adminFor: AdminFor, shop: string, job: ReferralOrderPayload, now: Date): Promise<string> {
  const settings = await getReferralSettings(db, shop);
  if (!settings.enabled) return "referrals are off";
  const found = await attribute(db, shop, job);
  if (!found) return "no referral matches the order's code or attribute";
  if (found.orderGid && found.orderGid !== job.orderGid) return "the referral already has an order";
  if (found.status !== "clicked" && found.status !== "ordered") return `already ${found.status}`;
  // Only the friend's first attributed order: another referral of this friend with an order decides it.
  const earlier = await db.referral.findFirst({ where: { shop, friendCustomerGid: job.customerGid, orderGid: { not: null, notIn: [job.orderGid] } } });
  if (earlier) return "the friend's first order was already attributed";

  const paidAt = new Date(job.paidAt);
  const referral = await db.referral.update({
    where: { id: found.id },
    data: {
      status: "ordered",
      orderGid: job.orderGid,
      orderName: job.orderName,
      friendCustomerGid: job.customerGid,
      friendName: job.facts.friendName,
      revenueMinor: job.totalMinor,
      currency: job.currency,
      orderedAt: paidAt,
    },
  });
  const referrer = await db.member.findUnique({ where: { id: referral.referrerMemberId } });
  if (!referrer || referrer.redactedAt) return reject(db, referral.id, "self_customer", now).then(() => "the referrer is gone");

  const parties = await fetchReferralParties(await adminFor(shop), referrer.customerGid, job.customerGid);
  // Orders Shopify counts for the friend, less this one and those the app saw after it: any left came before.
  const later = await db.orderRecord.count({ where: { shop, customerGid: job.customerGid, paidAt: { gt: paidAt } } });
  const knownEarlier = await db.orderRecord.count({ where: { shop, customerGid: job.customerGid, paidAt: { lt: paidAt }, orderGid: { not: job.orderGid } } });
  const friendEarlierOrders = Math.max(knownEarlier, parties.friendOrders === null ? 0 : parties.friendOrders - 1 - later);
  const recent = await db.referral.count({
    where: {
      shop,
      referrerMemberId: referrer.id,
      id: { not: referral.id },
      status: { in: ["pending", "approved"] },
      orderedAt: { gte: capPeriodStart(paidAt, settings.capPeriodDays) },
    },
  });
  const verdict = evaluateReferral({
    referrer: { customerGid: referrer.customerGid, ...parties.referrer },
    friend: { customerGid: job.customerGid, emails: job.facts.emails, addresses: job.facts.addresses, ips: job.facts.ips },
    claimedBy: referral.claimedBy,
    friendEarlierOrders,
    referrerRecentReferrals: recent,
    capPerPeriod: settings.capPerPeriod,
  });
  if (!verdict.ok) {
    await reject(db, referral.id, verdict.reason, now);
    return `rejected: ${verdict.reason}`;
  }
  return rewardReferrer(db, referral, settings, paidAt, now);
}

async function reject(db: Db, id: string, reason: RejectionReason, now: Date): Promise<void> {
  await db.referral.updateMany({ where: { id, status: { in: ["clicked", "ordered", "pending"] } }, data: { status: "rejected", reason, decidedAt: now } });
}

async function rewardReferrer(db: PrismaClient, referral: Referral, settings: ReferralSettings, paidAt: Date, now: Date): Promise<string> {
  const program = await getShopProgram(db, referral.shop);
  if (program.settings.status !== "live") return `the program is ${program.settings.status}`;
  const orderGid = referral.orderGid as string;
  const vestsAt = referralVestsAt(paidAt, settings.pendingDays);
  const pending = vestsAt.getTime() > now.getTime();
  return transactionWithRollups(db, async (tx) => {
    const current = await tx.referral.findUnique({ where: { id: referral.id } });
    if (current?.status !== "ordered") return `already ${current?.status ?? "gone"}`;
    const member = await lockMemberById(tx, referral.referrerMemberId);
    const { written } = await appendEntries(
      tx,
      member,
      [
        {
          type: "referral",
          points: settings.referrerPoints,
          idempotencyKey: referralKey(orderGid),
          explanation: referralExplanation(referral.friendName ?? "a friend", referral.orderName),
          // The admin's explanation reads the friend from here (ledger-explanation.ts); the order from orderName.
          breakdown: { friendName: referral.friendName },
          orderGid,
          orderName: referral.orderName,
          vestsAt: pending ? vestsAt : null,
          expiresAt: program.settings.expiryDays ? new Date(paidAt.getTime() + program.settings.expiryDays * DAY_MS) : null,
        },
      ],
      { now, program },
    );
    const entry = written[0] ?? (await tx.ledgerEntry.findUnique({ where: { shop_idempotencyKey: { shop: referral.shop, idempotencyKey: referralKey(orderGid) } } }));
    await tx.referral.update({
      where: { id: referral.id },
      data: {
        status: pending ? "pending" : "approved",
        points: settings.referrerPoints,
        entryId: entry?.id ?? null,
        vestsAt,
        decidedAt: pending ? null : now,
      },
    });
    if (pending) await enqueueJob(tx, { shop: referral.shop, kind: REFERRAL_VEST, dedupeKey: referral.id, payload: { referralId: referral.id }, now, runAfter: vestsAt });
    else await recordReferralCompletedFlowEvent(tx, { ...current, points: settings.referrerPoints }, now);
    return pending ? `pending until ${vestsAt.toISOString()}` : "approved";
  });
}

/**
 * At the vesting time: a referral still pending (not taken back) is approved, with its Flow "referral completed"
 * event in the same transaction (stored once: a second run finds it approved and does nothing).
 */
export async function vestReferral(db: PrismaClient, referralId: string, now: Date): Promise<void> {
  const referral = await db.referral.findUnique({ where: { id: referralId } });
  if (!referral || referral.status !== "pending" || !referral.vestsAt) return;
  if (referral.vestsAt.getTime() > now.getTime()) throw new Error(`Referral ${referralId} vests at ${referral.vestsAt.toISOString()}`);
  await db.$transaction(async (tx) => {
    const approved = await tx.referral.updateMany({ where: { id: referralId, status: "pending" }, data: { status: "approved", decidedAt: now } });
    if (approved.count === 1) await recordReferralCompletedFlowEvent(tx, referral, now);
  });
}

// ---- Refunds and cancellations -------------------------------------------------------------------------------------

/** Called in the refund's or cancellation's transaction: queues the reversal check when the order is a referral's. */
export async function queueReferralReversal(tx: Tx, shop: string, orderGid: string, now: Date): Promise<void> {
  const referral = await tx.referral.findUnique({ where: { shop_orderGid: { shop, orderGid } }, select: { id: true, status: true } });
  if (!referral || (referral.status !== "pending" && referral.status !== "ordered")) return;
  await enqueueJob(tx, { shop, kind: REFERRAL_REVERSAL, dedupeKey: referral.id, payload: { referralId: referral.id }, now });
}

interface EarnLineAmount {
  lineGid: string;
  quantity: number;
  amountMinor: number;
}

export async function reverseReferral(db: PrismaClient, referralId: string, now: Date): Promise<string> {
  const referral = await db.referral.findUnique({ where: { id: referralId } });
  if (!referral?.orderGid || (referral.status !== "pending" && referral.status !== "ordered")) return "nothing to reverse";
  const { shop, orderGid } = referral;
  const [order, refunds, settings] = await Promise.all([
    db.orderRecord.findUnique({ where: { shop_orderGid: { shop, orderGid } }, select: { cancelledAt: true, updatedAt: true } }),
    db.refundRecord.findMany({ where: { shop, orderGid }, select: { lines: true, createdAt: true } }),
    getReferralSettings(db, shop),
  ]);
  // What each refunded line was paid, from the friend's earn entry when there is one (the order as rated).
  const earn = await db.ledgerEntry.findUnique({ where: { shop_idempotencyKey: { shop, idempotencyKey: `earn:${orderGid}` } }, select: { breakdown: true } });
  const lines = earn?.breakdown ? ((JSON.parse(earn.breakdown) as { order?: { lines?: EarnLineAmount[] } }).order?.lines ?? null) : null;
  let refundedMinor: number | null = 0;
  for (const refund of refunds) {
    for (const line of JSON.parse(refund.lines) as { lineGid: string; quantity: number }[]) {
      const rated = lines?.find((l) => l.lineGid === line.lineGid);
      if (!rated || refundedMinor === null) refundedMinor = null;
      else refundedMinor += Math.round((rated.amountMinor * line.quantity) / Math.max(1, rated.quantity));
    }
  }
  const lastRefundAt = refunds.reduce<Date | null>((latest, r) => (!latest || r.createdAt > latest ? r.createdAt : latest), null);
  const at = order?.cancelledAt ?? lastRefundAt ?? now;
  const reason = evaluateReferralReversal({
    cancelled: order?.cancelledAt != null,
    totalMinor: toSafeNumber(referral.revenueMinor, "Referral revenue"),
    refundedMinor,
    refunds: refunds.length,
    minimumOrderMinor: settings.friendMinimumOrderMinor,
    at,
    vestsAt: referral.status === "ordered" ? new Date(at.getTime() + 1) : referral.vestsAt,
  });
  if (!reason) return "the reward stays";
  if (referral.status === "ordered") {
    await reject(db, referral.id, reason, now);
    return `rejected: ${reason}`;
  }
  const program = await getShopProgram(db, shop);
  return transactionWithRollups(db, async (tx) => {
    const current = await tx.referral.findUnique({ where: { id: referral.id } });
    if (current?.status !== "pending") return `already ${current?.status ?? "gone"}`;
    const entry = referral.entryId ? await tx.ledgerEntry.findUnique({ where: { id: referral.entryId } }) : null;
    if (entry) {
      const member = await lockMemberById(tx, entry.memberId);
      await appendEntries(
        tx,
        member,
        [
          {
            type: "clawback",
            points: toSafeNumber(entry.points, "Referral points"),
            idempotencyKey: referralClawbackKey(orderGid),
            explanation: referralReversalExplanation(referral.friendName ?? "a friend", referral.orderName, reason),
            orderGid,
            orderName: referral.orderName,
            reversesId: entry.id,
            // Carries the reversed entry's vestsAt: it cancels the pending points, not available ones.
            vestsAt: entry.vestsAt,
          },
        ],
        { now, program },
      );
    }
    await reject(tx, referral.id, reason, now);
    return `taken back: ${reason}`;
  });
}

// ---- Jobs ----------------------------------------------------------------------------------------------------------

export function referralJobHandlers(db: PrismaClient, adminFor: AdminFor): Record<string, JobHandler> {
  const idOf = (payload: string) => (JSON.parse(payload) as { referralId: string }).referralId;
  return {
    [REFERRAL_ORDER]: async (job, { now }) => {
      await processReferralOrder(db, adminFor, job.shop, JSON.parse(job.payload) as ReferralOrderPayload, now);
    },
    [REFERRAL_VEST]: async (job, { now }) => {
      await vestReferral(db, idOf(job.payload), now);
    },
    [REFERRAL_REVERSAL]: async (job, { now }) => {
      await reverseReferral(db, idOf(job.payload), now);
    },
  };
}

// ---- Admin -------------------------------------------------------------------------------------------------------

export interface ReferralRow {
  id: string;
  referrer: { memberId: string; name: string | null; email: string | null };
  friendName: string | null;
  status: ReferralStatus;
  reason: RejectionReason | null;
  orderName: string | null;
  revenueMinor: number;
  currency: string | null;
  points: number;
  clickedAt: string;
  orderedAt: string | null;
  vestsAt: string | null;
}

export const REFERRALS_PAGE_SIZE = 50;

export async function listReferrals(
  db: PrismaClient,
  shop: string,
  options: { page?: number; all?: boolean } = {},
): Promise<{ rows: ReferralRow[]; summary: ReferralSummary; page: number; pages: number }> {
  const statuses = await db.referral.groupBy({ by: ["status"], where: { shop }, _count: true, _sum: { revenueMinor: true } });
  const summary = summarizeGroups(statuses);
  const pages = Math.max(1, Math.ceil(summary.clicks / REFERRALS_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.trunc(options.page ?? 1)), pages);
  const rows = await db.referral.findMany({
    where: { shop },
    orderBy: [{ clickedAt: "desc" }, { id: "desc" }],
    ...(options.all ? {} : { skip: (page - 1) * REFERRALS_PAGE_SIZE, take: REFERRALS_PAGE_SIZE }),
  });
  const members = await db.member.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.referrerMemberId))] } },
    select: { id: true, displayName: true, email: true },
  });
  const byId = new Map(members.map((m) => [m.id, m]));
  return {
    page,
    pages,
    summary,
    rows: rows.map((r) => ({
      id: r.id,
      referrer: { memberId: r.referrerMemberId, name: byId.get(r.referrerMemberId)?.displayName ?? null, email: byId.get(r.referrerMemberId)?.email ?? null },
      friendName: r.friendName,
      status: r.status as ReferralStatus,
      reason: (r.reason as RejectionReason | null) ?? null,
      orderName: r.orderName,
      revenueMinor: toSafeNumber(r.revenueMinor, "Referral revenue"),
      currency: r.currency,
      points: r.points,
      clickedAt: r.clickedAt.toISOString(),
      orderedAt: r.orderedAt?.toISOString() ?? null,
      vestsAt: r.vestsAt?.toISOString() ?? null,
    })),
  };
}

function summarizeGroups(groups: readonly { status: string; _count: number; _sum: { revenueMinor: bigint | null } }[]): ReferralSummary {
  // The pure summary over one representative row per referral: counts by status, revenue summed per status.
  const rows = groups.flatMap((g) =>
    Array.from({ length: g._count }, (_, i) => ({
      status: g.status as ReferralStatus,
      revenueMinor: i === 0 ? toSafeNumber(g._sum.revenueMinor ?? 0, "Referral revenue") : 0,
    })),
  );
  return summarizeReferrals(rows);
}

// ---- Privacy -------------------------------------------------------------------------------------------------------

/** A customer's referrals, as referrer and as friend, for customers/data_request. */
export async function referralDataFor(db: Db, shop: string, customerGid: string, memberId: string | null) {
  const [code, asReferrer, asFriend] = await Promise.all([
    memberId ? db.referralCode.findUnique({ where: { memberId }, select: { code: true, createdAt: true } }) : null,
    memberId ? db.referral.findMany({ where: { shop, referrerMemberId: memberId }, orderBy: { clickedAt: "asc" } }) : [],
    db.referral.findMany({ where: { shop, OR: [{ friendCustomerGid: customerGid }, { claimedBy: customerGid }] }, orderBy: { clickedAt: "asc" } }),
  ]);
  const shape = (r: Referral) => ({
    status: r.status,
    reason: r.reason,
    friendName: r.friendName,
    friendCode: r.friendCode,
    order: r.orderName ?? r.orderGid,
    points: r.points,
    clickedAt: r.clickedAt.toISOString(),
    orderedAt: r.orderedAt?.toISOString() ?? null,
  });
  return { code: code?.code ?? null, referred: asReferrer.map(shape), referredBy: asFriend.map(shape) };
}

/**
 * customers/redact: the customer's own code is deleted (their link stops working); as a friend, their name, id and
 * the code they claimed are erased from the referrals (the rows stay, for the referrer's ledger and the figures).
 */
export async function redactReferrals(tx: Prisma.TransactionClient, shop: string, customerGid: string, memberId: string | null): Promise<void> {
  if (memberId) await tx.referralCode.deleteMany({ where: { memberId } });
  await tx.referral.updateMany({
    where: { shop, OR: [{ friendCustomerGid: customerGid }, { claimedBy: customerGid }] },
    data: { friendCustomerGid: null, friendName: null, claimedBy: null },
  });
}

/** The shop's referrals as CSV (the Referrals page's export); reasons in English, amounts as decimals. */
export async function exportReferralsCsv(db: PrismaClient, shop: string, now: Date): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
  const { rows } = await listReferrals(db, shop, { all: true });
  const header = ["Referrer", "Referrer email", "Friend", "Status", "Reason", "Order", "Revenue", "Currency", "Points", "Visited", "Ordered", "Vests"];
  let sent = false;
  const lines = rows.map((r) =>
    ([
      r.referrer.name ?? "",
      r.referrer.email ?? "",
      r.friendName ?? "",
      r.status,
      r.reason ? REJECTION_TEXT[r.reason] : "",
      r.orderName ?? "",
      r.currency ? minorToDecimalString(r.revenueMinor, currencyExponent(r.currency)) : String(r.revenueMinor),
      r.currency ?? "",
      r.points,
      r.clickedAt,
      r.orderedAt ?? "",
      r.vestsAt ?? "",
    ]),
  );
  const nextBatch = async () => {
    if (sent) return null;
    sent = true;
    return lines;
  };
  return { filename: csvFilename("referrals", now), body: csvStream(header, nextBatch) };
}
