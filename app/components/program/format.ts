/**
 * The Program page's numbers and money in the admin's language: `programFormat("fr-FR").points(1234)` is
 * "1 234", money is Intl's currency format of the exact decimal (no float round trip).
 */
import { useMemo } from "react";
import { useAdminText } from "~/i18n/admin-text";
import { currencyExponent, minorToDecimalString } from "~/loyalty/money";
import { toPointValue, type PointValueSetting } from "~/loyalty/point-value";
import { rewardValuePerPoint } from "~/loyalty/reward-guardrails";
import { formatPointWorth } from "~/loyalty/reports/valuation";

export interface ProgramFormat {
  number(value: number): string;
  money(minor: number): string;
  /** One point's worth at the program's point value ("$0.01"), or null when none is set. */
  programWorth(setting: PointValueSetting | null): string | null;
  /** One point's worth in an amount-off reward ("$0.0125"), or null when the reward has no fixed value per point. */
  rewardWorth(reward: { kind: string; pointsCost: number; amountMinor: number | null }): string | null;
}

export function programFormat(locale: string, currency: string): ProgramFormat {
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const money = new Intl.NumberFormat(locale, { style: "currency", currency });
  // Intl formats decimal strings exactly; the ES2022 typings lack that overload.
  const formatDecimal = money.format as unknown as (value: string) => string;
  return {
    number: (value) => integer.format(value),
    money: (minor) => formatDecimal(minorToDecimalString(minor, currencyExponent(currency))),
    programWorth: (setting) => (setting ? formatPointWorth(toPointValue(setting), currency, locale) : null),
    rewardWorth: (reward) => {
      const value = rewardValuePerPoint(reward);
      return value ? formatPointWorth(value, currency, locale) : null;
    },
  };
}

export function useProgramFormat(currency: string): ProgramFormat {
  const { formatLocale } = useAdminText();
  return useMemo(() => programFormat(formatLocale, currency), [formatLocale, currency]);
}
