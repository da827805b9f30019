import type { TFunction } from "i18next";
import type { Criteria } from "~/loyalty/engagement-criteria";
import { currencyExponent, minorToDecimalString } from "~/loyalty/money";

/** A criterion in the merchant's words: "3 orders", "Spent $100.00", "Reached Gold". */
export function describeCriteria(t: TFunction, criteria: Criteria | null, context: { formatLocale: string; currency: string; tiers: { id: string; name: string }[] }): string {
  if (!criteria) return t("engagement.criteria.unreadable");
  switch (criteria.kind) {
    case "first_order":
      return t("engagement.criteria.first_order");
    case "spend": {
      const amount = Number(minorToDecimalString(criteria.amountMinor, currencyExponent(context.currency)));
      return t("engagement.criteria.spend", { amount: new Intl.NumberFormat(context.formatLocale, { style: "currency", currency: context.currency }).format(amount) });
    }
    case "tier":
      return t("engagement.criteria.tier", { tier: context.tiers.find((tier) => tier.id === criteria.tierId)?.name ?? criteria.tierId });
    case "order_streak":
      return t("engagement.criteria.order_streak", { count: criteria.months });
    default:
      return t(`engagement.criteria.${criteria.kind}`, { count: criteria.count });
  }
}

/** The form's text for a stored criterion (editing a badge or challenge). */
export function criteriaFields(criteria: Criteria | null, currency: string): { kind: string; count: string; amount: string; tierId: string; months: string } {
  const fields = { kind: criteria?.kind ?? "first_order", count: "1", amount: "", tierId: "", months: "3" };
  if (!criteria) return fields;
  if ("count" in criteria) fields.count = String(criteria.count);
  if (criteria.kind === "spend") fields.amount = minorToDecimalString(criteria.amountMinor, currencyExponent(currency));
  if (criteria.kind === "tier") fields.tierId = criteria.tierId;
  if (criteria.kind === "order_streak") fields.months = String(criteria.months);
  return fields;
}
