/** @jsxImportSource preact */
/**
 * The shopper's store credit on the Rewards page (docs/decisions/038): the balance of each currency account as
 * Shopify holds it, and the cash-back on its way with when it is credited. Shown only when the app answered store
 * credit (the shop offers it); a balance the app could not read is left out with a sentence, never shown as zero.
 * Pure: the same answer and words always render the same section.
 */
import type { RewardsText, StoreCredit } from "./account";
import { minorToMajor } from "./money";

export function StoreCreditSection({ storeCredit, text }: { storeCredit: StoreCredit; text: RewardsText }) {
  const money = (amountMinor: number, currency: string) => text.formatCurrency(minorToMajor(amountMinor, currency), { currency });
  const { balances, pending } = storeCredit;
  return (
    <s-section heading={text.translate("storeCredit.heading")}>
      <s-stack direction="block" gap="small-300">
        {balances === null ? (
          <s-text color="subdued">{text.translate("storeCredit.unavailable")}</s-text>
        ) : balances.length === 0 ? (
          <s-text color="subdued">{text.translate("storeCredit.none")}</s-text>
        ) : (
          balances.map((balance) => (
            <s-stack key={balance.currency} direction="block" gap="small-400">
              <s-text color="subdued">{text.translate("storeCredit.balance", { currency: balance.currency })}</s-text>
              <s-heading>{money(balance.amountMinor, balance.currency)}</s-heading>
            </s-stack>
          ))
        )}
        {pending.map((row) => (
          <s-text key={row.currency}>
            {text.translate("storeCredit.pending", {
              amount: money(row.amountMinor, row.currency),
              date: text.formatDate(new Date(row.nextCreditAt), { dateStyle: "medium" }),
            })}
          </s-text>
        ))}
        <s-text color="subdued">{text.translate("storeCredit.spend")}</s-text>
      </s-stack>
    </s-section>
  );
}
