import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation, useNavigate, useNavigation } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Card,
  ChoiceList,
  EmptySearchResult,
  IndexFilters,
  IndexFiltersMode,
  IndexTable,
  InlineError,
  Link,
  Page,
  Text,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import prisma from "~/db.server";
import { DEFAULT_ADMIN_LOCALE, type AdminLocale } from "~/i18n/admin-locale";
import { adminText, useAdminText } from "~/i18n/admin-text";
import { NO_TIER } from "~/loyalty/members";
import { listMembers, MAX_SEARCH_LENGTH, requireMemberListQuery, type MemberListRow } from "~/loyalty/server/members-admin.server";
import { requireAdmin } from "~/shopify/admin-auth.server";
import { useCsvDownload } from "~/components/members/useCsvDownload";

/** The tab's title in the admin's language (the app layout's loader knows it: ADR 022). */
export const meta: MetaFunction = ({ matches }) => {
  const layout = matches.find((match) => match.id === "routes/app")?.data as { locale?: AdminLocale } | undefined;
  return [{ title: adminText(layout?.locale ?? DEFAULT_ADMIN_LOCALE).t("members.list.documentTitle") }];
};

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  // Search is typed as you go, so a search that is too long is the merchant's to fix on the page: answer the list
  // without it and say why next to the field, instead of a bare 400. Other bad parameters (tampered by hand) stay 400.
  const typed = (params.get("q") ?? "").trim();
  let searchError: { max: number; length: number } | null = null;
  if (typed.length > MAX_SEARCH_LENGTH) {
    searchError = { max: MAX_SEARCH_LENGTH, length: typed.length };
    for (const name of ["q", "after", "before"]) params.delete(name);
  }
  const query = requireMemberListQuery(params);
  return { ...(await listMembers(prisma, session.shop, query)), searchError };
};


/** How long typing must pause before the list follows the search (a request per pause, not per key). */
const SEARCH_DEBOUNCE_MS = 300;


/** The current query string with `changes` applied (null removes); a new filter or sort always starts on page 1. */
function withParams(search: string, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === "") params.delete(name);
    else params.set(name, value);
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}

function MemberRow({ member, position, numbers, dates }: { member: MemberListRow; position: number; numbers: Intl.NumberFormat; dates: Intl.DateTimeFormat }) {
  const { t } = useAdminText();
  return (
    <IndexTable.Row id={member.id} position={position}>
      <IndexTable.Cell>
        <Link url={`/app/members/${member.id}`} dataPrimaryLink monochrome removeUnderline>
          <Text as="span" fontWeight="semibold" tone={member.redacted ? "subdued" : undefined}>
            {member.redacted ? t("members.redacted") : member.name}
          </Text>
        </Link>
      </IndexTable.Cell>
      <IndexTable.Cell>{member.email ?? "—"}</IndexTable.Cell>
      <IndexTable.Cell>{member.tier ? <Badge>{member.tier}</Badge> : "—"}</IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {numbers.format(member.balance)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {numbers.format(member.lifetimeEarned)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{dates.format(new Date(member.joinedAt))}</IndexTable.Cell>
    </IndexTable.Row>
  );
}

export default function MembersIndex() {
  const { members, pageInfo, totalMembers, tiers, query, searchError, timeZone } = useLoaderData<typeof loader>();
  const { t, formatLocale } = useAdminText();
  const numbers = new Intl.NumberFormat(formatLocale);
  // Join dates are days in the shop's zone, which the column heading names.
  const dates = new Intl.DateTimeFormat(formatLocale, { dateStyle: "medium", timeZone });
  /** IndexFilters sorts as "<key> <direction>"; each of ours has one direction. */
  const sortOptions: IndexFiltersProps["sortOptions"] = [
    { label: t("members.list.sort.balance"), value: "balance desc", directionLabel: t("members.list.sort.highestFirst") },
    { label: t("members.list.sort.lifetime"), value: "lifetime desc", directionLabel: t("members.list.sort.highestFirst") },
    { label: t("members.list.sort.joined"), value: "newest desc", directionLabel: t("members.list.sort.newestFirst") },
  ];
  const location = useLocation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const { download, downloading } = useCsvDownload();
  // The search field is open from the start: searching is what this page is for.
  const { mode, setMode } = useSetIndexFiltersMode(IndexFiltersMode.Filtering);
  const [search, setSearch] = useState(query.search ?? "");
  const typing = useRef<ReturnType<typeof setTimeout> | null>(null);

  // The URL is the source of truth (shareable, back button works): follow it when it changes, unless typing.
  useEffect(() => {
    if (!typing.current) setSearch(query.search ?? "");
  }, [query.search]);
  useEffect(() => () => void (typing.current && clearTimeout(typing.current)), []);

  const filter = (changes: Record<string, string | null>, replace = false) =>
    navigate(withParams(location.search, { ...changes, after: null, before: null }), { replace, preventScrollReset: true });
  const onSearch = (text: string) => {
    setSearch(text);
    if (typing.current) clearTimeout(typing.current);
    typing.current = setTimeout(() => {
      typing.current = null;
      // Each pause replaces the entry: Back leaves the search instead of stepping through its letters.
      filter({ q: text.trim() || null }, true);
    }, SEARCH_DEBOUNCE_MS);
  };
  const filtered = query.search !== null || query.tier !== null;
  const exportUrl = `/app/members.csv${withParams("", { q: query.search, tier: query.tier })}`;
  const tierChoices = [...tiers.map((tier) => ({ label: tier.name, value: tier.id })), { label: t("members.list.noTier"), value: NO_TIER }];
  const tierLabel = tierChoices.find((choice) => choice.value === query.tier)?.label;

  return (
    <Page
      title={t("members.list.title")}
      subtitle={t("members.list.count", { count: totalMembers, members: numbers.format(totalMembers) })}
      backAction={{ content: t("members.list.home"), url: "/app" }}
      secondaryActions={[
        {
          content: filtered ? t("members.list.exportMatching") : t("members.list.export"),
          loading: downloading,
          onAction: () => void download(exportUrl),
        },
      ]}
    >
      <BlockStack gap="400">
        <Card padding="0">
          <IndexFilters
            tabs={[{ id: "all", content: t("members.list.all") }]}
            selected={0}
            onSelect={() => undefined}
            canCreateNewView={false}
            queryValue={search}
            queryPlaceholder={t("members.list.searchPlaceholder")}
            onQueryChange={onSearch}
            onQueryClear={() => onSearch("")}
            loading={navigation.state === "loading" && navigation.location?.pathname === location.pathname}
            sortOptions={sortOptions}
            sortSelected={[`${query.sort} desc`]}
            onSort={([value]) => filter({ sort: (value ?? "balance desc").split(" ")[0] ?? "balance" })}
            filters={[
              {
                key: "tier",
                label: t("members.list.tier"),
                filter: (
                  <ChoiceList
                    title={t("members.list.tier")}
                    titleHidden
                    choices={tierChoices}
                    selected={query.tier ? [query.tier] : []}
                    onChange={([tier]) => filter({ tier: tier ?? null })}
                  />
                ),
                shortcut: true,
              },
            ]}
            appliedFilters={query.tier ? [{ key: "tier", label: t("members.list.tierFilter", { tier: tierLabel ?? query.tier }), onRemove: () => filter({ tier: null }) }] : []}
            onClearAll={() => filter({ tier: null })}
            mode={mode}
            setMode={setMode}
          />
          {searchError ? (
            <div style={{ padding: "var(--p-space-200) var(--p-space-300)" }} data-search-error>
              <InlineError message={t("members.list.searchTooLong", { max: searchError.max, length: searchError.length })} fieldID="members-search" />
            </div>
          ) : null}
          <IndexTable
            resourceName={{ singular: t("members.list.resourceOne"), plural: t("members.list.resourceOther") }}
            itemCount={members.length}
            selectable={false}
            loading={navigation.state === "loading"}
            headings={[
              { title: t("members.list.headings.name") },
              { title: t("members.list.headings.email") },
              { title: t("members.list.tier") },
              { title: t("members.list.headings.balance"), alignment: "end" },
              { title: t("members.list.headings.lifetime"), alignment: "end" },
              { title: t("members.list.headings.joined", { timeZone }) },
            ]}
            emptyState={
              <EmptySearchResult
                title={filtered ? t("members.list.emptyFiltered") : t("members.list.empty")}
                description={filtered ? t("members.list.emptyFilteredHelp") : t("members.list.emptyHelp")}
                withIllustration
              />
            }
            pagination={
              pageInfo.hasNextPage || pageInfo.hasPreviousPage
                ? {
                    hasPrevious: pageInfo.hasPreviousPage,
                    hasNext: pageInfo.hasNextPage,
                    previousURL: pageInfo.startCursor ? withParams(location.search, { before: pageInfo.startCursor, after: null }) : undefined,
                    nextURL: pageInfo.endCursor ? withParams(location.search, { after: pageInfo.endCursor, before: null }) : undefined,
                  }
                : undefined
            }
          >
            {members.map((member, position) => (
              <MemberRow key={member.id} member={member} position={position} numbers={numbers} dates={dates} />
            ))}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}
