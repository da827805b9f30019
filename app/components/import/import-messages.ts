/**
 * The import's reasons in the admin's language (app/loyalty/points-import-messages.ts): a row's detail or a refused
 * file's message key, worded with `t` — numbers formatted for the locale, a `field` value named in the language,
 * what the merchant wrote (cells, headers, emails) and row numbers shown as they are.
 */
import type { TFunction } from "i18next";
import { adminText } from "~/i18n/admin-text";
import { IMPORT_ROW_DETAIL_PREFIX, type ImportMessage, type ImportMessageValue, type ImportRowDetail } from "~/loyalty/points-import-messages";

function wordValue(name: string, value: ImportMessageValue, t: TFunction, numbers: Intl.NumberFormat): string {
  if (typeof value === "number") return numbers.format(value);
  // Not checked against IMPORT_FIELDS: points-import.ts brings the CSV parser, which has no place in the browser.
  if (name === "field") return t(`import.fieldNames.${value}`, { defaultValue: value });
  return value;
}

/** `t(key, values)` for a message whose key is complete ("import.upload.errors.notUtf8"). */
export function importMessageText(message: ImportMessage, t: TFunction, locale: string): string {
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const values = Object.fromEntries(Object.entries(message.values ?? {}).map(([name, value]) => [name, wordValue(name, value, t, numbers)]));
  return t(message.key, values);
}

/**
 * A row's reason, led by its kind when it has one: "Unknown customer: no member has the email …". A row stored
 * before details existed shows the domain's English sentence, its English kind ("Unknown customer: …") replaced
 * by the kind in the admin's language.
 */
export function importRowReason(
  row: { errorCode: string | null; error: string | null; errorDetail: ImportRowDetail | null },
  reasonLabel: string | undefined,
  t: TFunction,
  locale: string,
): string {
  if (!row.errorDetail) {
    const error = row.error ?? "";
    if (!reasonLabel) return error;
    const englishLabel = adminText("en").t(`import.rows.reasons.${row.errorCode}`);
    const sentence = error.startsWith(`${englishLabel}: `) ? error.slice(englishLabel.length + 2) : error;
    return t("import.rows.reasonWithDetail", { reason: reasonLabel, detail: sentence });
  }
  const detail = importMessageText({ key: `${IMPORT_ROW_DETAIL_PREFIX}${row.errorDetail.key}`, values: row.errorDetail.values }, t, locale);
  return reasonLabel ? t("import.rows.reasonWithDetail", { reason: reasonLabel, detail }) : detail;
}
