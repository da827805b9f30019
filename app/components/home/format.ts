/**
 * Home's words (`t`) and number formats in the admin's language: the reports' formats (`f`) plus the program's
 * rates and multipliers ("1,5 pt/€" in French, "1.5 pts/$" in English; the unit words come from home.json).
 */
import { useAdminText } from "~/i18n/admin-text";
import { minorToDecimalString } from "~/loyalty/money";
import { reportFormat } from "../reports/format";

function decimal(locale: string, milli: number): string {
  // Intl formats decimal strings exactly (no float round trip); the ES2022 typings lack that overload.
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format as unknown as (value: string) => string;
  return format(minorToDecimalString(milli, 3));
}

function currencySymbol(locale: string, currency: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).formatToParts(1).find((part) => part.type === "currency")?.value ?? currency;
  } catch {
    return currency;
  }
}

export function useHomeText() {
  const { t, formatLocale, locale } = useAdminText();
  const f = reportFormat(formatLocale);
  return {
    t,
    f,
    locale,
    formatLocale,
    /** Thousandths as a number in the admin's language: 1500 → "1.5" / "1,5". */
    milli: (milli: number) => decimal(formatLocale, milli),
    /** "1.5 pts/$" / "1,5 pt/€": an earning rate (points per unit of the shop's currency). */
    rate: (rateMilli: number, currency: string) =>
      t("home.format.rate", { count: rateMilli === 1000 ? 1 : 2, rate: decimal(formatLocale, rateMilli), currency: currencySymbol(formatLocale, currency) }),
    /** "×1.5" / "×1,5". */
    multiplier: (milli: number) => t("home.format.multiplier", { multiplier: decimal(formatLocale, milli) }),
  };
}
