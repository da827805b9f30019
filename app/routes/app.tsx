import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Link, Outlet, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { NavMenu, useAppBridge } from "@shopify/app-bridge-react";
import { useEffect } from "react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { adminLocaleOf } from "~/i18n/admin-locale";
import { AdminTextProvider, POLARIS_TRANSLATIONS, useAdminText } from "~/i18n/admin-text";
import { requireAdmin } from "~/shopify/admin-auth.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

/** Pages without a title of their own (each page names itself with `meta`). */
export const meta: MetaFunction = () => [{ title: "Loyalty & Rewards" }];

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

/**
 * Shopify admin's loading bar while Remix loads the next page or submits a form: App Bridge's `shopify.loading`,
 * the embedded-app equivalent of Polaris' <Loading> (which needs a Frame the admin already draws).
 */
function NavigationLoading() {
  const shopify = useAppBridge();
  const busy = useNavigation().state !== "idle";
  useEffect(() => {
    shopify.loading(busy);
  }, [busy, shopify]);
  return null;
}

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
      <Link to="/app/donations">{t("nav.donations")}</Link>
      <Link to="/app/import">{t("nav.import")}</Link>
      <Link to="/app/backfill">{t("nav.backfill")}</Link>
      <Link to="/app/flow">{t("nav.flow")}</Link>
      <Link to="/app/surveys">{t("nav.surveys")}</Link>
      <Link to="/app/engagement">{t("nav.engagement")}</Link>
      <Link to="/app/referrals">{t("nav.referrals")}</Link>
    </NavMenu>
  );
}

export default function AdminApp() {
  const { apiKey, appBridgeUrl, locale } = useLoaderData<typeof loader>();
  return (
    <AdminTextProvider locale={locale}>
      <AppProvider isEmbeddedApp apiKey={apiKey} __APP_BRIDGE_URL={appBridgeUrl} i18n={POLARIS_TRANSLATIONS[locale]}>
        <NavigationLoading />
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
