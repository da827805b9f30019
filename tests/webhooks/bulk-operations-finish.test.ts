/**
 * `bulk_operations/finish` through the real route: signed as Shopify signs it (its documented example payload), it
 * moves the job waiting on that operation to now — a backfill's or an enrolment's — and nothing else: another
 * shop's operation, an unknown one, a previewed backfill. A forged signature is refused before anything is read.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { action } from "~/routes/webhooks.bulk_operations.finish";
import { BACKFILL_ORDERS } from "~/loyalty/server/backfill.server";
import { ENROL_CUSTOMERS } from "~/loyalty/server/enrolment.server";
import { enqueueJob } from "~/loyalty/server/outbox.server";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";
import { deliver, webhookExample, webhookRequest } from "../support/webhooks";

const OPERATION = "gid://shopify/BulkOperation/147595010";
const LATER = new Date(Date.now() + 60 * 60 * 1000);

function finished(operationGid = OPERATION) {
  return JSON.stringify({ ...webhookExample("bulk_operations/finish"), admin_graphql_api_id: operationGid });
}

async function waitingBackfill(shop: string, status: string, operationGid = OPERATION) {
  const row = await prisma.orderBackfill.create({
    data: { shop, mode: "award", fromDate: new Date("2026-01-01"), toDate: new Date("2026-02-01"), status, bulkOperationId: operationGid, createdAt: new Date() },
  });
  await enqueueJob(prisma, { shop, kind: BACKFILL_ORDERS, dedupeKey: row.id, payload: { backfillId: row.id }, now: new Date(), runAfter: LATER });
  return row.id;
}

const runAfterOf = async (kind: string, dedupeKey: string) => (await prisma.outboxJob.findUniqueOrThrow({ where: { kind_dedupeKey: { kind, dedupeKey } } })).runAfter;

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("bulk_operations/finish", () => {
  it("runs the waiting backfill's job now, and the enrolment's; leaves a previewed backfill and other shops' jobs alone", async () => {
    const running = await waitingBackfill(TEST_SHOP, "running");
    const previewed = await waitingBackfill(TEST_SHOP, "previewed", "gid://shopify/BulkOperation/9");
    const elsewhere = await waitingBackfill("other-shop.myshopify.com", "running");
    const enrolment = await prisma.customerEnrolment.create({ data: { shop: TEST_SHOP, trigger: "merchant", status: "running", bulkOperationId: OPERATION, createdAt: new Date() } });
    await enqueueJob(prisma, { shop: TEST_SHOP, kind: ENROL_CUSTOMERS, dedupeKey: enrolment.id, payload: { enrolmentId: enrolment.id }, now: new Date(), runAfter: LATER });

    const before = Date.now();
    const response = await deliver(action, webhookRequest("bulk_operations/finish", finished()));
    expect(response.status).toBe(200);
    expect((await runAfterOf(BACKFILL_ORDERS, running)).getTime()).toBeLessThanOrEqual(Date.now());
    expect((await runAfterOf(BACKFILL_ORDERS, running)).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await runAfterOf(ENROL_CUSTOMERS, enrolment.id)).getTime()).toBeLessThanOrEqual(Date.now());
    expect(await runAfterOf(BACKFILL_ORDERS, elsewhere)).toEqual(LATER);
    expect(await runAfterOf(BACKFILL_ORDERS, previewed)).toEqual(LATER);
  });

  it("answers an operation no job waits on with 200 and changes nothing", async () => {
    const running = await waitingBackfill(TEST_SHOP, "running");
    const response = await deliver(action, webhookRequest("bulk_operations/finish", finished("gid://shopify/BulkOperation/1")));
    expect(response.status).toBe(200);
    expect(await runAfterOf(BACKFILL_ORDERS, running)).toEqual(LATER);
  });

  it("refuses a forged signature (401) and a payload without an operation GID (400), moving nothing", async () => {
    const running = await waitingBackfill(TEST_SHOP, "running");
    expect((await deliver(action, webhookRequest("bulk_operations/finish", finished(), { hmac: "Zm9yZ2Vk" }))).status).toBe(401);
    expect((await deliver(action, webhookRequest("bulk_operations/finish", JSON.stringify({ admin_graphql_api_id: "gid://shopify/Order/1" })))).status).toBe(400);
    expect(await runAfterOf(BACKFILL_ORDERS, running)).toEqual(LATER);
  });
});
