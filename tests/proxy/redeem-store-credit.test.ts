/**
 * The "store credit" reward kind (ADR 038) through the storefront's signed redeem route: points for an amount of
 * Shopify store credit, issued with storeCreditAccountCredit by the same reserve → issue → settle flow as codes.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { settleRedemption } from "~/loyalty/server/redemptions.server";
import { withSafeNumbers } from "~/loyalty/safe-integer";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as redeem } from "~/routes/proxy.redeem";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { storeCreditBalance } from "../../devstore/admin-api/store-credit";
import { proxyRequest } from "../support/app-proxy";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi();
const CUSTOMER_ID = "115310627314723954";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER_ID}`;

async function postRedeem(body: unknown) {
  let response: Response;
  try {
    response = await redeem({ request: proxyRequest("redeem", { customerId: CUSTOMER_ID, method: "POST", body }), params: {}, context: {} });
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    response = thrown;
  }
  return { status: response.status, body: (await response.json()) as { redemption?: { status: string }; member?: { balance: number }; error?: string } };
}

let rewardId: string;

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.reset();
  fake.state.addCustomer({ id: CUSTOMER_GID, email: "john@example.com" });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.id = exactId("820982911946154508");
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200); // 404 points
  const reward = await prisma.reward.create({ data: { shop: TEST_SHOP, name: "$3 store credit", kind: "store_credit", pointsCost: 300, amountMinor: 300, expiryDays: 30 } });
  rewardId = reward.id;
});

const member = async () => withSafeNumbers(await prisma.member.findUniqueOrThrow({ where: { shop_customerGid: { shop: TEST_SHOP, customerGid: CUSTOMER_GID } } }));

describe("a store credit reward", () => {
  it("spends the points and credits the shopper's store credit account once", async () => {
    const first = await postRedeem({ rewardId, idempotencyKey: "click-1" });
    expect(first.status).toBe(200);
    expect((await prisma.redemption.findFirstOrThrow()).status).toBe("issued");
    const again = await postRedeem({ rewardId, idempotencyKey: "click-1" });
    expect(again.status).toBe(200);
    expect(storeCreditBalance(fake.state, CUSTOMER_GID, "USD")).toBe(300);
    expect((await member()).balance).toBe(104);
    const redemption = await prisma.redemption.findFirstOrThrow();
    expect(redemption.discountGid).toMatch(/^gid:\/\/shopify\/StoreCreditAccountCreditTransaction\//);
    // A store credit never expires as a code does: no expiry job.
    expect(await prisma.outboxJob.count({ where: { kind: "expire-redemption" } })).toBe(0);
  });

  it("gives the points back when Shopify refuses the credit (missing scope)", async () => {
    fake.setScopes(["read_customers"]);
    const refused = await postRedeem({ rewardId, idempotencyKey: "click-2" });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect((await member()).balance).toBe(404);
    expect((await prisma.redemption.findFirstOrThrow()).status).toBe("failed");
    expect(storeCreditBalance(fake.state, CUSTOMER_GID, "USD")).toBe(0);
  });

  it("settles a lost answer by finding the credit at Shopify (issued), never crediting twice", async () => {
    fake.failNext(1, "lost-response");
    const pending = await postRedeem({ rewardId, idempotencyKey: "click-3" });
    const redemption = await prisma.redemption.findFirstOrThrow();
    if (redemption.status === "pending") {
      expect(pending.status).toBeGreaterThanOrEqual(400);
      const settled = await settleRedemption(prisma, adminGraphqlForShop, redemption.id, new Date());
      expect(settled.status).toBe("issued");
    } else {
      expect(redemption.status).toBe("issued");
    }
    expect(storeCreditBalance(fake.state, CUSTOMER_GID, "USD")).toBe(300);
    expect((await member()).balance).toBe(104);
  });
});
