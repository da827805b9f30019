/**
 * Program settings persistence: the Program row plus its EarningRule and Tier rows, mapped to and from the
 * pure `ProgramSettings`. A shop without a row gets the defaults, written on first use so tier ids are stable.
 */
import type { Prisma, PrismaClient } from "@prisma/client";
import { cashbackRuleOf, type CashbackRule } from "../cashback";
import { DEFAULT_PROGRAM_SETTINGS, parseProgramSettings, type ProgramSettings } from "../program";
import { DEFAULT_REWARDS } from "../rewards";
import { withSafeNumbers } from "../safe-integer";
import { enqueueProgramFactsSync } from "./outbox.server";

type Db = PrismaClient | Prisma.TransactionClient;

export interface ShopProgram {
  shop: string;
  settings: ProgramSettings;
  timezone: string;
  /** Shop currency, learnt from the first paid order (orders report amounts in it as shop money). */
  currency: string | null;
  /** When a signed storefront request was first seen (the theme block is installed), or null. */
  storefrontSeenAt: Date | null;
  /** Cash-back as store credit (ADR 038), from the Program row's own columns. */
  cashback: CashbackRule;
}

/**
 * The Program row first, its rules and tiers after: on PostgreSQL parallel reads run on different connections in
 * any order, and rules read before a save with a Program row (and stamp) read after it would be cached as current.
 * Read in this order, a save between the reads leaves the old stamp on the entry, and the next read reloads it.
 */
async function loadRows(db: Db, shop: string) {
  const program = await db.program.findUnique({ where: { shop } });
  const [rules, tiers] = await Promise.all([
    db.earningRule.findMany({ where: { shop }, orderBy: { label: "asc" } }),
    db.tier.findMany({ where: { shop }, orderBy: { threshold: "asc" } }),
  ]);
  return { program, rules, tiers };
}

type Rows = Awaited<ReturnType<typeof loadRows>>;

function toSettings(rows: Rows & { program: NonNullable<Rows["program"]> }): ProgramSettings {
  const { rules, tiers } = rows;
  const program = withSafeNumbers(rows.program);
  // Rows were validated on the way in; parsing again guards against hand-edited data.
  return parseProgramSettings({
    baseRateMilli: program.baseRateMilli,
    productTypeRates: rules
      .filter((rule) => rule.kind === "productType")
      .map((rule) => ({ productType: rule.matchValue, rateMilli: rule.rateMilli })),
    collectionRates: rules
      .filter((rule) => rule.kind === "collection")
      .map((rule) => ({ collectionGid: rule.matchValue, title: rule.label, rateMilli: rule.rateMilli })),
    includeShipping: program.includeShipping,
    includeTax: program.includeTax,
    signupBonusPoints: program.signupBonusPoints,
    maxPointsPerOrder: program.maxPointsPerOrder,
    vestingDays: program.vestingDays,
    expiryDays: program.expiryDays,
    refundPolicy: program.refundPolicy,
    returnExpiredCodes: program.returnExpiredCodes,
    tierProgram: {
      basis: program.tierBasis,
      window: program.tierWindow,
      tiers: tiers.map(withSafeNumbers).map((tier) => ({
        id: tier.id,
        name: tier.name,
        threshold: tier.threshold,
        multiplierMilli: tier.multiplierMilli,
      })),
    },
    status: program.status,
    pointValue:
      program.pointValueMinor !== null && program.pointValuePoints !== null
        ? { minorUnits: program.pointValueMinor, points: program.pointValuePoints }
        : null,
    tierCountsManualCredits: program.tierCountsManual,
    mirrorMetafields: program.mirrorMetafields,
    tierTags: program.tierTags,
  });
}

/** Writes a whole program (settings already parsed). Tier ids are kept where given so members keep their tier. */
export async function saveProgramSettings(db: Prisma.TransactionClient, shop: string, settings: ProgramSettings): Promise<void> {
  // This process sees its own save at once (even within the stamp's millisecond); others see the new stamp.
  programCache.delete(shop);
  const scalars = {
    status: settings.status,
    baseRateMilli: settings.baseRateMilli,
    includeShipping: settings.includeShipping,
    includeTax: settings.includeTax,
    signupBonusPoints: settings.signupBonusPoints,
    maxPointsPerOrder: settings.maxPointsPerOrder,
    vestingDays: settings.vestingDays,
    expiryDays: settings.expiryDays,
    refundPolicy: settings.refundPolicy,
    returnExpiredCodes: settings.returnExpiredCodes,
    tierBasis: settings.tierProgram.basis,
    tierWindow: settings.tierProgram.window,
    pointValueMinor: settings.pointValue?.minorUnits ?? null,
    pointValuePoints: settings.pointValue?.points ?? null,
    tierCountsManual: settings.tierCountsManualCredits,
    mirrorMetafields: settings.mirrorMetafields,
    tierTags: settings.tierTags,
  };
  await db.program.upsert({ where: { shop }, create: { shop, ...scalars }, update: scalars });
  // The storefront banner's copy of the program (status, earn rate, rewards) follows every save.
  await enqueueProgramFactsSync(db, shop, new Date());
  await db.earningRule.deleteMany({ where: { shop } });
  await db.earningRule.createMany({
    data: [
      ...settings.productTypeRates.map((rate) => ({
        shop,
        kind: "productType",
        matchValue: rate.productType,
        label: rate.productType,
        rateMilli: rate.rateMilli,
      })),
      ...settings.collectionRates.map((rate) => ({
        shop,
        kind: "collection",
        matchValue: rate.collectionGid,
        label: rate.title,
        rateMilli: rate.rateMilli,
      })),
    ],
  });
  const keep = settings.tierProgram.tiers.map((tier) => tier.id);
  await db.tier.deleteMany({ where: { shop, id: { notIn: keep } } });
  for (const tier of settings.tierProgram.tiers) {
    const data = { shop, name: tier.name, threshold: tier.threshold, multiplierMilli: tier.multiplierMilli };
    await db.tier.upsert({ where: { id: tier.id }, create: { id: tier.id, ...data }, update: data });
  }
}

/** Drops the cached program of a shop whose Program row this process has just written (a setting saved elsewhere). */
export function forgetShopProgram(shop: string): void {
  programCache.delete(shop);
}

/**
 * Parsed programs by shop, valid while the Program row's updatedAt is unchanged (every save rewrites the row, so
 * another instance's save is seen on the next read): one indexed read instead of three queries and a parse.
 */
const programCache = new Map<string, { stamp: number; program: ShopProgram }>();

function isClient(db: Db): db is PrismaClient {
  return "$transaction" in db;
}

/** Writes the default program of a shop that has none (inside the caller's transaction, or in one of its own). */
async function createDefaultProgram(db: Db, shop: string): Promise<void> {
  const create = async (tx: Prisma.TransactionClient) => {
    if (await tx.program.findUnique({ where: { shop } })) return;
    // A new program is a draft: it awards and redeems nothing until the merchant launches it (ADR 023).
    const defaults: ProgramSettings = { ...structuredClone(DEFAULT_PROGRAM_SETTINGS), status: "draft" };
    // Tier ids are per shop (Tier.id is global), so prefix the default ids.
    defaults.tierProgram.tiers = defaults.tierProgram.tiers.map((tier) => ({ ...tier, id: `${shop}:${tier.id}` }));
    await saveProgramSettings(tx, shop, defaults);
    await tx.reward.createMany({ data: DEFAULT_REWARDS.map((reward, position) => ({ ...reward, shop, position })) });
  };
  await (isClient(db) ? db.$transaction(create) : create(db));
}

/**
 * Loads the shop's program, creating the default one on first use. `db` may be a transaction: an event's
 * transaction reads its program there, after its duplicate checks, so a redelivery does not read it at all.
 */
export async function getShopProgram(db: Db, shop: string): Promise<ShopProgram> {
  const row = await db.program.findUnique({ where: { shop }, select: { updatedAt: true } });
  return row ? getShopProgramAt(db, shop, row.updatedAt) : loadShopProgram(db, shop);
}

/**
 * The shop's program whose Program row the caller has just read with updatedAt `stamp` (in a statement of its own,
 * such as the storefront's one read): the cached one when it carries that stamp, else loaded (and cached) as
 * `getShopProgram` loads it.
 */
export async function getShopProgramAt(db: Db, shop: string, stamp: Date): Promise<ShopProgram> {
  const cached = programCache.get(shop);
  if (cached?.stamp === stamp.getTime()) return cached.program;
  return loadShopProgram(db, shop);
}

async function loadShopProgram(db: Db, shop: string): Promise<ShopProgram> {
  let rows = await loadRows(db, shop);
  if (!rows.program) {
    await createDefaultProgram(db, shop);
    rows = await loadRows(db, shop);
  }
  const { program } = rows;
  if (!program) throw new Error(`Program for ${shop} could not be created`);
  const loaded = {
    shop,
    settings: toSettings({ ...rows, program }),
    timezone: program.timezone,
    currency: program.currency,
    storefrontSeenAt: program.storefrontSeenAt,
    cashback: cashbackRuleOf({ enabled: program.cashbackEnabled, baseBasisPoints: program.cashbackBasisPoints, tierRates: program.cashbackTierRates }),
  };
  programCache.set(shop, { stamp: program.updatedAt.getTime(), program: loaded });
  return loaded;
}
