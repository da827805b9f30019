/**
 * Enrolment through the real job against the dev store over real HTTP (the app's Admin API client, the bulk
 * operation, its JSONL downloaded from the dev store's URL), run twice to show it creates nothing twice.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { installOfflineSession, startTestDevStore } from "../support/devstore";

const { devstore, shop, close } = await startTestDevStore();
afterAll(() => close());
const { prisma, resetDatabase } = await import("../support/database");
const { ENROL_CUSTOMERS, requestEnrolment } = await import("~/loyalty/server/enrolment.server");
const { createJobHandlers } = await import("~/loyalty/server/jobs.server");
const { runDueJobs } = await import("~/loyalty/server/outbox.server");
const { adminGraphqlForShop } = await import("~/shopify/admin-graphql.server");

async function install(): Promise<void> {
  await installOfflineSession(prisma, { devstore, shop });
}

async function runJobs() {
  const handlers = createJobHandlers(prisma, adminGraphqlForShop);
  for (let round = 0; round < 10; round++) {
    const result = await runDueJobs(prisma, { [ENROL_CUSTOMERS]: handlers[ENROL_CUSTOMERS] as NonNullable<(typeof handlers)[string]> }, { now: new Date(Date.now() + round * 5_000) });
    const job = await prisma.outboxJob.findFirst({ where: { kind: ENROL_CUSTOMERS }, orderBy: { createdAt: "desc" } });
    expect({ result, lastError: job?.lastError ?? null }).toMatchObject({ result: { dead: 0, retried: 0 }, lastError: null });
    if (job?.doneAt) return;
  }
  throw new Error("The enrolment job did not finish");
}

describe("enrolment against the dev store", () => {
  it("makes every dev store customer a member, once", async () => {
    await resetDatabase();
    vi.spyOn(console, "info").mockImplementation(() => undefined);
    await install();
    const customers = [...shop.admin.customers.values()];
    expect(customers.length).toBeGreaterThan(5);

    await requestEnrolment(prisma, { shop: shop.domain, trigger: "merchant", actor: null, now: new Date() });
    await runJobs();
    const members = await prisma.member.findMany({ where: { shop: shop.domain }, orderBy: { customerGid: "asc" } });
    expect(members.map((m) => m.customerGid).sort()).toEqual(customers.map((c) => c.id).sort());
    expect(await prisma.customerEnrolment.findFirst()).toMatchObject({ status: "done", objectCount: customers.length, membersCreated: customers.length });

    await requestEnrolment(prisma, { shop: shop.domain, trigger: "merchant", actor: null, now: new Date() });
    await runJobs();
    expect(await prisma.member.findMany({ where: { shop: shop.domain }, orderBy: { customerGid: "asc" } })).toEqual(members);
    expect(await prisma.customerEnrolment.findFirst({ orderBy: { createdAt: "desc" } })).toMatchObject({ status: "done", membersCreated: 0, membersExisting: customers.length });
  });
});
