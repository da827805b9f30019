/**
 * The admin's words and number formats, from the locale files (`./locales/<language>/<area>.json`, messages.ts), chosen per request by
 * `adminLocaleOf`. Pages read them with `useAdminText()`; without a provider (a component rendered alone, as the
 * card tests do) the text is English.
 */
import i18next, { type TFunction } from "i18next";
import polarisEn from "@shopify/polaris/locales/en.json";
import polarisFr from "@shopify/polaris/locales/fr.json";
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { DEFAULT_ADMIN_LOCALE, FORMAT_LOCALE, type AdminLocale } from "./admin-locale";
import { MESSAGES } from "./messages";

/** Polaris's own strings (pagination, filters, modals…) in the same language. */
export const POLARIS_TRANSLATIONS: Record<AdminLocale, typeof polarisEn> = { en: polarisEn, fr: polarisFr };

export interface AdminText {
  locale: AdminLocale;
  t: TFunction;
  /** The BCP 47 tag for Intl formats. */
  formatLocale: string;
}

function createAdminText(locale: AdminLocale): AdminText {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: DEFAULT_ADMIN_LOCALE,
    resources: { en: { translation: MESSAGES.en }, fr: { translation: MESSAGES.fr } },
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return { locale, t: instance.t.bind(instance) as TFunction, formatLocale: FORMAT_LOCALE[locale] };
}

const cache = new Map<AdminLocale, AdminText>();

/** One instance per language for the process (the messages never change while it runs). */
export function adminText(locale: AdminLocale): AdminText {
  let text = cache.get(locale);
  if (!text) {
    text = createAdminText(locale);
    cache.set(locale, text);
  }
  return text;
}

const AdminTextContext = createContext<AdminLocale>(DEFAULT_ADMIN_LOCALE);

export function AdminTextProvider({ locale, children }: { locale: AdminLocale; children: ReactNode }) {
  return <AdminTextContext.Provider value={locale}>{children}</AdminTextContext.Provider>;
}

export function useAdminText(): AdminText {
  const locale = useContext(AdminTextContext);
  return useMemo(() => adminText(locale), [locale]);
}
