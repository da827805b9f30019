import { useAppBridge } from "@shopify/app-bridge-react";
import { Button } from "@shopify/polaris";
import { useState } from "react";
import { useAdminText } from "~/i18n/admin-text";
import type { ReportName } from "~/loyalty/reports/csv";

/**
 * Downloads one report as CSV. Inside Shopify admin a plain link would lose the session token, so the file is
 * fetched (App Bridge adds the token to same-origin fetches) and saved from a blob.
 */
export function CsvButton({ report, search, path = `/app/reports/${report}.csv` }: { report: ReportName | string; search: string; path?: string }) {
  const shopify = useAppBridge();
  const { t } = useAdminText();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const response = await fetch(`${path}${search}`);
      if (!response.ok) throw new Error(t("reports.downloadFailed", { report, status: response.status }));
      const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? `loyalty-${report}.csv`;
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
    } catch (error) {
      shopify.toast.show(error instanceof Error ? error.message : "Download failed", { isError: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button onClick={download} loading={busy} accessibilityLabel={t("reports.downloadCsvLabel", { report })}>
      {t("reports.downloadCsv")}
    </Button>
  );
}
