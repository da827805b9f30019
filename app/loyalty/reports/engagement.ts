/**
 * Engagement: active members, redemption by tier, and points issued by source.
 *
 * Rules:
 * - Active member: at least one ledger entry of their own doing or the shop's (an order, a redemption, a bonus, an
 *   adjustment) in the ACTIVE_DAYS days up to the as-of instant. Expiry and imported balances are not activity.
 * - Redemption by tier (the member's tier today, "No tier" for none): members, members who ever redeemed, lifetime
 *   earned and lifetime redeemed (the members' cached figures, figures.ts), rate = redeemed ÷ earned in basis points.
 * - Points issued by source, per month of the window: gross points given, by the entry type that gave them
 *   (earn → orders, bonus → bonuses (sign-up and others), referral → referrals, birthday → birthdays and
 *   anniversaries, survey → surveys, action → actions, badge and challenge → badges and challenges, manual_credit →
 *   manual credits, import → imports). A type the database holds that this code does not know counts as "other";
 *   the types that take points away (redeem, donate, clawback, expire, manual_debit, redeem_rollback) are not
 *   issuance.
 */
import { isLedgerEntryType, type LedgerEntryType } from "../ledger-rules";
import { ratioBasisPoints } from "./rates";

export const ACTIVE_DAYS = 90;

export const POINT_SOURCES = ["orders", "bonuses", "referrals", "birthdays", "surveys", "actions", "play", "manual", "imports", "other"] as const;
export type PointSource = (typeof POINT_SOURCES)[number];

const SOURCE_OF_TYPE: Partial<Record<LedgerEntryType, PointSource>> = {
  earn: "orders",
  bonus: "bonuses",
  referral: "referrals",
  birthday: "birthdays",
  survey: "surveys",
  action: "actions",
  badge: "play",
  challenge: "play",
  manual_credit: "manual",
  import: "imports",
};

/** The source a ledger entry type issues points from, or null when the type does not issue points. */
export function sourceOfEntryType(type: string): PointSource | null {
  if (!isLedgerEntryType(type)) return "other";
  return SOURCE_OF_TYPE[type] ?? null;
}

export interface TierRedemption {
  /** `none`: members without a tier; `removed`: members whose tier no longer exists (name empty for both). */
  kind: "tier" | "none" | "removed";
  tierId: string | null;
  name: string;
  members: number;
  redeemers: number;
  earnedPoints: number;
  redeemedPoints: number;
  redemptionRateBasisPoints: number | null;
  redeemersBasisPoints: number | null;
}

export interface SourceMonth {
  month: string;
  points: Record<PointSource, number>;
}

export interface EngagementReport {
  activeDays: number;
  members: number;
  activeMembers: number;
  activeBasisPoints: number | null;
  tiers: TierRedemption[];
  sources: SourceMonth[];
  sourceTotals: Record<PointSource, number>;
}

export interface EngagementInput {
  members: number;
  activeMembers: number;
  tiers: readonly { id: string; name: string; threshold: number }[];
  /** Per tier id (null: no tier) as grouped from the members. */
  tierRows: readonly { tierId: string | null; members: number; redeemers: number; earnedPoints: number; redeemedPoints: number }[];
  /** Σ signed points per month and entry type. */
  entries: readonly { month: string; type: string; points: number }[];
  months: readonly string[];
}

const emptySources = (): Record<PointSource, number> => Object.fromEntries(POINT_SOURCES.map((source) => [source, 0])) as Record<PointSource, number>;

export function calculateEngagement(input: EngagementInput): EngagementReport {
  const known = new Map(input.tiers.map((tier) => [tier.id, tier]));
  type Row = Omit<TierRedemption, "redemptionRateBasisPoints" | "redeemersBasisPoints">;
  const rows = new Map<string, Row>();
  for (const tier of [...input.tiers].sort((a, b) => a.threshold - b.threshold)) {
    rows.set(tier.id, { kind: "tier", tierId: tier.id, name: tier.name, members: 0, redeemers: 0, earnedPoints: 0, redeemedPoints: 0 });
  }
  const NONE = "\u0000none";
  const REMOVED = "\u0000removed";
  for (const row of input.tierRows) {
    const id = row.tierId === null ? NONE : known.has(row.tierId) ? row.tierId : REMOVED;
    const target = rows.get(id) ?? { kind: id === NONE ? "none" : "removed", tierId: null, name: "", members: 0, redeemers: 0, earnedPoints: 0, redeemedPoints: 0 };
    target.members += row.members;
    target.redeemers += row.redeemers;
    target.earnedPoints += row.earnedPoints;
    target.redeemedPoints += row.redeemedPoints;
    rows.set(id, target);
  }
  const byMonth = new Map(input.months.map((month) => [month, emptySources()]));
  const sourceTotals = emptySources();
  for (const entry of input.entries) {
    const source = sourceOfEntryType(entry.type);
    const month = byMonth.get(entry.month);
    if (source === null || !month) continue;
    month[source] += entry.points;
    sourceTotals[source] += entry.points;
  }
  return {
    activeDays: ACTIVE_DAYS,
    members: input.members,
    activeMembers: input.activeMembers,
    activeBasisPoints: ratioBasisPoints(input.activeMembers, input.members),
    tiers: [...rows.values()].map((row) => ({
      ...row,
      redemptionRateBasisPoints: ratioBasisPoints(row.redeemedPoints, row.earnedPoints),
      redeemersBasisPoints: ratioBasisPoints(row.redeemers, row.members),
    })),
    sources: input.months.map((month) => ({ month, points: byMonth.get(month) ?? emptySources() })),
    sourceTotals,
  };
}
