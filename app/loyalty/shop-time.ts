/**
 * Times shown to merchants, in the shop's time zone with the zone named (issue 10: "every time in the shop's time
 * zone"). The reports already count days in `Program.timezone` (the shop's IANA zone, recorded from Shopify's
 * settings); the admin's times use the same zone, so a ledger row and a report day agree.
 *
 * Rules:
 * - Date and time: "Mar 7, 2026, 12:00 AM EST" (en-US, short zone name from Intl: "EST", "GMT+1").
 * - Dates alone: "Mar 7, 2026" in the zone, and the page names the zone once ("Times in America/New_York").
 * - An unknown zone falls back to UTC (named as such), never throws: a bad stored zone must not break a page.
 * - Pure: the instant and the zone are passed in.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneOrUtc(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

function formatter(kind: "dateTime" | "date", timeZone: string): Intl.DateTimeFormat {
  const zone = zoneOrUtc(timeZone);
  const key = `${kind}|${zone}`;
  let found = formatters.get(key);
  if (!found) {
    found =
      kind === "dateTime"
        ? new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone: zone, timeZoneName: "short" })
        : new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: zone });
    formatters.set(key, found);
  }
  return found;
}

/** "Mar 7, 2026, 12:00 AM EST". */
export function formatShopDateTime(at: Date, timeZone: string): string {
  return formatter("dateTime", timeZone).format(at);
}

/** "Mar 7, 2026". */
export function formatShopDate(at: Date, timeZone: string): string {
  return formatter("date", timeZone).format(at);
}

/** The zone as a page names it: "America/New_York" (or "UTC" for an unknown one). */
export function shopTimeZoneName(timeZone: string): string {
  return zoneOrUtc(timeZone);
}
