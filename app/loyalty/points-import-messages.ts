/**
 * The points import's reasons as message keys (docs/decisions/021-points-import.md), so the admin says them in the
 * merchant's language. Pure: no I/O.
 *
 * Rules:
 * - Every row reason and file error of points-import.ts is said twice: an English sentence (the row's `error`, the
 *   LoyaltyError's message: logs, API clients, rows stored before details existed) and an ImportMessage — a key of
 *   IMPORT_ROW_DETAIL_KEYS or IMPORT_FILE_ERROR_KEYS with raw values — that the page words with
 *   `t("import.rows.details.<key>")` / `t("import.upload.errors.<key>")`.
 * - Values are raw. Numbers are numbers (the page formats them for its locale). What the merchant wrote (a cell, a
 *   header, an email) and row or line numbers (labels, written as the spreadsheet shows them) are strings. A value
 *   named `field` is an ImportField, which the page names in its language (`import.fieldNames.<field>`).
 * - Keys are stable: they are stored with each row (PointsImportRow.errorDetail). A stored key this code no longer
 *   knows reads as no detail, and the row shows its English sentence.
 * - Every key is listed here, so the locale files are checked against the lists (tests/admin/import-i18n.test.ts).
 */
import { LoyaltyError } from "./errors";

/**
 * The reasons a row can give, as message keys (`import.rows.details.<key>` in the admin's locale files), each with
 * the names of its values: the compiler holds every detail to its names, the locale test every message.
 */
export const IMPORT_ROW_DETAILS = {
  missingKey: [],
  badCustomerId: ["id"],
  badEmail: ["email"],
  numberEmpty: ["field"],
  numberNegative: ["field", "value"],
  numberTooLarge: ["field", "value", "max"],
  numberThousandsSeparators: ["field", "value", "digits"],
  numberFractional: ["field", "value"],
  numberNotANumber: ["field", "value"],
  tierTooLong: ["max"],
  zeroBalance: [],
  duplicateRow: ["row"],
  customerNotMember: ["id"],
  customerErased: ["id"],
  emailNotMember: ["email"],
  emailShared: ["email", "members"],
} as const satisfies Record<string, readonly string[]>;
export type ImportRowDetailKey = keyof typeof IMPORT_ROW_DETAILS;
export const IMPORT_ROW_DETAIL_KEYS = Object.keys(IMPORT_ROW_DETAILS) as ImportRowDetailKey[];
export const IMPORT_ROW_DETAIL_PREFIX = "import.rows.details.";

/** The reasons a whole file is refused, as message keys (`import.upload.errors.<key>`), with their values' names. */
export const IMPORT_FILE_ERRORS = {
  fileTooLarge: ["size", "limit"],
  uploadTooLarge: ["limit"],
  chooseFile: [],
  notUtf8: ["line"],
  empty: [],
  notCsv: [],
  notCsvNearLine: ["line"],
  tooManyRows: ["rows", "max"],
  noSuchColumn: ["column", "field", "columns"],
  noPointsColumn: ["columns"],
  noKeyColumn: ["columns"],
  noRows: [],
} as const satisfies Record<string, readonly string[]>;
export type ImportFileErrorKey = keyof typeof IMPORT_FILE_ERRORS;
export const IMPORT_FILE_ERROR_KEYS = Object.keys(IMPORT_FILE_ERRORS) as ImportFileErrorKey[];
export const IMPORT_FILE_ERROR_PREFIX = "import.upload.errors.";

export type ImportMessageValue = string | number;

/** A reason as a message key and its raw values, for the admin to word in the merchant's language. */
export interface ImportMessage<K extends string = string> {
  key: K;
  values?: Record<string, ImportMessageValue>;
}

export type ImportRowDetail = ImportMessage<ImportRowDetailKey>;

export function isImportRowDetailKey(key: string): key is ImportRowDetailKey {
  return Object.hasOwn(IMPORT_ROW_DETAILS, key);
}

/** The values a key names, exactly (none for a key without values). */
type ValuesOf<Names extends readonly string[]> = Names extends readonly [] ? [] : [values: Record<Names[number], ImportMessageValue>];

export function importRowDetail<K extends ImportRowDetailKey>(key: K, ...[values]: ValuesOf<(typeof IMPORT_ROW_DETAILS)[K]>): ImportRowDetail {
  return values ? { key, values } : { key };
}

/** A stored detail (JSON), or null when there is none or it is not one this code knows (the row shows its sentence). */
export function readImportRowDetail(json: string | null): ImportRowDetail | null {
  if (!json) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { key, values } = parsed as { key?: unknown; values?: unknown };
  if (typeof key !== "string" || !isImportRowDetailKey(key)) return null;
  if (values === undefined) return { key };
  if (typeof values !== "object" || values === null || Array.isArray(values)) return null;
  const entries = Object.entries(values);
  if (!entries.every(([, value]) => typeof value === "string" || (typeof value === "number" && Number.isFinite(value)))) return null;
  return { key, values: Object.fromEntries(entries) as Record<string, ImportMessageValue> };
}

/** A file error: the English sentence, and the same as a message key (the LoyaltyError's messageCode). */
export function importFileError<K extends ImportFileErrorKey>(message: string, key: K, ...[values]: ValuesOf<(typeof IMPORT_FILE_ERRORS)[K]>): LoyaltyError {
  const code = { key: `${IMPORT_FILE_ERROR_PREFIX}${key}` };
  return new LoyaltyError("INVALID_INPUT", message, { messageCode: values ? { ...code, values } : code });
}
