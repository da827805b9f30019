/**
 * The Backfill page rendered on the server from loader data, in English and French: the preview with its cost,
 * the writing's progress (bar, counts, ETA), a failure, and the form; the words are the locale file's, the numbers
 * in the admin's format, and no English sentence of backfill.json is left in the French page.
 */
import { AppProvider } from "@shopify/polaris";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import type { LoaderFunction } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { AdminTextProvider, POLARIS_TRANSLATIONS } from "~/i18n/admin-text";
import type { AdminLocale } from "~/i18n/admin-locale";
import { flattenMessages, MESSAGES } from "~/i18n/messages";
import type { BackfillSummary } from "~/loyalty/server/backfill.server";
import BackfillPage from "~/routes/app.backfill";

async function render(data: unknown, locale: AdminLocale): Promise<string> {
  const routes = [{ id: "page", path: "*", Component: BackfillPage, loader: (() => data) as LoaderFunction }];
  const context = await createStaticHandler(routes).query(new Request("https://loyalty.test/app/backfill"));
  if (context instanceof Response) throw new Error(`The page answered ${context.status}`);
  const router = createStaticRouter(routes, context);
  const html = renderToString(
    createElement(AdminTextProvider, {
      locale,
      children: createElement(AppProvider, { i18n: POLARIS_TRANSLATIONS[locale] }, createElement(StaticRouterProvider, { router, context, hydrate: false })),
    }),
  );
  return html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ");
}

const base: BackfillSummary = {
  id: "bf1",
  mode: "award",
  from: "2026-09-08T00:00:00.000Z",
  to: "2026-12-07T00:00:00.000Z",
  status: "previewed",
  ordersFound: 12_480,
  ordersEligible: 11_902,
  previewPoints: 1_234_567,
  previewExpired: 0,
  previewValueMinor: 1_234_567,
  currency: "USD",
  ordersDone: 0,
  ordersAwarded: 0,
  pointsAwarded: 0,
  refundsRecorded: 0,
  error: null,
  createdAt: "2026-12-06T10:00:00.000Z",
  completedAt: null,
  progress: { percent: null, etaSeconds: null },
};

function englishLeftIn(shown: string): string[] {
  const english = flattenMessages({ backfill: MESSAGES.en.backfill ?? {} });
  const french = flattenMessages(MESSAGES.fr);
  return [...english].flatMap(([key, text]) =>
    text
      .split(/\{\{\w+\}\}/)
      .map((fragment) => fragment.trim())
      .filter((words) => words.length >= 8 && !(french.get(key) ?? "").includes(words) && shown.includes(words))
      .map((words) => `${key}: ${words}`),
  );
}

describe("the Backfill page", () => {
  it("shows the preview's cost and asks for confirmation", async () => {
    const en = await render({ backfill: base, programLive: true }, "en");
    expect(en).toContain("Preview ready");
    expect(en).toContain("12,480 orders found, 11,902 paid orders with a customer: 1,234,567 points net of refunds.");
    expect(en).toContain("Worth $12,345.67 at your point value.");
    expect(en).toContain("2026-09-08 to 2026-12-06");
    for (const word of ["Confirm", "Discard"]) expect(en).toContain(word);
    expect(en).not.toContain("expire");
    const expiring = await render({ backfill: { ...base, previewExpired: 40_000 }, programLive: true }, "en");
    expect(expiring).toContain("Of these, 40,000 points come from orders older than your points' expiry");

    const fr = await render({ backfill: base, programLive: true }, "fr");
    expect(fr).toContain("Aperçu prêt");
    expect(fr).toMatch(/12\s480 commandes trouvées, 11\s902 commandes payées avec un client : 1\s234\s567 points/u);
    expect(fr).toMatch(/12\s345,67\s\$US/u);
    expect(englishLeftIn(fr)).toEqual([]);
  });

  it("shows the writing's progress with counts and an ETA, then a failure with its reason and the form again", async () => {
    const writing = { ...base, status: "writing", ordersDone: 2_000, ordersAwarded: 1_990, pointsAwarded: 200_000, refundsRecorded: 150, progress: { percent: 16, etaSeconds: 600 } };
    const fr = await render({ backfill: writing, programLive: true }, "fr");
    expect(fr).toContain("Écriture…");
    expect(fr).toMatch(/2\s000 commandes écrites sur 11\s902 : 1\s990 récompensées \(200\s000 points avant remboursements, qui sont repris\), 150 nouveaux remboursements enregistrés/u);
    expect(fr).toContain("Environ 10 min restantes");
    expect(englishLeftIn(fr)).toEqual([]);

    const failed = { ...base, status: "failed", error: "Shopify's reading of the orders failed (INTERNAL_SERVER_ERROR): start the backfill again" };
    const en = await render({ backfill: failed, programLive: true }, "en");
    expect(en).toContain("The backfill stopped");
    expect(en).toContain("INTERNAL_SERVER_ERROR");
    expect(en).toContain("Read past orders");
  });

  it("shows the form with the presets and both modes when there is no backfill yet", async () => {
    const fr = await render({ backfill: null, programLive: false }, "fr");
    for (const words of ["Lire les commandes passées", "Les 90 derniers jours", "Attribuer des points", "Historique seulement, pour les rapports", "Aperçu"]) {
      expect(fr).toContain(words);
    }
    expect(englishLeftIn(fr)).toEqual([]);
  });

  it("has a message for every key the page builds at run time, in both languages", () => {
    const families: Record<string, readonly string[]> = {
      "backfill.status": ["queued", "running", "previewed", "writing", "done", "failed"],
      "backfill.errors": ["modeUnknown", "presetUnknown", "dateInvalid", "fromAfterTo", "rangeTooLong", "fromInFuture"],
      "backfill.presets": ["90d", "1y", "2y", "custom"],
      "backfill.mode": ["award", "history"],
    };
    for (const locale of ["en", "fr"] as const) {
      const messages = flattenMessages(MESSAGES[locale]);
      const missing = Object.entries(families).flatMap(([prefix, keys]) => keys.map((key) => `${prefix}.${key}`)).filter((key) => !messages.has(key));
      expect({ locale, missing }).toEqual({ locale, missing: [] });
    }
  });
});
