/**
 * Redeeming points for a single-use, customer-locked discount code.
 *
 * Rules:
 * - Step 1, one transaction under the member's lock: replay a known client key, check the reward and the available
 *   balance, write the Redemption (pending) and its `redeem` entry, and queue a settle job as a safety net.
 *   Concurrent redeems of one member are serialized by the lock, so balance for one yields exactly one code.
 * - Step 2, outside any transaction: ask Shopify for the code. Success → issued. A definite refusal (user errors,
 *   GraphQL/HTTP errors) → a `redeem_rollback` entry restores the points, the redemption is failed. An unknown
 *   outcome (timeout, 5xx, throttling) → look the code up; if that fails too, the settle job decides later.
 *   Points are never lost and a code is never issued without its points being spent.
 * - The same client key (a retried or double-clicked request) always answers with the same redemption.
 * - A points slider spends the points the shopper chose (checked against the slider before anything is written)
 *   and keeps the amount off on the redemption; its code is that amount off. A free product's code is one unit of
 *   the variant at its price of the day, read from Shopify in step 2: a variant Shopify no longer has is a definite
 *   refusal (the points come back).
 * - A store credit reward (ADR 038) follows the same steps: step 2 credits the customer's store credit account
 *   (storeCreditAccountCredit) instead of creating a code, and an unknown outcome is settled by looking the credit
 *   up in the account's transactions. Its code is only the redemption's reference: it never expires or returns.
 */
import { randomBytes } from "node:crypto";
import type { PrismaClient, Redemption, Reward } from "@prisma/client";
import { ShopifyAdminError } from "~/shopify/errors";
import type { AdminGraphql } from "~/shopify/admin-graphql.server";
import { createRewardDiscount, findDiscountByCode, getFreeProductVariant, type RewardDiscountInput } from "~/shopify/graphql/discounts";
import { creditStoreCredit, findRecentTransaction } from "~/shopify/graphql/store-credit";
import { LoyaltyError } from "../errors";
import { formatPoints } from "../money";
import { toSafeNumber, withSafeNumbers, type WithSafeNumbers } from "../safe-integer";
import {
  CODE_RANDOM_BYTES,
  evaluateRedemption,
  evaluateSliderChoice,
  generateDiscountCode,
  redemptionExpiry,
  type RewardKind,
} from "../rewards";
import type { AdminFor } from "./jobs.server";
import { appendEntries, lockMember, lockMemberById } from "./ledger.server";
import { transactionWithRollups } from "./rollups.server";
import { enqueueJob } from "./outbox.server";
import { getShopProgram, type ShopProgram } from "./program.server";

export const SETTLE_REDEMPTION = "settle-redemption";
export const EXPIRE_REDEMPTION = "expire-redemption";
/** How long a redemption may stay pending before the settle job looks at it. */
const SETTLE_AFTER_MS = 2 * 60 * 1000;

export interface RedeemInput {
  shop: string;
  customerGid: string;
  rewardId: string;
  clientKey: string;
  /** A points slider: the points the shopper chose (ignored by the other kinds). */
  points?: unknown;
  now: Date;
}

/** A redemption with its points cost as a safe number. */
export type RedemptionRecord = WithSafeNumbers<Redemption>;

export interface RedeemOutcome {
  redemption: RedemptionRecord;
  /** True when the client key was seen before and this is the earlier answer. */
  replayed: boolean;
}

/** A new reservation, with what issuing its code needs (read once, by the reservation). */
interface Reservation {
  redemption: RedemptionRecord;
  reward: WithSafeNumbers<Reward>;
  program: ShopProgram;
}

async function sumPending(db: Pick<PrismaClient, "ledgerEntry">, memberId: string, now: Date): Promise<number> {
  const unvested = await db.ledgerEntry.aggregate({ where: { memberId, vestsAt: { gt: now } }, _sum: { points: true } });
  return Math.max(0, toSafeNumber(unvested._sum.points ?? 0, "Pending points"));
}

/** Step 1: spend the points and record the redemption, or replay the one this client key already made. */
async function reserve(db: PrismaClient, input: RedeemInput): Promise<{ replayed: RedemptionRecord } | { reserved: Reservation }> {
  const program = await getShopProgram(db, input.shop);
  return transactionWithRollups(db, async (tx) => {
    const member = await lockMember(tx, input.shop, input.customerGid);
    const known = await tx.redemption.findUnique({
      where: { shop_memberId_clientKey: { shop: input.shop, memberId: member.id, clientKey: input.clientKey } },
    });
    if (known) return { replayed: withSafeNumbers(known) };

    const found = await tx.reward.findFirst({ where: { id: input.rewardId, shop: input.shop } });
    const reward = found && withSafeNumbers(found);
    // A slider's cost is the shopper's choice, checked against the slider before the balance (nothing written yet).
    const choice = reward?.kind === "points_slider" && reward.active ? evaluateSliderChoice(reward, input.points) : null;
    const pointsCost = evaluateRedemption({
      programStatus: program.settings.status,
      reward: reward && (choice ? { ...reward, pointsCost: choice.points } : reward),
      balance: member.balance,
      pending: await sumPending(tx, member.id, input.now),
    });
    if (!reward) throw new LoyaltyError("REWARD_NOT_FOUND", "This reward is no longer available");

    const code = generateDiscountCode(randomBytes(CODE_RANDOM_BYTES));
    const created = await tx.redemption.create({
      data: {
        shop: input.shop,
        memberId: member.id,
        rewardId: reward.id,
        clientKey: input.clientKey,
        code,
        status: "pending",
        pointsCost,
        rewardName: reward.name,
        amountMinor: choice?.amountMinor ?? null,
        expiresAt: redemptionExpiry(input.now, reward.expiryDays),
        createdAt: input.now,
      },
    });
    const redemption = withSafeNumbers(created);
    await appendEntries(
      tx,
      member,
      [
        {
          type: "redeem",
          points: pointsCost,
          idempotencyKey: `redeem:${redemption.id}`,
          explanation: `Redeemed ${formatPoints(pointsCost)} for ${reward.name} (code ${code})`,
          breakdown: { rewardId: reward.id, code, kind: reward.kind, ...(choice ? { amountMinor: choice.amountMinor } : {}) },
        },
      ],
      { now: input.now, program },
    );
    await enqueueJob(tx, {
      shop: input.shop,
      kind: SETTLE_REDEMPTION,
      dedupeKey: redemption.id,
      payload: { redemptionId: redemption.id },
      now: input.now,
      runAfter: new Date(input.now.getTime() + SETTLE_AFTER_MS),
    });
    return { reserved: { redemption, reward, program } };
  });
}

async function markIssued(db: PrismaClient, redemption: RedemptionRecord, discountGid: string, now: Date, expires = true): Promise<RedemptionRecord> {
  return transactionWithRollups(db, async (tx) => {
    await tx.redemption.updateMany({ where: { id: redemption.id, status: "pending" }, data: { status: "issued", discountGid } });
    if (redemption.expiresAt && expires) {
      await enqueueJob(tx, {
        shop: redemption.shop,
        kind: EXPIRE_REDEMPTION,
        dedupeKey: redemption.id,
        payload: { redemptionId: redemption.id },
        now,
        runAfter: redemption.expiresAt,
      });
    }
    return withSafeNumbers(await tx.redemption.findUniqueOrThrow({ where: { id: redemption.id } }));
  });
}

/** Gives the points back (once) and marks the redemption with `status`. */
async function restorePoints(
  db: PrismaClient,
  redemption: RedemptionRecord,
  { status, reason, now }: { status: "failed" | "returned"; reason: string; now: Date },
): Promise<RedemptionRecord> {
  const program = await getShopProgram(db, redemption.shop);
  return transactionWithRollups(db, async (tx) => {
    const member = await lockMemberById(tx, redemption.memberId);
    const from = status === "failed" ? "pending" : "issued";
    const changed = await tx.redemption.updateMany({ where: { id: redemption.id, status: from }, data: { status, failure: reason } });
    if (changed.count === 1) {
      const redeem = await tx.ledgerEntry.findUnique({
        where: { shop_idempotencyKey: { shop: redemption.shop, idempotencyKey: `redeem:${redemption.id}` } },
      });
      await appendEntries(
        tx,
        member,
        [
          {
            type: "redeem_rollback",
            points: redemption.pointsCost,
            idempotencyKey: `redeem_rollback:${redemption.id}`,
            explanation: `${formatPoints(redemption.pointsCost)} returned: ${reason}`,
            reversesId: redeem?.id ?? null,
            breakdown: { code: redemption.code, reason },
          },
        ],
        { now, program },
      );
    }
    return withSafeNumbers(await tx.redemption.findUniqueOrThrow({ where: { id: redemption.id } }));
  });
}

/** A failure after which the discount certainly does not exist (refused by Shopify, or never sent: bad input). */
function isDefiniteRefusal(error: unknown): boolean {
  return (error instanceof ShopifyAdminError && !error.retryable) || error instanceof LoyaltyError;
}

/**
 * Step 2: create the discount at Shopify and settle the redemption from the answer. The reward and the program are
 * the ones the reservation checked (its transaction read the reward); the customer is the one it locked.
 */
async function issue(
  db: PrismaClient,
  adminFor: AdminFor,
  { redemption, reward, program }: Reservation,
  customerGid: string,
  now: Date,
): Promise<RedemptionRecord> {
  const admin = await adminFor(redemption.shop);
  try {
    if (reward.kind === "store_credit") {
      const credited = await creditStoreCredit(admin, { customerGid, amountMinor: reward.amountMinor ?? 0, currency: program.currency ?? "USD" });
      return await markIssued(db, redemption, credited.transactionGid, now, false);
    }
    const created = await createRewardDiscount(admin, await discountInputFor(admin, { redemption, reward, program }, customerGid, now));
    return await markIssued(db, redemption, created.discountGid, now);
  } catch (error) {
    if (isDefiniteRefusal(error)) {
      const reason = `Shopify could not create the discount (${error instanceof Error ? error.message : String(error)})`;
      await restorePoints(db, redemption, { status: "failed", reason, now });
      throw new LoyaltyError("DISCOUNT_FAILED", `We could not create your code: your ${formatPoints(redemption.pointsCost)} are back in your balance`, {
        cause: error,
      });
    }
    // Unknown outcome: the code may exist. Settle now if Shopify answers a lookup, else the settle job will.
    let settled: RedemptionRecord;
    try {
      settled = await settleRedemption(db, adminFor, redemption.id, now);
    } catch {
      throw new LoyaltyError("DISCOUNT_PENDING", "Your code is on its way: refresh in a minute. Your points are safe.", { cause: error });
    }
    if (settled.status === "failed") {
      throw new LoyaltyError("DISCOUNT_FAILED", `We could not create your code: your ${formatPoints(redemption.pointsCost)} are back in your balance`, {
        cause: error,
      });
    }
    return settled;
  }
}

/**
 * The discount a reservation's code is: the reward's own terms, a slider's chosen amount as a fixed amount off, or
 * a free product's variant at its price of the day (read from Shopify: nothing is created if that read fails).
 */
async function discountInputFor(
  admin: Awaited<ReturnType<AdminFor>>,
  { redemption, reward, program }: Reservation,
  customerGid: string,
  now: Date,
): Promise<RewardDiscountInput> {
  const currency = program.currency ?? "USD";
  const common = {
    code: redemption.code,
    title: `Loyalty reward: ${reward.name} (${redemption.code})`,
    customerGid,
    minimumOrderMinor: reward.minimumOrderMinor,
    currency,
    startsAt: now,
    endsAt: redemption.expiresAt ?? redemptionExpiry(now, reward.expiryDays),
  };
  // Store credit never reaches here: step 2 credits the account instead of making a code.
  const kind = reward.kind as Exclude<RewardKind, "store_credit">;
  if (kind === "points_slider") return { ...common, kind: "fixed_amount", amountMinor: redemption.amountMinor ?? undefined };
  if (kind === "free_product") {
    const variant = await getFreeProductVariant(admin, reward.variantGid ?? "", currency);
    return { ...common, kind: "free_product", variantGid: reward.variantGid ?? undefined, amountMinor: variant.priceMinor };
  }
  return {
    ...common,
    kind,
    amountMinor: reward.amountMinor ?? undefined,
    percentBasisPoints: reward.percentBasisPoints ?? undefined,
  };
}

export async function redeemReward(db: PrismaClient, adminFor: AdminFor, input: RedeemInput): Promise<RedeemOutcome> {
  if (!input.clientKey.trim() || input.clientKey.length > 100) {
    throw new LoyaltyError("INVALID_INPUT", "A redemption needs an idempotency key of at most 100 characters");
  }
  const outcome = await reserve(db, input);
  if ("replayed" in outcome) {
    const redemption = outcome.replayed;
    if (redemption.status === "failed") {
      throw new LoyaltyError("DISCOUNT_FAILED", `We could not create your code: your ${formatPoints(redemption.pointsCost)} are back in your balance`);
    }
    // Still being created (or Shopify's answer was lost): never announce a code that may not exist. The first
    // request or the settle job resolves it; settling here could race a create that is still in flight.
    if (redemption.status === "pending") {
      throw new LoyaltyError("DISCOUNT_PENDING", "Your code is on its way: refresh in a minute. Your points are safe.");
    }
    return { redemption, replayed: true };
  }
  return { redemption: await issue(db, adminFor, outcome.reserved, input.customerGid, input.now), replayed: false };
}

/**
 * Resolves a redemption left pending (crash or timeout between our write and Shopify's answer): if the code
 * exists at Shopify it is issued, otherwise the points come back. Throws when Shopify cannot be asked (retried).
 */
export async function settleRedemption(db: PrismaClient, adminFor: AdminFor, redemptionId: string, now: Date): Promise<RedemptionRecord> {
  const redemption = withSafeNumbers(await db.redemption.findUniqueOrThrow({ where: { id: redemptionId } }));
  if (redemption.status !== "pending") return redemption;
  const admin = await adminFor(redemption.shop);
  const reward = await db.reward.findUnique({ where: { id: redemption.rewardId }, select: { kind: true, amountMinor: true } });
  if (reward?.kind === "store_credit") {
    const credited = await findStoreCreditOf(db, admin, redemption, Number(reward.amountMinor ?? 0));
    if (credited) return markIssued(db, redemption, credited, now, false);
    return restorePoints(db, redemption, { status: "failed", reason: "the store credit was never issued at Shopify", now });
  }
  const found = await findDiscountByCode(admin, redemption.code);
  if (found) return markIssued(db, redemption, found.discountGid, now);
  return restorePoints(db, redemption, { status: "failed", reason: "the discount was never created at Shopify", now });
}

/** The store credit transaction a pending store credit redemption made, if Shopify has it (not one another redemption claimed). */
async function findStoreCreditOf(db: PrismaClient, admin: AdminGraphql, redemption: RedemptionRecord, amountMinor: number): Promise<string | null> {
  const member = await db.member.findUniqueOrThrow({ where: { id: redemption.memberId }, select: { customerGid: true } });
  const program = await getShopProgram(db, redemption.shop);
  const [claimed, cashback] = await Promise.all([
    db.redemption.findMany({ where: { memberId: redemption.memberId, discountGid: { startsWith: "gid://shopify/StoreCreditAccount" } }, select: { discountGid: true } }),
    db.cashbackCredit.findMany({ where: { memberId: redemption.memberId, transactionGid: { not: null } }, select: { transactionGid: true } }),
  ]);
  const found = await findRecentTransaction(admin, {
    kind: "credit",
    customerGid: member.customerGid,
    currency: program.currency ?? "USD",
    amountMinor,
    since: redemption.createdAt,
    exclude: [...claimed.map((r) => r.discountGid), ...cashback.map((c) => c.transactionGid)].flatMap((gid) => (gid ? [gid] : [])),
  });
  return found?.transactionGid ?? null;
}

/** At a code's end date: returns the points of an unused code when the shop says so, else marks it expired. */
export async function expireRedemption(db: PrismaClient, redemptionId: string, now: Date): Promise<RedemptionRecord> {
  const redemption = withSafeNumbers(await db.redemption.findUniqueOrThrow({ where: { id: redemptionId } }));
  if (redemption.status !== "issued") return redemption;
  const program = await getShopProgram(db, redemption.shop);
  if (program.settings.returnExpiredCodes) {
    return restorePoints(db, redemption, { status: "returned", reason: `code ${redemption.code} expired unused`, now });
  }
  await db.redemption.updateMany({ where: { id: redemption.id, status: "issued" }, data: { status: "expired" } });
  return withSafeNumbers(await db.redemption.findUniqueOrThrow({ where: { id: redemption.id } }));
}

/** Marks our codes used by a paid order (Shopify matches codes case-insensitively; ours are uppercase). */
export async function recordCodesUsed(
  db: Pick<PrismaClient, "redemption">,
  shop: string,
  { codes, orderGid, usedAt }: { codes: readonly string[]; orderGid: string; usedAt: Date },
): Promise<number> {
  const ours = codes.map((code) => code.trim().toUpperCase()).filter((code) => code.startsWith("PTS-"));
  if (ours.length === 0) return 0;
  const updated = await db.redemption.updateMany({
    where: { shop, code: { in: ours }, status: { in: ["issued", "pending"] } },
    data: { status: "used", usedAt, usedOrderGid: orderGid },
  });
  return updated.count;
}
