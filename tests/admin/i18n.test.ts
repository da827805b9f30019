/**
 * The admin in the merchant's language: the locale files agree, every key the code names exists, the language comes
 * from Shopify's `locale` parameter, and a French report page has no English left in it.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { AppProvider } from "@shopify/polaris";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { beforeEach, describe, expect, it } from "vitest";
import { ChurnCard } from "~/components/reports/ChurnCard";
import { CustomersCard } from "~/components/reports/CustomersCard";
import { LiabilityCard } from "~/components/reports/LiabilityCard";
import { PointsCard } from "~/components/reports/PointsCard";
import { TiersCard } from "~/components/reports/TiersCard";
import { TopRewardsCard } from "~/components/reports/TopRewardsCard";
import { AdminTextProvider, POLARIS_TRANSLATIONS } from "~/i18n/admin-text";
import type { AdminLocale } from "~/i18n/admin-locale";
import { flattenMessages, MESSAGES } from "~/i18n/messages";
import { FIELD_ERROR_KEY_PREFIX, FIELD_ERROR_KEYS } from "~/loyalty/field-error-codes";
import type { ReportsPage } from "~/loyalty/reports/page";
import { appendEntries, lockMember } from "~/loyalty/server/ledger.server";
import { getShopProgram } from "~/loyalty/server/program.server";
import { getReportsPage } from "~/loyalty/server/reports.server";
import { transactionWithRollups } from "~/loyalty/server/rollups.server";
import { loader as appLayout } from "~/routes/app";
import { adminRequest, callRoute } from "../support/admin";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";

const english = flattenMessages(MESSAGES.en);
const french = flattenMessages(MESSAGES.fr);
const variables = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();

describe("locale files", () => {
  it("have the same keys in English and French", () => {
    expect([...french.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it("name the same variables in each message", () => {
    for (const [key, text] of english) expect({ key, vars: variables(french.get(key) ?? "") }).toEqual({ key, vars: variables(text) });
  });

  it("have every key the admin code names", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && !name.endsWith(".test.ts")) files.push(path);
      }
    };
    walk("app");
    const used = new Set<string>();
    for (const file of files) for (const match of readFileSync(file, "utf8").matchAll(/\bt\("([a-zA-Z0-9_.]+)"/g)) used.add(match[1] ?? "");
    expect(used.size).toBeGreaterThan(50);
    const known = (key: string) => english.has(key) || english.has(`${key}_one`);
    expect([...used].filter((key) => !known(key))).toEqual([]);
  });

  it("have every field error code the server sends", () => {
    // Codes are built from FIELD_ERROR_KEYS (field-error-codes.ts), not written as t("…") literals.
    expect(FIELD_ERROR_KEYS.length).toBeGreaterThan(40);
    expect(FIELD_ERROR_KEYS.map((key) => `${FIELD_ERROR_KEY_PREFIX}${key}`).filter((key) => !english.has(key))).toEqual([]);
  });
});

describe("the admin's language", () => {
  it("comes from the locale Shopify opens the app with", async () => {
    const french = (await callRoute(appLayout, await adminRequest("/app?locale=fr-CA"))) as { locale: string };
    expect(french.locale).toBe("fr");
    const other = (await callRoute(appLayout, await adminRequest("/app?locale=ja"))) as { locale: string };
    expect(other.locale).toBe("en");
  });
});

describe("a French report page", () => {
  let page: ReportsPage;

  beforeEach(async () => {
    await resetDatabase();
    const program = await getShopProgram(prisma, TEST_SHOP);
    await prisma.program.update({ where: { shop: TEST_SHOP }, data: { currency: "EUR", timezone: "Europe/Paris" } });
    let key = 0;
    for (const [type, points, at] of [
      ["earn", 12_000, "2026-05-01T10:00:00Z"],
      ["redeem", 500, "2026-05-02T10:00:00Z"],
    ] as const) {
      await transactionWithRollups(prisma, async (tx) => {
        const member = await lockMember(tx, TEST_SHOP, "gid://shopify/Customer/1", { displayName: "Ada" });
        await appendEntries(tx, member, [{ type, points, idempotencyKey: `k${key++}`, explanation: type }], { now: new Date(at), program });
      });
    }
    page = await getReportsPage(prisma, TEST_SHOP, { range: "custom", start: "2026-05-01", end: "2026-05-03" }, new Date("2026-05-10T12:00:00Z"));
  });

  const cards: ComponentType<{ page: ReportsPage; search: string }>[] = [LiabilityCard, PointsCard, CustomersCard, TiersCard, TopRewardsCard, ChurnCard];

  function render(locale: AdminLocale): string {
    const html = renderToString(
      createElement(AdminTextProvider, {
        locale,
        children: createElement(AppProvider, { i18n: POLARIS_TRANSLATIONS[locale] }, ...cards.map((card) => createElement(card, { page, search: "" }))),
      }),
    );
    return html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/[ \t\n]+/g, " ");
  }

  it("shows the French words, numbers and dates", () => {
    const shown = render("fr");
    expect(shown).toContain("Passif en points");
    expect(shown).toContain("Membres et non-membres");
    expect(shown).toContain("11\u202f500"); // 11,500 points outstanding, grouped the French way
    expect(shown).toContain("115,00\u00a0€");
    expect(shown).toContain("4,2\u00a0%"); // 500 of 12,000 redeemed
    expect(shown).toContain("1 mai 2026");
    expect(shown).toContain("1 membre."); // one member: singular
    expect(shown).toContain("0 membre à risque"); // French counts zero as singular
  });

  it("has no English text from the locale files left in it", () => {
    const shown = render("fr");
    const leftovers: string[] = [];
    for (const [key, text] of english) {
      const frenchText = french.get(key) ?? "";
      for (const fragment of text.split(/\{\{\w+\}\}/)) {
        const words = fragment.trim();
        if (words.length >= 8 && !frenchText.includes(words) && shown.includes(words)) leftovers.push(`${key}: ${words}`);
      }
    }
    expect(leftovers).toEqual([]);
    // The same check finds English in the English page: it can fail.
    const englishShown = render("en");
    expect(englishShown).toContain("Points liability");
    expect(englishShown).toContain("11,500");
  });
});
