/**
 * The admin's language. Shopify opens an embedded app with `?locale=` set to the merchant's admin language (for
 * example `fr` or `pt-BR`); without it (a direct visit, a test), the browser's Accept-Language decides. Languages the
 * app has no text for fall back to English.
 */
export const ADMIN_LOCALES = ["en", "fr"] as const;
export type AdminLocale = (typeof ADMIN_LOCALES)[number];
export const DEFAULT_ADMIN_LOCALE: AdminLocale = "en";

function supported(tag: string): AdminLocale | null {
  const language = tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return (ADMIN_LOCALES as readonly string[]).includes(language) ? (language as AdminLocale) : null;
}

/** "fr-CA,fr;q=0.9,en;q=0.8" → ["fr-CA", "fr", "en"], by preference. */
function acceptedLanguages(header: string): string[] {
  return header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: (tag ?? "").trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag !== "" && entry.tag !== "*" && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}

/**
 * The admin language for a request: Shopify's `locale` parameter when present (a language the app lacks then gets
 * English, not the browser's language), otherwise the browser's most preferred language the app has.
 */
export function adminLocaleOf(request: Request): AdminLocale {
  const param = new URL(request.url).searchParams.get("locale");
  if (param) return supported(param) ?? DEFAULT_ADMIN_LOCALE;
  for (const tag of acceptedLanguages(request.headers.get("Accept-Language") ?? "")) {
    const locale = supported(tag);
    if (locale) return locale;
  }
  return DEFAULT_ADMIN_LOCALE;
}

/** The BCP 47 tag number and date formats use for each admin language. */
export const FORMAT_LOCALE: Record<AdminLocale, string> = { en: "en-US", fr: "fr-FR" };
