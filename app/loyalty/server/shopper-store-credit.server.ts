/**
 * A signed-in shopper's store credit, for the customer account's Rewards page (docs/decisions/026 and 038): their
 * balance in each currency and the cash-back they are still waiting for.
 *
 * Rules:
 * - Shown only when the shop offers store credit (cash-back on, a store credit reward in the catalog) or the member
 *   has cash-back of their own; otherwise null and nothing is read at Shopify.
 * - Pending cash-back is the app's own figure (the pending CashbackCredit rows, as the member page lists them):
 *   one indexed read, no Shopify call.
 * - The balance is Shopify's: one Admin query (STORE_CREDIT_BALANCES, 23 points) per view of the Rewards page
 *   (only that page asks). The app cannot derive it from what it credited: the shopper spends it at checkout and the
 *   merchant may credit or debit it in the admin, and no webhook tells the app of either.
 * - A failed read (a missing scope, throttling, Shopify down) never fails the page: `balances` is null (the page
 *   leaves the balance out) and a warning names the shop and the error, never a token.
 */
import type { PrismaClient } from "@prisma/client";
import { getStoreCreditBalances } from "~/shopify/graphql/store-credit";
import { offersStoreCredit, summarizePendingCashback } from "../cashback";
import { toSafeNumber } from "../safe-integer";
import type { AdminFor } from "./jobs.server";
import type { StorefrontShopper } from "./storefront-shop.server";

export interface ShopperStoreCredit {
  /** Shopify's balance per currency account (sorted by currency); null when Shopify could not be asked. */
  balances: { currency: string; amountMinor: number }[] | null;
  /** Cash-back not credited yet, per currency, with when the first of it is due (ISO). */
  pending: { currency: string; amountMinor: number; nextCreditAt: string }[];
}

async function readPendingCashback(db: PrismaClient, memberId: string) {
  const rows = await db.cashbackCredit.findMany({
    where: { memberId, status: "pending" },
    select: { currency: true, status: true, amountMinor: true, creditableAt: true },
  });
  return summarizePendingCashback(rows.map((row) => ({ ...row, status: "pending" as const, amountMinor: toSafeNumber(row.amountMinor, "Cash-back amount") })));
}

/** The shopper's store credit, or null when the shop offers none and they have no cash-back. */
export async function getShopperStoreCredit(
  db: PrismaClient,
  adminFor: AdminFor,
  shopper: StorefrontShopper,
  customerGid: string,
): Promise<ShopperStoreCredit | null> {
  const { program, catalog, member } = shopper;
  const pending = member ? await readPendingCashback(db, member.id) : [];
  const offered = (hasCashback: boolean) =>
    offersStoreCredit({ cashbackEnabled: program.cashback.enabled, rewardKinds: catalog.map((reward) => reward.kind), hasCashback });
  // Past (credited or reversed) cash-back is looked up only when nothing else already answers.
  const hasPastCashback = async () => member !== null && (await db.cashbackCredit.findFirst({ where: { memberId: member.id }, select: { id: true } })) !== null;
  if (!offered(pending.length > 0) && !offered(await hasPastCashback())) return null;
  let balances: ShopperStoreCredit["balances"] = null;
  try {
    balances = await getStoreCreditBalances(await adminFor(program.shop), customerGid);
  } catch (error) {
    console.warn(`[customer account] ${program.shop}: store credit balance not read (${error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : String(error)}); the Rewards page shows it without`);
  }
  return { balances, pending: pending.map((row) => ({ ...row, nextCreditAt: row.nextCreditAt.toISOString() })) };
}
