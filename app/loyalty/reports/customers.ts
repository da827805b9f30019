/**
 * Members vs non-members: orders, revenue and repeat purchases over a date range.
 *
 * Rules:
 * - Orders are OrderRecords paid (paidAt) within the range and not cancelled; revenue is their total at payment in
 *   the shop's currency (minor units), before later refunds.
 * - Members are customers with a Member row (today). Non-member customers are identified customers without one
 *   (e.g. they bought while the program was off). Guest checkouts have no customer: they count in orders and
 *   revenue only, never as customers.
 * - Repeat purchase rate: of the segment's customers with an order in the range, the share who have paid for more
 *   than one order up to the end of the range: two in the range, or one in it and any paid order before it (even
 *   one cancelled later: the customer still came back).
 * - Averages are rounded half up once: average order value = revenue ÷ orders; revenue per customer = revenue ÷
 *   customers.
 */
import { ratioBasisPoints } from "./rates";

export const CUSTOMER_SEGMENTS = ["member", "nonMember", "guest"] as const;
export type CustomerSegment = (typeof CUSTOMER_SEGMENTS)[number];

/** One segment's aggregate, as the query returns it. */
export interface SegmentTotals {
  segment: CustomerSegment;
  customers: number;
  orders: number;
  revenueMinor: number;
  repeatCustomers: number;
}

export interface SegmentFigures {
  segment: CustomerSegment;
  /** Null for guests (no customer to count). */
  customers: number | null;
  orders: number;
  revenueMinor: number;
  repeatCustomers: number | null;
  repeatRateBasisPoints: number | null;
  averageOrderMinor: number | null;
  revenuePerCustomerMinor: number | null;
}

export interface CustomerComparison {
  segments: Record<CustomerSegment, SegmentFigures>;
  totalOrders: number;
  totalRevenueMinor: number;
  /** Members' share of revenue (null without revenue). */
  memberRevenueShareBasisPoints: number | null;
}

function averageMinor(total: number, count: number): number | null {
  if (count <= 0) return null;
  return Number((BigInt(total) * 2n + BigInt(count)) / (2n * BigInt(count)));
}

export function compareMembersWithNonMembers(totals: readonly SegmentTotals[]): CustomerComparison {
  const sum = (segment: CustomerSegment) => {
    const rows = totals.filter((row) => row.segment === segment);
    return {
      customers: rows.reduce((acc, row) => acc + row.customers, 0),
      orders: rows.reduce((acc, row) => acc + row.orders, 0),
      revenueMinor: rows.reduce((acc, row) => acc + row.revenueMinor, 0),
      repeatCustomers: rows.reduce((acc, row) => acc + row.repeatCustomers, 0),
    };
  };
  const figures = (segment: CustomerSegment): SegmentFigures => {
    const row = sum(segment);
    const identified = segment !== "guest";
    return {
      segment,
      customers: identified ? row.customers : null,
      orders: row.orders,
      revenueMinor: row.revenueMinor,
      repeatCustomers: identified ? row.repeatCustomers : null,
      repeatRateBasisPoints: identified ? ratioBasisPoints(row.repeatCustomers, row.customers) : null,
      averageOrderMinor: averageMinor(row.revenueMinor, row.orders),
      revenuePerCustomerMinor: identified ? averageMinor(row.revenueMinor, row.customers) : null,
    };
  };
  const segments = { member: figures("member"), nonMember: figures("nonMember"), guest: figures("guest") };
  const totalOrders = CUSTOMER_SEGMENTS.reduce((acc, segment) => acc + segments[segment].orders, 0);
  const totalRevenueMinor = CUSTOMER_SEGMENTS.reduce((acc, segment) => acc + segments[segment].revenueMinor, 0);
  return {
    segments,
    totalOrders,
    totalRevenueMinor,
    memberRevenueShareBasisPoints: ratioBasisPoints(segments.member.revenueMinor, totalRevenueMinor),
  };
}
