/**
 * Mandatory compliance webhooks (customers/data_request, customers/redact, shop/redact) and app/uninstalled
 * through the real route handlers, signed like Shopify signs them, with Shopify's example payloads and a real
 * SQLite database.
 *
 * Rules proven here:
 * - data_request stores one export holding the member's ledger and orders; it never touches the ledger.
 * - customers/redact erases name, email and the link to the Shopify customer, keeps every ledger amount (so
 *   liability still adds up), unlinks the customer's orders and deletes their stored exports. The customer is
 *   never re-identified: a later order of the same Shopify customer makes a new member.
 * - shop/redact deletes every row of the shop in every table and nothing of any other shop.
 * - app/uninstalled ends the shop's sessions and keeps its program data (shop/redact follows 48 hours later).
 * - Every topic rejects a forged signature with 401 before writing anything.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getShopProgram } from "~/loyalty/server/program.server";
import { rebuildShopRollups } from "~/loyalty/server/rollups.server";
import { action as appUninstalled } from "~/routes/webhooks.app.uninstalled";
import { action as customersCreate } from "~/routes/webhooks.customers.create";
import { action as customersDataRequest } from "~/routes/webhooks.customers.data_request";
import { action as customersRedact } from "~/routes/webhooks.customers.redact";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { action as shopRedact } from "~/routes/webhooks.shop.redact";
import { refreshInsightsSnapshot } from "~/loyalty/server/insights.server";
import { launchProgramOf, prisma, resetDatabase } from "../support/database";
import { storeOfflineSession } from "../support/sessions";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest, type DeliveryOptions } from "../support/webhooks";
import { withSafeNumbers } from "~/loyalty/safe-integer";

type Json = Record<string, unknown>;
type Action = typeof ordersPaid;

const OTHER_SHOP = "other-shop.myshopify.com";
// The customer of Shopify's compliance examples (a small numeric id, so the example file holds it exactly).
const CUSTOMER_ID = "191167";
const customerGid = (id: string) => `gid://shopify/Customer/${id}`;
const CUSTOMER_GID = customerGid(CUSTOMER_ID);
// Shopify's example order (its id and line ids as in tests/webhooks/orders.test.ts).
const ORDER_ID = "820982911946154508";
const ORDER_GID = `gid://shopify/Order/${ORDER_ID}`;
// Order GIDs are globally unique: the other shop's history is another order (one GID in two shops is refused).
const OTHER_ORDER_ID = "820982911946154509";
const orderIdOf = (shop: string) => (shop === TEST_SHOP ? ORDER_ID : OTHER_ORDER_ID);
const SIGNUP_BONUS = 100;

/** Shopify's example app/uninstalled payload (the shop object), for the test shop. */
function uninstalledPayload(shop = TEST_SHOP): Json {
  return { ...webhookExample<Json>("app/uninstalled"), myshopify_domain: shop };
}

function shopRedactRequest(shop = TEST_SHOP): Json {
  return { ...webhookExample<Json>("shop/redact"), shop_domain: shop };
}

function send(action: Action, topic: string, payload: unknown, options: DeliveryOptions = {}) {
  return deliver(action, webhookRequest(topic, typeof payload === "string" ? payload : toRawJson(payload), options));
}

/** Shopify's example paid order, bought by customer `customerId` (the example's own customer is someone else). */
function paidOrder(customerId: string, orderId = ORDER_ID): Json {
  const order = webhookExample<Json & { customer: Json; line_items: Json[] }>("orders/paid");
  order.id = exactId(orderId);
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  order.customer.admin_graphql_api_id = customerGid(customerId);
  for (const line of order.line_items) if (line.product_id) line.product_id = exactId("788032119674292922");
  return order;
}

/** Shopify's example new customer, made into customer `customerId`, the person of the compliance examples. */
function createdCustomer(customerId: string): Json {
  const customer = webhookExample<Json>("customers/create");
  customer.id = exactId(customerId);
  customer.admin_graphql_api_id = customerGid(customerId);
  Object.assign(customer, { first_name: "John", last_name: "Smith", email: "john@example.com" });
  return customer;
}

/** A compliance payload for a customer id; a big id goes out as exact digits, as Shopify sends it. */
function complianceRequest(topic: "customers/data_request" | "customers/redact", customerId = CUSTOMER_ID, shop = TEST_SHOP): Json {
  const body = webhookExample<Json & { customer: Json }>(topic);
  body.shop_domain = shop;
  body.customer.id = Number.isSafeInteger(Number(customerId)) ? Number(customerId) : exactId(customerId);
  return body;
}

/** A signup bonus is configured so the history has an entry of each kind (bonus, earn, clawback). */
async function configureSignupBonus(shop: string) {
  await launchProgramOf(shop);
  await getShopProgram(prisma, shop);
  await prisma.program.update({ where: { shop }, data: { signupBonusPoints: SIGNUP_BONUS } });
}

/** The customer joins, buys Shopify's example order and gets one line refunded. */
async function giveHistory(customerId = CUSTOMER_ID, shop = TEST_SHOP) {
  await configureSignupBonus(shop);
  expect((await send(customersCreate, "customers/create", createdCustomer(customerId), { shop })).status).toBe(200);
  expect((await send(ordersPaid, "orders/paid", paidOrder(customerId, orderIdOf(shop)), { shop })).status).toBe(200);
  const refund = webhookExample<Json & { refund_line_items: Json[] }>("refunds/create");
  refund.order_id = exactId(orderIdOf(shop));
  if (shop !== TEST_SHOP) refund.admin_graphql_api_id = "gid://shopify/Refund/929361465";
  refund.refund_line_items = refund.refund_line_items.slice(0, 1);
  expect((await send(refundsCreate, "refunds/create", refund, { shop })).status).toBe(200);
}

function memberOf(gid: string, shop = TEST_SHOP) {
  return prisma.member.findUnique({ where: { shop_customerGid: { shop, customerGid: gid } } });
}

/** The shop's ledger with points as numbers (the column is BigInt), as the app reads it. */
async function ledgerOf(shop = TEST_SHOP) {
  return (await prisma.ledgerEntry.findMany({ where: { shop }, orderBy: [{ createdAt: "asc" }, { idempotencyKey: "asc" }] })).map(withSafeNumbers);
}

/** Every table of the schema, read from the database itself so a table added later is covered too. */
async function allTables(): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%' ORDER BY name`,
  );
  // ShopInstallation holds the shop's own domain and its install dates, no personal data: it outlives shop/redact
  // so that a redelivered shop/redact is still accepted (installations.server.ts).
  return rows.map((row) => row.name).filter((name) => name !== "ShopInstallation");
}

async function rowsOf(table: string, shop: string): Promise<Json[]> {
  return prisma.$queryRawUnsafe<Json[]>(`SELECT * FROM "${table}" WHERE shop = ?`, shop);
}

async function rowCounts(shop: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await allTables()) counts[table] = (await rowsOf(table, shop)).length;
  return counts;
}

/** "Table.column: value" for every value of the shop's rows, in every table, that contains one of `needles`. */
async function tracesOf(shop: string, needles: readonly string[]): Promise<string[]> {
  const traces: string[] = [];
  for (const table of await allTables()) {
    for (const row of await rowsOf(table, shop)) {
      for (const [column, value] of Object.entries(row)) {
        const text = String(value);
        if (needles.some((needle) => text.includes(needle))) traces.push(`${table}.${column}: ${text}`);
      }
    }
  }
  return traces;
}

function sumPoints(entries: readonly { points: number }[]): number {
  return entries.reduce((total, entry) => total + entry.points, 0);
}

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("customers/data_request", () => {
  it("stores an export of the member's ledger and orders, and writes no ledger rows", async () => {
    await giveHistory();
    const before = await ledgerOf();
    expect(before.map((entry) => entry.type)).toEqual(["bonus", "earn", "clawback"]);

    const response = await send(customersDataRequest, "customers/data_request", complianceRequest("customers/data_request"));
    expect(response.status).toBe(200);

    expect(await ledgerOf()).toEqual(before);
    const requests = await prisma.dataRequest.findMany();
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request).toMatchObject({ shop: TEST_SHOP, customerGid: CUSTOMER_GID, requestId: "9999" });
    const exported = JSON.parse(request?.export ?? "null") as {
      customerGid: string;
      member: { displayName: string; email: string; balance: number; ledger: { type: string; points: number; orderGid: string | null }[] };
      orders: { orderGid: string; status: string; earnedPoints: number }[];
    };
    expect(exported.customerGid).toBe(CUSTOMER_GID);
    expect(exported.member).toMatchObject({ displayName: "John Smith", email: "john@example.com", balance: sumPoints(before) });
    expect(exported.member.ledger.map((entry) => [entry.type, entry.points, entry.orderGid])).toEqual(
      before.map((entry) => [entry.type, entry.points, entry.orderGid]),
    );
    expect(exported.orders).toEqual([expect.objectContaining({ orderGid: ORDER_GID, status: "awarded", earnedPoints: before[1]?.points })]);
  });

  it("exports a customer whose id is beyond 2^53 under the exact GID", async () => {
    const bigId = "706405506930370084";
    expect(String(Number(bigId))).not.toBe(bigId);
    await giveHistory(bigId);

    const response = await send(customersDataRequest, "customers/data_request", complianceRequest("customers/data_request", bigId));
    expect(response.status).toBe(200);

    const request = await prisma.dataRequest.findFirst();
    expect(request?.customerGid).toBe(customerGid(bigId));
    const exported = JSON.parse(request?.export ?? "null") as { member: { ledger: unknown[] } | null; orders: unknown[] };
    expect(exported.member?.ledger).toHaveLength(3);
    expect(exported.orders).toHaveLength(1);
  });

  it("stores an empty export for a customer we know nothing about", async () => {
    expect((await send(customersDataRequest, "customers/data_request", complianceRequest("customers/data_request"))).status).toBe(200);
    const exported = JSON.parse((await prisma.dataRequest.findFirst())?.export ?? "null") as { member: unknown; orders: unknown[] };
    expect(exported).toMatchObject({ member: null, orders: [] });
    expect(await prisma.member.count()).toBe(0);
  });

  it("rejects a bad signature with 401 and stores nothing", async () => {
    await giveHistory();
    const response = await send(customersDataRequest, "customers/data_request", complianceRequest("customers/data_request"), {
      secret: "not-the-app-secret",
    });
    expect(response.status).toBe(401);
    expect(await prisma.dataRequest.count()).toBe(0);
  });
});

describe("customers/redact", () => {
  it("erases name, email and the customer link but keeps every ledger amount", async () => {
    await giveHistory();
    const memberBefore = await memberOf(CUSTOMER_GID);
    const ledgerBefore = await ledgerOf();
    expect(memberBefore).toMatchObject({ displayName: "John Smith", email: "john@example.com" });

    const response = await send(customersRedact, "customers/redact", complianceRequest("customers/redact"));
    expect(response.status).toBe(200);

    expect(await memberOf(CUSTOMER_GID)).toBeNull();
    const redacted = await prisma.member.findUnique({ where: { id: memberBefore?.id ?? "" } });
    expect(redacted).toMatchObject({
      customerGid: `redacted:${memberBefore?.id}`,
      displayName: null,
      email: null,
      balance: memberBefore?.balance,
      lifetimeEarned: memberBefore?.lifetimeEarned,
    });
    expect(redacted?.redactedAt).toBeInstanceOf(Date);

    // Liability still adds up: same rows, same amounts, same owner, and the cache still equals the ledger.
    const ledgerAfter = await ledgerOf();
    expect(ledgerAfter.map((entry) => [entry.id, entry.type, entry.points, entry.memberId])).toEqual(
      ledgerBefore.map((entry) => [entry.id, entry.type, entry.points, entry.memberId]),
    );
    expect(BigInt(sumPoints(ledgerAfter))).toBe(redacted?.balance);
  });

  it("unlinks the customer's orders and deletes their stored data exports", async () => {
    await giveHistory();
    await send(customersDataRequest, "customers/data_request", complianceRequest("customers/data_request"));
    expect(await prisma.dataRequest.count()).toBe(1);

    expect((await send(customersRedact, "customers/redact", complianceRequest("customers/redact"))).status).toBe(200);

    expect(await prisma.orderRecord.findUnique({ where: { shop_orderGid: { shop: TEST_SHOP, orderGid: ORDER_GID } } })).toMatchObject({
      customerGid: null,
      status: "awarded",
    });
    expect(await prisma.dataRequest.count()).toBe(0);
  });

  // The redaction must not leave a way back to the person: no row of the shop may still hold the customer's
  // GID, email or name. (The signup bonus' idempotency key is built from the customer GID.)
  it("leaves the customer's GID, email and name in no row of the shop", async () => {
    await giveHistory();
    // Two rows of a points import name the customer: one by email, one by customer id.
    await prisma.pointsImport.create({
      data: {
        shop: TEST_SHOP,
        fileName: "smile.csv",
        source: "smile",
        mapping: "{}",
        status: "preview",
        totalRows: 2,
        validRows: 1,
        errorRows: 1,
        skippedRows: 0,
        validPoints: 5,
        createdAt: new Date(),
        rows: {
          create: [
            { shop: TEST_SHOP, row: 2, keyKind: "email", keyValue: "john@example.com", points: 5, status: "valid" },
            { shop: TEST_SHOP, row: 3, keyKind: "customerId", keyValue: CUSTOMER_GID, points: 6, status: "error", errorCode: "duplicate_row", error: "Duplicate row" },
          ],
        },
      },
    });
    const personalData = [CUSTOMER_GID, "john@example.com", "John Smith"];
    expect((await tracesOf(TEST_SHOP, personalData)).length).toBeGreaterThan(0);

    expect((await send(customersRedact, "customers/redact", complianceRequest("customers/redact"))).status).toBe(200);

    expect(await tracesOf(TEST_SHOP, personalData)).toEqual([]);
  });

  it("never re-identifies the redacted member: a later order of the same customer makes a new member", async () => {
    await giveHistory();
    const original = await memberOf(CUSTOMER_GID);
    await send(customersRedact, "customers/redact", complianceRequest("customers/redact"));

    const laterOrder = "820982911946154999";
    expect((await send(ordersPaid, "orders/paid", paidOrder(CUSTOMER_ID, laterOrder))).status).toBe(200);

    const fresh = await memberOf(CUSTOMER_GID);
    expect(fresh?.id).not.toBe(original?.id);
    expect(fresh).toMatchObject({ displayName: "John Smith", redactedAt: null });
    expect((await ledgerOf()).filter((entry) => entry.memberId === fresh?.id).map((entry) => entry.orderGid)).toEqual([
      `gid://shopify/Order/${laterOrder}`,
    ]);
    const redacted = await prisma.member.findUnique({ where: { id: original?.id ?? "" } });
    expect(redacted).toMatchObject({ displayName: null, email: null, balance: original?.balance });
    expect(redacted?.customerGid).toBe(`redacted:${original?.id}`);
  });

  it("leaves other customers and other shops alone", async () => {
    await giveHistory(CUSTOMER_ID, TEST_SHOP);
    await giveHistory(CUSTOMER_ID, OTHER_SHOP);
    const otherCustomer = customerGid("191168");
    await send(customersCreate, "customers/create", createdCustomer("191168"));

    await send(customersRedact, "customers/redact", complianceRequest("customers/redact"));

    expect(await memberOf(CUSTOMER_GID, OTHER_SHOP)).toMatchObject({ displayName: "John Smith", redactedAt: null });
    expect(await memberOf(otherCustomer)).toMatchObject({ displayName: "John Smith", redactedAt: null });
    expect(
      await prisma.orderRecord.findUnique({ where: { shop_orderGid: { shop: OTHER_SHOP, orderGid: `gid://shopify/Order/${OTHER_ORDER_ID}` } } }),
    ).toMatchObject({ customerGid: CUSTOMER_GID });
  });

  it("answers 200 for a customer we never saw, writing nothing", async () => {
    expect((await send(customersRedact, "customers/redact", complianceRequest("customers/redact"))).status).toBe(200);
    expect(await prisma.member.count()).toBe(0);
  });

  it("rejects a bad signature with 401 and changes nothing", async () => {
    await giveHistory();
    const response = await send(customersRedact, "customers/redact", complianceRequest("customers/redact"), { hmac: "Zm9yZ2Vk" });
    expect(response.status).toBe(401);
    expect(await memberOf(CUSTOMER_GID)).toMatchObject({ displayName: "John Smith", redactedAt: null });
    expect((await prisma.orderRecord.findFirst())?.customerGid).toBe(CUSTOMER_GID);
  });
});

describe("shop/redact", () => {
  /** Both shops get rows in every table: webhooks for most, direct rows for what no webhook here writes. */
  async function fillShop(shop: string) {
    await giveHistory(CUSTOMER_ID, shop);
    await send(customersDataRequest, "customers/data_request", complianceRequest("customers/data_request", CUSTOMER_ID, shop), { shop });
    await prisma.productCache.create({
      data: { shop, productGid: "gid://shopify/Product/788032119674292922", productType: "Sunglasses", collectionGids: "[]", fetchedAt: new Date() },
    });
    await prisma.earningRule.create({ data: { shop, kind: "productType", matchValue: "Sunglasses", label: "Sunglasses", rateMilli: 2000 } });
    const member = await prisma.member.findFirstOrThrow({ where: { shop } });
    const reward = await prisma.reward.findFirstOrThrow({ where: { shop } });
    await prisma.redemption.create({
      data: {
        shop,
        memberId: member.id,
        rewardId: reward.id,
        clientKey: "click",
        code: "PTS-AAAA-BBBB",
        status: "issued",
        pointsCost: reward.pointsCost,
        rewardName: reward.name,
        createdAt: new Date(),
      },
    });
    await storeOfflineSession(shop);
    // Its report rollups built (RollupState), as `npm run rollups:rebuild` does.
    await rebuildShopRollups(prisma, shop, new Date());
    await prisma.shopAuthState.create({ data: { shop, reauthRequiredAt: new Date(), reason: "Shopify refused the app's access token" } });
    // An enrolment of the shop's existing customers (the import page or the launch writes these).
    await prisma.customerEnrolment.create({ data: { shop, trigger: "merchant", status: "done", objectCount: 1, linesDone: 1, membersCreated: 1, createdAt: new Date() } });
    // Its insights snapshot (the insights page and the refresh-insights job write these).
    await refreshInsightsSnapshot(prisma, shop, 12, new Date());
    // A backfill of past orders (the backfill page writes these).
    await prisma.orderBackfill.create({
      data: { shop, mode: "history", fromDate: new Date("2026-01-01"), toDate: new Date("2026-03-31"), status: "done", createdAt: new Date() },
    });
    // Shopify Flow: settings, a member's cursor and a trigger event (the Flow jobs write these).
    await prisma.flowSettings.create({ data: { shop, enabled: JSON.stringify({ points_earned: new Date().toISOString() }) } });
    await prisma.flowCursor.create({ data: { memberId: member.id, shop, entryCreatedAt: new Date(), entryId: "entry", available: 404 } });
    await prisma.flowEvent.create({ data: { shop, memberId: member.id, trigger: "points_earned", eventKey: "earned:entry", payload: "{}", createdAt: new Date() } });
    // What the member bought from, per month, and the product-groups job's cursor (the insights' job writes these).
    await prisma.memberProductGroups.create({ data: { memberId: member.id, month: "2026-11", shop, groups: JSON.stringify(["Snowboards", "Wax"]) } });
    await prisma.productGroupsCursor.create({ data: { shop, entryCreatedAt: new Date(), entryId: "entry" } });
    // A badge the member holds and a challenge they joined (the Badges & challenges page and the engagement job write these).
    const badge = await prisma.badge.create({ data: { shop, name: "First order", icon: "star", criteria: JSON.stringify({ kind: "first_order" }) } });
    await prisma.memberBadge.create({ data: { shop, memberId: member.id, badgeId: badge.id, earnedAt: new Date() } });
    const challenge = await prisma.challenge.create({
      data: { shop, name: "Two orders", goal: JSON.stringify({ kind: "orders", count: 2 }), startsOn: "2026-12-01", endsOn: "2026-12-24", startsAt: new Date(), endsAt: new Date(), rewardPoints: 200 },
    });
    await prisma.challengeMember.create({ data: { shop, memberId: member.id, challengeId: challenge.id, joinedAt: new Date(), goal: 2 } });
    await prisma.cashbackCredit.create({
      data: {
        shop, memberId: member.id, customerGid: member.customerGid, orderGid: `gid://shopify/Order/cashback-${shop}`, currency: "USD", lines: "[]", eligibleMinor: 1000,
        rateBasisPoints: 200, amountMinor: 20, status: "credited", creditedMinor: 20, creditableAt: new Date(), createdAt: new Date(),
        debits: { create: { shop, refundKey: `gid://shopify/Refund/cashback-${shop}`, amountMinor: 0, status: "none", createdAt: new Date() } },
      },
    });
    await prisma.referralSettings.create({ data: { shop, enabled: true } });
    await prisma.referralCode.create({ data: { memberId: member.id, shop, code: "ABCDEFGHJK", createdAt: new Date() } });
    await prisma.referral.create({ data: { shop, referrerMemberId: member.id, referralCode: "ABCDEFGHJK", clickKey: "click", status: "clicked", clickedAt: new Date() } });
    // Birthday and action bonus settings, and the member's birthday (the Program page and the proxy write these).
    await prisma.engagementSettings.create({ data: { shop, birthdayPoints: 200 } });
    await prisma.memberProfile.create({ data: { memberId: member.id, shop, birthMonth: 12, birthDay: 24, birthdaySetAt: new Date() } });
    // A cause and a member's donation to it (the Donations page and the storefront write these).
    const cause = await prisma.donationCause.create({ data: { shop, name: "Ocean cleanup", pointsPerUnit: 100n, minimumPoints: 100n, multiplePoints: 100n } });
    await prisma.donation.create({
      data: { shop, memberId: member.id, causeId: cause.id, causeName: cause.name, clientKey: "donate-1", points: 100n, amountMinor: 100n, currency: "USD", createdAt: new Date() },
    });
    // A points import's dry run (the import page writes these; no webhook does).
    await prisma.pointsImport.create({
      data: {
        shop,
        fileName: "smile.csv",
        source: "smile",
        mapping: "{}",
        status: "preview",
        totalRows: 1,
        validRows: 1,
        errorRows: 0,
        skippedRows: 0,
        validPoints: 5,
        createdAt: new Date(),
        rows: { create: { shop, row: 2, keyKind: "customerId", keyValue: member.customerGid, memberId: member.id, customerGid: member.customerGid, points: 5, status: "valid" } },
      },
    });
  }

  it("deletes every row of the shop in every table and nothing of another shop", async () => {
    await fillShop(TEST_SHOP);
    await fillShop(OTHER_SHOP);
    const otherBefore = await rowCounts(OTHER_SHOP);
    const otherLedgerBefore = await ledgerOf(OTHER_SHOP);
    // The test proves something only if each table has rows of both shops to delete or keep.
    for (const counts of [await rowCounts(TEST_SHOP), otherBefore]) {
      for (const [table, count] of Object.entries(counts)) expect(count, `${table} rows before shop/redact`).toBeGreaterThan(0);
    }

    const response = await send(shopRedact, "shop/redact", shopRedactRequest());
    expect(response.status).toBe(200);

    const emptied = Object.fromEntries(Object.keys(otherBefore).map((table) => [table, 0]));
    expect(await rowCounts(TEST_SHOP)).toEqual(emptied);
    expect(await rowCounts(OTHER_SHOP)).toEqual(otherBefore);
    expect(await ledgerOf(OTHER_SHOP)).toEqual(otherLedgerBefore);
  });

  it("rejects a bad signature with 401 and deletes nothing", async () => {
    await giveHistory();
    const before = await rowCounts(TEST_SHOP);
    const response = await send(shopRedact, "shop/redact", shopRedactRequest(), { secret: "not-the-app-secret" });
    expect(response.status).toBe(401);
    expect(await rowCounts(TEST_SHOP)).toEqual(before);
  });
});

describe("app/uninstalled", () => {
  it("removes the shop's sessions and keeps its program, members and ledger", async () => {
    await giveHistory(CUSTOMER_ID, TEST_SHOP);
    await storeOfflineSession(TEST_SHOP);
    await storeOfflineSession(OTHER_SHOP);
    const before = await rowCounts(TEST_SHOP);
    expect(before.Session).toBe(1);

    const response = await send(appUninstalled, "app/uninstalled", uninstalledPayload());
    expect(response.status).toBe(200);

    expect(await rowCounts(TEST_SHOP)).toEqual({ ...before, Session: 0 });
    expect(await prisma.session.count({ where: { shop: OTHER_SHOP } })).toBe(1);
  });

  it("rejects a bad signature with 401 and keeps the sessions", async () => {
    await storeOfflineSession(TEST_SHOP);
    const response = await send(appUninstalled, "app/uninstalled", uninstalledPayload(), { hmac: "Zm9yZ2Vk" });
    expect(response.status).toBe(401);
    expect(await prisma.session.count()).toBe(1);
  });
});
