/**
 * Program settings: the merchant's configuration, validated at the edge with zod.
 *
 * Rules:
 * - Rates are milli-points per major currency unit (1 pt/$ = 1000), 0..100000; tier multipliers are milli,
 *   ×1..×10. Collections are referenced by GID; product types and collections may each be rated only once.
 * - `parseProgramSettings` is the only way in: it also runs `validateTierProgram`, and reports every problem as
 *   LoyaltyError INVALID_INPUT with `fieldErrors` keyed by dotted path ("tierProgram.tiers.1.threshold").
 * - Only a "live" program earns and redeems; "draft" and "paused" answer PROGRAM_PAUSED.
 * - Errors are in the merchant's words and units (rates in points per 1 of the currency, not milli-points;
 *   multipliers as ×1.5), keyed by the field's path for the form, and the summary names no internal path.
 * - Each field error also has a code (field-error-codes.ts: a message key and raw values) so the admin says it in
 *   the merchant's language; the English sentence stays for logs and API clients.
 * - `pointValue` is money per point (point-value.ts); `tierCountsManualCredits` says whether manual credits and
 *   debits count toward points-based tiers (default false: tiers count what was earned by orders and bonuses).
 * - `maxPointsPerOrder` is the most one order can earn (1..MAX_POINTS_PER_ORDER_LIMIT, default 100,000): a larger
 *   award is capped and says so (calculators.ts), never refused. The limit keeps any balance far inside the safe
 *   integer range (docs/decisions/011-64-bit-money-and-points.md).
 */
import { z } from "zod";
import { LoyaltyError } from "./errors";
import {
  fieldErrorCode,
  money,
  type FieldErrorCodes,
  type FieldErrorKey,
  type FieldErrorValue,
  type FieldMessage,
} from "./field-error-codes";
import { currencyExponent } from "./money";
import { MAX_POINT_VALUE_MAJOR } from "./point-value";
import { validateTierOrder, validateTierProgram } from "./tiers";
import type { EarningRules, TierProgram } from "./types";

/** Rates in milli-points per major unit: 0..100 points per 1 of the currency. */
export const MAX_RATE_MILLI = 100_000;
const rateMilli = z.int().min(0).max(MAX_RATE_MILLI);

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

const pointValueSchema = z
  .object({ minorUnits: z.int().min(1).max(1_000_000_000), points: z.int().min(1).max(1_000_000_000) })
  .nullable();

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
    pointValue: pointValueSchema,
    tierCountsManualCredits: z.boolean(),
    /** Mirror balance, tier and lifetime spend to merchant-owned customer metafields (segments, Flow, other apps). */
    mirrorMetafields: z.boolean().default(false),
    /** Tag each member's customer with their tier ("Loyalty tier: Gold"). */
    tierTags: z.boolean().default(false),
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
  // 1 minor unit a point: the default catalog's "$5 off for 500 points".
  pointValue: { minorUnits: 1, points: 1 },
  tierCountsManualCredits: false,
  mirrorMetafields: false,
  tierTags: false,
});

function invalid(errors: Record<string, FieldMessage>, cause?: unknown): LoyaltyError {
  const fieldErrors = Object.fromEntries(Object.entries(errors).map(([path, error]) => [path, error.message]));
  const fieldErrorCodes: FieldErrorCodes = {};
  for (const [path, error] of Object.entries(errors)) if (error.code) fieldErrorCodes[path] = error.code;
  const messages = [...new Set(Object.values(fieldErrors))];
  const summary = messages.length === 1 ? (messages[0] ?? "") : `${messages.length} problems: ${messages.join("; ")}`;
  // The page words the summary itself from the fields' codes (program.errors.problems).
  return new LoyaltyError("INVALID_INPUT", `Nothing was saved. ${summary}`, { fieldErrors, fieldErrorCodes, cause });
}

const integers = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

function currencyOne(currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(1);
  } catch {
    return `1 ${currency}`;
  }
}

/** One major unit of the currency, in minor units (for "per $1"); 1 for an unknown code. */
function oneMajorUnit(currency: string): number {
  try {
    return 10 ** currencyExponent(currency);
  } catch {
    return 1;
  }
}

interface IssueLike {
  path: PropertyKey[];
  code: string;
  message: string;
}

/**
 * The merchant's sentence for a schema issue: what the field is called on the page and the allowed range in the
 * units the page shows (points per $1, ×multipliers, days), never milli-points or a path.
 */
export function describeSettingsIssue(issue: IssueLike, settings: unknown, currency: string): string {
  return settingsIssue(issue, settings, currency).message;
}

/** `describeSettingsIssue`'s sentence with its code (field-error-codes.ts). */
export function settingsIssue(issue: IssueLike, settings: unknown, currency: string): FieldMessage {
  const path = issue.path.map(String);
  const field = path.at(-1) ?? "";
  const per = `per ${currencyOne(currency)}`;
  const say = (message: string, key: FieldErrorKey, values?: Record<string, FieldErrorValue>): FieldMessage => ({ message, code: fieldErrorCode(key, values) });
  const tiers = (settings as { tierProgram?: { tiers?: { name?: unknown }[] } } | null)?.tierProgram?.tiers;
  // A tier is named by its name, or by its place in the list when it has none.
  const tierLabel = (index: string | undefined) => {
    const name = tiers?.[Number(index)]?.name;
    return typeof name === "string" && name.trim() ? name.trim() : String(Number(index) + 1);
  };
  const tierName = (index: string | undefined) => {
    const name = tiers?.[Number(index)]?.name;
    return typeof name === "string" && name.trim() ? `Tier “${name.trim()}”` : `Tier ${Number(index) + 1}`;
  };
  // Custom messages (duplicates) are already in the merchant's words.
  if (issue.code === "custom") {
    const rate = (settings as Record<string, { productType?: unknown; title?: unknown }[] | undefined> | null)?.[path[0] ?? ""]?.[Number(path[1])];
    if (path[0] === "productTypeRates") return say(issue.message, "productTypeTwice", { productType: String(rate?.productType ?? "") });
    if (path[0] === "collectionRates") return say(issue.message, "collectionTwice", { collection: String(rate?.title ?? "") });
    return { message: issue.message };
  }
  if (field === "rateMilli" || field === "baseRateMilli") {
    const what = field === "baseRateMilli" ? "Earn rate" : path[0] === "productTypeRates" ? "Product type rate" : "Collection rate";
    const key = field === "baseRateMilli" ? "baseRateRange" : path[0] === "productTypeRates" ? "productTypeRateRange" : "collectionRateRange";
    return say(`${what} must be a number of points from 0 to ${integers.format(MAX_RATE_MILLI / 1000)} ${per} (up to 3 decimals, e.g. 1.5)`, key, {
      max: MAX_RATE_MILLI / 1000,
      per: money(oneMajorUnit(currency), currency),
      example: 1.5,
    });
  }
  if (path[0] === "tierProgram" && path[1] === "tiers") {
    const tier = tierName(path[2]);
    const values = { tier: tierLabel(path[2]) };
    if (field === "multiplierMilli") return say(`${tier}: the multiplier must be from ×1 to ×10 (up to 3 decimals, e.g. 1.25)`, "tierMultiplierRange", values);
    if (field === "threshold") return say(`${tier}: where it starts must be a whole number, 0 or more`, "tierThresholdWhole", values);
    if (field === "name") return say(`${tier}: give it a name of at most 64 characters`, "tierNameLength", { ...values, max: 64 });
    return say(`${tier}: ${issue.message}`, "tierInvalid", values);
  }
  switch (field) {
    case "signupBonusPoints":
      return say("Signup bonus must be a whole number of points from 0 to 100,000", "signupBonusRange", { max: 100_000 });
    case "maxPointsPerOrder":
      if (issue.code === "too_small") return say(issue.message, "maxPerOrderMin");
      if (issue.code === "too_big") return say(issue.message, "maxPerOrderMax", { max: MAX_POINTS_PER_ORDER_LIMIT });
      return say("The most one order can earn must be a whole number of points", "maxPerOrderWhole");
    case "vestingDays":
      return say("Pending days must be a whole number from 0 to 365", "vestingDaysRange", { max: 365 });
    case "expiryDays":
      return say("Points expiry must be a whole number of days from 1 to 3,650, or empty for never", "expiryDaysRange", { max: 3650 });
    case "minorUnits":
    case "points":
    case "pointValue":
      return say(`The value of a point must be above 0 and at most ${integers.format(MAX_POINT_VALUE_MAJOR)} ${currency}`, "pointValueRange", {
        max: MAX_POINT_VALUE_MAJOR,
        currency,
      });
    case "productType":
      return say("Name the product type (at most 255 characters)", "productTypeName", { max: 255 });
    case "tierCountsManualCredits":
      return say("Say whether manual credits count toward tiers", "manualCreditsChoice");
    case "collectionGid":
      return say("Pick the collection again with “Add collections”", "collectionPick");
    case "title":
      return say("The collection needs a title", "collectionTitle");
    case "includeShipping":
    case "includeTax":
    case "mirrorMetafields":
    case "tierTags":
    case "returnExpiredCodes":
    case "refundPolicy":
    case "status":
    case "basis":
    case "window":
      return say("Choose one of the options", "chooseOption");
    default:
      return say("This value is not valid", "invalidValue");
  }
}

export function parseProgramSettings(input: unknown, currency = "USD"): ProgramSettings {
  const result = programSettingsSchema.safeParse(input);
  if (!result.success) {
    const errors: Record<string, FieldMessage> = {};
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join(".") || "settings";
      errors[path] ??= settingsIssue(issue, input, currency);
    }
    throw invalid(errors, result.error);
  }
  try {
    validateTierProgram(tierProgramOf(result.data));
    validateTierOrder(tierProgramOf(result.data));
  } catch (error) {
    if (!(error instanceof LoyaltyError) || !error.fieldErrors) throw error;
    const codes = error.fieldErrorCodes ?? {};
    const errors = Object.fromEntries(
      Object.entries(error.fieldErrors).map(([path, message]) => [`tierProgram.${path}`, { message, code: codes[path] }]),
    );
    throw invalid(errors, error);
  }
  return result.data;
}

/** What the merchant should know about settings that are valid but probably not meant (shown, never refused). */
/** What the Program page warns about, by code (the page words them in the merchant's language). */
export type ProgramWarning = "liveEarnsNothing" | "baseRateZero" | "pointValueUnset";

export function evaluateProgramWarningCodes(settings: ProgramSettings): ProgramWarning[] {
  const warnings: ProgramWarning[] = [];
  const anyRate = settings.baseRateMilli > 0 || settings.productTypeRates.some((r) => r.rateMilli > 0) || settings.collectionRates.some((r) => r.rateMilli > 0);
  if (settings.status === "live" && !anyRate) warnings.push("liveEarnsNothing");
  else if (settings.status === "live" && settings.baseRateMilli === 0) warnings.push("baseRateZero");
  if (settings.pointValue === null) warnings.push("pointValueUnset");
  return warnings;
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
