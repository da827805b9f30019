/**
 * What every storefront request starts from, read in one statement: the shop's stamps — the Program row's
 * `updatedAt`, and the rewards catalog's latest `updatedAt` and row count — beside the signed-in shopper's member
 * row and pending points. What changes only when the merchant saves (the program, the catalog) is kept per shop in
 * this process and used while its stamp is the one just read (docs/decisions/016-storefront-path.md).
 *
 * Rules:
 * - A save moves a stamp wherever it happens: every write of the Program row sets its `updatedAt` (a program save
 *   rewrites it); every write of a Reward sets its own, and a reward added or deleted changes the count too. So a save
 *   on another instance is seen by this one on its next request, with no message between them.
 * - A save in this process forgets the shop's entries at once (`saveProgramSettings`, `forgetStorefrontCatalog`):
 *   a second save within the millisecond of the first would not move the stamp.
 * - An entry is stored with the stamp read *before* it was loaded: a save racing the load leaves an entry whose stamp
 *   is already old, reloaded by the next request; an entry never carries a stamp newer than its contents.
 * - Pending points are defined once: Σ points of the member's entries with `vestsAt` after now, never below 0
 *   (app/loyalty/ledger-rules.ts), here in SQL.
 * - A shop without a Program row gets its default program (getShopProgram creates it), then the read is repeated.
 */
import type { PrismaClient } from "@prisma/client";
import type { ExpressionBuilder } from "kysely";
import { integerResult } from "~/db/dialect.server";
import { dateResult, type Db } from "~/db/kysely.server";
import type { DB } from "~/db/kysely-types";
import { preparedQuery } from "~/db/prepared-query.server";
import { describeReward, type RewardKind } from "../rewards";
import { withSafeNumbers } from "../safe-integer";
import { getShopProgram, getShopProgramAt, type ShopProgram } from "./program.server";

/** A reward of the storefront catalog (active, in catalog order), described in the shop's currency. */
export interface CatalogReward {
  id: string;
  name: string;
  /** English (describeReward), for the admin's words; the storefront describes a reward from the fields below. */
  description: string;
  kind: RewardKind;
  amountMinor: number | null;
  percentBasisPoints: number | null;
  minimumOrderMinor: number | null;
  /** A points slider's step; the other kinds' cost. */
  pointsCost: number;
  /** points_slider: the fewest and the most points one code takes (null for the other kinds). */
  sliderMinPoints: number | null;
  sliderMaxPoints: number | null;
  /** free_product: the product's title as the merchant picked it. */
  productTitle: string | null;
}

export interface StorefrontMemberState {
  id: string;
  balance: number;
  tierMetric: number;
}

export interface StorefrontShopper {
  program: ShopProgram;
  catalog: readonly CatalogReward[];
  /** Null for a shopper the shop has never seen. */
  member: StorefrontMemberState | null;
  /** Points of the member not vested yet (0 without a member). */
  pending: number;
}

/** Catalogs by shop: valid while the catalog stamp and the shop's currency are the ones they were built with. */
const catalogs = new Map<string, { stamp: string; currency: string; rewards: readonly CatalogReward[] }>();

/** Forgets the shop's cached catalog: called by every reward save of this process. */
export function forgetStorefrontCatalog(shop: string): void {
  catalogs.delete(shop);
}

/** Σ points of the member's (`memberId`) entries not vested at `now`: NULL without entries (read as 0). */
export function pendingPointsOf(eb: ExpressionBuilder<DB, "Member">, now: Date) {
  return eb
    .selectFrom("LedgerEntry")
    .select((entry) => entry.fn.sum("LedgerEntry.points").as("pending"))
    .whereRef("LedgerEntry.memberId", "=", "Member.id")
    .where("LedgerEntry.vestsAt", ">", now);
}

/** The one read: stamps of the shop, and the member with pending points (null columns when there is none). */
const shopperQuery = preparedQuery((db: Db, shop: string, customerGid: string, now: Date) =>
  db
    .selectFrom("Program")
    .leftJoin("Member", (join) => join.onRef("Member.shop", "=", "Program.shop").on("Member.customerGid", "=", customerGid))
    .select((eb) => [
      "Program.updatedAt as programStamp",
      eb
        .selectFrom("Reward")
        .select((reward) => reward.fn.max("Reward.updatedAt").as("latest"))
        .whereRef("Reward.shop", "=", "Program.shop")
        .as("catalogLatest"),
      eb
        .selectFrom("Reward")
        .select((reward) => reward.fn.countAll().as("size"))
        .whereRef("Reward.shop", "=", "Program.shop")
        .as("catalogSize"),
      "Member.id as memberId",
      "Member.balance",
      "Member.tierMetric",
      pendingPointsOf(eb, now).as("pending"),
    ])
    .where("Program.shop", "=", shop),
);

async function readShopper(db: PrismaClient, shop: string, customerGid: string, now: Date) {
  const [row] = await shopperQuery(db, shop, customerGid, now);
  return row;
}

type ShopperRow = NonNullable<Awaited<ReturnType<typeof readShopper>>>;

function catalogStamp(row: Pick<ShopperRow, "catalogLatest" | "catalogSize">): string {
  const latest = row.catalogLatest === null ? null : dateResult(row.catalogLatest);
  return `${latest?.getTime() ?? "none"}/${integerResult(row.catalogSize, "Catalog size")}`;
}

async function getCatalog(db: PrismaClient, program: ShopProgram, stamp: string): Promise<readonly CatalogReward[]> {
  const currency = program.currency ?? "USD";
  const cached = catalogs.get(program.shop);
  if (cached?.stamp === stamp && cached.currency === currency) return cached.rewards;
  const rows = await db.reward.findMany({
    where: { shop: program.shop, active: true },
    orderBy: { position: "asc" },
    select: {
      id: true,
      name: true,
      kind: true,
      pointsCost: true,
      amountMinor: true,
      percentBasisPoints: true,
      minimumOrderMinor: true,
      sliderMinPoints: true,
      sliderMaxPoints: true,
      productTitle: true,
    },
  });
  const rewards = rows.map(withSafeNumbers).map((reward) => ({
    id: reward.id,
    name: reward.name,
    description: describeReward({ ...reward, kind: reward.kind as RewardKind }, currency),
    kind: reward.kind as RewardKind,
    amountMinor: reward.amountMinor,
    percentBasisPoints: reward.percentBasisPoints,
    minimumOrderMinor: reward.minimumOrderMinor,
    pointsCost: reward.pointsCost,
    sliderMinPoints: reward.sliderMinPoints,
    sliderMaxPoints: reward.sliderMaxPoints,
    productTitle: reward.productTitle,
  }));
  catalogs.set(program.shop, { stamp, currency, rewards });
  return rewards;
}

/**
 * The shop's program and catalog and the shopper's member state: one statement while this process holds the
 * program and the catalog at the stamps it reads.
 */
export async function getStorefrontShopper(db: PrismaClient, shop: string, customerGid: string, now: Date): Promise<StorefrontShopper> {
  let row = await readShopper(db, shop, customerGid, now);
  if (!row) {
    await getShopProgram(db, shop); // creates the shop's default program
    row = await readShopper(db, shop, customerGid, now);
    if (!row) throw new Error(`Program for ${shop} could not be created`);
  }
  const program = await getShopProgramAt(db, shop, dateResult(row.programStamp));
  const catalog = await getCatalog(db, program, catalogStamp(row));
  const member =
    row.memberId === null
      ? null
      : { id: row.memberId, balance: integerResult(row.balance, "Member balance"), tierMetric: integerResult(row.tierMetric, "Member tier metric") };
  return { program, catalog, member, pending: member ? Math.max(0, integerResult(row.pending, "Pending points")) : 0 };
}
