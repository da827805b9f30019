/**
 * Domain errors of the loyalty core.
 *
 * Rules:
 * - Every expected failure is a `LoyaltyError` with a `code` and a human sentence that names the numbers
 *   involved ("Cannot redeem 500 points: balance is 320"). Messages are safe to show to merchants.
 * - `httpStatusForError` is the only place that maps codes to HTTP statuses.
 * - DUPLICATE_EVENT maps to 200: a webhook delivered twice is expected and must not be retried by Shopify.
 * - `UnsafeIntegerError` is not a LoyaltyError: a stored 64-bit value the core cannot hold exactly is a bug or
 *   corrupted data, never the caller's mistake, so it propagates (a 500) instead of mapping to a status.
 */
import type { FieldErrorCode, FieldErrorCodes } from "./field-error-codes";

export const LOYALTY_ERROR_CODES = [
  "INVALID_INPUT",
  "INSUFFICIENT_POINTS",
  "MEMBER_NOT_FOUND",
  "ORDER_NOT_FOUND",
  "PRODUCT_DATA_UNAVAILABLE",
  "DUPLICATE_EVENT",
  "PROGRAM_PAUSED",
  "NOT_LOGGED_IN",
  "REWARD_NOT_FOUND",
  "DISCOUNT_FAILED",
  "DISCOUNT_PENDING",
  // Allowed, but only when the merchant confirms (an outlier reward, a large manual credit): the form asks again.
  "CONFIRMATION_REQUIRED",
  // A redeemed reward cannot be deleted (its redemptions name it): archive it instead.
  "REWARD_REDEEMED",
  // Surveys (ADR 035): this member already completed this survey version; the survey is not open (or changed).
  "ALREADY_ANSWERED",
  "SURVEY_CLOSED",
  // A donation names a cause that does not exist or is archived.
  "CAUSE_NOT_FOUND",
  // An action bonus the member cannot earn (already earned, over its cap, not offered): the reason says which.
  "NOT_ELIGIBLE",
] as const;

export type LoyaltyErrorCode = (typeof LOYALTY_ERROR_CODES)[number];

export interface LoyaltyErrorOptions {
  /** Field path ("tierProgram.tiers.1.threshold") → message, for form validation errors. */
  fieldErrors?: Record<string, string>;
  /** The same paths → a message key and its values, so the admin says it in the merchant's language. */
  fieldErrorCodes?: FieldErrorCodes;
  /** The whole error as a message key and values (an error of no one field: a stale form, a redeemed reward). */
  messageCode?: FieldErrorCode;
  cause?: unknown;
}

export class LoyaltyError extends Error {
  readonly code: LoyaltyErrorCode;
  readonly fieldErrors?: Record<string, string>;
  readonly fieldErrorCodes?: FieldErrorCodes;
  readonly messageCode?: FieldErrorCode;

  constructor(code: LoyaltyErrorCode, message: string, options: LoyaltyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "LoyaltyError";
    this.code = code;
    if (options.fieldErrors) this.fieldErrors = options.fieldErrors;
    if (options.fieldErrorCodes && Object.keys(options.fieldErrorCodes).length > 0) this.fieldErrorCodes = options.fieldErrorCodes;
    if (options.messageCode) this.messageCode = options.messageCode;
  }
}

export function isLoyaltyError(error: unknown): error is LoyaltyError {
  return error instanceof LoyaltyError;
}

export function httpStatusForError(code: LoyaltyErrorCode): number {
  switch (code) {
    case "INVALID_INPUT":
      return 400;
    case "NOT_LOGGED_IN":
      return 401;
    case "MEMBER_NOT_FOUND":
    case "ORDER_NOT_FOUND":
    case "REWARD_NOT_FOUND":
    case "CAUSE_NOT_FOUND":
      return 404;
    // Shopify refused or failed to create the discount; the points were given back.
    case "DISCOUNT_FAILED":
      return 502;
    // Shopify's answer is unknown (timeout): the redemption settles in the background, points are safe.
    case "DISCOUNT_PENDING":
      return 503;
    case "INSUFFICIENT_POINTS":
    case "PROGRAM_PAUSED":
    case "CONFIRMATION_REQUIRED":
    case "REWARD_REDEEMED":
    case "ALREADY_ANSWERED":
    case "SURVEY_CLOSED":
    case "NOT_ELIGIBLE":
      return 409;
    // Shopify's Admin API was unreachable or incomplete: a retry later can succeed.
    case "PRODUCT_DATA_UNAVAILABLE":
      return 503;
    // Already processed: acknowledge so Shopify stops redelivering.
    case "DUPLICATE_EVENT":
      return 200;
  }
}

/**
 * A 64-bit integer from the database (a bigint, or a raw aggregate) that is not a safe JS integer (|n| > 2^53 − 1):
 * the core would compute with a rounded value, so it refuses it (docs/decisions/011-64-bit-money-and-points.md).
 */
export class UnsafeIntegerError extends Error {
  readonly value: string;

  constructor(what: string, value: bigint | number | string) {
    super(`${what} is ${String(value)}, beyond the safe integer range (±${Number.MAX_SAFE_INTEGER})`);
    this.name = "UnsafeIntegerError";
    this.value = String(value);
  }
}
