import { randomUUID } from "node:crypto";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, useFetcher, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Select,
  Text,
  TextField,
  type BadgeProps,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import prisma from "~/db.server";
import { answerAction } from "~/http/action-result.server";
import { MAX_NOTE_LENGTH, parseAdjustmentForm, staffActor } from "~/loyalty/adjustments";
import { recordManualAdjustment } from "~/loyalty/server/adjustments.server";
import { getMemberDetail, requireMemberPageQuery, type LedgerRow, type PageInfo, type RedemptionRow } from "~/loyalty/server/members-admin.server";
import { requireAdmin } from "~/shopify/admin-auth.server";
import { useCsvDownload } from "~/components/members/useCsvDownload";

const NOT_FOUND = "This member is not in your program";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const query = requireMemberPageQuery(new URL(request.url).searchParams);
  const detail = await getMemberDetail(prisma, session.shop, params.id ?? "", query, new Date());
  if (!detail) throw json({ ok: false, error: NOT_FOUND, fieldErrors: {} }, { status: 404 });
  // A fresh one-time key per rendering of the adjustment form: a double-submitted form carries the same key and
  // writes once; the page reloads after a save, so the next adjustment gets a new key.
  return { ...detail, formKey: randomUUID() };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken, formData } = await requireAdmin(request);
  const fields = Object.fromEntries(await formData());
  return answerAction(async () => {
    const adjustment = parseAdjustmentForm(fields);
    const outcome = await recordManualAdjustment(prisma, {
      ...adjustment,
      shop: session.shop,
      memberId: params.id ?? "",
      // The staff member who clicked (the session token's user), also with offline sessions.
      actor: staffActor(sessionToken.sub),
      now: new Date(),
    });
    return {
      adjustment: { status: outcome.status, entryId: outcome.entry.id, points: outcome.entry.points, balance: outcome.member.balance },
    };
  });
};

const numbers = new Intl.NumberFormat("en-US");
// Times come formatted by the server in the shop's time zone, with the zone named (app/loyalty/shop-time.ts).
const signed = (points: number) => (points > 0 ? `+${numbers.format(points)}` : numbers.format(points));

const ENTRY_TONES: Record<string, BadgeProps["tone"]> = {
  earn: "success",
  bonus: "success",
  manual_credit: "success",
  redeem_rollback: "success",
  redeem: "info",
  clawback: "critical",
  expire: "warning",
  manual_debit: "critical",
  import: "success",
};

const CODE_TONES: Record<string, BadgeProps["tone"]> = {
  issued: "success",
  used: "info",
  pending: "attention",
  failed: "critical",
  expired: "warning",
  returned: "warning",
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

function LedgerEntryRow({ entry, position }: { entry: LedgerRow; position: number }) {
  return (
    <IndexTable.Row id={entry.id} position={position}>
      <IndexTable.Cell>{entry.createdAtLabel}</IndexTable.Cell>
      <IndexTable.Cell>
        <InlineStack gap="100">
          <Badge tone={ENTRY_TONES[entry.type]}>{entry.typeLabel}</Badge>
          {entry.pending ? <Badge tone="attention">Pending</Badge> : null}
        </InlineStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" numeric alignment="end" tone={entry.points < 0 ? "critical" : "success"}>
          {signed(entry.points)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {/* IndexTable cells do not wrap (white-space: nowrap): without this the explanation is cut off at the card's edge. */}
        <div style={{ whiteSpace: "normal", minWidth: "8rem" }}>
          <BlockStack gap="100">
            <Text as="p" breakWord>
              {entry.explanation}
            </Text>
            {entry.note ? (
              <Text as="p" tone="subdued" breakWord>
                Note: {entry.note}
              </Text>
            ) : null}
            {entry.vestsAt && entry.pending ? (
              <Text as="p" tone="subdued" variant="bodySm">
                Available from {entry.vestsOnLabel}
              </Text>
            ) : null}
          </BlockStack>
        </div>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {entry.orderId ? (
          <Link url={`shopify://admin/orders/${entry.orderId}`} target="_top">
            View order
          </Link>
        ) : (
          "—"
        )}
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

function RedemptionItem({ redemption, position }: { redemption: RedemptionRow; position: number }) {
  return (
    <IndexTable.Row id={redemption.id} position={position}>
      <IndexTable.Cell>
        <Text as="span" fontWeight="semibold">
          {redemption.code}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{redemption.rewardName}</IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" numeric alignment="end">
          {numbers.format(redemption.pointsCost)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={CODE_TONES[redemption.status]}>{redemption.status}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>{redemption.createdOnLabel}</IndexTable.Cell>
      <IndexTable.Cell>{redemption.expiresOnLabel ?? "—"}</IndexTable.Cell>
      <IndexTable.Cell>
        {redemption.usedOrderId ? (
          <Link url={`shopify://admin/orders/${redemption.usedOrderId}`} target="_top">
            View order
          </Link>
        ) : (
          "—"
        )}
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

function AdjustPoints({ formKey, available }: { formKey: string; available: number }) {
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const [direction, setDirection] = useState("credit");
  const [points, setPoints] = useState("");
  const [note, setNote] = useState("");
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const failure = result && !result.ok ? result : null;
  // A large credit is refused until confirmed: the message goes in a confirm step, not on the field.
  const confirmation = failure?.code === "CONFIRMATION_REQUIRED" ? (failure.fieldErrors.points ?? failure.error) : null;
  const fieldErrors: Record<string, string> = failure && !confirmation ? failure.fieldErrors : {};

  useEffect(() => {
    if (!result?.ok) return;
    const { status, points: signedPoints, balance } = result.adjustment;
    shopify.toast.show(
      status === "duplicate" ? "This adjustment was already recorded" : `${signed(signedPoints)} points recorded: balance is ${numbers.format(balance)}`,
    );
    setPoints("");
    setNote("");
  }, [result, shopify]);

  // Errors with no field of their own (member gone, stale form) go in a banner above the form.
  const formError = failure && !fieldErrors.points && !fieldErrors.note && !fieldErrors.direction ? (fieldErrors.clientKey ?? failure.error) : null;

  return (
    <Card>
      <fetcher.Form method="post">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Adjust points
          </Text>
          {formError && !confirmation ? <Banner tone="critical">{formError}</Banner> : null}
          {confirmation ? (
            <Banner
              tone="warning"
              title="Confirm this credit"
              action={{
                content: `Credit ${numbers.format(Number(points))} points`,
                onAction: () => fetcher.submit({ direction, points, note, clientKey: formKey, confirm: "1" }, { method: "post" }),
              }}
            >
              <p>{confirmation}</p>
            </Banner>
          ) : null}
          <input type="hidden" name="clientKey" value={formKey} />
          <FormLayout>
            <Select
              label="Adjustment"
              name="direction"
              options={[
                { label: "Credit (add points)", value: "credit" },
                { label: "Debit (remove points)", value: "debit" },
              ]}
              value={direction}
              onChange={setDirection}
              error={fieldErrors.direction}
            />
            <TextField
              label="Points"
              name="points"
              type="number"
              min={1}
              step={1}
              value={points}
              onChange={setPoints}
              autoComplete="off"
              error={fieldErrors.points}
              helpText={direction === "debit" ? `Up to ${numbers.format(Math.max(0, available))} available` : undefined}
            />
            <TextField
              label="Note"
              name="note"
              value={note}
              onChange={setNote}
              multiline={3}
              maxLength={MAX_NOTE_LENGTH}
              showCharacterCount
              autoComplete="off"
              error={fieldErrors.note}
              helpText="Required. Kept with the entry and your staff account; erased if the customer asks to be forgotten."
            />
            <Button submit variant="primary" loading={fetcher.state !== "idle"}>
              {direction === "debit" ? "Debit points" : "Credit points"}
            </Button>
          </FormLayout>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}

export default function MemberPage() {
  const { member, ledger, codes, formKey, timeZone } = useLoaderData<typeof loader>();
  const location = useLocation();
  const { download, downloading } = useCsvDownload();

  return (
    <Page
      title={member.name}
      subtitle={member.email ?? undefined}
      titleMetadata={member.tier ? <Badge tone="info">{member.tier}</Badge> : undefined}
      backAction={{ content: "Members", url: "/app/members" }}
      secondaryActions={[
        ...(member.customerId ? [{ content: "View customer", url: `shopify://admin/customers/${member.customerId}`, target: "_top" as const }] : []),
        { content: "Export ledger (CSV)", loading: downloading, onAction: () => void download(`/app/members/${member.id}/ledger.csv`) },
      ]}
    >
      <Layout>
        {member.redacted ? (
          <Layout.Section variant="fullWidth">
            <Banner tone="info" title="Customer data erased">
              This customer asked to be forgotten{member.redactedOnLabel ? ` on ${member.redactedOnLabel}` : ""}: name, email and
              notes were erased. Their points history is kept for your books.
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section variant="fullWidth">
          <Card>
            <BlockStack gap="400">
              <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
                <Figure label="Available" value={numbers.format(member.available)} hint={member.pending > 0 ? `${numbers.format(member.pending)} pending` : null} />
                <Figure label="Balance" value={numbers.format(member.balance)} />
                <Figure label="Lifetime earned" value={numbers.format(member.lifetimeEarned)} />
                <Figure label="Lifetime redeemed" value={numbers.format(member.lifetimeRedeemed)} />
              </InlineGrid>
              <Text as="p" tone="subdued">
                {member.tier ? `Tier ${member.tier}` : "No tier"}
                {member.tierProgress ? ` · ${member.tierProgress}` : ""} · Member since {member.joinedOnLabel}
              </Text>
              <Text as="p" tone="subdued" variant="bodySm">
                Lifetime earned counts every point given, manual credits included. {member.tierMetric}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <BlockStack>
              <div style={{ padding: "var(--p-space-400)" }}>
                <Text as="h2" variant="headingMd">
                  Points history
                </Text>
              </div>
              <IndexTable
                resourceName={{ singular: "entry", plural: "entries" }}
                itemCount={ledger.entries.length}
                selectable={false}
                headings={[{ title: `Date (${timeZone})` }, { title: "Type" }, { title: "Points", alignment: "end" }, { title: "Why" }, { title: "Order" }]}
                emptyState={
                  <Text as="p" tone="subdued" alignment="center">
                    No points yet
                  </Text>
                }
                pagination={tablePagination(ledger.pageInfo, location.search, "ledgerAfter", "ledgerBefore")}
              >
                {ledger.entries.map((entry, position) => (
                  <LedgerEntryRow key={entry.id} entry={entry} position={position} />
                ))}
              </IndexTable>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <AdjustPoints formKey={formKey} available={member.available} />
        </Layout.Section>
        <Layout.Section variant="fullWidth">
          <Card padding="0">
            <BlockStack>
              <div style={{ padding: "var(--p-space-400)" }}>
                <Text as="h2" variant="headingMd">
                  Reward codes
                </Text>
              </div>
              <IndexTable
                resourceName={{ singular: "code", plural: "codes" }}
                itemCount={codes.redemptions.length}
                selectable={false}
                headings={[
                  { title: "Code" },
                  { title: "Reward" },
                  { title: "Points", alignment: "end" },
                  { title: "Status" },
                  { title: `Created (${timeZone})` },
                  { title: "Expires" },
                  { title: "Used on" },
                ]}
                emptyState={
                  <Text as="p" tone="subdued" alignment="center">
                    No reward codes yet
                  </Text>
                }
                pagination={tablePagination(codes.pageInfo, location.search, "codesAfter", "codesBefore")}
              >
                {codes.redemptions.map((redemption, position) => (
                  <RedemptionItem key={redemption.id} redemption={redemption} position={position} />
                ))}
              </IndexTable>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page title="Member not found" backAction={{ content: "Members", url: "/app/members" }}>
        <Banner tone="warning">{NOT_FOUND}.</Banner>
      </Page>
    );
  }
  throw error;
}
