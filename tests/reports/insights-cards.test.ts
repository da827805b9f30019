/**
 * The insights cards rendered on the server in English and in French, from computed figures: each shows its
 * plain sentence, the method and its limits (ROI), and no English is left in the French page.
 */
import { AppProvider } from "@shopify/polaris";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { EngagementCard } from "~/components/insights/EngagementCard";
import { RepeatCard } from "~/components/insights/RepeatCard";
import { RetentionCard } from "~/components/insights/RetentionCard";
import { RoiCard } from "~/components/insights/RoiCard";
import { AdminTextProvider, POLARIS_TRANSLATIONS } from "~/i18n/admin-text";
import type { AdminLocale } from "~/i18n/admin-locale";
import { flattenMessages, MESSAGES } from "~/i18n/messages";
import type { CohortCustomer, CohortMonth } from "~/loyalty/reports/cohorts";
import { calculateEngagement } from "~/loyalty/reports/engagement";
import { calculateRepeatPurchase } from "~/loyalty/reports/repeat-purchase";
import { calculateRetention } from "~/loyalty/reports/retention";
import { calculateProgramRoi } from "~/loyalty/reports/roi";
import type { InsightsPage } from "~/loyalty/server/insights.server";

const months = ["2026-04", "2026-05", "2026-06"];
const who = (segment: CohortCustomer["segment"], liveOrders: number): CohortCustomer => ({ segment, cohort: "2026-04", liveOrders, paidOrders: liveOrders, spanDays: 30 * (liveOrders - 1), lastGapDays: liveOrders > 1 ? 30 : null, lastLiveDay: "2026-05-10", lastPaidDay: "2026-05-10" });
const customers = [who("member", 2), who("member", 1), who("nonMember", 1), who("nonMember", 1)];
const cohortMonths: CohortMonth[] = [
  { segment: "member", cohort: "2026-04", month: "2026-04", customers: 2, orders: 2, revenueMinor: 20_000 },
  { segment: "member", cohort: "2026-04", month: "2026-05", customers: 1, orders: 1, revenueMinor: 25_000 },
  { segment: "nonMember", cohort: "2026-04", month: "2026-04", customers: 2, orders: 2, revenueMinor: 12_000 },
];
const page: InsightsPage = {
  months,
  asOfDay: "2026-06-10",
  timezone: "Europe/Paris",
  currency: "EUR",
  rollupsBuilt: true,
  computedAt: "2026-06-10T10:00:00.000Z",
  refreshing: false,
  roi: calculateProgramRoi({ months: cohortMonths, customers, redeemedPoints: 1000, rewardsMinor: 1000, marginBasisPoints: 4000 }),
  repeat: calculateRepeatPurchase(customers, months),
  retention: calculateRetention({ months: cohortMonths, customers, cohortMonths: months, asOfDay: "2026-06-10" }),
  engagement: calculateEngagement({ members: 2, activeMembers: 1, tiers: [{ id: "t", name: "Or", threshold: 0 }], tierRows: [{ tierId: "t", members: 2, redeemers: 1, earnedPoints: 400, redeemedPoints: 100 }], entries: [{ month: "2026-05", type: "earn", points: 400 }], months }),
};

const cards: ComponentType<{ page: InsightsPage; search: string }>[] = [RoiCard, RepeatCard, RetentionCard, EngagementCard];

function render(locale: AdminLocale): string {
  const html = renderToString(
    createElement(AdminTextProvider, {
      locale,
      children: createElement(AppProvider, { i18n: POLARIS_TRANSLATIONS[locale] }, ...cards.map((card) => createElement(card, { page, search: "" }))),
    }),
  );
  return html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/[ \t\n]+/g, " ");
}

describe("the insights cards", () => {
  it("say what each figure means, in English", () => {
    const shown = render("en");
    // 2 members spent 450.00; at the non-members' 60.00 a customer they would have spent 120.00: +330.00.
    expect(shown).toContain("Members spent €330.00 more than comparable non-members. At your 40.0% margin that is €132.00 of margin, against €10.00 the program cost");
    expect(shown).toContain("What this cannot prove");
    expect(shown).toContain("50.0% of members who first bought in these months have ordered again, against 0.0% of non-members");
    expect(shown).toContain("above 100% is negative churn");
    expect(shown).toContain("1 of your 2 members (50.0%)");
  });

  it("are all French in French", () => {
    const shown = render("fr");
    expect(shown).toContain("Les membres ont dépensé 330,00\u00a0€ de plus que les non-membres comparables");
    expect(shown).toContain("Ce que ce chiffre ne prouve pas");
    const english = flattenMessages(MESSAGES.en);
    const french = flattenMessages(MESSAGES.fr);
    const leftovers: string[] = [];
    for (const [key, text] of english) {
      if (!key.startsWith("insights.")) continue;
      for (const fragment of text.split(/\{\{\w+\}\}/)) {
        const words = fragment.trim();
        if (words.length >= 8 && !(french.get(key) ?? "").includes(words) && shown.includes(words)) leftovers.push(`${key}: ${words}`);
      }
    }
    expect(leftovers).toEqual([]);
    expect(render("en")).toContain("Program ROI"); // the same check finds English in the English page
  });
});
