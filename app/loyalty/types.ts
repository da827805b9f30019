/**
 * Shared value types of the loyalty core.
 *
 * Rules that hold everywhere in `app/loyalty`:
 * - Points are integers. Money is integer minor units of the shop's currency (never presentment money).
 * - Rates are integers in milli-points per one major currency unit: 1 pt/$ = 1000, 0.5 pt/$ = 500, 3 pts/$ = 3000.
 * - Multipliers are integers in milli: ×1 = 1000, ×1.5 = 1500.
 * - Records are keyed by Shopify GID strings (`gid://shopify/Order/123`), never by numeric ids (they exceed 2^53).
 * - Nothing here reads a clock, a database or the network: time is passed in.
 */

/** One line of a paid order, reduced to what earning needs. */
export interface EarnLine {
  lineGid: string;
  /** Null for custom line items (no product). */
  productGid: string | null;
  title: string;
  quantity: number;
  /** price × quantity − every discount allocated to the line, tax excluded, shop minor units. */
  amountMinor: number;
  /** Tax charged on the line, shop minor units. Counted only when the program includes tax. */
  taxMinor: number;
  /** From the Admin API (orders do not carry it). Null when the product has none or is custom. */
  productType: string | null;
  /** Collections the product belongs to (GIDs), from the Admin API. */
  collectionGids: readonly string[];
  /** Gift cards never earn points (buying one is not spending). */
  giftCard: boolean;
}

export interface EarnOrder {
  orderGid: string;
  /** The order's name as the merchant knows it ("#1003"), from the payload; absent in orders stored before it was kept. */
  orderName?: string | null;
  /** Shop currency code (ISO 4217). */
  currency: string;
  lines: readonly EarnLine[];
  /** Shipping after shipping discounts, tax excluded, shop minor units. */
  shippingMinor: number;
  shippingTaxMinor: number;
}

export type RateSource = "productType" | "collection" | "spend" | "shipping" | "excluded";

/** The rate chosen for a line and why. */
export interface AppliedRate {
  source: RateSource;
  /** Human label of the rule, e.g. "product type Snowboards" or "collection Summer". */
  label: string;
  rateMilli: number;
}

export interface ProductTypeRate {
  productType: string;
  rateMilli: number;
}

export interface CollectionRate {
  collectionGid: string;
  title: string;
  rateMilli: number;
}

/** Earning settings of a program, as the calculators need them. */
export interface EarningRules {
  /** Base rate on eligible spend. */
  baseRateMilli: number;
  productTypeRates: readonly ProductTypeRate[];
  collectionRates: readonly CollectionRate[];
  includeShipping: boolean;
  includeTax: boolean;
  /** The most one order can earn; a larger award is capped (recorded in the calculation), never refused. */
  maxPointsPerOrder: number;
}

export interface TierMultiplier {
  tierName: string | null;
  multiplierMilli: number;
}

export type TierBasis = "points" | "spend";
export type TierWindow = "lifetime" | "calendarYear" | "rolling12Months";

export interface TierDefinition {
  id: string;
  name: string;
  /** Points (basis points) or shop minor units (basis spend) needed within the window. */
  threshold: number;
  multiplierMilli: number;
}

export interface TierProgram {
  basis: TierBasis;
  window: TierWindow;
  tiers: readonly TierDefinition[];
}

export type RefundPolicy = "clampAtZero" | "allowNegative";

/** What `RewardCalculator.calculate` needs besides the order. */
export interface EarnContext {
  multiplier: TierMultiplier;
  includeShipping: boolean;
  includeTax: boolean;
  /** Rate applied to shipping when it is included (the program's base rate). */
  shippingRateMilli: number;
  /** The most the order can earn (the program's maxPointsPerOrder); absent: no cap below the safe integer limit. */
  maxPoints?: number;
}

/**
 * One line of an earn calculation. Plain JSON: it is stored with the earn entry and is all that
 * clawback needs later (line id, quantity and the line's weight).
 */
export interface LineBreakdown {
  lineGid: string;
  title: string;
  quantity: number;
  /** Minor units that earned (0 for excluded lines). */
  eligibleMinor: number;
  rate: AppliedRate;
  /** eligibleMinor × rateMilli as a decimal integer string (can exceed 2^53). */
  weight: string;
  /** This line's points before the tier multiplier, floored to 2 decimals, e.g. "59.97". */
  pointsDisplay: string;
}

/** Why an award is less than its lines add up to: the per-order cap applied. */
export interface EarnCap {
  /** The cap that applied (the program's maxPointsPerOrder at earn time). */
  maxPoints: number;
  /** What the order would have earned without the cap, as a decimal integer string (can exceed 2^53). */
  uncappedPoints: string;
}

/** Result of an earn calculation. Plain JSON (no bigint, no Date). */
export interface EarnCalculation {
  /** Points awarded: after the tier multiplier and the per-order cap. */
  points: number;
  currency: string;
  /** Minor-unit exponent of `currency` (USD 2, JPY 0). */
  exponent: number;
  /** Σ line weights as a decimal integer string. */
  weightTotal: string;
  multiplier: TierMultiplier;
  lines: LineBreakdown[];
  explanation: string;
  /** Present only when the per-order cap lowered the award (breakdowns stored before the cap never have it). */
  capped?: EarnCap;
}
