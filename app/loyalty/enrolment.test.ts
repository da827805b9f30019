import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calculateEnrolmentProgress, parseCustomerLine } from "./enrolment";

describe("parseCustomerLine", () => {
  it("keeps the GID, the trimmed email and the display name, nothing else", () => {
    expect(
      parseCustomerLine(JSON.stringify({ id: "gid://shopify/Customer/7", firstName: " Ann ", lastName: "Lee", defaultEmailAddress: { emailAddress: " ann@example.com " }, phone: "+33 1" })),
    ).toEqual({ customerGid: "gid://shopify/Customer/7", email: "ann@example.com", displayName: "Ann Lee" });
    expect(parseCustomerLine(JSON.stringify({ id: "gid://shopify/Customer/8", firstName: null, lastName: "", defaultEmailAddress: null }))).toEqual({
      customerGid: "gid://shopify/Customer/8",
      email: null,
      displayName: null,
    });
  });

  it("skips what is not a top-level customer rather than guessing", () => {
    for (const line of [
      "not json",
      "null",
      "[]",
      JSON.stringify({ id: "gid://shopify/Order/1" }),
      JSON.stringify({ id: 7 }),
      JSON.stringify({ id: "gid://shopify/Customer/9", __parentId: "gid://shopify/Customer/1" }),
    ]) {
      expect(parseCustomerLine(line)).toBeNull();
    }
  });
});

describe("calculateEnrolmentProgress", () => {
  const now = new Date("2026-12-06T03:00:00Z");
  const startedAt = new Date("2026-12-06T02:59:00Z");

  it("extrapolates the rate since the download began", () => {
    expect(calculateEnrolmentProgress({ total: 4000, done: 1000, startedAt, now })).toEqual({ percent: 25, etaSeconds: 180 });
    expect(calculateEnrolmentProgress({ total: 4000, done: 0, startedAt, now })).toEqual({ percent: 0, etaSeconds: null });
    expect(calculateEnrolmentProgress({ total: null, done: 0, startedAt: null, now })).toEqual({ percent: null, etaSeconds: null });
    expect(calculateEnrolmentProgress({ total: 0, done: 0, startedAt: null, now })).toEqual({ percent: 100, etaSeconds: 0 });
  });

  it("stays within 0..100 and reaches 0 s left exactly when everything is read", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 86_400_000 }), (total, read, elapsedMs) => {
        const done = Math.min(read, total);
        const progress = calculateEnrolmentProgress({ total, done, startedAt: new Date(now.getTime() - elapsedMs), now });
        expect(progress.percent).toBeGreaterThanOrEqual(0);
        expect(progress.percent).toBeLessThanOrEqual(100);
        if (done === total) expect(progress.etaSeconds).toBe(0);
        else if (done > 0) expect(progress.etaSeconds).toBeGreaterThan(0);
      }),
    );
  });
});
