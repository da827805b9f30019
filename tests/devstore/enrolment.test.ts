/**
 * Enrolment through the real job against the dev store over real HTTP (the app's Admin API client, the bulk
 * operation, its JSONL downloaded from the dev store's URL), run twice to show it creates nothing twice.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { startTestDevStore } from "../support/devstore";
import { TEST_API_KEY, TEST_API_SECRET } from "../support/test-env";

const { devstore, shop, close } = await startTestDevStore();
afterAll(() => close());
const { prisma, resetDatabase } = await import("../support/database");
const { ENROL_CUSTOMERS, requestEnrolment } = await import("~/loyalty/server/enrolment.server");
const { createJobHandlers } = await import("~/loyalty/server/jobs.server");
const { runDueJobs } = await import("~/loyalty/server/outbox.server");
const { adminGraphqlForShop } = await import("~/shopify/admin-graphql.server");

async function install(): Promise<void> {
  const response = await fetch(`https://${shop.domain}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      client_id: TEST_API_KEY,
      client_secret: TEST_API_SECRET,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: devstore.sessionToken(shop.domain),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    }),
  });
  const { access_token: accessToken, scope } = (await response.json()) as { access_token: string; scope: string };
  await prisma.session.create({ data: { id: `offline_${shop.domain}`, shop: shop.domain, state: "installed", isOnline: false, accessToken, scope } });
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
