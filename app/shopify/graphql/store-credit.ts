/**
 * Shopify store credit: credits (cash-back, the "store credit" reward) and debits (a refund's share of a cash-back).
 *
 * Rules:
 * - Both mutations take the customer's GID as `id` (the account owner): Shopify finds, or for a credit creates, the
 *   customer's account in the currency sent. Accounts are per currency; a debit in a currency the customer has no
 *   account in is ACCOUNT_NOT_FOUND.
 * - They need the `write_store_credit_account_transactions` scope; reading accounts needs
 *   `read_store_credit_accounts`. Without it Shopify answers a top-level ACCESS_DENIED error (ShopifyGraphqlError).
 * - Money is shop minor units sent as an exact Decimal string from the currency's exponent (discounts.ts does the
 *   same), never a float; amounts must be above zero (refused here before any request).
 * - Neither mutation is idempotent at Shopify (their descriptions do not document `@idempotent`): a caller whose
 *   request got no answer looks the transaction up with `findRecentTransaction` before sending it again.
 * - userErrors become ShopifyUserError (codes kept: INSUFFICIENT_FUNDS, MISMATCHING_CURRENCY, CREDIT_LIMIT_EXCEEDED…);
 *   transport failures keep the classes of `../errors`.
 * - Query cost by the documented rules: each mutation 10; STORE_CREDIT_ACCOUNTS 2 + 5 × (1 + 25) = 132;
 *   STORE_CREDIT_BALANCES 23 (the customer, the connection, 10 accounts and their balances: the Rewards page).
 */
import { LoyaltyError } from "~/loyalty/errors";
import { currencyExponent, minorToDecimalString, toMinorUnits } from "~/loyalty/money";
import type { AdminGraphql } from "../admin-graphql.server";
import { throwIfUserErrors, type UserErrorDetail } from "../errors";

export const STORE_CREDIT_ACCOUNT_CREDIT = `#graphql
  mutation CreditStoreCreditAccount($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {
    storeCreditAccountCredit(id: $id, creditInput: $creditInput) {
      storeCreditAccountTransaction {
        id
        amount { amount currencyCode }
        balanceAfterTransaction { amount currencyCode }
      }
      userErrors { field message code }
    }
  }
`;

export const STORE_CREDIT_ACCOUNT_DEBIT = `#graphql
  mutation DebitStoreCreditAccount($id: ID!, $debitInput: StoreCreditAccountDebitInput!) {
    storeCreditAccountDebit(id: $id, debitInput: $debitInput) {
      storeCreditAccountTransaction {
        id
        amount { amount currencyCode }
        balanceAfterTransaction { amount currencyCode }
      }
      userErrors { field message code }
    }
  }
`;

/** The customer's account in one currency, with its latest transactions (newest first). */
export const STORE_CREDIT_ACCOUNTS = `#graphql
  query StoreCreditAccounts($id: ID!, $query: String!) {
    customer(id: $id) {
      storeCreditAccounts(first: 5, query: $query) {
        nodes {
          id
          balance { amount currencyCode }
          transactions(first: 25, reverse: true) {
            nodes {
              __typename
              amount { amount currencyCode }
              createdAt
              ... on Node { id }
            }
          }
        }
      }
    }
  }
`;

/** The customer's balances, one per currency account (a customer rarely has more than a few). */
export const STORE_CREDIT_BALANCES = `#graphql
  query StoreCreditBalances($id: ID!) {
    customer(id: $id) {
      storeCreditAccounts(first: 10) {
        nodes {
          balance { amount currencyCode }
        }
      }
    }
  }
`;

export interface StoreCreditInput {
  customerGid: string;
  amountMinor: number;
  currency: string;
}

export interface StoreCreditTransaction {
  transactionGid: string;
  amountMinor: number;
  balanceAfterMinor: number;
}

interface MoneyV2 {
  amount: string;
  currencyCode: string;
}

interface TransactionPayload {
  storeCreditAccountTransaction: { id: string; amount: MoneyV2; balanceAfterTransaction: MoneyV2 } | null;
  userErrors: UserErrorDetail[];
}

interface AccountsResult {
  customer: {
    storeCreditAccounts: {
      nodes: { id: string; balance: MoneyV2; transactions: { nodes: { __typename: string; id: string; amount: MoneyV2; createdAt: string }[] } }[];
    };
  } | null;
}

/** The GraphQL MoneyInput of an amount in minor units. */
export function buildMoneyInput(amountMinor: number, currency: string): { amount: string; currencyCode: string } {
  const currencyCode = currency.trim().toUpperCase();
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    throw new LoyaltyError("INVALID_INPUT", `A store credit amount must be a whole number of minor units above zero, got ${amountMinor}`);
  }
  return { amount: minorToDecimalString(amountMinor, currencyExponent(currencyCode)), currencyCode };
}

function requireCustomer(customerGid: string): void {
  if (!/^gid:\/\/shopify\/Customer\/\d+$/.test(customerGid)) throw new LoyaltyError("INVALID_INPUT", `"${customerGid}" is not a customer GID`);
}

function transactionOf(operation: string, payload: TransactionPayload | null | undefined): StoreCreditTransaction {
  throwIfUserErrors(operation, payload?.userErrors);
  const transaction = payload?.storeCreditAccountTransaction;
  if (!transaction) throw new Error(`${operation} answered neither a transaction nor userErrors`);
  return {
    transactionGid: transaction.id,
    amountMinor: toMinorUnits(transaction.amount.amount, transaction.amount.currencyCode),
    balanceAfterMinor: toMinorUnits(transaction.balanceAfterTransaction.amount, transaction.balanceAfterTransaction.currencyCode),
  };
}

/** Adds store credit to the customer's account in `currency` (created by Shopify if the customer has none). */
export async function creditStoreCredit(admin: AdminGraphql, input: StoreCreditInput): Promise<StoreCreditTransaction> {
  requireCustomer(input.customerGid);
  const creditInput = { creditAmount: buildMoneyInput(input.amountMinor, input.currency), notify: false };
  const result = await admin<{ storeCreditAccountCredit: TransactionPayload | null }>(STORE_CREDIT_ACCOUNT_CREDIT, { id: input.customerGid, creditInput });
  return transactionOf("storeCreditAccountCredit", result.storeCreditAccountCredit);
}

/** Takes store credit back from the customer's account in `currency`. */
export async function debitStoreCredit(admin: AdminGraphql, input: StoreCreditInput): Promise<StoreCreditTransaction> {
  requireCustomer(input.customerGid);
  const debitInput = { debitAmount: buildMoneyInput(input.amountMinor, input.currency) };
  const result = await admin<{ storeCreditAccountDebit: TransactionPayload | null }>(STORE_CREDIT_ACCOUNT_DEBIT, { id: input.customerGid, debitInput });
  return transactionOf("storeCreditAccountDebit", result.storeCreditAccountDebit);
}

/**
 * The customer's store credit balance in each currency they have an account in (sorted by currency; empty for a
 * customer Shopify does not know or who has none). Zero balances are kept: the shopper had credit and spent it.
 */
export async function getStoreCreditBalances(admin: AdminGraphql, customerGid: string): Promise<{ currency: string; amountMinor: number }[]> {
  requireCustomer(customerGid);
  const result = await admin<{ customer: { storeCreditAccounts: { nodes: { balance: MoneyV2 }[] } } | null }>(STORE_CREDIT_BALANCES, { id: customerGid });
  return (result.customer?.storeCreditAccounts.nodes ?? [])
    .map(({ balance }) => ({ currency: balance.currencyCode, amountMinor: toMinorUnits(balance.amount, balance.currencyCode) }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

/** How far Shopify's clock may be behind ours when matching a transaction to the time we sent it. */
const CLOCK_SKEW_MS = 60_000;

/**
 * A credit or debit of exactly `amountMinor` in `currency` made at or after `since` on the customer's account
 * (among its 25 latest transactions), or null: what a caller whose request got no answer asks before sending again.
 */
export async function findRecentTransaction(
  admin: AdminGraphql,
  input: StoreCreditInput & { kind: "credit" | "debit"; since: Date; exclude?: readonly string[] },
): Promise<{ transactionGid: string } | null> {
  requireCustomer(input.customerGid);
  const currency = input.currency.trim().toUpperCase();
  const result = await admin<AccountsResult>(STORE_CREDIT_ACCOUNTS, { id: input.customerGid, query: `currency_code:${currency}` });
  const typename = input.kind === "credit" ? "StoreCreditAccountCreditTransaction" : "StoreCreditAccountDebitTransaction";
  for (const account of result.customer?.storeCreditAccounts.nodes ?? []) {
    if (account.balance.currencyCode !== currency) continue;
    for (const transaction of account.transactions.nodes) {
      if (transaction.__typename !== typename || input.exclude?.includes(transaction.id)) continue;
      // Debits are answered as negative amounts by some API versions: compare magnitudes.
      const amount = Math.abs(toMinorUnits(transaction.amount.amount, transaction.amount.currencyCode));
      if (amount === input.amountMinor && Date.parse(transaction.createdAt) >= input.since.getTime() - CLOCK_SKEW_MS) return { transactionGid: transaction.id };
    }
  }
  return null;
}

/** The userError codes of a ShopifyUserError thrown by these mutations (empty for any other error). */
export function storeCreditErrorCodes(error: unknown): string[] {
  const userErrors = (error as { userErrors?: readonly UserErrorDetail[] } | null)?.userErrors;
  return Array.isArray(userErrors) ? userErrors.map((e) => e.code ?? "").filter(Boolean) : [];
}
