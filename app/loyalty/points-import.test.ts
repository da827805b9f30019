/**
 * The import file's rules (points-import.ts), one bad input at a time: encodings, BOM, delimiters, quoted
 * newlines, bad numbers, duplicate keys, size limits, and the columns of the common apps; and each row reason and
 * file error as its message key and values (points-import-messages.ts).
 */
import { describe, expect, it } from "vitest";
import { LoyaltyError } from "./errors";
import { IMPORT_FILE_ERROR_KEYS, IMPORT_FILE_ERROR_PREFIX, IMPORT_ROW_DETAIL_KEYS, readImportRowDetail } from "./points-import-messages";
import {
  detectImportSource,
  explainImportEntry,
  importEntryKey,
  IMPORT_FILE_LIMIT_BYTES,
  IMPORT_MAX_POINTS,
  IMPORT_MAX_ROWS,
  parseImportFile,
  parseImportPoints,
  type ImportRow,
} from "./points-import";

const utf8 = (text: string) => new TextEncoder().encode(text);

function fileErrorOf(bytes: Uint8Array, mapping = {}): string {
  try {
    parseImportFile(bytes, { mapping });
  } catch (error) {
    expect(error).toBeInstanceOf(LoyaltyError);
    return (error as LoyaltyError).message;
  }
  throw new Error("expected a file error");
}

/** The file error's message key (without its prefix) and values. */
function fileCodeOf(bytes: Uint8Array, mapping = {}): { key: string; values?: Record<string, string | number> } {
  try {
    parseImportFile(bytes, { mapping });
  } catch (error) {
    const code = (error as LoyaltyError).messageCode;
    expect(code?.key.startsWith(IMPORT_FILE_ERROR_PREFIX)).toBe(true);
    return { ...code, key: (code?.key ?? "").slice(IMPORT_FILE_ERROR_PREFIX.length) } as { key: string; values?: Record<string, string | number> };
  }
  throw new Error("expected a file error");
}

const byRow = (rows: ImportRow[], row: number) => rows.find((r) => r.row === row);

describe("parseImportFile", () => {
  it("reads a Smile-style file keyed by email, lowercasing emails, rows numbered as in a spreadsheet", () => {
    const parsed = parseImportFile(utf8("email,points\nAnn@Example.com,1250\nbob@example.com,40\n"));
    expect(parsed.detectedSource).toBe("smile");
    expect(parsed.mapping).toEqual({ email: "email", points: "points" });
    expect(parsed.rows).toEqual([
      { row: 2, keyKind: "email", keyValue: "ann@example.com", points: 1250, lifetime: null, tier: null, status: "valid", errorCode: null, error: null, errorDetail: null },
      { row: 3, keyKind: "email", keyValue: "bob@example.com", points: 40, lifetime: null, tier: null, status: "valid", errorCode: null, error: null, errorDetail: null },
    ]);
  });

  it("drops a UTF-8 byte order mark (Excel's CSV UTF-8) so the first header is still found", () => {
    const parsed = parseImportFile(utf8("\uFEFFEmail,Points Balance\nann@example.com,5\n"));
    expect(parsed.mapping.email).toBe("Email");
    expect(parsed.rows[0]?.points).toBe(5);
  });

  it("reads UTF-16 with its byte order mark, little and big endian", () => {
    const text = "Email,Points Balance,VIP Tier\nzoë@example.com,7,Gold\n";
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
    const be = new Uint8Array([0xfe, 0xff, ...Buffer.from(text, "utf16le").swap16()]);
    for (const bytes of [le, be]) {
      const parsed = parseImportFile(bytes);
      expect(parsed.rows[0]).toMatchObject({ keyValue: "zoë@example.com", points: 7, tier: "Gold", status: "valid" });
      expect(parsed.detectedSource).toBe("rivo");
    }
  });

  it("refuses Latin-1 / Windows-1252 bytes with the line they are on, rather than guessing", () => {
    const latin1 = new Uint8Array([...utf8("email,points\nann@example.com,5\nzo"), 0xeb, ...utf8("@example.com,7\n")]);
    const message = fileErrorOf(latin1);
    expect(message).toContain("not UTF-8");
    expect(message).toContain("line 3");
    expect(message).toContain('"CSV UTF-8"');
  });

  it("detects semicolons (comma-decimal locales) and tabs from the header", () => {
    const semi = parseImportFile(utf8("Email;Points\nann@example.com;12\n"));
    expect(semi.delimiter).toBe(";");
    expect(semi.rows[0]?.points).toBe(12);
    const tab = parseImportFile(utf8("Email\tPoints\nann@example.com\t13\n"));
    expect(tab.delimiter).toBe("\t");
    expect(tab.rows[0]?.points).toBe(13);
  });

  it("keeps quoted newlines, delimiters and quotes inside one value, and numbers rows as the spreadsheet does", () => {
    const parsed = parseImportFile(utf8('email,points,tier\r\nann@example.com,5,"Gold\r\nplus, ""VIP"""\r\nbob@example.com,6,Silver\r\n'));
    expect(parsed.rows.map((r) => [r.row, r.tier])).toEqual([
      [2, 'Gold\r\nplus, "VIP"'],
      [3, "Silver"],
    ]);
  });

  it("refuses a quote left open as a file error naming where", () => {
    expect(fileErrorOf(utf8('email,points\nann@example.com,"5\nbob@example.com,6\n'))).toMatch(/not valid CSV.*quote/i);
  });

  it("marks negative, fractional, thousands-separated, empty and non-numeric points as row errors; 0 is skipped", () => {
    const parsed = parseImportFile(utf8('email,points\na@x.io,-5\nb@x.io,2.5\nc@x.io,"1,250"\nd@x.io,\ne@x.io,lots\nf@x.io,0\ng@x.io,100.0\n'));
    const summary = parsed.rows.map((r) => [r.row, r.status, r.errorCode]);
    expect(summary).toEqual([
      [2, "error", "bad_number"],
      [3, "error", "bad_number"],
      [4, "error", "bad_number"],
      [5, "error", "bad_number"],
      [6, "error", "bad_number"],
      [7, "skipped", null],
      [8, "valid", null],
    ]);
    expect(byRow(parsed.rows, 2)?.error).toContain("negative");
    expect(byRow(parsed.rows, 3)?.error).toContain("not a whole number");
    expect(byRow(parsed.rows, 4)?.error).toContain("thousands separators");
    expect(byRow(parsed.rows, 5)?.error).toContain("empty");
    expect(byRow(parsed.rows, 6)?.error).toContain('"lots" is not a number');
    expect(byRow(parsed.rows, 8)?.points).toBe(100);
  });

  it("refuses points above the per-row maximum", () => {
    expect(parseImportPoints(String(IMPORT_MAX_POINTS))).toEqual({ value: IMPORT_MAX_POINTS });
    expect(parseImportPoints(String(IMPORT_MAX_POINTS + 1))).toMatchObject({ error: expect.stringContaining("more than") });
    expect(parseImportPoints("99999999999999999999")).toMatchObject({ error: expect.stringContaining("more than") });
  });

  it("marks every repeat of a key after the first as a duplicate row naming the first", () => {
    const parsed = parseImportFile(utf8("email,points\nann@example.com,5\nANN@example.com,6\nbob@example.com,7\nann@example.com,8\n"));
    expect(parsed.rows.map((r) => [r.row, r.status, r.error])).toEqual([
      [2, "valid", null],
      [3, "error", "Duplicate row: the same customer as row 2"],
      [4, "valid", null],
      [5, "error", "Duplicate row: the same customer as row 2"],
    ]);
  });

  it("keys by Shopify customer id (number or GID) before email, and checks both", () => {
    const parsed = parseImportFile(utf8("Customer ID,Email,Points\n123,ann@example.com,5\ngid://shopify/Customer/456,,6\n,bob@example.com,7\nabc,,8\n,not-an-email,9\n,,10\n"));
    expect(parsed.rows.map((r) => [r.row, r.keyKind, r.keyValue, r.errorCode])).toEqual([
      [2, "customerId", "gid://shopify/Customer/123", null],
      [3, "customerId", "gid://shopify/Customer/456", null],
      [4, "email", "bob@example.com", null],
      [5, "customerId", "abc", "bad_customer_id"],
      [6, "email", "not-an-email", "bad_email"],
      [7, null, "", "missing_key"],
    ]);
  });

  it("reads lifetime figures and tiers, with the same number rules for lifetime", () => {
    const parsed = parseImportFile(utf8("Email,Points approved,Points lifetime,Tier\nann@example.com,5,900,Gold\nbob@example.com,6,-1,Silver\n"));
    expect(parsed.detectedSource).toBe("loyaltylion");
    expect(parsed.rows[0]).toMatchObject({ points: 5, lifetime: 900, tier: "Gold", status: "valid" });
    expect(parsed.rows[1]).toMatchObject({ status: "error", errorCode: "bad_number", error: expect.stringContaining("Lifetime points") });
  });

  it("recognises the columns of the common apps", () => {
    expect(detectImportSource(["email", "points"])).toBe("smile");
    expect(detectImportSource(["Email", "Points approved", "Points pending"])).toBe("loyaltylion");
    expect(detectImportSource(["First Name", "Last Name", "Email", "Points Balance", "Points Spent"])).toBe("yotpo");
    expect(detectImportSource(["Email", "Points Balance", "Birthdate", "VIP Tier", "Activation Date", "Credits Balance"])).toBe("rivo");
    expect(detectImportSource(["mail", "solde"])).toBe("other");
  });

  it("takes the merchant's mapping over the names it knows, and says which columns exist when it cannot find one", () => {
    const bytes = utf8("Kunde,Punkte\nann@example.com,5\n");
    expect(fileErrorOf(bytes)).toBe("No points column was found. The file's columns are: Kunde, Punkte. Choose the points column below.");
    expect(fileErrorOf(bytes, { points: "Punkte" })).toContain("No customer id or email column");
    expect(fileErrorOf(bytes, { points: "Nope", email: "Kunde" })).toContain('no column "Nope"');
    const parsed = parseImportFile(bytes, { mapping: { email: "Kunde", points: "Punkte" } });
    expect(parsed.rows[0]).toMatchObject({ keyValue: "ann@example.com", points: 5, status: "valid" });
  });

  it("refuses empty files, header-only files and files past the size and row limits", () => {
    expect(fileErrorOf(utf8(""))).toBe("The file is empty.");
    expect(fileErrorOf(utf8("email,points\n\n"))).toBe("The file has a header but no rows.");
    expect(fileErrorOf(new Uint8Array(IMPORT_FILE_LIMIT_BYTES + 1))).toBe("The file is 20.0 MB; the most an import takes is 20 MB. Split it into smaller files.");
    const many = `email,points\n${"a@b.co,1\n".repeat(IMPORT_MAX_ROWS + 1)}`;
    expect(fileErrorOf(utf8(many))).toContain("rows; the most an import takes is 250,000");
  });

  it("ignores entirely empty rows and short rows read as empty cells", () => {
    const parsed = parseImportFile(utf8("email,points,tier\nann@example.com,5\n,,\nbob@example.com\n"));
    expect(parsed.rows.map((r) => [r.row, r.status, r.errorCode])).toEqual([
      [2, "valid", null],
      [4, "error", "bad_number"],
    ]);
  });
});

describe("reasons as message keys and values", () => {
  const details = (text: string) => parseImportFile(utf8(text)).rows.map((r) => [r.row, r.errorDetail]);

  it("gives every bad number its key, the column it is in and the text as written", () => {
    const file = 'email,points,lifetime points\na@x.io,-5\nb@x.io,2.5\nc@x.io,"1,250"\nd@x.io,\ne@x.io,lots\nf@x.io,100000001\ng@x.io,5,"1.250"\nh@x.io,5,-1\n';
    expect(details(file)).toEqual([
      [2, { key: "numberNegative", values: { field: "points", value: "-5" } }],
      [3, { key: "numberFractional", values: { field: "points", value: "2.5" } }],
      [4, { key: "numberThousandsSeparators", values: { field: "points", value: "1,250", digits: "1250" } }],
      [5, { key: "numberEmpty", values: { field: "points" } }],
      [6, { key: "numberNotANumber", values: { field: "points", value: "lots" } }],
      [7, { key: "numberTooLarge", values: { field: "points", value: "100000001", max: IMPORT_MAX_POINTS } }],
      [8, { key: "numberThousandsSeparators", values: { field: "lifetime", value: "1.250", digits: "1250" } }],
      [9, { key: "numberNegative", values: { field: "lifetime", value: "-1" } }],
    ]);
    expect(parseImportPoints("", "lifetime")).toEqual({ error: "Lifetime points: the cell is empty", detail: { key: "numberEmpty", values: { field: "lifetime" } } });
  });

  it("gives bad keys, long tiers, zero balances and duplicates their keys, beside the English sentence", () => {
    const rows = parseImportFile(utf8(`Customer ID,Email,Points,Tier\nabc,,8\n,not-an-email,9\n,,10\n,t@x.io,5,${"x".repeat(101)}\n,z@x.io,0\n,d@x.io,1\n,D@x.io,2\n`)).rows;
    expect(rows.map((r) => [r.row, r.errorCode, r.errorDetail])).toEqual([
      [2, "bad_customer_id", { key: "badCustomerId", values: { id: "abc" } }],
      [3, "bad_email", { key: "badEmail", values: { email: "not-an-email" } }],
      [4, "missing_key", { key: "missingKey" }],
      [5, "bad_tier", { key: "tierTooLong", values: { max: 100 } }],
      [6, null, { key: "zeroBalance" }],
      [7, null, null],
      [8, "duplicate_row", { key: "duplicateRow", values: { row: "7" } }],
    ]);
    // The sentence stays: the API, logs and rows stored before details read it.
    expect(rows.map((r) => r.error)).toEqual([
      'Customer id "abc" is not a Shopify customer id (digits, or gid://shopify/Customer/…)',
      '"not-an-email" is not an email address',
      "The row has no customer id and no email",
      "The tier name is longer than 100 characters",
      "A balance of 0 points: nothing to import",
      null,
      "Duplicate row: the same customer as row 7",
    ]);
    // A detail exactly when a sentence, and only keys the locale files are checked against.
    for (const row of rows) {
      expect(row.errorDetail === null).toBe(row.error === null);
      if (row.errorDetail) expect(IMPORT_ROW_DETAIL_KEYS).toContain(row.errorDetail.key);
    }
  });

  it("gives every file error its key and values", () => {
    const latin1 = new Uint8Array([...utf8("email,points\nann@example.com,5\nzo"), 0xeb, ...utf8("@example.com,7\n")]);
    expect(fileCodeOf(latin1)).toEqual({ key: "notUtf8", values: { line: "3" } });
    expect(fileCodeOf(new Uint8Array(IMPORT_FILE_LIMIT_BYTES + 1))).toEqual({ key: "fileTooLarge", values: { size: 20.1, limit: 20 } });
    expect(fileCodeOf(utf8(""))).toEqual({ key: "empty" });
    expect(fileCodeOf(utf8("email,points\n\n"))).toEqual({ key: "noRows" });
    expect(fileCodeOf(utf8('email,points\nann@example.com,"5\nbob@example.com,6\n'))).toMatchObject({ key: "notCsvNearLine", values: { line: expect.stringMatching(/^\d+$/) } });
    expect(fileCodeOf(utf8(`email,points\n${"a@b.co,1\n".repeat(IMPORT_MAX_ROWS + 1)}`))).toEqual({ key: "tooManyRows", values: { rows: IMPORT_MAX_ROWS + 1, max: IMPORT_MAX_ROWS } });
    const unknown = utf8("Kunde,Punkte\nann@example.com,5\n");
    expect(fileCodeOf(unknown)).toEqual({ key: "noPointsColumn", values: { columns: "Kunde, Punkte" } });
    expect(fileCodeOf(unknown, { points: "Punkte" })).toEqual({ key: "noKeyColumn", values: { columns: "Kunde, Punkte" } });
    expect(fileCodeOf(unknown, { points: "Nope", email: "Kunde" })).toEqual({ key: "noSuchColumn", values: { column: "Nope", field: "points", columns: "Kunde, Punkte" } });
    for (const bytes of [latin1, utf8(""), unknown]) expect(IMPORT_FILE_ERROR_KEYS).toContain(fileCodeOf(bytes).key);
  });

  it("reads a stored detail back, and nothing from a detail it does not know", () => {
    expect(readImportRowDetail('{"key":"duplicateRow","values":{"row":"7"}}')).toEqual({ key: "duplicateRow", values: { row: "7" } });
    expect(readImportRowDetail('{"key":"missingKey"}')).toEqual({ key: "missingKey" });
    for (const stored of [null, "", "not json", "[]", "null", '{"key":"gone"}', '{"key":"badEmail","values":[1]}', '{"key":"badEmail","values":{"email":{}}}']) {
      expect(readImportRowDetail(stored)).toBeNull();
    }
  });
});

describe("import entries", () => {
  it("are keyed by import and row", () => {
    expect(importEntryKey("cabc123", 2)).toBe("import:cabc123:2");
    expect(() => importEntryKey("bad id", 2)).toThrow(LoyaltyError);
    expect(() => importEntryKey("cabc", 1)).toThrow(LoyaltyError);
  });

  it("explain themselves with the source and the shop's day", () => {
    const at = new Date("2026-12-06T02:00:00Z");
    expect(explainImportEntry("smile", at, "America/New_York", 1250)).toBe("Imported from Smile on Dec 5: 1,250 pts");
    expect(explainImportEntry("other", at, "UTC", 1)).toBe("Imported from another app on Dec 6: 1 pt");
  });
});
