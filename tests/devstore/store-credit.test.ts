/**
 * The fake Admin API's store credit (devstore/admin-api/store-credit.ts) through the app's own adapter
 * (app/shopify/graphql/store-credit.ts): accounts per customer and currency, balances, and Shopify's refusals.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { ShopifyGraphqlError, ShopifyUserError } from "~/shopify/errors";
import { creditStoreCredit, debitStoreCredit, findRecentTransaction, storeCreditErrorCodes } from "~/shopify/graphql/store-credit";
import { storeCreditBalance } from "../../devstore/admin-api/store-credit";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_SHOP } from "../support/test-env";
import { resetDatabase } from "../support/database";

const fake = startFakeAdminApi();
const ANN = "gid://shopify/Customer/1";

async function refusal(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.reset();
  fake.state.addCustomer({ id: ANN, email: "ann@example.com" });
});

describe("store credit in the fake Admin API", () => {
  it("opens an account per currency on the first credit, and debits it", async () => {
    const admin = await adminGraphqlForShop(TEST_SHOP);
    const credited = await creditStoreCredit(admin, { customerGid: ANN, amountMinor: 1250, currency: "USD" });
    expect(credited).toMatchObject({ amountMinor: 1250, balanceAfterMinor: 1250 });
    await creditStoreCredit(admin, { customerGid: ANN, amountMinor: 500, currency: "EUR" });
    const debited = await debitStoreCredit(admin, { customerGid: ANN, amountMinor: 250, currency: "USD" });
    expect(debited.balanceAfterMinor).toBe(1000);
    expect(storeCreditBalance(fake.state, ANN, "USD")).toBe(1000);
    expect(storeCreditBalance(fake.state, ANN, "EUR")).toBe(500);
    expect(await findRecentTransaction(admin, { kind: "debit", customerGid: ANN, amountMinor: 250, currency: "USD", since: new Date(Date.now() - 5000) })).toEqual({ transactionGid: debited.transactionGid });
    expect(await findRecentTransaction(admin, { kind: "credit", customerGid: ANN, amountMinor: 250, currency: "USD", since: new Date(Date.now() - 5000) })).toBeNull();
  });

  it("refuses what Shopify refuses, changing nothing", async () => {
    const admin = await adminGraphqlForShop(TEST_SHOP);
    await creditStoreCredit(admin, { customerGid: ANN, amountMinor: 100, currency: "USD" });
    const insufficient = await refusal(debitStoreCredit(admin, { customerGid: ANN, amountMinor: 101, currency: "USD" }));
    expect(insufficient).toBeInstanceOf(ShopifyUserError);
    expect(storeCreditErrorCodes(insufficient)).toEqual(["INSUFFICIENT_FUNDS"]);
    expect(storeCreditErrorCodes(await refusal(debitStoreCredit(admin, { customerGid: ANN, amountMinor: 1, currency: "CAD" })))).toEqual(["ACCOUNT_NOT_FOUND"]);
    expect(storeCreditErrorCodes(await refusal(creditStoreCredit(admin, { customerGid: "gid://shopify/Customer/999", amountMinor: 1, currency: "USD" })))).toEqual(["OWNER_NOT_FOUND"]);
    const [account] = [...fake.state.storeCreditAccounts.values()];
    const mismatch = await admin<{ storeCreditAccountCredit: { userErrors: { code: string }[] } }>(
      `mutation($id: ID!) { storeCreditAccountCredit(id: $id, creditInput: { creditAmount: { amount: "1.00", currencyCode: EUR } }) { userErrors { code } } }`,
      { id: account?.id },
    );
    expect(mismatch.storeCreditAccountCredit.userErrors).toEqual([{ code: "MISMATCHING_CURRENCY" }]);
    fake.state.storeCreditLimitMinor = 150;
    expect(storeCreditErrorCodes(await refusal(creditStoreCredit(admin, { customerGid: ANN, amountMinor: 51, currency: "USD" })))).toEqual(["CREDIT_LIMIT_EXCEEDED"]);
    expect(storeCreditBalance(fake.state, ANN, "USD")).toBe(100);
  });

  it("answers ACCESS_DENIED without the scope", async () => {
    fake.setScopes(["read_customers", "read_store_credit_accounts"]);
    const admin = await adminGraphqlForShop(TEST_SHOP);
    const denied = await refusal(creditStoreCredit(admin, { customerGid: ANN, amountMinor: 100, currency: "USD" }));
    expect(denied).toBeInstanceOf(ShopifyGraphqlError);
    expect(String(denied)).toContain("write_store_credit_account_transactions");
    expect(fake.state.storeCreditAccounts.size).toBe(0);
  });
});
