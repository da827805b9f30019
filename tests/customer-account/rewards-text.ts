/**
 * `shopify.i18n` as Shopify gives it to the customer account extension, from the extension's own locale files:
 * translate (dotted keys, `{{name}}` replacements) and Intl formats in the shopper's locale.
 */
import { readFileSync } from "node:fs";
import type { RewardsText } from "../../extensions/customer-account-rewards/src/account";

type Messages = { [key: string]: string | Messages };

/** An extension of this app with its own locale files. */
export type ExtensionName = "customer-account-rewards" | "customer-account-blocks" | "thank-you-points";

export function extensionMessages(language: "en" | "fr", extension: ExtensionName = "customer-account-rewards"): Messages {
  const file = language === "en" ? "en.default.json" : `${language}.json`;
  return JSON.parse(readFileSync(`extensions/${extension}/locales/${file}`, "utf8")) as Messages;
}

export function flatMessages(messages: Messages, prefix = ""): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") flat.set(path, value);
    else for (const [inner, text] of flatMessages(value, path)) flat.set(inner, text);
  }
  return flat;
}

export function rewardsText(language: "en" | "fr", extension: ExtensionName = "customer-account-rewards"): RewardsText {
  const messages = flatMessages(extensionMessages(language, extension));
  const locale = language === "en" ? "en-US" : "fr-FR";
  return {
    // Like Shopify's: with a numeric `count`, the key's plural form for the locale (`one`, `other`…).
    translate(key, options = {}) {
      const plural = typeof options.count === "number" ? new Intl.PluralRules(locale).select(options.count) : null;
      const message = (plural !== null ? (messages.get(`${key}.${plural}`) ?? messages.get(`${key}.other`)) : undefined) ?? messages.get(key);
      if (message === undefined) throw new Error(`No message "${key}" in the ${language} locale`);
      return message.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => String(options[name] ?? `{{${name}}}`));
    },
    formatNumber: (value) => new Intl.NumberFormat(locale).format(value),
    formatCurrency: (value, options) => new Intl.NumberFormat(locale, { style: "currency", currency: options?.currency ?? "USD" }).format(value),
    formatDate: (date, options) => new Intl.DateTimeFormat(locale, options).format(date),
  };
}
