import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useLocation, useNavigate, useNavigation } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Card,
  EmptySearchResult,
  Form,
  IndexTable,
  InlineStack,
  Link,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import prisma from "~/db.server";
import { NO_TIER } from "~/loyalty/members";
import { listMembers, requireMemberListQuery, type MemberListRow } from "~/loyalty/server/members-admin.server";
import { requireAdmin } from "~/shopify/admin-auth.server";
import { useCsvDownload } from "~/components/members/useCsvDownload";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const query = requireMemberListQuery(new URL(request.url).searchParams);
  return listMembers(prisma, session.shop, query);
};

const SORT_OPTIONS = [
  { label: "Balance (highest first)", value: "balance" },
  { label: "Lifetime earned (highest first)", value: "lifetime" },
  { label: "Newest members", value: "newest" },
];

const numbers = new Intl.NumberFormat("en-US");
const dates = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

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

function MemberRow({ member, position }: { member: MemberListRow; position: number }) {
  return (
    <IndexTable.Row id={member.id} position={position}>
      <IndexTable.Cell>
        <Link url={`/app/members/${member.id}`} dataPrimaryLink monochrome removeUnderline>
          <Text as="span" fontWeight="semibold" tone={member.redacted ? "subdued" : undefined}>
            {member.name}
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
  const { members, pageInfo, totalMembers, tiers, query } = useLoaderData<typeof loader>();
  const location = useLocation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const { download, downloading } = useCsvDownload();
  const [search, setSearch] = useState(query.search ?? "");

  // The URL is the source of truth (shareable, back button works): follow it when it changes.
  useEffect(() => setSearch(query.search ?? ""), [query.search]);

  const filter = (changes: Record<string, string | null>) => navigate(withParams(location.search, { ...changes, after: null, before: null }));
  const filtered = query.search !== null || query.tier !== null;
  const exportUrl = `/app/members.csv${withParams("", { q: query.search, tier: query.tier })}`;

  return (
    <Page
      title="Members"
      subtitle={`${numbers.format(totalMembers)} ${totalMembers === 1 ? "member" : "members"}`}
      backAction={{ content: "Home", url: "/app" }}
      secondaryActions={[
        {
          content: filtered ? "Export matching members (CSV)" : "Export members (CSV)",
          loading: downloading,
          onAction: () => void download(exportUrl),
        },
      ]}
    >
      <BlockStack gap="400">
        <Card>
          <InlineStack gap="400" wrap blockAlign="end">
            <div style={{ flex: "1 1 18rem" }}>
              <Form onSubmit={() => filter({ q: search.trim() })}>
                <TextField
                  label="Search"
                  placeholder="Name, email or customer ID, then Enter"
                  value={search}
                  onChange={setSearch}
                  clearButton
                  onClearButtonClick={() => {
                    setSearch("");
                    filter({ q: null });
                  }}
                  autoComplete="off"
                  maxLength={100}
                />
              </Form>
            </div>
            <Select
              label="Tier"
              options={[
                { label: "All tiers", value: "" },
                ...tiers.map((tier) => ({ label: tier.name, value: tier.id })),
                { label: "No tier", value: NO_TIER },
              ]}
              value={query.tier ?? ""}
              onChange={(tier) => filter({ tier })}
            />
            <Select label="Sort by" options={SORT_OPTIONS} value={query.sort} onChange={(sort) => filter({ sort })} />
          </InlineStack>
        </Card>
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: "member", plural: "members" }}
            itemCount={members.length}
            selectable={false}
            loading={navigation.state === "loading"}
            headings={[
              { title: "Name" },
              { title: "Email" },
              { title: "Tier" },
              { title: "Balance", alignment: "end" },
              { title: "Lifetime earned", alignment: "end" },
              { title: "Joined" },
            ]}
            emptyState={
              <EmptySearchResult
                title={filtered ? "No members match" : "No members yet"}
                description={filtered ? "Try another name, email or tier." : "Customers become members when they sign up or place an order."}
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
              <MemberRow key={member.id} member={member} position={position} />
            ))}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}
