/**
 * Program settings: the merchant's configuration, validated at the edge with zod.
 *
 * Rules:
 * - Rates are milli-points per major currency unit (1 pt/$ = 1000), 0..100000; tier multipliers are milli,
 *   ×1..×10. Collections are referenced by GID; product types and collections may each be rated only once.
 * - `parseProgramSettings` is the only way in: it also runs `validateTierProgram`, and reports every problem as
 *   LoyaltyError INVALID_INPUT with `fieldErrors` keyed by dotted path ("tierProgram.tiers.1.threshold").
 * - Only a "live" program earns and redeems; "draft" and "paused" answer PROGRAM_PAUSED.
 * - `maxPointsPerOrder` is the most one order can earn (1..MAX_POINTS_PER_ORDER_LIMIT, default 100,000): a larger
 *   award is capped and says so (calculators.ts), never refused. The limit keeps any balance far inside the safe
 *   integer range (docs/decisions/011-64-bit-money-and-points.md).
 */
import { z } from "zod";
import { LoyaltyError } from "./errors";
import { validateTierProgram } from "./tiers";
import type { EarningRules, TierProgram } from "./types";

const rateMilli = z.int().min(0).max(100_000);

/** What one order earns at most unless the merchant changes it. */
export const DEFAULT_MAX_POINTS_PER_ORDER = 100_000;
/** The highest cap a merchant may set: a billion points a day for 9,000,000 days stays a safe integer. */
export const MAX_POINTS_PER_ORDER_LIMIT = 1_000_000_000;

const maxPointsPerOrder = z
  .int("The most one order can earn must be a whole number of points")
  .min(1, "The most one order can earn must be at least 1 point (pause the program to stop earning)")
  .max(MAX_POINTS_PER_ORDER_LIMIT, "The most one order can earn must be at most 1,000,000,000 points");

const productTypeRateSchema = z.object({
  productType: z.string().trim().min(1, "Product type is required").max(255),
  rateMilli,
});

const collectionRateSchema = z.object({
  collectionGid: z.string().regex(/^gid:\/\/shopify\/Collection\/\d+$/, "Must be a Shopify collection GID"),
  title: z.string().trim().min(1, "Collection title is required").max(255),
  rateMilli,
});

const tierSchema = z.object({
  id: z.string().trim().min(1, "Tier id is required").max(64),
  name: z.string().trim().min(1, "Tier name is required").max(64),
  threshold: z.int().min(0),
  multiplierMilli: z.int().min(1000).max(10_000),
});

export const programSettingsSchema = z
  .object({
    baseRateMilli: rateMilli,
    productTypeRates: z.array(productTypeRateSchema).max(100),
    collectionRates: z.array(collectionRateSchema).max(100),
    includeShipping: z.boolean(),
    includeTax: z.boolean(),
    signupBonusPoints: z.int().min(0).max(100_000),
    maxPointsPerOrder,
    vestingDays: z.int().min(0).max(365),
    expiryDays: z.int().min(1).max(3650).nullable(),
    refundPolicy: z.enum(["clampAtZero", "allowNegative"]),
    returnExpiredCodes: z.boolean(),
    tierProgram: z.object({
      basis: z.enum(["points", "spend"]),
      window: z.enum(["lifetime", "calendarYear", "rolling12Months"]),
      tiers: z.array(tierSchema).max(20),
    }),
    status: z.enum(["draft", "live", "paused"]),
  })
  .superRefine((settings, ctx) => {
    // A second rate for the same product type or collection would silently lose; reject it instead.
    const types = new Set<string>();
    settings.productTypeRates.forEach((rate, index) => {
      const key = rate.productType.toLowerCase();
      if (types.has(key)) {
        ctx.addIssue({ code: "custom", path: ["productTypeRates", index, "productType"], message: `Product type "${rate.productType}" is rated twice` });
      }
      types.add(key);
    });
    const collections = new Set<string>();
    settings.collectionRates.forEach((rate, index) => {
      if (collections.has(rate.collectionGid)) {
        ctx.addIssue({ code: "custom", path: ["collectionRates", index, "collectionGid"], message: `Collection "${rate.title}" is rated twice` });
      }
      collections.add(rate.collectionGid);
    });
  });

export type ProgramSettings = z.infer<typeof programSettingsSchema>;
export type ProgramStatus = ProgramSettings["status"];

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** 1 pt/$, no special rates, shipping and tax excluded, Bronze/Silver/Gold on lifetime points. Frozen. */
export const DEFAULT_PROGRAM_SETTINGS: ProgramSettings = deepFreeze({
  baseRateMilli: 1000,
  productTypeRates: [],
  collectionRates: [],
  includeShipping: false,
  includeTax: false,
  signupBonusPoints: 0,
  maxPointsPerOrder: DEFAULT_MAX_POINTS_PER_ORDER,
  vestingDays: 0,
  expiryDays: null,
  refundPolicy: "clampAtZero",
  returnExpiredCodes: false,
  tierProgram: {
    basis: "points",
    window: "lifetime",
    tiers: [
      { id: "bronze", name: "Bronze", threshold: 0, multiplierMilli: 1000 },
      { id: "silver", name: "Silver", threshold: 500, multiplierMilli: 1250 },
      { id: "gold", name: "Gold", threshold: 1500, multiplierMilli: 1500 },
    ],
  },
  status: "live",
});

function invalid(fieldErrors: Record<string, string>, cause?: unknown): LoyaltyError {
  const summary = Object.entries(fieldErrors)
    .map(([path, message]) => `${path}: ${message}`)
    .join("; ");
  return new LoyaltyError("INVALID_INPUT", `Invalid program settings: ${summary}`, { fieldErrors, cause });
}

export function parseProgramSettings(input: unknown): ProgramSettings {
  const result = programSettingsSchema.safeParse(input);
  if (!result.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join(".") || "settings";
      fieldErrors[path] ??= issue.message;
    }
    throw invalid(fieldErrors, result.error);
  }
  try {
    validateTierProgram(tierProgramOf(result.data));
  } catch (error) {
    if (!(error instanceof LoyaltyError) || !error.fieldErrors) throw error;
    const fieldErrors = Object.fromEntries(
      Object.entries(error.fieldErrors).map(([path, message]) => [`tierProgram.${path}`, message]),
    );
    throw invalid(fieldErrors, error);
  }
  return result.data;
}

export function earningRulesOf(settings: ProgramSettings): EarningRules {
  return {
    baseRateMilli: settings.baseRateMilli,
    productTypeRates: settings.productTypeRates,
    collectionRates: settings.collectionRates,
    includeShipping: settings.includeShipping,
    includeTax: settings.includeTax,
    maxPointsPerOrder: settings.maxPointsPerOrder,
  };
}

export function tierProgramOf(settings: ProgramSettings): TierProgram {
  return settings.tierProgram;
}

/** Throws PROGRAM_PAUSED unless the program is live (drafts and paused programs neither earn nor redeem). */
export function assertProgramLive(settings: Pick<ProgramSettings, "status">): void {
  if (settings.status !== "live") {
    throw new LoyaltyError("PROGRAM_PAUSED", `The loyalty program is ${settings.status === "draft" ? "still a draft" : "paused"}`);
  }
}
