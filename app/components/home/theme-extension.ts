/**
 * The theme app extension's blocks as the Home page uses them: handles (the block files in
 * extensions/loyalty-widget/blocks), the theme editor deep links Shopify documents, and the status App Bridge's
 * `shopify.app.extensions()` reports for the published theme.
 */
import { useAppBridge } from "@shopify/app-bridge-react";
import { useCallback, useEffect, useState } from "react";

/** The app block (target section) and the app embed (target body). */
export const THEME_BLOCK_HANDLE = "rewards";
export const THEME_EMBED_HANDLE = "launcher";

/** Opens the theme editor's App embeds panel with the embed turned on (saved when the merchant presses Save). */
export function embedDeepLink(shop: string, apiKey: string): string {
  return `https://${shop}/admin/themes/current/editor?context=apps&activateAppId=${apiKey}/${THEME_EMBED_HANDLE}`;
}

/** Opens the theme editor on the home page template with the app block added in a new Apps section. */
export function blockDeepLink(shop: string, apiKey: string): string {
  return `https://${shop}/admin/themes/current/editor?template=index&addAppBlockId=${apiKey}/${THEME_BLOCK_HANDLE}&target=newAppsSection`;
}

export type BlockStatus = "active" | "available" | "unavailable" | "unknown";

export interface ThemeExtensionStatus {
  state: "loading" | "ready" | "failed";
  block: BlockStatus;
  embed: BlockStatus;
  /** Why the status could not be read (state "failed"). */
  error: string | null;
  refresh: () => void;
}

/** A theme app extension's entry in `shopify.app.extensions()` (Shopify's documented shape, newer than the types). */
interface ThemeBlockActivation {
  handle: string;
  name?: string;
  target?: string;
  status?: "active" | "available" | "unavailable";
  activations?: { target: string; themeId: string }[];
}

interface ExtensionEntry {
  handle: string;
  type?: string;
  activations: unknown[];
}

function statusOf(extensions: ExtensionEntry[], handle: string): BlockStatus {
  for (const extension of extensions) {
    if (extension.type !== "theme_app_extension") continue;
    for (const activation of extension.activations as ThemeBlockActivation[]) {
      if (activation.handle === handle) return activation.status ?? ((activation.activations?.length ?? 0) > 0 ? "active" : "available");
    }
  }
  return "unknown";
}

/** Reads the status on mount and whenever the merchant comes back to the tab (e.g. from the theme editor). */
export function useThemeExtensionStatus(): ThemeExtensionStatus {
  const shopify = useAppBridge();
  const [status, setStatus] = useState<Omit<ThemeExtensionStatus, "refresh">>({ state: "loading", block: "unknown", embed: "unknown", error: null });
  const refresh = useCallback(() => {
    let cancelled = false;
    Promise.resolve()
      .then(() => shopify.app.extensions() as Promise<unknown> as Promise<ExtensionEntry[]>)
      .then((extensions) => {
        if (!cancelled) setStatus({ state: "ready", block: statusOf(extensions, THEME_BLOCK_HANDLE), embed: statusOf(extensions, THEME_EMBED_HANDLE), error: null });
      })
      .catch((error: unknown) => {
        if (!cancelled) setStatus({ state: "failed", block: "unknown", embed: "unknown", error: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      cancelled = true;
    };
  }, [shopify]);
  useEffect(() => {
    const cancel = refresh();
    const onFocus = () => refresh();
    window.addEventListener("focus", onFocus);
    document.addEventListener("visibilitychange", onFocus);
    return () => {
      cancel();
      window.removeEventListener("focus", onFocus);
      document.removeEventListener("visibilitychange", onFocus);
    };
  }, [refresh]);
  return { ...status, refresh: () => void refresh() };
}
