import { describe, expect, it } from "vitest";
import { httpStatusForError, isLoyaltyError, LOYALTY_ERROR_CODES, LoyaltyError } from "./errors";

describe("LoyaltyError", () => {
  it("carries a code and a human sentence", () => {
    const error = new LoyaltyError("INSUFFICIENT_POINTS", "Cannot redeem 500 points: balance is 320");
    expect(error).toBeInstanceOf(Error);
    expect(isLoyaltyError(error)).toBe(true);
    expect(error.name).toBe("LoyaltyError");
    expect(error.code).toBe("INSUFFICIENT_POINTS");
    expect(error.message).toBe("Cannot redeem 500 points: balance is 320");
    expect(error.fieldErrors).toBeUndefined();
  });

  it("keeps field errors and the cause", () => {
    const cause = new Error("zod");
    const error = new LoyaltyError("INVALID_INPUT", "Invalid settings", { fieldErrors: { baseRateMilli: "Too big" }, cause });
    expect(error.fieldErrors).toEqual({ baseRateMilli: "Too big" });
    expect(error.cause).toBe(cause);
  });

  it("is not confused with other errors", () => {
    expect(isLoyaltyError(new Error("x"))).toBe(false);
    expect(isLoyaltyError("INVALID_INPUT")).toBe(false);
  });
});

describe("httpStatusForError", () => {
  it.each([
    ["INVALID_INPUT", 400],
    ["INSUFFICIENT_POINTS", 409],
    ["MEMBER_NOT_FOUND", 404],
    ["ORDER_NOT_FOUND", 404],
    ["PRODUCT_DATA_UNAVAILABLE", 503],
    ["DUPLICATE_EVENT", 200],
    ["PROGRAM_PAUSED", 409],
  ] as const)("maps %s to %i", (code, status) => {
    expect(httpStatusForError(code)).toBe(status);
  });

  it("maps every code", () => {
    for (const code of LOYALTY_ERROR_CODES) expect(httpStatusForError(code)).toBeGreaterThanOrEqual(200);
  });
});
