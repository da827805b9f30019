/**
 * CSV for exports a merchant opens in a spreadsheet.
 *
 * Rules:
 * - RFC 4180: a cell holding a comma, a double quote, CR or LF is wrapped in double quotes and its quotes are
 *   doubled; lines end with CRLF. Files start with a UTF-8 byte order mark so Excel reads accents correctly.
 * - Formula injection (OWASP "CSV injection"): a text cell starting with = + - @ (or a tab or CR, which
 *   spreadsheets also read as the start of a formula) gets a leading single quote, so "=HYPERLINK(…)" typed as a
 *   customer name or a note is shown as text, never run. Numbers are written as numbers: −50 points is data.
 * - null and undefined are empty cells; dates are ISO 8601 in UTC.
 */

export type CsvValue = string | number | boolean | Date | null | undefined;

export const CSV_BOM = "\uFEFF";
export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function cellText(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One cell, escaped. */
export function csvCell(value: CsvValue): string {
  const text = cellText(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line with its CRLF. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** "members-2026-11-23.csv": the export's name and its UTC date (no customer data in file names). */
export function csvFilename(base: string, now: Date): string {
  const safe = base.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "export";
  return `${safe}-${now.toISOString().slice(0, 10)}.csv`;
}

/**
 * A byte stream of CSV: the BOM and header line, then the lines of each batch `nextBatch` yields until it
 * returns null. Batches are pulled only as fast as the reader consumes them, so memory stays bounded by one batch.
 */
export function csvStream(header: readonly string[], nextBatch: () => Promise<readonly (readonly CsvValue[])[] | null>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(CSV_BOM + csvLine(header)));
        return;
      }
      const rows = await nextBatch();
      if (rows === null) {
        controller.close();
        return;
      }
      if (rows.length > 0) controller.enqueue(encoder.encode(rows.map(csvLine).join("")));
    },
  });
}
