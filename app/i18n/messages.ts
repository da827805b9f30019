/**
 * The admin's locale files: `./locales/<language>/<area>.json`, one file per area of the admin (nav, reports,
 * program…), so each area's words live beside each other and two areas never edit the same file. Each file's
 * content sits under its name: `locales/en/reports.json` holds the keys `reports.*`.
 */
import { ADMIN_LOCALES, type AdminLocale } from "./admin-locale";

export type Messages = { [key: string]: string | Messages };

const FILES = import.meta.glob<Messages>("./locales/*/*.json", { eager: true, import: "default" });

function messagesOf(locale: AdminLocale): Messages {
  const messages: Messages = {};
  for (const [path, content] of Object.entries(FILES)) {
    const match = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    const [, language, area] = match ?? [];
    if (language === locale && area) messages[area] = content;
  }
  return messages;
}

/** Every language's messages, by area. */
export const MESSAGES: Record<AdminLocale, Messages> = Object.fromEntries(
  ADMIN_LOCALES.map((locale) => [locale, messagesOf(locale)]),
) as Record<AdminLocale, Messages>;

/** Nested messages as dotted keys (`{ nav: { home } }` → `nav.home`), the keys the code names with t(). */
export function flattenMessages(messages: Messages, prefix = ""): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") flat.set(path, value);
    else for (const [inner, text] of flattenMessages(value, path)) flat.set(inner, text);
  }
  return flat;
}
