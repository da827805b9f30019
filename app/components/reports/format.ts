/**
 * Display helpers of the reports UI (the figures themselves come computed from the server), in the admin's
 * language: `reportFormat("fr-FR").points(1234)` is "1 234", `reportFormat("en-US").points(1234)` "1,234".
 */
import { currencyExponent, minorToDecimalString } from "~/loyalty/money";

export interface ReportFormat {
  points(value: number): string;
  money(minor: number | null, currency: string): string;
  percent(basisPoints: number | null): string;
  dayLabel(date: string): string;
  dateLabel(date: string): string;
  instantLabel(iso: string, timeZone: string): string;
}

function utc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function createReportFormat(locale: string): ReportFormat {
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percentFormat = new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const shortDate = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" });
  const longDate = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  const currencies = new Map<string, Intl.NumberFormat>();
  const currencyFormat = (currency: string) => {
    let format = currencies.get(currency);
    if (!format) {
      format = new Intl.NumberFormat(locale, { style: "currency", currency });
      currencies.set(currency, format);
    }
    return format;
  };
  const negative = (text: string) => `−${text}`;
  return {
    /** 1234 → "1,234"; −1234 → "−1,234" (a real minus sign, aligned in tables). */
    points: (value) => (value < 0 ? negative(integer.format(-value)) : integer.format(value)),
    money: (minor, currency) => {
      if (minor === null) return "—";
      const code = currency.toUpperCase();
      // Intl formats decimal strings exactly (no float round trip); the ES2022 typings lack that overload.
      const format = currencyFormat(code).format as unknown as (value: string) => string;
      const text = format(minorToDecimalString(Math.abs(minor), currencyExponent(code)));
      return minor < 0 ? negative(text) : text;
    },
    /** Basis points, rounded half up to a tenth of a percent: 2345 → "23.5%". */
    percent: (basisPoints) => {
      if (basisPoints === null) return "—";
      const tenths = Math.floor((basisPoints + 5) / 10);
      return percentFormat.format(tenths / 1000);
    },
    /** "2026-11-03" → "Nov 3". */
    dayLabel: (date) => shortDate.format(utc(date)),
    /** "2026-11-03" → "Nov 3, 2026". */
    dateLabel: (date) => longDate.format(utc(date)),
    /** An ISO instant → its date in the shop's zone, e.g. "Nov 3, 2026". */
    instantLabel: (iso, timeZone) => new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone }).format(new Date(iso)),
  };
}

const formats = new Map<string, ReportFormat>();

export function reportFormat(locale: string): ReportFormat {
  let format = formats.get(locale);
  if (!format) {
    format = createReportFormat(locale);
    formats.set(locale, format);
  }
  return format;
}

const english = reportFormat("en-US");
export const { points, money, percent, dayLabel, dateLabel, instantLabel } = english;
