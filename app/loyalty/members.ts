/**
 * How members and their ledger entries are shown to merchants (index, member page, CSV).
 *
 * Rules:
 * - A redacted member (customers/redact: no name or email, customerGid `redacted:<id>`) is "Redacted customer",
 *   whatever else is known; a member without a name shows their email, then their Shopify customer id.
 * - The index sorts by balance, lifetime earned or join date, all descending; NO_TIER filters members without one.
 * - Links to Shopify admin take the numeric id of a GID (`shopify://admin/orders/<id>`).
 * - Orders are named as the merchant knows them: the order's name ("#1003") where the ledger stored it, else
 *   "order <numeric id>" (entries written before names were kept). An explanation that names an order GID shows
 *   that label instead; the stored text is never rewritten (the ledger is append-only).
 */
import { isLedgerEntryType, type LedgerEntryType } from "./ledger-rules";

export const REDACTED_NAME = "Redacted customer";
export const MEMBER_SORTS = ["balance", "lifetime", "newest"] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];
/** The tier filter's value for members without a tier (no ledger entry yet, or below the lowest threshold). */
export const NO_TIER = "none";

export interface MemberIdentity {
  customerGid: string;
  displayName: string | null;
  email: string | null;
  redactedAt: Date | null;
}

export function isRedacted(member: Pick<MemberIdentity, "customerGid" | "redactedAt">): boolean {
  return member.redactedAt !== null || member.customerGid.startsWith("redacted:");
}

/** The numeric id of a Shopify GID ("gid://shopify/Order/123" → "123"), or null. */
export function numericIdOf(gid: string | null): string | null {
  const match = gid === null ? null : /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)$/.exec(gid);
  return match?.[1] ?? null;
}

/** "#1003" when the name is known, else "order 1003" (the id), never a GID. */
export function orderLabel(orderGid: string, orderName: string | null | undefined): string {
  if (orderName?.trim()) return orderName.trim();
  const id = numericIdOf(orderGid);
  return id ? `order ${id}` : orderGid;
}

/** An entry's explanation with any order GID in it replaced by `orderLabel` (for entries stored with GIDs). */
export function describeExplanation(explanation: string, orderGid: string | null, orderName: string | null): string {
  return explanation.replace(/gid:\/\/shopify\/Order\/\d+/g, (gid) => orderLabel(gid, gid === orderGid ? orderName : null));
}

export function memberDisplayName(member: MemberIdentity): string {
  if (isRedacted(member)) return REDACTED_NAME;
  const name = member.displayName?.trim();
  if (name) return name;
  if (member.email) return member.email;
  const id = numericIdOf(member.customerGid);
  return id ? `Customer ${id}` : "Unnamed customer";
}

const ENTRY_TYPE_LABELS: Record<LedgerEntryType, string> = {
  earn: "Earned",
  bonus: "Bonus",
  redeem: "Redeemed",
  redeem_rollback: "Redemption returned",
  clawback: "Clawed back",
  expire: "Expired",
  manual_credit: "Manual credit",
  manual_debit: "Manual debit",
  import: "Imported",
  referral: "Referral",
  birthday: "Birthday",
  survey: "Survey",
  action: "Action",
  badge: "Badge",
  challenge: "Challenge",
  donate: "Donated",
};

export function entryTypeLabel(type: string): string {
  return isLedgerEntryType(type) ? ENTRY_TYPE_LABELS[type] : type;
}
