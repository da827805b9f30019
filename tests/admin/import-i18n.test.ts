/**
 * The import page's cards in French: the words are the locale file's, the numbers in the French format, and no
 * English is left in what the cards themselves say.
 */
import { AppProvider } from "@shopify/polaris";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ImportHistoryCard } from "~/components/import/ImportHistoryCard";
import { ImportProgressCard } from "~/components/import/ImportProgressCard";
import { AdminTextProvider, POLARIS_TRANSLATIONS } from "~/i18n/admin-text";
import { flattenMessages, MESSAGES } from "~/i18n/messages";

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
    };
    for (const locale of ["en", "fr"] as const) {
      const messages = flattenMessages(MESSAGES[locale]);
      const missing = Object.entries(families).flatMap(([prefix, keys]) => keys.map((key) => `${prefix}.${key}`)).filter((key) => !messages.has(key));
      expect({ locale, missing }).toEqual({ locale, missing: [] });
    }
  });
});
