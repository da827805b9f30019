/**
 * Across product groups: how many members buy from more than one department (product type), the brief's
 * "purchases throughout different departments and product groups".
 *
 * Rules:
 * - A group is a product's type as the merchant set it in Shopify. Products without a type, custom items and gift
 *   cards belong to no group: they can neither make nor break a cross-group buyer.
 * - Input: for each member and month (shop-local "YYYY-MM") the distinct groups of their paid orders that month, as
 *   the product-groups job recorded them from the ledger's earn entries (a refund does not un-buy a group).
 * - Per month of the window: buyers (members who bought from at least one group that month) and cross-group buyers
 *   (two or more groups that month); the share is cross ÷ buyers in basis points, null without buyers.
 * - Over the window: the same, with each member's groups across all of the window's months.
 * - Groups: the members who bought from each group over the window, most bought first (ties by name).
 */
import { ratioBasisPoints } from "./rates";

export const CROSS_GROUP_MIN = 2;

export interface MemberMonthGroups {
  memberId: string;
  month: string;
  groups: readonly string[];
}

export interface ProductGroupMonth {
  month: string;
  buyers: number;
  crossBuyers: number;
  crossBasisPoints: number | null;
}

export interface ProductGroupsReport {
  months: ProductGroupMonth[];
  window: { buyers: number; crossBuyers: number; crossBasisPoints: number | null };
  groups: { name: string; members: number }[];
}

const normalized = (groups: readonly string[]) => new Set(groups.map((g) => g.trim()).filter((g) => g !== ""));

export function calculateProductGroups(rows: readonly MemberMonthGroups[], months: readonly string[]): ProductGroupsReport {
  const inWindow = new Set(months);
  const perMonth = new Map(months.map((month) => [month, { buyers: 0, crossBuyers: 0 }]));
  const perMember = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!inWindow.has(row.month)) continue;
    const groups = normalized(row.groups);
    if (groups.size === 0) continue;
    const month = perMonth.get(row.month);
    if (month) {
      month.buyers += 1;
      if (groups.size >= CROSS_GROUP_MIN) month.crossBuyers += 1;
    }
    const member = perMember.get(row.memberId) ?? new Set<string>();
    for (const group of groups) member.add(group);
    perMember.set(row.memberId, member);
  }
  const membersPerGroup = new Map<string, number>();
  let crossBuyers = 0;
  for (const groups of perMember.values()) {
    if (groups.size >= CROSS_GROUP_MIN) crossBuyers += 1;
    for (const group of groups) membersPerGroup.set(group, (membersPerGroup.get(group) ?? 0) + 1);
  }
  return {
    months: months.map((month) => {
      const counts = perMonth.get(month) ?? { buyers: 0, crossBuyers: 0 };
      return { month, ...counts, crossBasisPoints: ratioBasisPoints(counts.crossBuyers, counts.buyers) };
    }),
    window: { buyers: perMember.size, crossBuyers, crossBasisPoints: ratioBasisPoints(crossBuyers, perMember.size) },
    groups: [...membersPerGroup]
      .map(([name, members]) => ({ name, members }))
      .sort((a, b) => b.members - a.members || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

/** The groups of one earn entry's order lines (its stored breakdown), given the product types known for products. */
export function groupsOfLines(
  lines: readonly { productGid: string | null; productType: string | null; giftCard?: boolean }[],
  knownTypes: ReadonlyMap<string, string>,
): string[] {
  const groups = new Set<string>();
  for (const line of lines) {
    if (line.giftCard || !line.productGid) continue;
    const type = (line.productType ?? knownTypes.get(line.productGid) ?? "").trim();
    if (type !== "") groups.add(type);
  }
  return [...groups].sort();
}
