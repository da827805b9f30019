/**
 * Clawback: how many earned points a refund or cancellation takes back.
 *
 * Rules:
 * - Refunded lines are CUMULATIVE over every refund of the order (a line may appear several times; quantities
 *   add up). Each line gives back weight × min(refundedQty, qty) / qty of its stored weight, exactly.
 * - target = floor(earnedPoints × refundedWeight / weightTotal), capped at earnedPoints; 0 when nothing earned
 *   weight. Refunding every line gives exactly earnedPoints. A cancellation's target is earnedPoints.
 * - A refund claws delta = max(0, target − alreadyClawedTarget), so the sum of deltas over any sequence of
 *   refunds is the last target: never more than earned, and independent of the order the refunds arrive in.
 * - Lines unknown to the stored calculation (added by a later order edit) earned nothing and give back nothing.
 * - The refund policy decides what happens when the balance cannot cover the delta.
 */
import { LoyaltyError } from "./errors";
import type { EarnCalculation, RefundPolicy } from "./types";

/** An exact non-negative rational number. */
export interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

export interface RefundedLine {
  lineGid: string;
  quantity: number;
}

export interface ClawbackResult {
  /** Points that should have been clawed back in total after this event. */
  target: number;
  /** Points this event claws back. */
  delta: number;
}

function requireCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new LoyaltyError("INVALID_INPUT", `${what} must be an integer ≥ 0, got ${value}`);
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Σ over lines of weight × min(refundedQty, qty) / qty, as a reduced fraction. */
export function calculateRefundedWeight(calc: EarnCalculation, refundedLines: readonly RefundedLine[]): Fraction {
  const refunded = new Map<string, number>();
  for (const line of refundedLines) {
    requireCount(line.quantity, `Refunded quantity of line ${line.lineGid}`);
    refunded.set(line.lineGid, (refunded.get(line.lineGid) ?? 0) + line.quantity);
  }

  let numerator = 0n;
  let denominator = 1n;
  for (const line of calc.lines) {
    const refundedQty = refunded.get(line.lineGid) ?? 0;
    if (refundedQty === 0 || line.quantity <= 0) continue;
    const quantity = BigInt(line.quantity);
    const share = BigInt(line.weight) * BigInt(Math.min(refundedQty, line.quantity));
    // numerator/denominator + share/quantity, kept reduced so numbers stay small.
    numerator = numerator * quantity + share * denominator;
    denominator *= quantity;
    const divisor = gcd(numerator, denominator);
    if (divisor > 1n) {
      numerator /= divisor;
      denominator /= divisor;
    }
  }
  return { numerator, denominator };
}

export function calculateClawbackTarget(input: {
  earnedPoints: number;
  calc: EarnCalculation;
  refundedLines: readonly RefundedLine[];
}): number {
  const { earnedPoints, calc, refundedLines } = input;
  requireCount(earnedPoints, "Earned points");
  const weightTotal = BigInt(calc.weightTotal);
  if (weightTotal <= 0n) return 0;
  const refundedWeight = calculateRefundedWeight(calc, refundedLines);
  const target = (BigInt(earnedPoints) * refundedWeight.numerator) / (refundedWeight.denominator * weightTotal);
  return Math.min(Number(target), earnedPoints);
}

export function calculateClawback(input: {
  earnedPoints: number;
  calc: EarnCalculation;
  refundedLines: readonly RefundedLine[];
  alreadyClawedTarget: number;
}): ClawbackResult {
  requireCount(input.alreadyClawedTarget, "Already clawed points");
  const target = calculateClawbackTarget(input);
  return { target, delta: Math.max(0, target - input.alreadyClawedTarget) };
}

/** A cancelled order gives back everything it earned that is not clawed back yet. */
export function calculateCancellationClawback(input: { earnedPoints: number; alreadyClawedTarget: number }): ClawbackResult {
  requireCount(input.earnedPoints, "Earned points");
  requireCount(input.alreadyClawedTarget, "Already clawed points");
  return { target: input.earnedPoints, delta: Math.max(0, input.earnedPoints - input.alreadyClawedTarget) };
}

export interface RefundPolicyResult {
  /** Points to debit now. */
  points: number;
  /** Points that should have been clawed back but were forgiven to keep the balance at zero. */
  shortfall: number;
}

/**
 * allowNegative: debit the whole delta (the balance may go below zero).
 * clampAtZero: debit only what the balance covers; the rest is the shortfall.
 */
export function applyRefundPolicy(input: { delta: number; balance: number; policy: RefundPolicy }): RefundPolicyResult {
  const { delta, balance, policy } = input;
  requireCount(delta, "Clawback");
  if (!Number.isSafeInteger(balance)) {
    throw new LoyaltyError("INVALID_INPUT", `Balance must be an integer, got ${balance}`);
  }
  if (policy === "allowNegative") return { points: delta, shortfall: 0 };
  const points = Math.min(delta, Math.max(balance, 0));
  return { points, shortfall: delta - points };
}
