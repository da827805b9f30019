import { Badge, BlockStack, Card, IndexTable, InlineStack, Link, Text, type BadgeProps } from "@shopify/polaris";
import type { LedgerRow } from "~/loyalty/server/members-admin.server";
import { entryTypeText, explanationText, shopDate, shopDateTime, useMemberText } from "./member-text";

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
  referral: "success",
  birthday: "success",
  survey: "success",
  action: "success",
  badge: "success",
  challenge: "success",
  donate: "info",
};

/** Kinds whose stored text adds something to the translated line (the calculation, the cause, the dates). */
const DETAILED = new Set(["earn", "clawback", "expire", "redeem_rollback"]);

function LedgerEntryRow({ entry, position, timeZone }: { entry: LedgerRow; position: number; timeZone: string }) {
  const { t, f, formatLocale, locale } = useMemberText();
  // The calculation the ledger recorded is English text: shown as the detail in English only.
  const detail = locale === "en" && DETAILED.has(entry.explain.kind) ? entry.explanation : null;
  const signed = entry.points > 0 ? `+${f.points(entry.points)}` : f.points(entry.points);
  return (
    <IndexTable.Row id={entry.id} position={position}>
      <IndexTable.Cell>{shopDateTime(formatLocale, entry.createdAt, timeZone)}</IndexTable.Cell>
      <IndexTable.Cell>
        <InlineStack gap="100">
          <Badge tone={ENTRY_TONES[entry.type]}>{entryTypeText(t, entry.type)}</Badge>
          {entry.pending ? <Badge tone="attention">{t("members.ledger.pending")}</Badge> : null}
        </InlineStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" numeric alignment="end" tone={entry.points < 0 ? "critical" : "success"}>
          {signed}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {/* IndexTable cells do not wrap (white-space: nowrap): without this the explanation is cut off at the card's edge. */}
        <div style={{ whiteSpace: "normal", minWidth: "12rem" }}>
          <BlockStack gap="100">
            <Text as="p" breakWord>
              {explanationText(t, f, entry.explain)}
            </Text>
            {detail ? (
              <Text as="p" tone="subdued" variant="bodySm" breakWord>
                {detail}
              </Text>
            ) : null}
            {entry.note ? (
              <Text as="p" tone="subdued" breakWord>
                {t("members.ledger.note", { note: entry.note })}
              </Text>
            ) : null}
            {entry.vestsAt && entry.pending ? (
              <Text as="p" tone="subdued" variant="bodySm">
                {t("members.ledger.availableFrom", { date: shopDate(formatLocale, entry.vestsAt, timeZone) })}
              </Text>
            ) : null}
          </BlockStack>
        </div>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {entry.orderId ? (
          <Link url={`shopify://admin/orders/${entry.orderId}`} target="_top">
            {t("members.viewOrder")}
          </Link>
        ) : (
          "—"
        )}
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

/** The member's points history, newest first, times in the shop's zone (named in the heading). */
export function LedgerTable({ entries, timeZone, pagination }: { entries: LedgerRow[]; timeZone: string; pagination: Parameters<typeof IndexTable>[0]["pagination"] }) {
  const { t } = useMemberText();
  return (
    <Card padding="0">
      <BlockStack>
        <div style={{ padding: "var(--p-space-400)" }}>
          <Text as="h2" variant="headingMd">
            {t("members.ledger.title")}
          </Text>
        </div>
        <IndexTable
          resourceName={{ singular: t("members.ledger.resourceOne"), plural: t("members.ledger.resourceOther") }}
          itemCount={entries.length}
          selectable={false}
          headings={[
            { title: t("members.ledger.headings.date", { timeZone }) },
            { title: t("members.ledger.headings.type") },
            { title: t("members.ledger.headings.points"), alignment: "end" },
            { title: t("members.ledger.headings.why") },
            { title: t("members.ledger.headings.order") },
          ]}
          emptyState={
            <Text as="p" tone="subdued" alignment="center">
              {t("members.ledger.empty")}
            </Text>
          }
          pagination={pagination}
        >
          {entries.map((entry, position) => (
            <LedgerEntryRow key={entry.id} entry={entry} position={position} timeZone={timeZone} />
          ))}
        </IndexTable>
      </BlockStack>
    </Card>
  );
}
