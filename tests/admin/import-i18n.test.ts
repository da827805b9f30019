/**
 * The import page's cards in French: the words are the locale file's, the numbers in the French format, and no
 * English is left in what the cards themselves say. Every row reason and file error the import sends
 * (points-import-messages.ts) has its message in both languages, naming exactly the values the code sends.
 */
import { AppProvider } from "@shopify/polaris";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ImportHistoryCard } from "~/components/import/ImportHistoryCard";
import { ImportProgressCard } from "~/components/import/ImportProgressCard";
import { AdminTextProvider, POLARIS_TRANSLATIONS } from "~/i18n/admin-text";
import { flattenMessages, MESSAGES } from "~/i18n/messages";
import { IMPORT_FIELDS } from "~/loyalty/points-import";
import {
  IMPORT_FILE_ERROR_KEYS,
  IMPORT_FILE_ERROR_PREFIX,
  IMPORT_FILE_ERRORS,
  IMPORT_ROW_DETAIL_KEYS,
  IMPORT_ROW_DETAIL_PREFIX,
  IMPORT_ROW_DETAILS,
} from "~/loyalty/points-import-messages";

const placeholders = (text: string | undefined) => [...(text ?? "").matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();

function inFrench(node: ReactNode): string {
  const html = renderToString(createElement(AdminTextProvider, { locale: "fr", children: createElement(AppProvider, { i18n: POLARIS_TRANSLATIONS.fr }, node) }));
  return html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");
}

describe("the import page in French", () => {
  it("shows an import's progress in French", () => {
    const text = inFrench(createElement(ImportProgressCard, { summary: { status: "running", validRows: 12_000, importedRows: 6_000, importedPoints: 150_000, validPoints: 300_000 } }));
    expect(text).toContain("Import en cours…");
    expect(text).toMatch(/6\s000 lignes sur 12\s000, 150\s000 points sur 300\s000 \(50 %\)/u);
    expect(text).not.toMatch(/rows|Importing/);
  });

  it("lists the imports with French headings and statuses", () => {
    const text = inFrench(
      createElement(ImportHistoryCard, {
        imports: [{ id: "imp1", fileName: "smile.csv", status: "done", validRows: 2, errorRows: 1, validPoints: 1550, importedPoints: 1550, createdAt: "2026-12-05T10:00:00Z" }],
      }),
    );
    for (const word of ["Fichier", "Envoyé (UTC)", "Statut", "Lignes à importer", "Lignes en erreur", "Importé"]) expect(text).toContain(word);
    expect(text).toMatch(/1\s550/u);
    expect(text).not.toMatch(/Rows to import|Imported|Uploaded/);
  });

  it("has a message for every key the import cards build at run time, in both languages", () => {
    const families: Record<string, readonly string[]> = {
      "import.status": ["preview", "queued", "running", "done", "failed"],
      "import.rows.status": ["valid", "skipped", "error"],
      "import.rows.reasons": ["unknown_customer", "bad_number", "duplicate_row", "missing_key", "bad_customer_id", "bad_email", "bad_tier"],
      "import.rows.tabs": ["error", "valid", "skipped", "all"],
      "import.upload.sources": ["auto", "smile", "loyaltylion", "yotpo", "rivo", "other"],
      "import.upload.fields": ["customerId", "email", "points", "lifetime", "tier"],
      "import.enrol.status": ["queued", "running", "downloading", "done", "failed"],
      "import.rows.details": IMPORT_ROW_DETAIL_KEYS,
      "import.upload.errors": IMPORT_FILE_ERROR_KEYS,
      "import.fieldNames": IMPORT_FIELDS,
      "import.rows": ["reasonWithDetail"],
    };
    for (const locale of ["en", "fr"] as const) {
      const messages = flattenMessages(MESSAGES[locale]);
      const missing = Object.entries(families).flatMap(([prefix, keys]) => keys.map((key) => `${prefix}.${key}`)).filter((key) => !messages.has(key));
      expect({ locale, missing }).toEqual({ locale, missing: [] });
    }
  });

  it("names in each language exactly the values the import sends with each reason and file error", () => {
    const expected = [
      ...Object.entries(IMPORT_ROW_DETAILS).map(([key, names]) => [`${IMPORT_ROW_DETAIL_PREFIX}${key}`, [...names].sort()] as const),
      ...Object.entries(IMPORT_FILE_ERRORS).map(([key, names]) => [`${IMPORT_FILE_ERROR_PREFIX}${key}`, [...names].sort()] as const),
    ];
    expect(expected.length).toBe(IMPORT_ROW_DETAIL_KEYS.length + IMPORT_FILE_ERROR_KEYS.length);
    for (const locale of ["en", "fr"] as const) {
      const messages = flattenMessages(MESSAGES[locale]);
      for (const [key, names] of expected) expect({ locale, key, names: placeholders(messages.get(key)) }).toEqual({ locale, key, names });
    }
  });
});
