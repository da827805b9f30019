/**
 * Field error codes: what a form error says, as a message key and its values, beside the English sentence.
 *
 * Rules:
 * - The server keeps its English sentence in `fieldErrors` (logs, API clients, tests read it) and, per field that
 *   has one, sends a code in `fieldErrorCodes`: `{ key: "program.errors.baseRateRange", values: { max: 100, … } }`.
 *   The admin shows `t(key, values)` in the merchant's language when a code is present, the sentence otherwise.
 * - Values are raw: numbers as numbers, money as integer minor units with its currency, a value per point as its
 *   exact fraction. The page formats them for its locale; names (tiers, product types) pass through as they are.
 * - Every key is listed in FIELD_ERROR_KEYS, so the locale files are checked against it (tests/admin/i18n.test.ts).
 */

export const FIELD_ERROR_KEYS = [
  // Program settings
  "baseRateRange",
  "productTypeRateRange",
  "collectionRateRange",
  "productTypeTwice",
  "collectionTwice",
  "tierMultiplierRange",
  "tierThresholdWhole",
  "tierNameLength",
  "tierInvalid",
  "tierNoId",
  "tierIdTwice",
  "tierNoName",
  "tierNameTwice",
  "tierSameStart",
  "tierOrder",
  "signupBonusRange",
  "maxPerOrderWhole",
  "maxPerOrderMin",
  "maxPerOrderMax",
  "vestingDaysRange",
  "expiryDaysRange",
  "pointValueRange",
  "productTypeName",
  "manualCreditsChoice",
  "collectionPick",
  "collectionTitle",
  "chooseOption",
  "invalidValue",
  // The page's own fields
  "unknownAction",
  "invalidJson",
  "chooseLiveOrPaused",
  "simulateDays",
  // Rewards
  "rewardName",
  "rewardNameLength",
  "rewardKind",
  "rewardCostWhole",
  "rewardCostMin",
  "rewardCostMax",
  "rewardAmountFormat",
  "rewardAmountPositive",
  "rewardAmountRequired",
  "rewardPercentFormat",
  "rewardPercentPositive",
  "rewardPercentMax",
  "rewardPercentRequired",
  "rewardMinimumFormat",
  "rewardMinimumNegative",
  "rewardExpiryFormat",
  "rewardExpiryMin",
  "rewardExpiryMax",
  "amountCeiling",
  "amountCeilingWithLargest",
  "minimumOrderCeiling",
  "rewardOutlier",
  "rewardSliderRange",
  "rewardProductRequired",
  // Whole errors (a LoyaltyError's messageCode)
  "formStale",
  "rewardMissing",
  "rewardRedeemedNoDelete",
  // Launch and pause (Home)
  "alreadyLive",
  "launchNeedsSteps",
  "launchNeedsReward",
  "pauseNotLive",
] as const;

export type FieldErrorKey = (typeof FIELD_ERROR_KEYS)[number];

/** Where the keys live in the locale files (`program.json`'s `errors`). */
export const FIELD_ERROR_KEY_PREFIX = "program.errors.";

/** Money in integer minor units of its currency. */
export interface MoneyValue {
  minor: number;
  currency: string;
}

/** A value per point, as the exact fraction of minor units it is. */
export interface WorthValue {
  worth: { numerator: number; denominator: number };
  currency: string;
}

export type FieldErrorValue = string | number | MoneyValue | WorthValue;

export interface FieldErrorCode {
  key: string;
  values?: Record<string, FieldErrorValue>;
}

/** Field path → code, beside `fieldErrors` (same paths; a field without a code shows its sentence). */
export type FieldErrorCodes = Record<string, FieldErrorCode>;

export function fieldErrorCode(key: FieldErrorKey, values?: Record<string, FieldErrorValue>): FieldErrorCode {
  return values ? { key: `${FIELD_ERROR_KEY_PREFIX}${key}`, values } : { key: `${FIELD_ERROR_KEY_PREFIX}${key}` };
}

export function money(minor: number, currency: string): MoneyValue {
  return { minor, currency };
}

/** A form error: the English sentence and, when it has one, its code. */
export interface FieldMessage {
  message: string;
  code?: FieldErrorCode;
}

/** The same errors under `prefix` ("tierProgram.", "reward."), codes included. */
export function prefixFieldErrors<T>(errors: Record<string, T> | undefined, prefix: string): Record<string, T> | undefined {
  return errors && Object.fromEntries(Object.entries(errors).map(([path, value]) => [`${prefix}${path}`, value]));
}
