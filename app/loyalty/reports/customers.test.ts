import { describe, expect, it } from "vitest";
import { compareMembersWithNonMembers } from "./customers";

describe("compareMembersWithNonMembers", () => {
  it("derives rates and averages per segment, guests without customers", () => {
    const result = compareMembersWithNonMembers([
      { segment: "member", customers: 3, orders: 5, revenueMinor: 10000, repeatCustomers: 2 },
      { segment: "nonMember", customers: 2, orders: 2, revenueMinor: 3001, repeatCustomers: 0 },
      { segment: "guest", customers: 1, orders: 4, revenueMinor: 6999, repeatCustomers: 1 },
    ]);
    expect(result.segments.member).toEqual({
      segment: "member",
      customers: 3,
      orders: 5,
      revenueMinor: 10000,
      repeatCustomers: 2,
      repeatRateBasisPoints: 6667,
      averageOrderMinor: 2000,
      revenuePerCustomerMinor: 3333,
    });
    expect(result.segments.nonMember).toMatchObject({ repeatRateBasisPoints: 0, averageOrderMinor: 1501, revenuePerCustomerMinor: 1501 });
    expect(result.segments.guest).toEqual({
      segment: "guest",
      customers: null,
      orders: 4,
      revenueMinor: 6999,
      repeatCustomers: null,
      repeatRateBasisPoints: null,
      averageOrderMinor: 1750,
      revenuePerCustomerMinor: null,
    });
    expect(result).toMatchObject({ totalOrders: 11, totalRevenueMinor: 20000, memberRevenueShareBasisPoints: 5000 });
  });

  it("has no rates without orders", () => {
    const result = compareMembersWithNonMembers([]);
    expect(result.segments.member).toMatchObject({ customers: 0, orders: 0, repeatRateBasisPoints: null, averageOrderMinor: null });
    expect(result.memberRevenueShareBasisPoints).toBeNull();
  });
});
