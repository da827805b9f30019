import { Badge, BlockStack, Card, IndexTable, Link, Text, type BadgeProps } from "@shopify/polaris";
import type { RedemptionRow } from "~/loyalty/server/members-admin.server";
import { shopDate, useMemberText } from "./member-text";

const CODE_TONES: Record<string, BadgeProps["tone"]> = {
  issued: "success",
  used: "info",
  pending: "attention",
  failed: "critical",
  expired: "warning",
  returned: "warning",
};

const CODE_STATUSES = ["issued", "used", "pending", "failed", "expired", "returned"] as const;

function RedemptionItem({ redemption, position, timeZone }: { redemption: RedemptionRow; position: number; timeZone: string }) {
  const { t, f, formatLocale } = useMemberText();
  const status = (CODE_STATUSES as readonly string[]).includes(redemption.status) ? t(`members.codes.status.${redemption.status}`) : redemption.status;
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
          {f.points(redemption.pointsCost)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={CODE_TONES[redemption.status]}>{status}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>{shopDate(formatLocale, redemption.createdAt, timeZone)}</IndexTable.Cell>
      <IndexTable.Cell>{redemption.expiresAt ? shopDate(formatLocale, redemption.expiresAt, timeZone) : "—"}</IndexTable.Cell>
      <IndexTable.Cell>
        {redemption.usedOrderId ? (
          <Link url={`shopify://admin/orders/${redemption.usedOrderId}`} target="_top">
            {t("members.viewOrder")}
          </Link>
        ) : (
          "—"
        )}
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

/** The member's reward codes, newest first; days in the shop's zone. */
export function CodesTable({ redemptions, timeZone, pagination }: { redemptions: RedemptionRow[]; timeZone: string; pagination: Parameters<typeof IndexTable>[0]["pagination"] }) {
  const { t } = useMemberText();
  return (
    <Card padding="0">
      <BlockStack>
        <div style={{ padding: "var(--p-space-400)" }}>
          <Text as="h2" variant="headingMd">
            {t("members.codes.title")}
          </Text>
        </div>
        <IndexTable
          resourceName={{ singular: t("members.codes.resourceOne"), plural: t("members.codes.resourceOther") }}
          itemCount={redemptions.length}
          selectable={false}
          headings={[
            { title: t("members.codes.headings.code") },
            { title: t("members.codes.headings.reward") },
            { title: t("members.codes.headings.points"), alignment: "end" },
            { title: t("members.codes.headings.status") },
            { title: t("members.codes.headings.created", { timeZone }) },
            { title: t("members.codes.headings.expires") },
            { title: t("members.codes.headings.usedOn") },
          ]}
          emptyState={
            <Text as="p" tone="subdued" alignment="center">
              {t("members.codes.empty")}
            </Text>
          }
          pagination={pagination}
        >
          {redemptions.map((redemption, position) => (
            <RedemptionItem key={redemption.id} redemption={redemption} position={position} timeZone={timeZone} />
          ))}
        </IndexTable>
      </BlockStack>
    </Card>
  );
}
