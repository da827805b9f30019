/** Display helpers of the reports UI (the figures themselves come computed from the server). */
import { formatMoney } from "~/loyalty/money";
import { formatBasisPoints } from "~/loyalty/reports/rates";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const shortDate = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const longDate = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

/** 1234 → "1,234"; −1234 → "−1,234" (a real minus sign, aligned in tables). */
export function points(value: number): string {
  return value < 0 ? `−${integer.format(-value)}` : integer.format(value);
}

export function money(minor: number | null, currency: string): string {
  if (minor === null) return "—";
  return minor < 0 ? `−${formatMoney(-minor, currency)}` : formatMoney(minor, currency);
}

export function percent(basisPoints: number | null): string {
  return formatBasisPoints(basisPoints);
}

function utc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** "2026-11-03" → "Nov 3". */
export function dayLabel(date: string): string {
  return shortDate.format(utc(date));
}

/** "2026-11-03" → "Nov 3, 2026". */
export function dateLabel(date: string): string {
  return longDate.format(utc(date));
}

/** An ISO instant → its date in the shop's zone, e.g. "Nov 3, 2026". */
export function instantLabel(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone }).format(new Date(iso));
}
