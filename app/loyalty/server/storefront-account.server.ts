/**
 * What the storefront block shows a signed-in shopper: balance, tier progress, the rewards catalog with what they
 * can afford, their codes and recent activity. Read-only; a shopper we have never seen gets an empty account.
 *
 * Every storefront page view asks for this (through the app proxy), so it costs at most two statements
 * (docs/decisions/016-storefront-path.md): the shopper's state with the shop's stamps (storefront-shop.server.ts:
 * the program and the catalog come from this process's cache while their stamps hold), then their codes and
 * activity in one UNION ALL, only for a member. Only the columns the answer shows are read: a ledger entry's
 * breakdown (the rated order, kilobytes) never is.
 */
import type { PrismaClient } from "@prisma/client";
import { sql } from "kysely";
import { integerResult } from "~/db/dialect.server";
import { dateResult, type Db } from "~/db/kysely.server";
import { preparedQuery } from "~/db/prepared-query.server";
import { shopperCodeStatus, type RedemptionStatus } from "../rewards";
import { describeTierProgress, evaluateTier } from "../tiers";
import type { TierBasis } from "../types";
import type { ShopProgram } from "./program.server";
import { pendingPointsOf, type StorefrontShopper } from "./storefront-shop.server";

const SHOWN_CODES = 20;
const SHOWN_ACTIVITY = 10;

export interface StorefrontMember {
  balance: number;
  pending: number;
  tier: string | null;
  progress: {
    nextTier: string | null;
    remaining: number;
    progressPermille: number;
    /** English, for the admin and the metafield's older readers; the storefront words it from the fields here. */
    message: string;
    /** What `remaining` counts: points, or minor units of `currency` spent. */
    basis: TierBasis;
    currency: string;
  };
}

export function describeMemberProgress(program: ShopProgram, member: { balance: number; tierMetric: number }, pending: number): StorefrontMember {
  const { tierProgram } = program.settings;
  const evaluation = evaluateTier(tierProgram, member.tierMetric);
  return {
    balance: member.balance - pending,
    pending,
    tier: evaluation.current?.name ?? null,
    progress: {
      nextTier: evaluation.next?.name ?? null,
      remaining: evaluation.remainingToNext,
      progressPermille: evaluation.progressPermille,
      message: describeTierProgress(evaluation, tierProgram.basis, program.currency ?? "USD"),
      basis: tierProgram.basis,
      currency: program.currency ?? "USD",
    },
  };
}

const memberQuery = preparedQuery((db: Db, shop: string, customerGid: string, now: Date) =>
  db
    .selectFrom("Member")
    .select((eb) => ["Member.id", "Member.balance", "Member.tierMetric", pendingPointsOf(eb, now).as("pending")])
    .where("Member.shop", "=", shop)
    .where("Member.customerGid", "=", customerGid),
);

/** A member's storefront view, given the shop's program: one statement (the member and their pending points). */
export async function getStorefrontMember(db: PrismaClient, program: ShopProgram, customerGid: string, now: Date) {
  const [found] = await memberQuery(db, program.shop, customerGid, now);
  if (!found) return { member: null, view: describeMemberProgress(program, { balance: 0, tierMetric: 0 }, 0) };
  const member = { id: found.id, balance: integerResult(found.balance, "Member balance"), tierMetric: integerResult(found.tierMetric, "Member tier metric") };
  return { member, view: describeMemberProgress(program, member, Math.max(0, integerResult(found.pending, "Pending points"))) };
}

/** The member view of a shopper read by `getStorefrontShopper`. */
export function describeShopper(shopper: StorefrontShopper): StorefrontMember {
  return describeMemberProgress(shopper.program, shopper.member ?? { balance: 0, tierMetric: 0 }, shopper.pending);
}

/**
 * Codes (newest SHOWN_CODES) and activity (newest SHOWN_ACTIVITY) of a member, in one statement. Each side keeps its
 * own ORDER BY … LIMIT inside a derived table; a UNION's row order is not defined, so the caller sorts the rows.
 */
const codesAndActivityQuery = preparedQuery((db: Db, memberId: string) =>
  db
    .selectFrom(
      db
        .selectFrom("Redemption")
        .select([
          sql<string>`'code'`.as("source"),
          "Redemption.code as label",
          "Redemption.rewardName as detail",
          sql<string | null>`${sql.ref("Redemption.status")}`.as("status"),
          sql<bigint | number | null>`CAST(NULL AS BIGINT)`.as("points"),
          "Redemption.expiresAt as expiresAt",
          "Redemption.createdAt as createdAt",
        ])
        .where("Redemption.memberId", "=", memberId)
        .where("Redemption.status", "in", ["issued", "used", "expired", "returned"])
        .orderBy("Redemption.createdAt", "desc")
        .limit(SHOWN_CODES)
        .as("codes"),
    )
    .selectAll()
    .unionAll(
      db
        .selectFrom(
          db
            .selectFrom("LedgerEntry")
            .select([
              sql<string>`'entry'`.as("source"),
              "LedgerEntry.type as label",
              "LedgerEntry.explanation as detail",
              sql<string | null>`CAST(NULL AS TEXT)`.as("status"),
              sql<bigint | number | null>`${sql.ref("LedgerEntry.points")}`.as("points"),
              // timestamp(3) is PostgreSQL's DateTime column type; SQLite reads any type name (NULL stays NULL).
              sql<Date | string | null>`CAST(NULL AS timestamp(3))`.as("expiresAt"),
              "LedgerEntry.createdAt as createdAt",
            ])
            .where("LedgerEntry.memberId", "=", memberId)
            .orderBy("LedgerEntry.createdAt", "desc")
            .limit(SHOWN_ACTIVITY)
            .as("activity"),
        )
        .selectAll(),
    ),
);

async function readCodesAndActivity(db: PrismaClient, memberId: string) {
  const rows = await codesAndActivityQuery(db, memberId);
  const newestFirst = rows
    .map((row) => ({ ...row, createdAt: dateResult(row.createdAt), expiresAt: dateResult(row.expiresAt) }))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return { codes: newestFirst.filter((row) => row.source === "code"), activity: newestFirst.filter((row) => row.source === "entry") };
}

/**
 * The shopper's account (their state and the shop's program and catalog as `getStorefrontShopper` read them).
 * The storefront words everything itself, in the shopper's language: the answer carries structured facts (reward
 * kind and amounts, the earn rate, what a reward still misses), not English sentences. Ledger explanations are the
 * stored ones the admin's member page shows, newest SHOWN_ACTIVITY entries.
 */
export async function getStorefrontAccount(db: PrismaClient, shopper: StorefrontShopper, now: Date) {
  const { program, catalog, member } = shopper;
  const view = describeShopper(shopper);
  const live = program.settings.status === "live";
  const { codes, activity } = member ? await readCodesAndActivity(db, member.id) : { codes: [], activity: [] };
  return {
    program: {
      /** "draft" or "paused": the storefront says the program is not running (nothing earns or redeems). */
      status: program.settings.status,
      currency: program.currency ?? "USD",
      /** Base earn rate: milli-points per unit of `currency` (1000 = 1 point per $1). */
      earnRateMilli: program.settings.baseRateMilli,
    },
    member: view,
    rewards: catalog.map((reward) => {
      // A points slider is affordable from its fewest points (the storefront's slider stops at the balance).
      const least = reward.sliderMinPoints ?? reward.pointsCost;
      return {
        id: reward.id,
        name: reward.name,
        kind: reward.kind,
        amountMinor: reward.amountMinor,
        percentBasisPoints: reward.percentBasisPoints,
        minimumOrderMinor: reward.minimumOrderMinor,
        pointsCost: reward.pointsCost,
        sliderMinPoints: reward.sliderMinPoints,
        sliderMaxPoints: reward.sliderMaxPoints,
        /** free_product: the product's title (the storefront says "Free <title>"). */
        productTitle: reward.productTitle,
        /** Points the shopper still needs for it (0: they have enough). */
        missing: Math.max(0, least - view.balance),
        affordable: live && view.balance >= least,
      };
    }),
    codes: codes.map((redemption) => ({
      code: redemption.label,
      rewardName: redemption.detail,
      status: shopperCodeStatus(redemption.status as RedemptionStatus, redemption.expiresAt, now),
      expiresAt: redemption.expiresAt?.toISOString() ?? null,
      createdAt: redemption.createdAt.toISOString(),
    })),
    activity: activity.map((entry) => ({
      type: entry.label,
      points: integerResult(entry.points, "Entry points"),
      explanation: entry.detail,
      createdAt: entry.createdAt.toISOString(),
    })),
  };
}

export type StorefrontAccount = Awaited<ReturnType<typeof getStorefrontAccount>>;
