/**
 * The report cards render (server side, as the page's first paint does) from a real page of figures: catches
 * props Polaris rejects and figures formatted wrong, without a browser. The chart is client-only (a skeleton here).
 */
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { beforeEach, describe, expect, it } from "vitest";
import { ChurnCard } from "~/components/reports/ChurnCard";
import { CustomersCard } from "~/components/reports/CustomersCard";
import { LiabilityCard } from "~/components/reports/LiabilityCard";
import { PointsCard } from "~/components/reports/PointsCard";
import { TiersCard } from "~/components/reports/TiersCard";
import { TopRewardsCard } from "~/components/reports/TopRewardsCard";
import type { ReportsPage } from "~/loyalty/reports/page";
import { appendEntries, lockMember } from "~/loyalty/server/ledger.server";
import { transactionWithRollups } from "~/loyalty/server/rollups.server";
import { getShopProgram } from "~/loyalty/server/program.server";
import { getReportsPage } from "~/loyalty/server/reports.server";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";

function render(card: ComponentType<{ page: ReportsPage; search: string }>, page: ReportsPage): string {
  return renderToString(createElement(AppProvider, { i18n: en }, createElement(card, { page, search: "?range=last7" })));
}

/** Visible text, tags stripped, whitespace collapsed. */
function text(html: string): string {
  return html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ");
}

let page: ReportsPage;

beforeEach(async () => {
  await resetDatabase();
  const program = await getShopProgram(prisma, TEST_SHOP);
  await prisma.program.update({ where: { shop: TEST_SHOP }, data: { currency: "EUR", timezone: "Europe/Paris" } });
  let key = 0;
  for (const [type, points, at] of [
    ["earn", 12_000, "2026-05-01T10:00:00Z"],
    ["redeem", 500, "2026-05-02T10:00:00Z"],
    ["expire", 1_000, "2026-05-03T10:00:00Z"],
  ] as const) {
    await transactionWithRollups(prisma, async (tx) => {
      const member = await lockMember(tx, TEST_SHOP, "gid://shopify/Customer/1", { displayName: "Ada" });
      await appendEntries(tx, member, [{ type, points, idempotencyKey: `k${key++}`, explanation: type }], { now: new Date(at), program });
    });
  }
  page = await getReportsPage(prisma, TEST_SHOP, { range: "custom", start: "2026-05-01", end: "2026-05-03" }, new Date("2026-05-10T12:00:00Z"));
});

describe("report cards", () => {
  it("renders the liability roll-forward with its totals and the breakage label", () => {
    const shown = text(render(LiabilityCard, page));
    expect(shown).toContain("Points liability");
    expect(shown).toContain("1 point ≈ €0.01, your program's point value (set on the Program page)");
    expect(shown).toContain("May 2");
    expect(shown).toContain("12,000");
    expect(shown).toContain("−500");
    expect(shown).toContain("€105.00"); // 10,500 points outstanding
    expect(shown).toContain("not accounting advice");
    expect(shown).toContain("Download CSV");
  });

  it("renders the other cards", () => {
    expect(text(render(PointsCard, page))).toContain("Redemption rate");
    expect(text(render(PointsCard, page))).toContain("4.2%"); // 500 of 12,000
    expect(text(render(CustomersCard, page))).toContain("Repeat purchase rate");
    expect(text(render(TiersCard, page))).toContain("Gold");
    expect(text(render(TopRewardsCard, page))).toContain("No rewards were redeemed in this range.");
    expect(text(render(ChurnCard, page))).toContain("0 members at risk");
    expect(text(render(ChurnCard, page))).toContain("as of the end of May 3, 2026");
  });
});
