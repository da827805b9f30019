import { useAdminText } from "~/i18n/admin-text";
import { reportFormat } from "./format";

/** The admin's words (`t`) and number formats (`f`) for a report card. */
export function useReportText() {
  const { t, formatLocale } = useAdminText();
  return { t, f: reportFormat(formatLocale) };
}
