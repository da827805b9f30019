/**
 * What a point is worth in money, for costs and liability.
 *
 * Rule: the best rate a shopper can get for points among active fixed-amount rewards (amount ÷ points cost, as an
 * exact fraction of minor units per point). Percentage and free-shipping rewards have no fixed value and do not
 * count. Without any fixed-amount reward there is no point value (null): money figures are then not shown.
 */
import type { PointValue } from "./simulator";

export interface PricedReward {
  name: string;
  kind: string;
  active: boolean;
  pointsCost: number;
  amountMinor: number | null;
}

export interface ShopPointValue extends PointValue {
  /** The reward the value comes from, for the sentence that explains it. */
  fromReward: string;
}

export function evaluatePointValue(rewards: readonly PricedReward[]): ShopPointValue | null {
  let best: ShopPointValue | null = null;
  for (const reward of rewards) {
    if (!reward.active || reward.kind !== "fixed_amount" || !reward.amountMinor || reward.pointsCost <= 0) continue;
    const candidate = { minorPerPoint: { numerator: reward.amountMinor, denominator: reward.pointsCost }, fromReward: reward.name };
    // a/b > c/d ⇔ a·d > c·b (all positive integers): compare without floats.
    if (
      !best ||
      candidate.minorPerPoint.numerator * best.minorPerPoint.denominator > best.minorPerPoint.numerator * candidate.minorPerPoint.denominator
    ) {
      best = candidate;
    }
  }
  return best;
}

/**
 * points × value in minor units, rounded half up once: floor(x + ½), for negative balances too (−2.5 → −2).
 * The same rule on both sides of zero keeps |round(a) − round(b) − (a − b)| < 1, which the roll-forward's money
 * split relies on (a day from +x.5 to −y.5 used to be off by one when −y.5 rounded away from zero).
 */
export function pointsToMinor(points: number, value: PointValue): number {
  const { numerator, denominator } = value.minorPerPoint;
  const scaled = BigInt(points) * BigInt(numerator) * 2n + BigInt(denominator);
  const divisor = 2n * BigInt(denominator);
  const quotient = scaled / divisor;
  // BigInt division truncates towards zero: step down for a negative value that was not exact.
  return Number(scaled % divisor < 0n ? quotient - 1n : quotient);
}
