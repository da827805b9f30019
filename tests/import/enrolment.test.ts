/**
 * Enrolling the shop's existing customers, through the real Import page route and the real outbox job, against the
 * fake Admin API's bulk operations (real 2026-10 schema: the mutation, `node(id:)` polling, the JSONL file at the
 * operation's URL) on a real database (SQLite here, PostgreSQL under `npm run test:postgres`).
 *
 * Rules proven here:
 * - The merchant's button queues one enrolment and one job; asking again while it runs returns the same one.
 * - The job starts one bulk query, waits while Shopify runs it (the job reschedules itself), then reads the JSONL:
 *   every customer becomes a member with the GID, email and name only, and no points (no signup bonus).
 * - Run again, it creates nothing twice: existing members are counted as such and left untouched.
 * - Stopped mid-file (a crash after a committed chunk), the job resumes after the last committed line; with its
 *   cursor lost, it reads from the first line and still creates no duplicate.
 * - A failed operation marks the enrolment failed with Shopify's reason; it can be started again. An expired
 *   result URL starts a new operation.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ENROL_CUSTOMERS, runEnrolment } from "~/loyalty/server/enrolment.server";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { runDueJobs } from "~/loyalty/server/outbox.server";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { CUSTOMERS_BULK_QUERY } from "~/shopify/graphql/bulk-customers";
import * as importPage from "~/routes/app.import._index";
import { action as homeAction, loader as homeLoader } from "~/routes/app._index";
import { adminRequest, callRoute } from "../support/admin";
import { validateAdminOperation } from "../support/admin-schema";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_SHOP } from "../support/test-env";
import { answerOf, callAs } from "../members/support";

const fake = startFakeAdminApi(); // already listening (tests/support/setup-env.ts)
const handlers = createJobHandlers(prisma, adminGraphqlForShop);
const gid = (n: number) => `gid://shopify/Customer/${n}`;

function addCustomers(count: number, from = 1) {
  for (let n = from; n < from + count; n++) {
    fake.state.addCustomer({ id: gid(n), email: n % 10 === 0 ? null : `Customer${n}@Example.com`, firstName: `First${n}`, lastName: n % 7 === 0 ? "" : `Last${n}` });
  }
}

async function startFromPage() {
  return answerOf<{ ok: boolean; enrolment?: { id: string; status: string } }>(await callAs(importPage.action, "/app/import", {}, { form: { intent: "enrol" } }));
}

async function pageEnrolment() {
  const page = (await callAs(importPage.loader, "/app/import", {})) as Awaited<ReturnType<typeof importPage.loader>>;
  return page.enrolment;
}

/**
 * The outbox as the running app drives it (only the enrolment's job), stepped on until nothing is due; the clock
 * (the fake Admin API's too) moves 5 s between rounds, so a running bulk operation completes as at Shopify.
 */
async function runEnrolmentJobs() {
  for (let round = 0; round < 20; round++) {
    const now = new Date();
    const result = await runDueJobs(prisma, { [ENROL_CUSTOMERS]: handlers[ENROL_CUSTOMERS] as NonNullable<(typeof handlers)[string]> }, { now });
    expect(result.dead).toBe(0);
    const pending = await prisma.outboxJob.count({ where: { kind: ENROL_CUSTOMERS, doneAt: null, deadAt: null } });
    if (pending === 0) return;
    vi.setSystemTime(now.getTime() + 5_000);
  }
  throw new Error("The enrolment job did not finish in 20 rounds");
}

async function memberRows() {
  return prisma.member.findMany({ where: { shop: TEST_SHOP }, orderBy: { customerGid: "asc" } });
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-12-06T03:00:00Z"));
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  fake.bulk.completionMs = 0;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("the customers' bulk query", () => {
  it("is valid against the real Admin schema", () => {
    expect(validateAdminOperation(CUSTOMERS_BULK_QUERY)).toEqual([]);
  });
});

describe("enrolling the existing customers", () => {
  it("creates a member per customer, with no points and nothing but the GID, email and name", async () => {
    addCustomers(25);
    await prisma.member.create({ data: { shop: TEST_SHOP, customerGid: gid(3), email: "kept@example.com", displayName: "Kept" } });
    fake.bulk.completionMs = 8_000; // Shopify takes a moment: the job polls
    const started = await startFromPage();
    expect(started).toMatchObject({ status: 200, body: { ok: true, enrolment: { status: "queued" } } });
    expect(await prisma.outboxJob.count({ where: { kind: ENROL_CUSTOMERS } })).toBe(1);
    // Asking again while it runs: the same enrolment, no second job.
    const again = await startFromPage();
    expect(again.body.enrolment?.id).toBe(started.body.enrolment?.id);
    expect(await prisma.outboxJob.count({ where: { kind: ENROL_CUSTOMERS } })).toBe(1);

    await runEnrolmentJobs();
    const runs = fake.operations.filter((o) => o.name === "BulkOperationRunQuery");
    expect(runs).toHaveLength(1);
    expect(fake.operations.filter((o) => o.name === "BulkOperationStatus").length).toBeGreaterThan(1); // polled while running
    expect(fake.operations.filter((o) => o.outcome !== "ok")).toEqual([]);

    const members = await memberRows();
    expect(members).toHaveLength(25);
    const seven = members.find((m) => m.customerGid === gid(7));
    expect(seven).toMatchObject({ email: "Customer7@Example.com", displayName: "First7", balance: 0n, lifetimeEarned: 0n, tierId: null });
    expect(members.find((m) => m.customerGid === gid(10))).toMatchObject({ email: null, displayName: "First10 Last10" });
    expect(members.find((m) => m.customerGid === gid(3))).toMatchObject({ email: "kept@example.com", displayName: "Kept" });
    expect(await prisma.ledgerEntry.count()).toBe(0);

    expect(await pageEnrolment()).toMatchObject({
      status: "done",
      total: 25,
      linesDone: 25,
      membersCreated: 24,
      membersExisting: 1,
      progress: { percent: 100, etaSeconds: 0 },
    });
  });

  it("creates nothing twice when run again, and counts the members that exist", async () => {
    addCustomers(12);
    await startFromPage();
    await runEnrolmentJobs();
    const first = await memberRows();
    addCustomers(3, 100);
    const second = await startFromPage();
    expect(second.body.enrolment?.status).toBe("queued");
    await runEnrolmentJobs();
    const after = await memberRows();
    expect(after).toHaveLength(15);
    for (const member of first) expect(after.find((m) => m.id === member.id)).toEqual(member);
    expect(await pageEnrolment()).toMatchObject({ status: "done", membersCreated: 3, membersExisting: 12 });
  });

  it("resumes after a crash from the last committed line, and creates no duplicate when the cursor is lost", async () => {
    addCustomers(10);
    const { body } = await startFromPage();
    const id = body.enrolment?.id ?? "";
    const admin = await adminGraphqlForShop(TEST_SHOP);
    const crash = new Error("the process died");
    const now = new Date();
    await expect(
      runEnrolment(prisma, admin, id, now, {
        chunkLines: 3,
        afterChunk: (linesDone) => {
          if (linesDone === 6) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    expect(await prisma.member.count()).toBe(6);
    expect(await prisma.customerEnrolment.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "downloading", linesDone: 6, membersCreated: 6 });

    // Resumed: it reads the same file after line 6.
    await runEnrolment(prisma, admin, id, now, { chunkLines: 3 });
    expect(await memberRows()).toHaveLength(10);
    expect(await prisma.customerEnrolment.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "done", linesDone: 10, membersCreated: 10, membersExisting: 0 });
    expect(fake.operations.filter((o) => o.name === "BulkOperationRunQuery")).toHaveLength(1);

    // As if the cursor were lost: the whole file again, and still one member per customer.
    await prisma.customerEnrolment.update({ where: { id }, data: { status: "downloading", linesDone: 0 } });
    await runEnrolment(prisma, admin, id, now, { chunkLines: 4 });
    const members = await memberRows();
    expect(members.map((m) => m.customerGid)).toEqual([...new Set(members.map((m) => m.customerGid))]);
    expect(members).toHaveLength(10);
    expect(await prisma.customerEnrolment.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "done", membersCreated: 10, membersExisting: 10 });
  });

  it("reports a failed bulk operation with Shopify's reason, and can be started again", async () => {
    addCustomers(4);
    fake.bulk.failNext("TIMEOUT");
    await startFromPage();
    await runEnrolmentJobs();
    expect(await pageEnrolment()).toMatchObject({ status: "failed", error: expect.stringContaining("failed (TIMEOUT)") });
    expect(await prisma.member.count()).toBe(0);

    await startFromPage();
    await runEnrolmentJobs();
    expect(await pageEnrolment()).toMatchObject({ status: "done", membersCreated: 4 });
  });

  it("reports an expired bulk operation, and can be started again", async () => {
    addCustomers(5);
    fake.bulk.completionMs = 60_000;
    const { body } = await startFromPage();
    const id = body.enrolment?.id ?? "";
    await runDueJobs(prisma, { [ENROL_CUSTOMERS]: handlers[ENROL_CUSTOMERS] as NonNullable<(typeof handlers)[string]> }, { now: new Date() });
    const operationId = (await prisma.customerEnrolment.findUniqueOrThrow({ where: { id } })).bulkOperationId ?? "";
    fake.bulk.expire(operationId);
    await runEnrolmentJobs();
    expect(await pageEnrolment()).toMatchObject({ status: "failed", error: expect.stringContaining("expired") });
    fake.bulk.completionMs = 0;
    await startFromPage();
    await runEnrolmentJobs();
    expect(await pageEnrolment()).toMatchObject({ status: "done", membersCreated: 5 });
  });

  it("starts a new bulk operation when the result file can no longer be downloaded", async () => {
    addCustomers(5);
    const { body } = await startFromPage();
    const id = body.enrolment?.id ?? "";
    const admin = await adminGraphqlForShop(TEST_SHOP);
    // Its signed URL refused (403), as once it has expired: the job reads the customers again.
    await runEnrolment(prisma, admin, id, new Date(), { download: async () => new Response("<Error><Code>AccessDenied</Code></Error>", { status: 403 }) });
    expect(await prisma.customerEnrolment.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "running", bulkOperationId: null });
    await runEnrolmentJobs();
    expect(fake.operations.filter((o) => o.name === "BulkOperationRunQuery")).toHaveLength(2);
    expect(await pageEnrolment()).toMatchObject({ status: "done", membersCreated: 5 });
  });

  it("enrols a shop without customers as done, with nothing to read", async () => {
    await startFromPage();
    await runEnrolmentJobs();
    expect(await pageEnrolment()).toMatchObject({ status: "done", total: 0, membersCreated: 0, progress: { percent: 100 } });
  });

  it("is queued when the program is first launched, and not when a paused program is launched again", async () => {
    await resetDatabase({ program: "none" });
    await storeOfflineSession(TEST_SHOP);
    addCustomers(6);
    const home = async (form: Record<string, string>) => {
      const response = (await callRoute(homeAction, await adminRequest("/app", { form }))) as Response;
      expect(response.status).toBe(200);
    };
    await callRoute(homeLoader, await adminRequest("/app"));
    for (const step of ["earning", "rewards", "tiers"]) await home({ intent: "review", step });
    await home({ intent: "launch" });
    expect(await pageEnrolment()).toMatchObject({ trigger: "launch", status: "queued" });
    await runEnrolmentJobs();
    expect(await pageEnrolment()).toMatchObject({ trigger: "launch", status: "done", membersCreated: 6 });
    expect(await prisma.ledgerEntry.count()).toBe(0); // no signup bonus for customers the shop already had

    await home({ intent: "pause" });
    await home({ intent: "launch" });
    expect(await prisma.customerEnrolment.count()).toBe(1);
  });
});
