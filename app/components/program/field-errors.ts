/**
 * The Program page's form errors in the admin's language: a field with a code (field-error-codes.ts) shows
 * `t(key, values)` with its numbers and money formatted for the locale; a field without one shows the server's
 * English sentence. The "nothing was saved" summary is worded from the same messages.
 */
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useAdminText } from "~/i18n/admin-text";
import type { FieldErrorCode, FieldErrorCodes, FieldErrorValue } from "~/loyalty/field-error-codes";
import { currencyExponent } from "~/loyalty/money";
import { formatPointWorth } from "~/loyalty/reports/valuation";
import { programFormat } from "./format";

/** What a refused action sent back (app/http/action-result.server.ts). */
export interface FieldErrorAnswer {
  error: string;
  fieldErrors: Record<string, string>;
  fieldErrorCodes?: FieldErrorCodes;
  messageCode?: FieldErrorCode;
}

function formatValue(value: FieldErrorValue, locale: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(value);
  if ("worth" in value) return formatPointWorth({ minorPerPoint: value.worth }, value.currency, locale);
  // A whole amount reads without decimals ("1 000 €", "$1"), any other with the currency's own.
  if (value.minor % 10 ** currencyExponent(value.currency) === 0) {
    const whole = new Intl.NumberFormat(locale, { style: "currency", currency: value.currency, minimumFractionDigits: 0, maximumFractionDigits: 0 });
    return whole.format(value.minor / 10 ** currencyExponent(value.currency));
  }
  return programFormat(locale, value.currency).money(value.minor);
}

export function fieldErrorMessage(code: FieldErrorCode, t: TFunction, locale: string): string {
  const values = Object.fromEntries(Object.entries(code.values ?? {}).map(([name, value]) => [name, formatValue(value, locale)]));
  return t(code.key, values);
}

export interface FieldErrorTexts {
  /** The field's error in the admin's language (or the server's sentence), undefined when it has none. */
  error(path: string): string | undefined;
  /** "2 problems: …; …" for the fields `keep` accepts; the whole error when no field is in error. */
  summary(keep?: (path: string) => boolean): string;
  /** The whole error in the admin's language when it has a code, else the server's sentence. */
  message(): string;
}

export function fieldErrorTexts(answer: FieldErrorAnswer | undefined, t: TFunction, locale: string): FieldErrorTexts {
  const codes = answer?.fieldErrorCodes ?? {};
  const fields = answer?.fieldErrors ?? {};
  const error = (path: string) => {
    const code = codes[path];
    return code ? fieldErrorMessage(code, t, locale) : fields[path];
  };
  const message = () => (answer?.messageCode ? fieldErrorMessage(answer.messageCode, t, locale) : (answer?.error ?? ""));
  return {
    error,
    message,
    summary(keep = () => true) {
      const paths = Object.keys(fields).filter(keep);
      if (paths.length === 0) return message().replace(/^Nothing was saved\. /, "");
      const messages = [...new Set(paths.map((path) => error(path) ?? ""))];
      return messages.length === 1 ? (messages[0] ?? "") : t("program.errors.problems", { count: messages.length, problems: messages.join("; ") });
    },
  };
}

/** The page's errors for a refused action's answer (none for a successful one). */
export function useFieldErrorTexts(answer: FieldErrorAnswer | undefined): FieldErrorTexts {
  const { t, formatLocale } = useAdminText();
  return useMemo(() => fieldErrorTexts(answer, t, formatLocale), [answer, t, formatLocale]);
}
