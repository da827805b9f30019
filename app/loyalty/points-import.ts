/**
 * Importing points from another loyalty app: a CSV file of balances, read and checked before anything is written
 * (docs/decisions/021-points-import.md). Pure: bytes in, rows with their errors out; no I/O, no clock.
 *
 * Rules:
 * - The file is at most IMPORT_FILE_LIMIT_BYTES and IMPORT_MAX_ROWS data rows; past either the whole file is
 *   refused with a sentence saying so (the route refuses a larger upload before reading it).
 * - Encoding: UTF-8 (a byte order mark is dropped) or UTF-16 with its byte order mark (Excel's "Unicode text").
 *   Any other bytes (Latin-1, Windows-1252, …) are refused as a file error naming the first bad byte's line: an
 *   email guessed in the wrong encoding would match nobody, or the wrong customer.
 * - The delimiter is read from the header line: comma, semicolon (spreadsheets in comma-decimal locales) or tab.
 *   Quoted values may hold delimiters, quotes ("") and newlines (RFC 4180). A quote left open is a file error.
 * - Columns are found by name (IMPORT_COLUMN_ALIASES, the export and import formats of the common apps), or named
 *   by the merchant (`mapping`), which wins. A row is keyed by a Shopify customer id (a number or a Customer GID)
 *   when it has one, else by email. A points column is required, so is a key column.
 * - Points are whole numbers of at least 0 and at most IMPORT_MAX_POINTS, written as digits ("1250"; "1250.0" is
 *   whole too). Negative, fractional, thousands-separated ("1,250"), empty or non-numeric values are row errors:
 *   an import never guesses a number. A zero balance is skipped (nothing to import), not an error.
 * - Optional lifetime figures follow the same number rules; an optional tier is text (at most 100 characters).
 * - Row numbers are the spreadsheet's: the header is row 1, so the first data row is row 2, whatever newlines its
 *   quoted values hold. Entirely empty rows are ignored.
 * - Duplicates (the same key twice) are marked on every row after the first (`markDuplicateRows`); the server
 *   marks rows that match the same member through different keys the same way.
 * - Every row reason and file error also comes as a message key and values (points-import-messages.ts), so the
 *   admin says it in the merchant's language; the English sentence stays beside it.
 */
import { parse } from "csv-parse/sync";
import { LoyaltyError } from "./errors";
import { formatPoints } from "./money";
import { importFileError, importRowDetail, type ImportRowDetail } from "./points-import-messages";

export const IMPORT_FILE_LIMIT_BYTES = 20 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 250_000;
/** The most one imported balance may hold: larger is almost surely a wrong column (an id, a phone number). */
export const IMPORT_MAX_POINTS = 100_000_000;
const MAX_TIER_LENGTH = 100;

export const IMPORT_FIELDS = ["customerId", "email", "points", "lifetime", "tier"] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** Field → the header of the column that holds it. */
export type ColumnMapping = Partial<Record<ImportField, string>>;

export const IMPORT_SOURCES = ["smile", "loyaltylion", "yotpo", "rivo", "other"] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

export const IMPORT_SOURCE_LABELS: Record<ImportSource, string> = {
  smile: "Smile",
  loyaltylion: "LoyaltyLion",
  yotpo: "Yotpo",
  rivo: "Rivo",
  other: "another app",
};

export function isImportSource(value: string): value is ImportSource {
  return (IMPORT_SOURCES as readonly string[]).includes(value);
}

/**
 * Header names per field, compared lowercased without spaces, underscores or punctuation. Where they come from
 * (each vendor's help pages, read 2026-12-05; what could not be checked is said so):
 * - Smile.io: its points import template is exactly `email`, `points`. The columns of Smile's customer *export*
 *   could not be checked; a Smile export with other names needs the mapping.
 * - LoyaltyLion: "Points approved" (spendable), "Points pending", "Points spent", "Points lifetime" are the figures
 *   its docs name in exports; its bulk-import sheet is customer ID, email, points. Its export column titles can be
 *   renamed by the merchant, so the exact default titles are not verified.
 * - Yotpo Loyalty & Referrals (formerly Swell): "Email", "Points Balance", "Points Spent", "First Name",
 *   "Last Name", "Full Name" (its import format; its export has email, names and the current points balance).
 * - Rivo: "Email,Points Balance,Birthdate,VIP Tier,Activation Date,Credits Balance" (its loyalty data template);
 *   customer id headers `customer_id`, "Customer ID", "CustomerID", "Shopify Customer ID"; email headers `email`,
 *   `customer_email`, "Shopify Customer Email".
 */
export const IMPORT_COLUMN_ALIASES: Record<ImportField, readonly string[]> = {
  customerId: ["customerid", "shopifycustomerid", "shopifyid"],
  email: ["email", "emails", "emailaddress", "customeremail", "shopifycustomeremail"],
  points: ["points", "pointsbalance", "currentpointsbalance", "pointsapproved", "approvedpoints", "balance", "pointsamount"],
  lifetime: ["pointslifetime", "lifetimepoints", "totalpointsearned", "lifetimeearned"],
  tier: ["tier", "viptier", "currenttier", "tiername", "vipstatus"],
};

export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The app a file most likely came from, by the columns only that app's formats have. */
export function detectImportSource(headers: readonly string[]): ImportSource {
  const names = new Set(headers.map(normalizeHeader));
  if (names.has("pointsapproved") || names.has("pointslifetime") || names.has("pointspending")) return "loyaltylion";
  if (names.has("viptier") || names.has("creditsbalance") || names.has("activationdate")) return "rivo";
  if (names.has("pointsbalance") && (names.has("pointsspent") || names.has("fullname") || names.has("firstname"))) return "yotpo";
  if (names.size === 2 && names.has("email") && names.has("points")) return "smile";
  return "other";
}

export type RowStatus = "valid" | "skipped" | "error";
export type RowErrorCode = "missing_key" | "bad_customer_id" | "bad_email" | "bad_number" | "duplicate_row" | "unknown_customer" | "bad_tier";

export interface ImportRow {
  /** The spreadsheet row: the header is row 1. */
  row: number;
  keyKind: "customerId" | "email" | null;
  /** A Customer GID, or an email lowercased; the text as written when it is not valid. */
  keyValue: string;
  points: number;
  lifetime: number | null;
  tier: string | null;
  status: RowStatus;
  errorCode: RowErrorCode | null;
  error: string | null;
  /** `error` as a message key and values; null exactly when `error` is. */
  errorDetail: ImportRowDetail | null;
}

export interface ParsedImport {
  headers: string[];
  delimiter: "," | ";" | "\t";
  encoding: "utf-8" | "utf-16le" | "utf-16be";
  /** The column used for each field found. */
  mapping: ColumnMapping;
  detectedSource: ImportSource;
  rows: ImportRow[];
}

/** The file's text: UTF-8 (BOM dropped) or UTF-16 with a BOM; anything else is refused with the line of the first bad byte. */
export function decodeImportFile(bytes: Uint8Array): { text: string; encoding: ParsedImport["encoding"] } {
  if (bytes.byteLength > IMPORT_FILE_LIMIT_BYTES) {
    throw importFileError(
      `The file is ${megabytes(bytes.byteLength)}; the most an import takes is ${megabytes(IMPORT_FILE_LIMIT_BYTES)}. Split it into smaller files.`,
      "fileTooLarge",
      // Rounded up: a file just past the limit must not read as the limit itself.
      { size: Math.ceil((bytes.byteLength / (1024 * 1024)) * 10) / 10, limit: IMPORT_FILE_LIMIT_BYTES / (1024 * 1024) },
    );
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body), encoding: "utf-8" };
  } catch {
    const bad = firstInvalidUtf8(body);
    const line = bad === null ? 1 : countLines(body, bad);
    throw importFileError(
      `The file is not UTF-8 text (line ${line} has a byte UTF-8 does not allow, as Latin-1 or Windows-1252 files do). ` +
        `Save it as "CSV UTF-8" and upload it again.`,
      "notUtf8",
      { line: String(line) },
    );
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
}

function countLines(bytes: Uint8Array, end: number): number {
  let line = 1;
  for (let i = 0; i < end; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number | null {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let j = 1; j <= need; j += 1) if (((bytes[i + j] ?? 0) & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return null;
}

/** The delimiter the header line uses most, outside quotes; a comma when none appears. */
export function detectDelimiter(text: string): ParsedImport["delimiter"] {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && (char === "," || char === ";" || char === "\t")) counts[char] += 1;
  }
  if (counts[";"] > counts[","] && counts[";"] >= counts["\t"]) return ";";
  if (counts["\t"] > counts[","] && counts["\t"] > counts[";"]) return "\t";
  return ",";
}

function resolveMapping(headers: readonly string[], requested: ColumnMapping): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const field of IMPORT_FIELDS) {
    const wanted = requested[field];
    if (wanted) {
      if (!headers.includes(wanted)) {
        throw importFileError(`The file has no column "${wanted}" for ${field}. Its columns are: ${headers.join(", ")}.`, "noSuchColumn", {
          column: wanted,
          field,
          columns: headers.join(", "),
        });
      }
      mapping[field] = wanted;
      continue;
    }
    const aliases = IMPORT_COLUMN_ALIASES[field];
    const found = aliases.map((alias) => headers.find((header) => normalizeHeader(header) === alias)).find((header) => header !== undefined);
    if (found !== undefined) mapping[field] = found;
  }
  const columns = headers.join(", ");
  if (!mapping.points) throw importFileError(`No points column was found. The file's columns are: ${columns}. Choose the points column below.`, "noPointsColumn", { columns });
  if (!mapping.customerId && !mapping.email) {
    throw importFileError(
      `No customer id or email column was found. The file's columns are: ${columns}. Choose the column that identifies customers below.`,
      "noKeyColumn",
      { columns },
    );
  }
  return mapping;
}

const WHOLE = /^\d+(?:\.0+)?$/;

/** The columns that hold numbers of points. */
export type ImportNumberField = "points" | "lifetime";
const NUMBER_FIELD_NAMES: Record<ImportNumberField, string> = { points: "Points", lifetime: "Lifetime points" };

/** A whole number of points in 0..IMPORT_MAX_POINTS, or the sentence (and its message key) saying why the text is not one. */
export function parseImportPoints(text: string, field: ImportNumberField = "points"): { value: number } | { error: string; detail: ImportRowDetail } {
  const what = NUMBER_FIELD_NAMES[field];
  const value = text.trim();
  if (value === "") return { error: `${what}: the cell is empty`, detail: importRowDetail("numberEmpty", { field }) };
  if (/^-\s*\d/.test(value)) {
    return { error: `${what}: ${value} is negative; an import adds balances, it cannot take points away`, detail: importRowDetail("numberNegative", { field, value }) };
  }
  if (WHOLE.test(value)) {
    const number = Number(value);
    if (Number.isSafeInteger(number) && number <= IMPORT_MAX_POINTS) return { value: number };
    return {
      error: `${what}: ${value} is more than the ${formatPoints(IMPORT_MAX_POINTS)} one import row may hold`,
      detail: importRowDetail("numberTooLarge", { field, value, max: IMPORT_MAX_POINTS }),
    };
  }
  if (/^\d{1,3}([,.\s]\d{3})+$/.test(value)) {
    const digits = value.replace(/[,.\s]/g, "");
    return {
      error: `${what}: "${value}" has thousands separators; write it as digits only (${digits})`,
      detail: importRowDetail("numberThousandsSeparators", { field, value, digits }),
    };
  }
  if (/^\d*[.,]\d+$/.test(value)) return { error: `${what}: ${value} is not a whole number of points`, detail: importRowDetail("numberFractional", { field, value }) };
  return { error: `${what}: "${value}" is not a number`, detail: importRowDetail("numberNotANumber", { field, value }) };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CUSTOMER_ID = /^(?:gid:\/\/shopify\/Customer\/)?(\d{1,20})$/;

export function parseImportFile(bytes: Uint8Array, options: { mapping?: ColumnMapping } = {}): ParsedImport {
  const { text, encoding } = decodeImportFile(bytes);
  if (text.trim() === "") throw importFileError("The file is empty.", "empty");
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    // Empty lines are records too (one empty cell): they keep the row numbers the spreadsheet shows.
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, bom: true, trim: false });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    const reason = error instanceof Error ? error.message.replace(/^[^:]*:\s*/, "") : String(error);
    // The parser's own reason is English and technical: the merchant's language says where, and what to check.
    const message = `The file is not valid CSV${line ? ` near line ${line}` : ""}: ${reason}. Check the quotes around values.`;
    throw line ? importFileError(message, "notCsvNearLine", { line: String(line) }) : importFileError(message, "notCsv");
  }
  const [header, ...data] = records;
  if (!header) throw importFileError("The file is empty.", "empty");
  const headers = header.map((cell) => cell.trim());
  if (data.length > IMPORT_MAX_ROWS) {
    throw importFileError(
      `The file has ${data.length.toLocaleString("en-US")} rows; the most an import takes is ${IMPORT_MAX_ROWS.toLocaleString("en-US")}. Split it into smaller files.`,
      "tooManyRows",
      { rows: data.length, max: IMPORT_MAX_ROWS },
    );
  }
  const mapping = resolveMapping(headers, options.mapping ?? {});
  const index = (field: ImportField) => (mapping[field] === undefined ? -1 : headers.indexOf(mapping[field]));
  const columns = { customerId: index("customerId"), email: index("email"), points: index("points"), lifetime: index("lifetime"), tier: index("tier") };
  const rows: ImportRow[] = [];
  data.forEach((record, i) => {
    if (record.every((cell) => cell.trim() === "")) return;
    rows.push(readRow(record, i + 2, columns));
  });
  if (rows.length === 0) throw importFileError("The file has a header but no rows.", "noRows");
  return { headers, delimiter, encoding, mapping, detectedSource: detectImportSource(headers), rows: markDuplicateRows(rows) };
}

function readRow(record: string[], row: number, columns: Record<ImportField, number>): ImportRow {
  const cell = (column: number) => (column < 0 ? "" : (record[column] ?? "").trim());
  const result: ImportRow = { row, keyKind: null, keyValue: "", points: 0, lifetime: null, tier: null, status: "valid", errorCode: null, error: null, errorDetail: null };
  const fail = (code: RowErrorCode, message: string, reason: ImportRowDetail): ImportRow => ({ ...result, status: "error", errorCode: code, error: message, errorDetail: reason });

  const id = cell(columns.customerId);
  const email = cell(columns.email);
  if (id !== "") {
    const match = CUSTOMER_ID.exec(id);
    result.keyKind = "customerId";
    result.keyValue = match ? `gid://shopify/Customer/${match[1]}` : id;
    if (!match) return fail("bad_customer_id", `Customer id "${id}" is not a Shopify customer id (digits, or gid://shopify/Customer/…)`, importRowDetail("badCustomerId", { id }));
  } else if (email !== "") {
    result.keyKind = "email";
    result.keyValue = email.toLowerCase();
    if (!EMAIL.test(email)) return fail("bad_email", `"${email}" is not an email address`, importRowDetail("badEmail", { email }));
  } else {
    return fail("missing_key", "The row has no customer id and no email", importRowDetail("missingKey"));
  }

  const points = parseImportPoints(cell(columns.points));
  if ("error" in points) return fail("bad_number", points.error, points.detail);
  result.points = points.value;
  if (columns.lifetime >= 0 && cell(columns.lifetime) !== "") {
    const lifetime = parseImportPoints(cell(columns.lifetime), "lifetime");
    if ("error" in lifetime) return fail("bad_number", lifetime.error, lifetime.detail);
    result.lifetime = lifetime.value;
  }
  const tier = cell(columns.tier);
  if (tier !== "") {
    if (tier.length > MAX_TIER_LENGTH) return fail("bad_tier", `The tier name is longer than ${MAX_TIER_LENGTH} characters`, importRowDetail("tierTooLong", { max: MAX_TIER_LENGTH }));
    result.tier = tier;
  }
  if (result.points === 0) return { ...result, status: "skipped", error: "A balance of 0 points: nothing to import", errorDetail: importRowDetail("zeroBalance") };
  return result;
}

/**
 * Every row after the first with the same key (or, given `memberOf`, the same member) becomes a duplicate_row
 * error naming the first row: the file says two different things about one customer, and an import must not
 * guess which (nor add both).
 */
export function markDuplicateRows<T extends ImportRow>(
  rows: readonly T[],
  memberOf: (row: T) => string | null = (row) => (row.keyKind ? `${row.keyKind}:${row.keyValue}` : null),
): T[] {
  const first = new Map<string, number>();
  return rows.map((row) => {
    if (row.status === "error") return row;
    const key = memberOf(row);
    if (key === null) return row;
    const seen = first.get(key);
    if (seen === undefined) {
      first.set(key, row.row);
      return row;
    }
    return { ...row, status: "error", errorCode: "duplicate_row", error: `Duplicate row: the same customer as row ${seen}`, errorDetail: importRowDetail("duplicateRow", { row: String(seen) }) };
  });
}

/** The ledger key of one imported row: an import writes each row once, however often it runs. */
export function importEntryKey(importId: string, row: number): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(importId) || !Number.isSafeInteger(row) || row < 2) {
    throw new LoyaltyError("INVALID_INPUT", `No import key for import "${importId}" row ${row}`);
  }
  return `import:${importId}:${row}`;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** "Imported from Smile on Dec 5: 1,250 pts", the day in the shop's time zone. */
export function explainImportEntry(source: ImportSource, confirmedAt: Date, timeZone: string, points: number): string {
  // A formatter costs far more to build than to use, and an import explains up to IMPORT_MAX_ROWS entries.
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone });
    dayFormatters.set(timeZone, formatter);
  }
  const day = formatter.format(confirmedAt);
  return `Imported from ${IMPORT_SOURCE_LABELS[source]} on ${day}: ${formatPoints(points)}`;
}

/** The file's header cells, when it can be read that far (to offer them for mapping after a file error). */
export function readImportHeaders(bytes: Uint8Array): string[] | null {
  try {
    const { text } = decodeImportFile(bytes);
    const [header] = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, to_line: 1, bom: true }) as string[][];
    return header ? header.map((cell) => cell.trim()).filter((cell) => cell !== "") : null;
  } catch {
    return null;
  }
}

/** The form fields of an upload: the source ("auto" or an app) and the merchant's column choices (`map_<field>`). */
export function parseImportOptions(fields: Record<string, unknown>): { source: ImportSource | "auto"; mapping: ColumnMapping } {
  const source = typeof fields.source === "string" && (fields.source === "auto" || isImportSource(fields.source)) ? fields.source : "auto";
  const mapping: ColumnMapping = {};
  for (const field of IMPORT_FIELDS) {
    const value = fields[`map_${field}`];
    if (typeof value === "string" && value.trim() !== "") mapping[field] = value;
  }
  return { source, mapping };
}
