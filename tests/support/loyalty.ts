/** Shared helpers for the pure core's unit tests. */
import { expect } from "vitest";
import { LoyaltyError } from "~/loyalty/errors";
import type { EarnLine } from "~/loyalty/types";

/** Runs `fn`, expects a LoyaltyError INVALID_INPUT, and returns it for further checks. */
export function expectInvalidInput(fn: () => unknown): LoyaltyError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LoyaltyError);
    expect((error as LoyaltyError).code).toBe("INVALID_INPUT");
    return error as LoyaltyError;
  }
  throw new Error("expected a LoyaltyError INVALID_INPUT, nothing was thrown");
}

/** A $10.00 custom line, quantity 1, no tax, no product data; override what the test is about. */
export function earnLine(overrides: Partial<EarnLine> & Pick<EarnLine, "lineGid">): EarnLine {
  return {
    productGid: null,
    title: "Thing",
    quantity: 1,
    amountMinor: 1000,
    taxMinor: 0,
    productType: null,
    collectionGids: [],
    giftCard: false,
    ...overrides,
  };
}
