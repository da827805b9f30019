/**
 * Reward calculators: how many points a paid order earns, and why.
 *
 * Rules:
 * - Precedence (`createProgramCalculator`): a product-type rate overrides collection rates, which override the
 *   base rate. Among several rated collections containing the product, the highest rate wins (ties: the first
 *   configured). Product types match case-insensitively after trimming. A rate of 0 is a real rate: it is how a
 *   merchant stops a product type or collection from earning.
 * - Excluded lines earn nothing and are listed with a reason: gift cards (buying one is not spending), lines
 *   with quantity 0 (fully removed) and lines whose amount after discounts is ≤ 0.
 * - Eligible amount of a line = amountMinor (+ taxMinor when tax is included). Shipping, when included, is a
 *   pseudo-line `SHIPPING_LINE_GID` at the shipping rate for shippingMinor (+ shippingTaxMinor with tax).
 * - Rounding, once per order: weight(line) = eligibleMinor × rateMilli (an exact integer);
 *   points = floor(Σ weight × multiplierMilli / (1000 × 1000 × 10^exponent)), in BigInt. Flooring once lets
 *   fractions of many small lines add up instead of being lost line by line. Nothing is ever negative.
 * - The cap, last: points = min(points, maxPoints) (the program's "most points one order can earn"). A capped award
 *   is never an error: the calculation records `capped` (the cap and the uncapped figure) and the explanation ends
 *   "… = 25,000,000 pts, capped at 100,000 pts, the most one order can earn". Line weights stay as calculated, so
 *   clawback (proportional to weight, of the points actually earned) never takes back more than the capped award.
 *   Without a cap, an award beyond the safe integer range is INVALID_INPUT.
 * - The result is plain JSON and carries every line's weight and quantity: clawback needs nothing else.
 */
import { LoyaltyError } from "./errors";
import { currencyExponent, formatMoney, formatMultiplier, formatPoints, formatRate, minorToDecimalString } from "./money";
import type {
  AppliedRate,
  CollectionRate,
  EarnCalculation,
  EarnCap,
  EarnContext,
  EarnLine,
  EarnOrder,
  EarningRules,
  LineBreakdown,
  ProductTypeRate,
  TierMultiplier,
} from "./types";

/** lineGid of the shipping pseudo-line (refunds of shipping can be clawed back with it). */
export const SHIPPING_LINE_GID = "shipping";

const MILLI = 1000n;

function requireSafeInteger(value: number, what: string, min = Number.MIN_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new LoyaltyError("INVALID_INPUT", `${what} must be an integer${min === 0 ? " ≥ 0" : ""}, got ${value}`);
  }
}

function requireRate(rate: AppliedRate, lineGid: string): void {
  requireSafeInteger(rate.rateMilli, `Rate of line ${lineGid}`, 0);
}

/** Why a line earns nothing regardless of the rules, or null when it can earn. */
function exclusionReason(line: EarnLine): string | null {
  if (line.giftCard) return "gift card";
  if (line.quantity === 0) return "no quantity";
  if (line.amountMinor <= 0) return "nothing paid";
  return null;
}

function excluded(label: string): AppliedRate {
  return { source: "excluded", label, rateMilli: 0 };
}

/** weight / (1000 × 10^exponent) floored to 2 decimals: a line's points before the multiplier, for display. */
function pointsDisplay(weight: bigint, exponent: number): string {
  const hundredths = (weight * 100n) / (MILLI * 10n ** BigInt(exponent));
  return minorToDecimalString(hundredths, 2);
}

function describeLine(line: LineBreakdown, currency: string): string {
  const what = line.lineGid === SHIPPING_LINE_GID ? line.title : `${line.quantity} × ${line.title}`;
  if (line.rate.source === "excluded") return `${what} (${line.rate.label})`;
  const rate = formatRate(line.rate.rateMilli, currency);
  const why = line.rate.source === "shipping" ? rate : `${line.rate.label}, ${rate}`;
  return `${what} ${formatMoney(line.eligibleMinor, currency)} (${why})`;
}

/** "25,000,000 pts" for a points figure held as a bigint (an uncapped award can pass 2^53). */
function formatBigPoints(points: bigint): string {
  return points <= BigInt(Number.MAX_SAFE_INTEGER) ? formatPoints(Number(points)) : `${points.toLocaleString("en-US")} pts`;
}

/**
 * "2 × Snowboard $59.97 (product type Snowboards, 3 pts/$) + tier Gold ×1.5 = 269 pts; excluded: 1 × Gift card (gift card)";
 * capped: "… = 25,000,000 pts, capped at 100,000 pts, the most one order can earn".
 */
function explain(lines: readonly LineBreakdown[], multiplier: TierMultiplier, points: bigint, cap: EarnCap | null, currency: string): string {
  const earning = lines.filter((line) => line.rate.source !== "excluded").map((line) => describeLine(line, currency));
  const terms = earning.length > 0 ? earning : ["no eligible spend"];
  if (multiplier.tierName !== null) terms.push(`tier ${multiplier.tierName} ${formatMultiplier(multiplier.multiplierMilli)}`);
  else if (multiplier.multiplierMilli !== 1000) terms.push(formatMultiplier(multiplier.multiplierMilli));
  const excludedLines = lines.filter((line) => line.rate.source === "excluded").map((line) => describeLine(line, currency));
  const tail = excludedLines.length > 0 ? `; excluded: ${excludedLines.join(", ")}` : "";
  const capped = cap ? `, capped at ${formatPoints(cap.maxPoints)}, the most one order can earn` : "";
  return `${terms.join(" + ")} = ${formatBigPoints(points)}${capped}${tail}`;
}

export abstract class RewardCalculator {
  /** The rate for an eligible line, or null when this calculator has no rule for it. */
  abstract rateFor(line: EarnLine): AppliedRate | null;

  calculate(order: EarnOrder, context: EarnContext): EarnCalculation {
    const exponent = currencyExponent(order.currency);
    const { multiplier } = context;
    requireSafeInteger(multiplier.multiplierMilli, "Tier multiplier", 0);
    requireSafeInteger(context.shippingRateMilli, "Shipping rate", 0);
    if (context.maxPoints !== undefined) requireSafeInteger(context.maxPoints, "The most points one order can earn", 0);

    const seen = new Set<string>();
    const lines: LineBreakdown[] = [];
    let weightTotal = 0n;
    const push = (lineGid: string, title: string, quantity: number, eligibleMinor: number, rate: AppliedRate) => {
      const weight = BigInt(eligibleMinor) * BigInt(rate.rateMilli);
      weightTotal += weight;
      lines.push({
        lineGid,
        title,
        quantity,
        eligibleMinor,
        rate,
        weight: weight.toString(),
        pointsDisplay: pointsDisplay(weight, exponent),
      });
    };

    for (const line of order.lines) {
      if (seen.has(line.lineGid) || line.lineGid === SHIPPING_LINE_GID) {
        throw new LoyaltyError("INVALID_INPUT", `Line ${line.lineGid} appears twice in order ${order.orderGid}`);
      }
      seen.add(line.lineGid);
      requireSafeInteger(line.quantity, `Quantity of line ${line.lineGid}`, 0);
      requireSafeInteger(line.amountMinor, `Amount of line ${line.lineGid}`);
      requireSafeInteger(line.taxMinor, `Tax of line ${line.lineGid}`);

      const reason = exclusionReason(line);
      const rate = reason === null ? (this.rateFor(line) ?? excluded("no earning rule")) : excluded(reason);
      requireRate(rate, line.lineGid);
      const tax = context.includeTax ? Math.max(line.taxMinor, 0) : 0;
      const eligibleMinor = rate.source === "excluded" ? 0 : line.amountMinor + tax;
      push(line.lineGid, line.title, line.quantity, eligibleMinor, rate);
    }

    if (context.includeShipping) {
      requireSafeInteger(order.shippingMinor, "Shipping amount");
      requireSafeInteger(order.shippingTaxMinor, "Shipping tax");
      const tax = context.includeTax ? Math.max(order.shippingTaxMinor, 0) : 0;
      const eligibleMinor = Math.max(order.shippingMinor, 0) + tax;
      // Free shipping is not worth a line in the breakdown or the explanation.
      if (eligibleMinor > 0) {
        push(SHIPPING_LINE_GID, "Shipping", 1, eligibleMinor, {
          source: "shipping",
          label: "shipping",
          rateMilli: context.shippingRateMilli,
        });
      }
    }

    const divisor = MILLI * MILLI * 10n ** BigInt(exponent);
    const uncapped = (weightTotal * BigInt(multiplier.multiplierMilli)) / divisor;
    const cap: EarnCap | null =
      context.maxPoints !== undefined && uncapped > BigInt(context.maxPoints)
        ? { maxPoints: context.maxPoints, uncappedPoints: uncapped.toString() }
        : null;
    if (!cap && uncapped > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new LoyaltyError("INVALID_INPUT", `Order ${order.orderGid} would earn more points than can be stored`);
    }
    const points = cap ? cap.maxPoints : Number(uncapped);

    return {
      points,
      currency: order.currency,
      exponent,
      weightTotal: weightTotal.toString(),
      multiplier: { ...multiplier },
      lines,
      explanation: explain(lines, multiplier, uncapped, cap, order.currency),
      ...(cap ? { capped: cap } : {}),
    };
  }
}

/** Every eligible line at the base rate. */
export class SpendRewardCalculator extends RewardCalculator {
  constructor(private readonly baseRateMilli: number) {
    super();
  }

  rateFor(): AppliedRate {
    return { source: "spend", label: "base rate", rateMilli: this.baseRateMilli };
  }
}

function normalizeProductType(productType: string): string {
  return productType.trim().toLowerCase();
}

/** Lines whose product type has a rate (case-insensitive, trimmed). */
export class ProductTypeRewardCalculator extends RewardCalculator {
  private readonly byType = new Map<string, ProductTypeRate>();

  constructor(rates: readonly ProductTypeRate[]) {
    super();
    for (const rate of rates) {
      const key = normalizeProductType(rate.productType);
      const existing = this.byType.get(key);
      // Duplicates are a settings mistake; keeping the highest makes the result independent of their order.
      if (key !== "" && (!existing || rate.rateMilli > existing.rateMilli)) this.byType.set(key, rate);
    }
  }

  rateFor(line: EarnLine): AppliedRate | null {
    if (line.productType === null) return null;
    const rate = this.byType.get(normalizeProductType(line.productType));
    if (!rate) return null;
    return { source: "productType", label: `product type ${rate.productType.trim()}`, rateMilli: rate.rateMilli };
  }
}

/** Lines whose product is in a rated collection; the highest matching rate wins. */
export class CollectionRewardCalculator extends RewardCalculator {
  constructor(private readonly rates: readonly CollectionRate[]) {
    super();
  }

  rateFor(line: EarnLine): AppliedRate | null {
    let best: CollectionRate | null = null;
    for (const rate of this.rates) {
      if (line.collectionGids.includes(rate.collectionGid) && (best === null || rate.rateMilli > best.rateMilli)) {
        best = rate;
      }
    }
    return best && { source: "collection", label: `collection ${best.title}`, rateMilli: best.rateMilli };
  }
}

/** The first calculator that has a rule for the line decides its rate. */
export class FirstMatchRewardCalculator extends RewardCalculator {
  constructor(private readonly calculators: readonly RewardCalculator[]) {
    super();
  }

  rateFor(line: EarnLine): AppliedRate | null {
    for (const calculator of this.calculators) {
      const rate = calculator.rateFor(line);
      if (rate !== null) return rate;
    }
    return null;
  }
}

/** Product type, then collection, then base rate (see the precedence rule above). */
export function createProgramCalculator(rules: EarningRules): RewardCalculator {
  return new FirstMatchRewardCalculator([
    new ProductTypeRewardCalculator(rules.productTypeRates),
    new CollectionRewardCalculator(rules.collectionRates),
    new SpendRewardCalculator(rules.baseRateMilli),
  ]);
}

/** Points an order earns under a program's rules; shipping, when included, earns the base rate; capped per order. */
export function calculateOrderPoints(order: EarnOrder, rules: EarningRules, multiplier: TierMultiplier): EarnCalculation {
  return createProgramCalculator(rules).calculate(order, {
    multiplier,
    includeShipping: rules.includeShipping,
    includeTax: rules.includeTax,
    shippingRateMilli: rules.baseRateMilli,
    maxPoints: rules.maxPointsPerOrder,
  });
}
