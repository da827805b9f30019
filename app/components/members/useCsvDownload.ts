/**
 * Downloads a CSV export from one of the app's resource routes. A plain link cannot be used inside the admin's
 * iframe: the request needs the session token, which App Bridge adds to `fetch` calls to the app's own origin.
 * The file name comes from the response's Content-Disposition.
 */
import { useAppBridge } from "@shopify/app-bridge-react";
import { useCallback, useState } from "react";
import { useAdminText } from "~/i18n/admin-text";

export function useCsvDownload(): { download: (url: string) => Promise<void>; downloading: boolean } {
  const shopify = useAppBridge();
  const { t } = useAdminText();
  const [downloading, setDownloading] = useState(false);
  const download = useCallback(
    async (url: string) => {
      setDownloading(true);
      try {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`The export answered ${response.status}`);
        const filename = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "export.csv";
        const href = URL.createObjectURL(await response.blob());
        const link = document.createElement("a");
        link.href = href;
        link.download = filename;
        link.click();
        // Revoked a moment later: some browsers start reading the blob only after click() returns.
        setTimeout(() => URL.revokeObjectURL(href), 10_000);
      } catch {
        shopify.toast.show(t("members.exportFailed"), { isError: true });
      } finally {
        setDownloading(false);
      }
    },
    [shopify, t],
  );
  return { download, downloading };
}
