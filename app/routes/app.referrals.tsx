import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Card, DataTable, InlineGrid, Page, Pagination, Text } from "@shopify/polaris";
import prisma from "~/db.server";
import { useAdminText } from "~/i18n/admin-text";
import { currencyExponent } from "~/loyalty/money";
import { getReferralSettings, listReferrals } from "~/loyalty/server/referrals.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

/** Every referral with its status, rejection reason, revenue and conversion (docs/decisions/033-referrals.md). */
export const meta: MetaFunction = () => [{ title: "Referrals · Loyalty & Rewards" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const [list, settings] = await Promise.all([listReferrals(prisma, session.shop, { page: Number.isFinite(page) ? page : 1 }), getReferralSettings(prisma, session.shop)]);
  return { ...list, enabled: settings.enabled };
};

const TONES = { clicked: undefined, ordered: "info", pending: "attention", approved: "success", rejected: "critical" } as const;

export default function ReferralsPage() {
  const { rows, summary, page, pages, enabled } = useLoaderData<typeof loader>();
  const { t, formatLocale } = useAdminText();
  const money = (minor: number, currency: string | null) =>
    currency ? new Intl.NumberFormat(formatLocale, { style: "currency", currency }).format(minor / 10 ** currencyExponent(currency)) : String(minor);
  const currency = rows.find((r) => r.currency)?.currency ?? null;
  const date = (iso: string) => new Intl.DateTimeFormat(formatLocale, { dateStyle: "medium" }).format(new Date(iso));
  const figures: [string, string][] = [
    [t("referrals.summary.clicks"), String(summary.clicks)],
    [t("referrals.summary.orders"), String(summary.orders)],
    [t("referrals.summary.conversion"), new Intl.NumberFormat(formatLocale, { style: "percent", maximumFractionDigits: 1 }).format(summary.conversionBasisPoints / 10_000)],
    [t("referrals.summary.revenue"), money(summary.revenueMinor, currency)],
    [t("referrals.summary.approved"), String(summary.approved)],
    [t("referrals.summary.pending"), String(summary.pending)],
  ];
  return (
    <Page title={t("referrals.title")} secondaryActions={[{ content: t("referrals.csv"), url: "/app/referrals.csv", target: "_blank" }]}>
      <BlockStack gap="400">
        {enabled ? null : <Banner tone="info" title={t("referrals.off")} />}
        <InlineGrid columns={{ xs: 2, md: 6 }} gap="300">
          {figures.map(([label, value]) => (
            <Card key={label}>
              <Text as="p" variant="bodySm" tone="subdued">
                {label}
              </Text>
              <Text as="p" variant="headingLg">
                {value}
              </Text>
            </Card>
          ))}
        </InlineGrid>
        <Card padding="0">
          {rows.length === 0 ? (
            <BlockStack inlineAlign="center">
              <Text as="p" tone="subdued">
                {t("referrals.empty")}
              </Text>
            </BlockStack>
          ) : (
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "numeric", "numeric", "text"]}
              headings={["referrer", "friend", "status", "order", "revenue", "points", "date"].map((c) => t(`referrals.columns.${c}`))}
              rows={rows.map((r) => [
                r.referrer.name ?? r.referrer.email ?? "—",
                r.friendName ?? "—",
                <BlockStack key={r.id} gap="100">
                  <Badge tone={TONES[r.status]}>{t(`referrals.status.${r.status}`)}</Badge>
                  {r.reason ? (
                    <Text as="span" variant="bodySm" tone="subdued">
                      {t(`referrals.reason.${r.reason}`)}
                    </Text>
                  ) : null}
                </BlockStack>,
                r.orderName ?? "—",
                r.status === "clicked" ? "—" : money(r.revenueMinor, r.currency),
                r.points > 0 ? String(r.points) : "—",
                date(r.clickedAt),
              ])}
            />
          )}
        </Card>
        {pages > 1 ? (
          <Pagination hasPrevious={page > 1} previousURL={`?page=${page - 1}`} hasNext={page < pages} nextURL={`?page=${page + 1}`} />
        ) : null}
      </BlockStack>
    </Page>
  );
}
