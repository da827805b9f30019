import { randomUUID } from "node:crypto";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { Badge, Banner, BlockStack, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { AdjustPoints } from "~/components/members/AdjustPoints";
import { CodesTable } from "~/components/members/CodesTable";
import { MemberBadgesCard } from "~/components/engagement/MemberBadgesCard";
import { LedgerTable } from "~/components/members/LedgerTable";
import { StoreCreditCard } from "~/components/members/StoreCreditCard";
import { shopDate, useMemberText } from "~/components/members/member-text";
import { useCsvDownload } from "~/components/members/useCsvDownload";
import prisma from "~/db.server";
import { answerAction } from "~/http/action-result.server";
import { parseAdjustmentForm, staffActor } from "~/loyalty/adjustments";
import { recordManualAdjustment } from "~/loyalty/server/adjustments.server";
import { getMemberBadges } from "~/loyalty/server/engagement-admin.server";
import { getMemberCashback } from "~/loyalty/server/cashback.server";
import { getMemberDetail, requireMemberPageQuery, type PageInfo } from "~/loyalty/server/members-admin.server";
import { requireAdmin } from "~/shopify/admin-auth.server";
import { sessionTokenOf } from "~/shopify/admin-request";
import { fetchStaffName } from "~/shopify/staff-name.server";

const NOT_FOUND = "This member is not in your program";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const query = requireMemberPageQuery(new URL(request.url).searchParams);
  const detail = await getMemberDetail(prisma, session.shop, params.id ?? "", query, new Date());
  if (!detail) throw json({ ok: false, error: NOT_FOUND, fieldErrors: {} }, { status: 404 });
  // A fresh one-time key per rendering of the adjustment form: a double-submitted form carries the same key and
  // writes once; the page reloads after a save, so the next adjustment gets a new key.
  return { ...detail, formKey: randomUUID(), badges: await getMemberBadges(prisma, session.shop, params.id ?? ""), storeCredit: await getMemberCashback(prisma, detail.member.id) };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken, formData } = await requireAdmin(request);
  const fields = Object.fromEntries(await formData());
  return answerAction(async () => {
    const adjustment = parseAdjustmentForm(fields);
    // The staff member who clicked (the session token's user), also with offline sessions; named when Shopify says.
    const actor = staffActor(sessionToken.sub);
    const token = sessionTokenOf(request);
    const staffName = token ? await fetchStaffName({ shop: session.shop, sessionToken: token, userId: sessionToken.sub }) : null;
    const outcome = await recordManualAdjustment(prisma, {
      ...adjustment,
      shop: session.shop,
      memberId: params.id ?? "",
      actor,
      staffName,
      now: new Date(),
    });
    return {
      adjustment: { status: outcome.status, entryId: outcome.entry.id, points: outcome.entry.points, balance: outcome.member.balance },
    };
  });
};

/** The current query string with `changes` applied; the other list's cursor is kept. */
function withParams(search: string, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) params.delete(name);
    else params.set(name, value);
  }
  const query = params.toString();
  return query ? `?${query}` : "?";
}

/** A table's pagination, or none when everything fits on one page. The other list's cursor is kept. */
function tablePagination(pageInfo: PageInfo, search: string, after: string, before: string) {
  if (!pageInfo.hasNextPage && !pageInfo.hasPreviousPage) return undefined;
  return {
    hasPrevious: pageInfo.hasPreviousPage,
    hasNext: pageInfo.hasNextPage,
    previousURL: pageInfo.startCursor ? withParams(search, { [before]: pageInfo.startCursor, [after]: null }) : undefined,
    nextURL: pageInfo.endCursor ? withParams(search, { [after]: pageInfo.endCursor, [before]: null }) : undefined,
  };
}

function Figure({ label, value, hint }: { label: string; value: string; hint?: string | null }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        {value}
      </Text>
      {hint ? (
        <Text as="p" tone="subdued" variant="bodySm">
          {hint}
        </Text>
      ) : null}
    </BlockStack>
  );
}

export default function MemberPage() {
  const { member, ledger, codes, formKey, timeZone, currency, pointValue, badges, storeCredit } = useLoaderData<typeof loader>();
  const location = useLocation();
  const { download, downloading } = useCsvDownload();
  const { t, f, formatLocale } = useMemberText();
  const standing = member.tierStanding;
  const progress = !standing
    ? null
    : standing.next === null
      ? t("members.member.topTier")
      : t("members.member.toNext", {
          amount:
            member.tierBasis === "spend"
              ? f.money(standing.remaining, currency)
              : t("members.member.points", { count: standing.remaining, points: f.points(standing.remaining) }),
          tier: standing.next,
        });
  const tierMetric =
    member.tierBasis === "spend"
      ? t("members.member.tierMetricSpend")
      : member.tierCountsManualCredits
        ? t("members.member.tierMetricWithManual")
        : t("members.member.tierMetricWithoutManual");
  const joined = shopDate(formatLocale, member.joinedAt, timeZone);
  const standingLine = [
    member.tier ? t("members.member.tier", { tier: member.tier }) : t("members.member.noTier"),
    progress,
    t("members.member.since", { date: joined }),
  ].filter(Boolean);

  return (
    <Page
      title={member.redacted ? t("members.redacted") : member.name}
      subtitle={member.email ?? undefined}
      titleMetadata={member.tier ? <Badge tone="info">{member.tier}</Badge> : undefined}
      backAction={{ content: t("members.list.title"), url: "/app/members" }}
      secondaryActions={[
        ...(member.customerId ? [{ content: t("members.member.viewCustomer"), url: `shopify://admin/customers/${member.customerId}`, target: "_top" as const }] : []),
        { content: t("members.member.exportLedger"), loading: downloading, onAction: () => void download(`/app/members/${member.id}/ledger.csv`) },
      ]}
    >
      <Layout>
        {member.redacted ? (
          <Layout.Section variant="fullWidth">
            <Banner tone="info" title={t("members.member.erasedTitle")}>
              {member.redactedAt ? t("members.member.erasedOn", { date: shopDate(formatLocale, member.redactedAt, timeZone) }) : t("members.member.erased")}
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section variant="fullWidth">
          <Card>
            <BlockStack gap="400">
              <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
                <Figure
                  label={t("members.member.available")}
                  value={f.points(member.available)}
                  hint={member.pending > 0 ? t("members.member.pending", { points: f.points(member.pending) }) : null}
                />
                <Figure label={t("members.member.balance")} value={f.points(member.balance)} />
                <Figure label={t("members.member.lifetimeEarned")} value={f.points(member.lifetimeEarned)} />
                <Figure label={t("members.member.lifetimeRedeemed")} value={f.points(member.lifetimeRedeemed)} />
              </InlineGrid>
              <Text as="p" tone="subdued">
                {standingLine.join(" · ")}
              </Text>
              <Text as="p" tone="subdued" variant="bodySm">
                {t("members.member.lifetimeHelp")} {tierMetric}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <LedgerTable entries={ledger.entries} timeZone={timeZone} pagination={tablePagination(ledger.pageInfo, location.search, "ledgerAfter", "ledgerBefore")} />
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <AdjustPoints formKey={formKey} context={{ available: member.available, pending: member.pending, currency, pointValue }} />
            <MemberBadgesCard badges={badges} timeZone={timeZone} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="fullWidth">
          <CodesTable redemptions={codes.redemptions} timeZone={timeZone} pagination={tablePagination(codes.pageInfo, location.search, "codesAfter", "codesBefore")} />
        </Layout.Section>
        <Layout.Section variant="fullWidth">
          <StoreCreditCard rows={storeCredit} timeZone={timeZone} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useMemberText();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page title={t("members.member.notFoundTitle")} backAction={{ content: t("members.list.title"), url: "/app/members" }}>
        <Banner tone="warning">{t("members.member.notFound")}</Banner>
      </Page>
    );
  }
  throw error;
}
