import {
  Badge,
  BlockStack,
  Card,
  InlineStack,
  Text,
  type BadgeProps,
} from "@shopify/polaris";
import type { MemberCashbackRow } from "~/loyalty/server/cashback.server";
import { shopDate, useMemberText } from "./member-text";

const TONES: Record<string, BadgeProps["tone"]> = {
  pending: "attention",
  credited: "success",
  reversed: "warning",
};

/**
 * The member's cash-back as store credit (ADR 038), one line per order: its amount, where it stands, and Shopify's
 * refusal while one is being retried (a missing scope, insufficient funds for a refund's debit…).
 */
export function StoreCreditCard({
  rows,
  timeZone,
}: {
  rows: MemberCashbackRow[];
  timeZone: string;
}) {
  const { t, f, formatLocale } = useMemberText();
  if (rows.length === 0) return null;
  return (
    <div data-member-store-credit="">
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("members.storeCredit.title")}
          </Text>
          {rows.map((row) => (
            <BlockStack key={row.id} gap="100">
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" fontWeight="semibold">
                  {row.orderName ?? row.orderGid.split("/").pop()}
                </Text>
                <Text as="span">{f.money(row.amountMinor, row.currency)}</Text>
                <Badge tone={TONES[row.status]}>
                  {t(
                    `members.storeCredit.status.${
                      row.status === "credited" || row.status === "reversed"
                        ? row.status
                        : "pending"
                    }`
                  )}
                </Badge>
                <Text as="span" tone="subdued">
                  {row.status === "pending"
                    ? t("members.storeCredit.creditOn", {
                        date: shopDate(
                          formatLocale,
                          row.creditableAt,
                          timeZone
                        ),
                      })
                    : t("members.storeCredit.creditedNet", {
                        credited: f.money(row.creditedMinor, row.currency),
                        reversed: f.money(row.debitedMinor, row.currency),
                      })}
                </Text>
              </InlineStack>
              {row.error ? (
                <Text as="p" tone="critical" data-store-credit-error="">
                  {t("members.storeCredit.retrying", { error: row.error })}
                </Text>
              ) : null}
            </BlockStack>
          ))}
        </BlockStack>
      </Card>
    </div>
  );
}
