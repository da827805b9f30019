/**
 * The dev store sends `bulk_operations/finish` as Shopify does: when a bulk operation completes, fails (or, in the
 * dev store, its file expires), a delivery to the subscription's address in shopify.app.toml, signed with the app
 * secret, with Shopify's payload shape. The app's real route accepts it and the enrolment or backfill job waiting
 * on that operation runs now, without waiting for its next poll (POLL_MS).
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { webhookExample } from "../../devstore/webhooks/examples";
import { installOfflineSession, startTestDevStore } from "../support/devstore";
import { TEST_API_SECRET, TEST_APP_URL } from "../support/test-env";

/** Every request the dev store sent the app, with the app's answer. */
const sent: { url: string; topic: string; hmac: string; webhookId: string; body: string; status: number }[] = [];

const { devstore, shop, close } = await startTestDevStore({
  appFetch: async (request) => {
    const body = await request.clone().text();
    const { appRoutes } = await import("../support/app-routes");
    const response = await appRoutes(request);
    sent.push({
      url: request.url,
      topic: request.headers.get("X-Shopify-Topic") ?? "",
      hmac: request.headers.get("X-Shopify-Hmac-Sha256") ?? "",
      webhookId: request.headers.get("X-Shopify-Webhook-Id") ?? "",
      body,
      status: response.status,
    });
    return response;
  },
});
afterAll(() => close());
const { prisma, resetDatabase } = await import("../support/database");
const { ENROL_CUSTOMERS, POLL_MS, requestEnrolment } = await import("~/loyalty/server/enrolment.server");
const { BACKFILL_ORDERS, requestBackfill } = await import("~/loyalty/server/backfill.server");
const { createJobHandlers } = await import("~/loyalty/server/jobs.server");
const { runDueJobs } = await import("~/loyalty/server/outbox.server");
const { adminGraphqlForShop } = await import("~/shopify/admin-graphql.server");

const FINISH = "bulk_operations/finish";

async function install(): Promise<void> {
  await installOfflineSession(prisma, { devstore, shop });
}

/** Runs the jobs of `kind` that are due at the real time now (never later: no poll interval is skipped). */
async function runDueNow(kind: string) {
  const handlers = createJobHandlers(prisma, adminGraphqlForShop);
  const result = await runDueJobs(prisma, { [kind]: handlers[kind] as NonNullable<(typeof handlers)[string]> }, { now: new Date() });
  expect(result).toMatchObject({ dead: 0, retried: 0 });
  return result;
}

async function waitFor<T>(find: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const found = await find();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const finishDeliveries = () => shop.deliveries.filter((d) => d.topic === FINISH);
const jobOf = (kind: string) => prisma.outboxJob.findFirstOrThrow({ where: { kind } });

beforeEach(async () => {
  await resetDatabase();
  await install();
  sent.length = 0;
  shop.deliveries.length = 0;
  shop.endpoint.bulk.clear();
  // Running until the test finishes it (finishNow), after the app has stored its id and polled it once (RUNNING).
  shop.endpoint.bulk.completionMs = 60_000;
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("the dev store's bulk_operations/finish", () => {
  it("is sent, signed, when the enrolment's operation completes; the route nudges the job, which runs without waiting for its next poll", async () => {
    await requestEnrolment(prisma, { shop: shop.domain, trigger: "merchant", actor: null, now: new Date() });
    const before = Date.now();
    await runDueNow(ENROL_CUSTOMERS); // starts the bulk operation, sees it RUNNING, polls again in POLL_MS
    const enrolment = await prisma.customerEnrolment.findFirstOrThrow();
    expect(enrolment).toMatchObject({ status: "running", bulkOperationId: expect.stringMatching(/^gid:\/\/shopify\/BulkOperation\/\d+$/) });
    const scheduled = (await jobOf(ENROL_CUSTOMERS)).runAfter.getTime();
    expect(scheduled).toBeGreaterThanOrEqual(before + POLL_MS);
    expect(finishDeliveries()).toEqual([]);
    const finishedAt = Date.now();
    expect(shop.endpoint.bulk.finishNow(enrolment.bulkOperationId ?? "")).toBe(true);

    const delivery = await waitFor(() => finishDeliveries().find((d) => d.state !== "delivering"), "the finish webhook");
    expect(delivery).toMatchObject({ topic: FINISH, uri: "/webhooks/bulk_operations/finish", state: "delivered" });
    expect(delivery.attempts.map((a) => a.status)).toEqual([200]);

    // What reached the app: the toml's address, signed over the exact body with the app secret, Shopify's shape.
    const request = sent.find((s) => s.topic === FINISH);
    expect(request).toMatchObject({ url: new URL("/webhooks/bulk_operations/finish", TEST_APP_URL).toString(), status: 200, webhookId: delivery.webhookId });
    expect(request?.hmac).toBe(createHmac("sha256", TEST_API_SECRET).update(request?.body ?? "").digest("base64"));
    const payload = JSON.parse(request?.body ?? "{}") as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual(Object.keys(webhookExample(FINISH)).sort());
    expect(payload).toEqual({
      admin_graphql_api_id: enrolment.bulkOperationId,
      completed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-05:00$/),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-05:00$/),
      error_code: null,
      status: "completed",
      type: "query",
    });

    // The route moved the job to its own now (between the operation's end and this line), not to the poll it had
    // scheduled: it runs (reads the file, enrols) without waiting. (Not "before the poll": a loaded machine can take
    // longer than a poll to deliver.)
    const nudged = (await jobOf(ENROL_CUSTOMERS)).runAfter.getTime();
    expect(nudged).not.toBe(scheduled);
    expect(nudged).toBeGreaterThanOrEqual(finishedAt);
    expect(nudged).toBeLessThanOrEqual(Date.now());
    await runDueNow(ENROL_CUSTOMERS);
    expect(await prisma.customerEnrolment.findFirstOrThrow()).toMatchObject({ status: "done", membersCreated: shop.admin.customers.size });
    expect(await prisma.member.count({ where: { shop: shop.domain } })).toBe(shop.admin.customers.size);
  });

  it("is sent with the error code when the backfill's operation fails; the backfill stops with Shopify's reason at once", async () => {
    shop.endpoint.bulk.failNext("ACCESS_DENIED");
    const now = new Date();
    const { backfill } = await requestBackfill(prisma, {
      shop: shop.domain,
      request: { mode: "history", from: new Date(now.getTime() - 90 * 86_400_000), to: now },
      actor: null,
      now,
    });
    const before = Date.now();
    await runDueNow(BACKFILL_ORDERS);
    const scheduled = (await jobOf(BACKFILL_ORDERS)).runAfter.getTime();
    expect(scheduled).toBeGreaterThanOrEqual(before + POLL_MS);
    const running = await prisma.orderBackfill.findUniqueOrThrow({ where: { id: backfill.id } });
    expect(running).toMatchObject({ status: "running" });
    const finishedAt = Date.now();
    expect(shop.endpoint.bulk.finishNow(running.bulkOperationId ?? "")).toBe(true);

    const delivery = await waitFor(() => finishDeliveries().find((d) => d.state !== "delivering"), "the finish webhook");
    expect(delivery.state).toBe("delivered");
    const row = await prisma.orderBackfill.findUniqueOrThrow({ where: { id: backfill.id } });
    expect(JSON.parse(delivery.body)).toMatchObject({ admin_graphql_api_id: row.bulkOperationId, status: "failed", error_code: "access_denied", completed_at: expect.any(String) });

    const nudged = (await jobOf(BACKFILL_ORDERS)).runAfter.getTime();
    expect(nudged).not.toBe(scheduled);
    expect(nudged).toBeGreaterThanOrEqual(finishedAt);
    await runDueNow(BACKFILL_ORDERS);
    expect(await prisma.orderBackfill.findUniqueOrThrow({ where: { id: backfill.id } })).toMatchObject({
      status: "failed",
      error: expect.stringContaining("failed (ACCESS_DENIED)"),
    });
  });

  it("is sent again when a completed operation's file expires, and answered 200 with no job waiting on it", async () => {
    shop.endpoint.bulk.completionMs = 0;
    await requestEnrolment(prisma, { shop: shop.domain, trigger: "merchant", actor: null, now: new Date() });
    for (let i = 0; i < 3 && (await prisma.customerEnrolment.findFirstOrThrow()).status !== "done"; i++) {
      await runDueJobs(prisma, { [ENROL_CUSTOMERS]: createJobHandlers(prisma, adminGraphqlForShop)[ENROL_CUSTOMERS] as NonNullable<ReturnType<typeof createJobHandlers>[string]> }, { now: new Date(Date.now() + (i + 1) * POLL_MS) });
    }
    const { bulkOperationId } = await prisma.customerEnrolment.findFirstOrThrow();
    const completed = await waitFor(() => finishDeliveries().find((d) => d.state === "delivered"), "the completed webhook");
    expect(JSON.parse(completed.body)).toMatchObject({ admin_graphql_api_id: bulkOperationId, status: "completed" });

    shop.endpoint.bulk.expire(bulkOperationId ?? "");
    shop.endpoint.bulk.expire(bulkOperationId ?? ""); // once only
    const expired = await waitFor(() => finishDeliveries().find((d) => d !== completed && d.state !== "delivering"), "the expired webhook");
    expect(expired).toMatchObject({ state: "delivered" });
    expect(JSON.parse(expired.body)).toMatchObject({ admin_graphql_api_id: bulkOperationId, status: "expired", error_code: null });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(finishDeliveries()).toHaveLength(2);
    expect(sent.filter((s) => s.topic === FINISH).map((s) => s.status)).toEqual([200, 200]);
  });
});
