/**
 * Tier distribution: how many members each tier holds today.
 *
 * Rules: tiers in threshold order, then members without a tier ("No tier"), then members whose tier no longer
 * exists ("Removed tier"), each shown only when it has members or is a current tier. Shares are basis points
 * split by largest remainder, so they add up to exactly 100% when there are members.
 */
import { allocateProportionally } from "../money";

export interface TierShare {
  tierId: string | null;
  name: string;
  members: number;
  shareBasisPoints: number;
}

export interface TierDistribution {
  rows: TierShare[];
  totalMembers: number;
}

export function calculateTierDistribution(
  tiers: readonly { id: string; name: string; threshold: number }[],
  counts: readonly { tierId: string | null; members: number }[],
): TierDistribution {
  const known = new Map(tiers.map((tier) => [tier.id, tier]));
  const byTier = new Map<string, number>();
  let noTier = 0;
  let removed = 0;
  for (const { tierId, members } of counts) {
    if (tierId === null) noTier += members;
    else if (known.has(tierId)) byTier.set(tierId, (byTier.get(tierId) ?? 0) + members);
    else removed += members;
  }
  const rows: Omit<TierShare, "shareBasisPoints">[] = [...tiers]
    .sort((a, b) => a.threshold - b.threshold)
    .map((tier) => ({ tierId: tier.id, name: tier.name, members: byTier.get(tier.id) ?? 0 }));
  if (noTier > 0) rows.push({ tierId: null, name: "No tier", members: noTier });
  if (removed > 0) rows.push({ tierId: null, name: "Removed tier", members: removed });
  const totalMembers = rows.reduce((sum, row) => sum + row.members, 0);
  const shares = totalMembers > 0 ? allocateProportionally(10000, rows.map((row) => row.members)) : rows.map(() => 0);
  return { rows: rows.map((row, index) => ({ ...row, shareBasisPoints: shares[index] ?? 0 })), totalMembers };
}
