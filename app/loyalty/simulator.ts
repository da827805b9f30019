/**
 * The rule simulator and the tier-change preview: what proposed settings would have done, before they are saved.
 *
 * Rules:
 * - Replay uses each order exactly as it was rated (the order stored with its earn entry, product data included)
 *   and re-rates it with the proposed earning rules. The tier multiplier is the proposed program's multiplier for
 *   the tier the member held then (matched by tier id, then by name); a tier that no longer exists counts ×1.
 * - Orders whose entry carries no stored order (earned before the simulator existed) are counted, not guessed.
 * - "Issued" is net, as on Home and Reports (figures.ts): what the orders earned minus what refunds and
 *   cancellations clawed back. Under the proposed rules an order's clawback is scaled by its proposed ÷ current
 *   points (clawback takes back by the rule that awarded, so it scales with the award), rounded half up per order.
 *   The gross "earned by these orders" stays alongside, labelled as such.
 * - Money (liability added) is net issued points × the program's point value, in minor units, rounded once per
 *   total (half up).
 * - The tier preview re-evaluates every member's cached tier metric against the proposed thresholds and counts
 *   moves per (from, to) pair; nothing is written.
 */
import { calculateOrderPoints } from "./calculators";
import { pointsToMinor } from "./point-value";
import { earningRulesOf, type ProgramSettings } from "./program";
import { evaluateTier } from "./tiers";
import type { EarnOrder, TierMultiplier } from "./types";

export interface ReplayableOrder {
  orderGid: string;
  /** Points the order actually earned. */
  points: number;
  /** The order as rated; null when the entry predates stored orders. */
  order: EarnOrder | null;
  multiplier: TierMultiplier;
  /** Tier id the member held when the order was rated, when known. */
  tierId: string | null;
  /** Points clawed back from the order so far (positive). */
  clawedBack: number;
}

export interface SimulationTotals {
  orders: number;
  notReplayable: number;
  /** Gross: what the replayed orders earned (current) or would earn (proposed), before refunds. */
  currentPoints: number;
  proposedPoints: number;
  deltaPoints: number;
  /** Net issued (figures.ts): earned minus clawed back, as Home and Reports count it. */
  currentIssued: number;
  proposedIssued: number;
  deltaIssued: number;
  /** Money at the point value, minor units (null when the shop has no point value yet). */
  currentCostMinor: number | null;
  proposedCostMinor: number | null;
  deltaCostMinor: number | null;
  /** Orders whose points would go up / down / stay. */
  ordersUp: number;
  ordersDown: number;
}

/** A point's value as a fraction of minor units (e.g. 1 / 1 for "1 point = 1 cent"). */
export interface PointValue {
  minorPerPoint: { numerator: number; denominator: number };
}

function money(points: number, value: PointValue | null): number | null {
  return value ? pointsToMinor(points, value) : null;
}

function proposedMultiplier(proposed: ProgramSettings, replay: ReplayableOrder): TierMultiplier {
  const tiers = proposed.tierProgram.tiers;
  const tier =
    (replay.tierId ? tiers.find((candidate) => candidate.id === replay.tierId) : undefined) ??
    tiers.find((candidate) => candidate.name === replay.multiplier.tierName);
  return tier ? { tierName: tier.name, multiplierMilli: tier.multiplierMilli } : { tierName: null, multiplierMilli: 1000 };
}

export function simulateEarnings(orders: readonly ReplayableOrder[], proposed: ProgramSettings, value: PointValue | null): SimulationTotals {
  const rules = earningRulesOf(proposed);
  let currentPoints = 0;
  let proposedPoints = 0;
  let notReplayable = 0;
  let ordersUp = 0;
  let ordersDown = 0;
  let currentIssued = 0;
  let proposedIssued = 0;
  for (const replay of orders) {
    if (!replay.order) {
      notReplayable += 1;
      continue;
    }
    const points = calculateOrderPoints(replay.order, rules, proposedMultiplier(proposed, replay)).points;
    currentPoints += replay.points;
    proposedPoints += points;
    const clawed = Math.min(replay.clawedBack, replay.points);
    // round(clawed × points / replay.points), half up, exact in BigInt.
    const proposedClawed =
      replay.points > 0 ? Number((BigInt(clawed) * BigInt(points) * 2n + BigInt(replay.points)) / (2n * BigInt(replay.points))) : 0;
    currentIssued += replay.points - clawed;
    proposedIssued += points - proposedClawed;
    if (points > replay.points) ordersUp += 1;
    if (points < replay.points) ordersDown += 1;
  }
  const currentCostMinor = money(currentIssued, value);
  const proposedCostMinor = money(proposedIssued, value);
  return {
    orders: orders.length - notReplayable,
    notReplayable,
    currentPoints,
    proposedPoints,
    deltaPoints: proposedPoints - currentPoints,
    currentIssued,
    proposedIssued,
    deltaIssued: proposedIssued - currentIssued,
    currentCostMinor,
    proposedCostMinor,
    deltaCostMinor: currentCostMinor === null || proposedCostMinor === null ? null : proposedCostMinor - currentCostMinor,
    ordersUp,
    ordersDown,
  };
}

export interface TierMove {
  from: string | null;
  to: string | null;
  members: number;
}

/**
 * Who would change tier under proposed thresholds. `metrics` are (tier metric, member count) pairs grouped by
 * current tier name, so the caller can aggregate in SQL instead of loading every member.
 */
export function previewTierMoves(
  metrics: readonly { currentTier: string | null; metric: number; members: number }[],
  proposed: ProgramSettings,
): TierMove[] {
  const moves = new Map<string, TierMove>();
  for (const { currentTier, metric, members } of metrics) {
    const to = evaluateTier(proposed.tierProgram, metric).current?.name ?? null;
    if (to === currentTier) continue;
    const key = `${currentTier ?? ""}→${to ?? ""}`;
    const move = moves.get(key) ?? { from: currentTier, to, members: 0 };
    move.members += members;
    moves.set(key, move);
  }
  return [...moves.values()].sort((a, b) => b.members - a.members);
}
