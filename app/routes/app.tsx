import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { adminLocaleOf } from "~/i18n/admin-locale";
import { AdminTextProvider, POLARIS_TRANSLATIONS, useAdminText } from "~/i18n/admin-text";
import { requireAdmin } from "~/shopify/admin-auth.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  // APP_BRIDGE_URL (the library's own setting for its server-rendered pages) also moves the script AppProvider
  // loads: the local dev store serves a stand-in, as Shopify's CDN is out of reach (ADR 006). Unset: Shopify's CDN.
  return { apiKey: process.env.SHOPIFY_API_KEY || "", appBridgeUrl: process.env.APP_BRIDGE_URL || undefined, locale: adminLocaleOf(request) };
};

/**
 * Shopify names the admin's language (`?locale=`) only when it opens the app; later data requests carry no such
 * parameter. This layout's data (the key, the language) does not change while the page lives, so it is not reloaded.
 */
export const shouldRevalidate: ShouldRevalidateFunction = () => false;

function AdminNav() {
  const { t } = useAdminText();
  return (
    <NavMenu>
      <Link to="/app" rel="home">
        {t("nav.home")}
      </Link>
      <Link to="/app/program">{t("nav.program")}</Link>
      <Link to="/app/members">{t("nav.members")}</Link>
      <Link to="/app/reports">{t("nav.reports")}</Link>
    </NavMenu>
  );
}

export default function AdminApp() {
  const { apiKey, appBridgeUrl, locale } = useLoaderData<typeof loader>();
  return (
    <AdminTextProvider locale={locale}>
      <AppProvider isEmbeddedApp apiKey={apiKey} __APP_BRIDGE_URL={appBridgeUrl} i18n={POLARIS_TRANSLATIONS[locale]}>
        <AdminNav />
        <Outlet />
      </AppProvider>
    </AdminTextProvider>
  );
}

// Shopify needs Remix to catch its thrown responses (re-authentication, redirects) to add the right headers.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
