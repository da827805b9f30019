/**
 * Store credit in the fake Admin API (test fake and dev store), against the 2026-10 schema: `storeCreditAccountCredit`,
 * `storeCreditAccountDebit` and `Customer.storeCreditAccounts` (with each account's transactions), and the checkout's
 * spending of a balance (devstore/commerce.ts).
 *
 * Rules (modelled on Shopify's documented behaviour; the exact userError texts of a live store were not captured):
 * - Accounts are per owner (a customer) and currency. `id` may be an account GID or the owner's customer GID: a credit
 *   to an owner without an account in the currency opens one; a debit then answers ACCOUNT_NOT_FOUND.
 * - The amount must be above zero (NEGATIVE_OR_ZERO_AMOUNT) with no more decimals than the currency has; an account
 *   GID with another currency is MISMATCHING_CURRENCY; an unknown customer is OWNER_NOT_FOUND (credit); a debit above
 *   the balance is INSUFFICIENT_FUNDS; a credit above the store's per-account limit (`storeCreditLimitMinor`, none
 *   by default) is CREDIT_LIMIT_EXCEEDED; an expiry in the past is EXPIRES_AT_IN_PAST. A refused call changes nothing.
 * - Scopes: without `write_store_credit_account_transactions` the mutations, and without `read_store_credit_accounts`
 *   the accounts, answer Shopify's top-level ACCESS_DENIED error (data null), when the endpoint knows the token's scopes.
 * - Transactions answer newest first with `reverse: true`; `query` filters accounts by `currency_code:XXX` only.
 */
import { GraphQLError } from "graphql";
import { currencyExponent, minorToDecimalString, toMinorUnits } from "~/loyalty/money";
import type { ShopState, StoreCreditAccountRecord, StoreCreditTransactionRecord } from "./state";

export const WRITE_STORE_CREDIT_SCOPE = "write_store_credit_account_transactions";
export const READ_STORE_CREDIT_SCOPE = "read_store_credit_accounts";

interface MoneyArg {
  amount: string;
  currencyCode: string;
}

interface UserError {
  field: string[] | null;
  message: string;
  code: string;
}

export class StoreCreditRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: string[] | null,
  ) {
    super(message);
  }
}

function accessDenied(field: string, scope: string): GraphQLError {
  return new GraphQLError(`Access denied for ${field} field. Required access: \`${scope}\` access scope.`, {
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: `\`${scope}\` access scope.` },
  });
}

function requireScope(scopes: readonly string[] | null | undefined, field: string, scope: string): void {
  if (!scopes) return;
  // A write scope implies its read scope at Shopify; the read scope alone never allows writing.
  const ok = scopes.includes(scope) || (scope.startsWith("read_") && scopes.includes(scope.replace(/^read_/, "write_")));
  if (!ok) throw accessDenied(field, scope);
}

function moneyObject(minor: number, currencyCode: string) {
  return { __typename: "MoneyV2", amount: minorToDecimalString(minor, currencyExponent(currencyCode)), currencyCode };
}

/** The account `id` names (an account GID, or the owner's account in `currency`); `open` creates a missing one. */
function accountFor(state: ShopState, id: string, currency: string, open: boolean, now: string): StoreCreditAccountRecord {
  if (id.startsWith("gid://shopify/StoreCreditAccount/")) {
    const account = state.storeCreditAccounts.get(id);
    if (!account) throw new StoreCreditRefusal("ACCOUNT_NOT_FOUND", "Store credit account does not exist", ["id"]);
    if (account.currencyCode !== currency) {
      throw new StoreCreditRefusal("MISMATCHING_CURRENCY", `The currency provided (${currency}) does not match the account's currency (${account.currencyCode})`, ["creditInput", "creditAmount", "currencyCode"]);
    }
    return account;
  }
  if (!/^gid:\/\/shopify\/Customer\/\d+$/.test(id)) throw new StoreCreditRefusal(open ? "OWNER_NOT_FOUND" : "ACCOUNT_NOT_FOUND", "Owner does not exist", ["id"]);
  if (!state.customers.has(id)) throw new StoreCreditRefusal(open ? "OWNER_NOT_FOUND" : "ACCOUNT_NOT_FOUND", "Owner does not exist", ["id"]);
  const found = [...state.storeCreditAccounts.values()].find((a) => a.ownerId === id && a.currencyCode === currency);
  if (found) return found;
  if (!open) throw new StoreCreditRefusal("ACCOUNT_NOT_FOUND", `The customer has no store credit account in ${currency}`, ["id"]);
  return state.openStoreCreditAccount(id, currency, now);
}

function amountOf(money: MoneyArg, field: string[]): { minor: number; currency: string } {
  const currency = money.currencyCode;
  let minor: number;
  try {
    minor = toMinorUnits(money.amount, currency);
  } catch {
    throw new StoreCreditRefusal("NEGATIVE_OR_ZERO_AMOUNT", `Amount ${money.amount} is not valid for ${currency}`, field);
  }
  if (minor <= 0) throw new StoreCreditRefusal("NEGATIVE_OR_ZERO_AMOUNT", "A positive amount must be used", field);
  return { minor, currency };
}

function transactionObject(state: ShopState, transaction: StoreCreditTransactionRecord) {
  const account = state.storeCreditAccounts.get(transaction.accountId);
  const currency = account?.currencyCode ?? state.currencyCode;
  return {
    __typename: transaction.kind === "credit" ? "StoreCreditAccountCreditTransaction" : "StoreCreditAccountDebitTransaction",
    id: transaction.id,
    amount: moneyObject(transaction.kind === "debit" ? -transaction.amountMinor : transaction.amountMinor, currency),
    balanceAfterTransaction: moneyObject(transaction.balanceAfterMinor, currency),
    createdAt: transaction.createdAt,
    event: transaction.event,
    ...(transaction.kind === "credit" ? { expiresAt: transaction.expiresAt ?? null } : {}),
    account: () => (account ? accountObject(state, account) : null),
  };
}

function accountObject(state: ShopState, account: StoreCreditAccountRecord) {
  return {
    __typename: "StoreCreditAccount",
    id: account.id,
    balance: moneyObject(account.balanceMinor, account.currencyCode),
    transactions: (args: { first?: number | null; reverse?: boolean | null; query?: string | null; after?: string | null; last?: number | null }) => {
      if (args.query != null || args.after != null || args.last != null) throw new GraphQLError("StoreCreditAccount.transactions: query/after/last are not modeled by the fake Admin API");
      const list = account.transactions.map((t) => transactionObject(state, t));
      if (args.reverse) list.reverse();
      const page = list.slice(0, Math.max(0, Math.min(args.first ?? 0, 250)));
      return { nodes: page, pageInfo: { hasNextPage: list.length > page.length, hasPreviousPage: false, startCursor: null, endCursor: null } };
    },
  };
}

/** `Customer.storeCreditAccounts`, for the customer object of ./resolvers.ts. */
export function storeCreditAccountsField(state: ShopState, customerGid: string, scopes: readonly string[] | null | undefined) {
  return (args: { first?: number | null; query?: string | null; after?: string | null; last?: number | null }) => {
    requireScope(scopes, "storeCreditAccounts", READ_STORE_CREDIT_SCOPE);
    if (args.after != null || args.last != null) throw new GraphQLError("Customer.storeCreditAccounts: after/last are not modeled by the fake Admin API");
    let accounts = [...state.storeCreditAccounts.values()].filter((a) => a.ownerId === customerGid);
    if (args.query != null) {
      const currency = /^currency_code:([A-Za-z]{3})$/.exec(args.query.trim())?.[1];
      if (!currency) throw new GraphQLError(`Customer.storeCreditAccounts: query "${args.query}" is not modeled by the fake Admin API`);
      accounts = accounts.filter((a) => a.currencyCode === currency.toUpperCase());
    }
    const page = accounts.slice(0, Math.max(0, Math.min(args.first ?? 0, 250))).map((a) => accountObject(state, a));
    return { nodes: page, pageInfo: { hasNextPage: accounts.length > page.length, hasPreviousPage: false, startCursor: null, endCursor: null } };
  };
}

function refused(error: unknown): { storeCreditAccountTransaction: null; userErrors: UserError[] } {
  if (!(error instanceof StoreCreditRefusal)) throw error;
  return { storeCreditAccountTransaction: null, userErrors: [{ field: error.field, message: error.message, code: error.code }] };
}

/** The two mutations, spread into the resolvers' root value. */
export function storeCreditRootValue(state: ShopState, context: { now: string; scopes?: readonly string[] | null }) {
  return {
    storeCreditAccountCredit: ({ id, creditInput }: { id: string; creditInput: { creditAmount: MoneyArg; expiresAt?: string | null; notify?: boolean | null } }) => {
      requireScope(context.scopes, "storeCreditAccountCredit", WRITE_STORE_CREDIT_SCOPE);
      try {
        const { minor, currency } = amountOf(creditInput.creditAmount, ["creditInput", "creditAmount", "amount"]);
        if (creditInput.expiresAt && Date.parse(creditInput.expiresAt) <= Date.parse(context.now)) {
          throw new StoreCreditRefusal("EXPIRES_AT_IN_PAST", "The expiry date must be in the future", ["creditInput", "expiresAt"]);
        }
        const existing = accountForCheck(state, id, currency);
        const limit = state.storeCreditLimitMinor;
        if (limit !== null && (existing?.balanceMinor ?? 0) + minor > limit) {
          throw new StoreCreditRefusal("CREDIT_LIMIT_EXCEEDED", "The operation would cause the account's credit limit to be exceeded", ["creditInput", "creditAmount", "amount"]);
        }
        const account = accountFor(state, id, currency, true, context.now);
        const transaction = state.addStoreCreditTransaction(account, { kind: "credit", amountMinor: minor, event: "ADJUSTMENT", expiresAt: creditInput.expiresAt ?? null }, context.now);
        return { storeCreditAccountTransaction: transactionObject(state, transaction), userErrors: [] };
      } catch (error) {
        return refused(error);
      }
    },
    storeCreditAccountDebit: ({ id, debitInput }: { id: string; debitInput: { debitAmount: MoneyArg } }) => {
      requireScope(context.scopes, "storeCreditAccountDebit", WRITE_STORE_CREDIT_SCOPE);
      try {
        const { minor, currency } = amountOf(debitInput.debitAmount, ["debitInput", "debitAmount", "amount"]);
        const account = accountFor(state, id, currency, false, context.now);
        if (account.balanceMinor < minor) {
          throw new StoreCreditRefusal("INSUFFICIENT_FUNDS", "The store credit account does not have sufficient funds to satisfy the request", ["debitInput", "debitAmount", "amount"]);
        }
        const transaction = state.addStoreCreditTransaction(account, { kind: "debit", amountMinor: minor, event: "ADJUSTMENT" }, context.now);
        return { storeCreditAccountTransaction: transactionObject(state, transaction), userErrors: [] };
      } catch (error) {
        return refused(error);
      }
    },
  };
}

/** The account a credit would go to, without opening one (the limit check happens before anything changes). */
function accountForCheck(state: ShopState, id: string, currency: string): StoreCreditAccountRecord | null {
  if (id.startsWith("gid://shopify/StoreCreditAccount/")) return accountFor(state, id, currency, false, "");
  if (!state.customers.has(id)) throw new StoreCreditRefusal("OWNER_NOT_FOUND", "Owner does not exist", ["id"]);
  return [...state.storeCreditAccounts.values()].find((a) => a.ownerId === id && a.currencyCode === currency) ?? null;
}

/** A customer's balance in a currency (0 without an account): the dev store's pages and checkout. */
export function storeCreditBalance(state: ShopState, customerGid: string, currency: string): number {
  return [...state.storeCreditAccounts.values()].find((a) => a.ownerId === customerGid && a.currencyCode === currency)?.balanceMinor ?? 0;
}

/** Checkout: pays up to `dueMinor` of an order from the customer's balance (event ORDER_PAYMENT); returns what it paid. */
export function spendStoreCredit(state: ShopState, customerGid: string, currency: string, dueMinor: number, now: string): number {
  const account = [...state.storeCreditAccounts.values()].find((a) => a.ownerId === customerGid && a.currencyCode === currency);
  const paid = Math.min(account?.balanceMinor ?? 0, Math.max(0, dueMinor));
  if (!account || paid <= 0) return 0;
  state.addStoreCreditTransaction(account, { kind: "debit", amountMinor: paid, event: "ORDER_PAYMENT" }, now);
  return paid;
}
