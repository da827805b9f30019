/**
 * Badges and challenges (ADR 036) through the real webhook and proxy routes and the outbox: paid orders earn a badge
 * once and complete a joined challenge once; the job run twice writes nothing more; refunds undo progress before
 * completion and claw back the reward or bonus after it; an ended challenge is frozen; the proxy is signed.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { localDateOf, addDays } from "~/loyalty/reports/calendar";
import { saveBadge, saveChallenge } from "~/loyalty/server/engagement-admin.server";
import { evaluateMemberEngagement, sweepEngagementBatch } from "~/loyalty/server/engagement.server";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { runDueJobs } from "~/loyalty/server/outbox.server";
import { loader as engagement } from "~/routes/proxy.engagement";
import { action as join } from "~/routes/proxy.join-challenge";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { proxyRequest, type ProxyRequestOptions } from "../support/app-proxy";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";
import type { StorefrontEngagement } from "~/loyalty/server/engagement-storefront.server";

const fake = startFakeAdminApi();
const handlers = createJobHandlers(prisma, adminGraphqlForShop);
const CUSTOMER_ID = "115310627314723954";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER_ID}`;
const FIRST = "820982911946154508";
const SECOND = "1002";
let clock = Date.now();
const tick = () => new Date((clock += 60_000));

type Json = Record<string, unknown>;

async function pay(orderId: string) {
  const order = webhookExample<Json>("orders/paid");
  order.id = exactId(orderId);
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
}

/** A full refund of the order (every line of Shopify's example refund, pointed at this order). */
async function refundAll(orderId: string, refundId: string) {
  const paid = webhookExample<Json & { line_items: { admin_graphql_api_id: string; quantity: number; id: number }[] }>("orders/paid");
  const refund = webhookExample<Json & { refund_line_items: Json[] }>("refunds/create");
  refund.id = exactId(refundId);
  refund.admin_graphql_api_id = `gid://shopify/Refund/${refundId}`;
  refund.order_id = exactId(orderId);
  const template = refund.refund_line_items[0] as Json;
  refund.refund_line_items = paid.line_items.map((line, i) => ({
    ...template,
    id: exactId(String(9000 + i)),
    line_item_id: line.id,
    quantity: line.quantity,
    line_item: { ...(template.line_item as Json), id: line.id, admin_graphql_api_id: line.admin_graphql_api_id, quantity: line.quantity },
  }));
  expect((await deliver(refundsCreate, webhookRequest("refunds/create", toRawJson(refund)))).status).toBe(200);
}

async function call(handler: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<Response>, request: Request) {
  try {
    return await handler({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function view(options: ProxyRequestOptions = {}) {
  const response = await call(engagement, proxyRequest("engagement", { customerId: CUSTOMER_ID, ...options }));
  return { status: response.status, body: (await response.json().catch(() => null)) as StorefrontEngagement & { error?: string; fieldErrors?: Json } };
}

async function joinChallenge(challengeId: unknown, options: ProxyRequestOptions = {}) {
  const response = await call(join, proxyRequest("join-challenge", { customerId: CUSTOMER_ID, method: "POST", body: { challengeId }, ...options }));
  return { status: response.status, body: (await response.json().catch(() => null)) as StorefrontEngagement & { error?: string; fieldErrors?: Json } };
}

async function drain() {
  for (let i = 0; i < 10; i++) {
    const result = await runDueJobs(prisma, handlers, { now: tick() });
    expect(result.dead).toBe(0);
    if (result.done + result.retried === 0) return;
  }
  throw new Error("the outbox did not settle");
}

const entries = (type: string) => prisma.ledgerEntry.findMany({ where: { type }, orderBy: { createdAt: "asc" } });
const today = () => localDateOf(new Date(clock), "UTC");

async function makeBadge(criteria: Json, bonusPoints = "100") {
  const saved = await saveBadge(prisma, TEST_SHOP, null, { name: "First order", icon: "star", bonusPoints, criteria }, new Date(clock));
  if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
  return saved.id;
}

async function makeChallenge(goal: Json, rewardPoints = "200") {
  const saved = await saveChallenge(
    prisma,
    TEST_SHOP,
    null,
    { name: "Two orders", startsOn: today(), endsOn: addDays(today(), 10), tierIds: [], rewardPoints, goal },
    new Date(clock),
  );
  if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
  return saved.id;
}

beforeEach(async () => {
  clock = Date.now();
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("badges", () => {
  it("are earned once with their bonus after the award commits; running the job twice writes nothing more", async () => {
    const badgeId = await makeBadge({ kind: "first_order" });
    await pay(FIRST);
    // Nothing in the award's transaction: the badge comes from the outbox.
    expect(await prisma.memberBadge.count()).toBe(0);
    await drain();
    const member = await prisma.member.findFirstOrThrow({ where: { customerGid: CUSTOMER_GID } });
    expect(await prisma.memberBadge.findMany()).toEqual([expect.objectContaining({ badgeId, memberId: member.id, orderGid: `gid://shopify/Order/${FIRST}` })]);
    expect((await entries("badge")).map((e) => [Number(e.points), e.idempotencyKey])).toEqual([[100, `badge:${badgeId}:${member.id}`]]);

    await evaluateMemberEngagement(prisma, adminGraphqlForShop, member.id, tick());
    await evaluateMemberEngagement(prisma, adminGraphqlForShop, member.id, tick());
    await pay(SECOND);
    await drain();
    expect(await prisma.memberBadge.count()).toBe(1);
    expect(await entries("badge")).toHaveLength(1);
    const after = await prisma.member.findFirstOrThrow({ where: { id: member.id } });
    const sum = await prisma.ledgerEntry.aggregate({ where: { memberId: member.id }, _sum: { points: true } });
    expect(after.balance).toBe(sum._sum.points);
  });

  it("defined after the orders, are earned by the members who already qualify, a batch of members at a time", async () => {
    await pay(FIRST);
    await drain();
    // Members without an order: evaluated by the sweep, earning nothing.
    await prisma.member.createMany({ data: Array.from({ length: 3 }, (_, i) => ({ shop: TEST_SHOP, customerGid: `gid://shopify/Customer/${500 + i}` })) });
    expect(await prisma.memberBadge.count()).toBe(0);
    const badgeId = await makeBadge({ kind: "first_order" });
    const sweep = await prisma.outboxJob.findFirstOrThrow({ where: { kind: "sweep-engagement" } });
    expect(JSON.parse(sweep.payload)).toEqual({ afterId: null });
    // Batches of 2 over 4 members: two batches and a last, empty one.
    await sweepEngagementBatch(prisma, TEST_SHOP, null, tick(), 2);
    expect(await prisma.outboxJob.count({ where: { kind: "evaluate-engagement", doneAt: null } })).toBe(2);
    expect(JSON.parse((await prisma.outboxJob.findFirstOrThrow({ where: { kind: "sweep-engagement" } })).payload).afterId).toEqual(expect.any(String));
    await drain();
    const member = await prisma.member.findFirstOrThrow({ where: { customerGid: CUSTOMER_GID } });
    expect(await prisma.memberBadge.findMany()).toEqual([expect.objectContaining({ badgeId, memberId: member.id })]);
    expect(await entries("badge")).toHaveLength(1);
    expect(await prisma.outboxJob.count({ where: { kind: "evaluate-engagement" } })).toBe(4);
    // Saving it again sweeps again and writes nothing more.
    const again = await saveBadge(prisma, TEST_SHOP, badgeId, { name: "First order", icon: "star", bonusPoints: "100", criteria: { kind: "first_order" } }, tick());
    expect(again.ok).toBe(true);
    await drain();
    expect(await entries("badge")).toHaveLength(1);
  });

  it("stay held when the qualifying order is refunded, and the bonus is clawed back", async () => {
    await makeBadge({ kind: "first_order" });
    await pay(FIRST);
    await drain();
    await refundAll(FIRST, "7001");
    await drain();
    expect(await prisma.memberBadge.count()).toBe(1);
    const [bonus] = await entries("badge");
    const clawbacks = (await entries("clawback")).filter((e) => e.reversesId === bonus?.id);
    expect(clawbacks.map((e) => Number(e.points))).toEqual([-100]);
    // Once: more runs claw nothing more.
    await evaluateMemberEngagement(prisma, adminGraphqlForShop, bonus?.memberId ?? "", tick());
    expect((await entries("clawback")).filter((e) => e.reversesId === bonus?.id)).toHaveLength(1);
  });

  it("a changed criterion never revokes a badge", async () => {
    const badgeId = await makeBadge({ kind: "first_order" });
    await pay(FIRST);
    await drain();
    const changed = await saveBadge(prisma, TEST_SHOP, badgeId, { name: "Big spender", icon: "crown", bonusPoints: "100", criteria: { kind: "orders", count: "5" } }, new Date(clock));
    expect(changed.ok).toBe(true);
    await pay(SECOND);
    await drain();
    expect(await prisma.memberBadge.count()).toBe(1);
  });
});

describe("challenges", () => {
  it("a joined member sees progress, completes once, and the reward is written once", async () => {
    const challengeId = await makeChallenge({ kind: "orders", count: "2" });
    await pay(FIRST);
    await drain();
    const joined = await joinChallenge(challengeId);
    expect(joined.status).toBe(200);
    expect(joined.body.challenges).toEqual([expect.objectContaining({ id: challengeId, joined: true, progress: 1, goal: 2, completed: false, status: "active" })]);
    // Joining twice is one participation.
    expect((await joinChallenge(challengeId)).status).toBe(200);
    expect(await prisma.challengeMember.count()).toBe(1);

    await pay(SECOND);
    await drain();
    const member = await prisma.member.findFirstOrThrow({ where: { customerGid: CUSTOMER_GID } });
    await evaluateMemberEngagement(prisma, adminGraphqlForShop, member.id, tick());
    expect((await entries("challenge")).map((e) => [Number(e.points), e.idempotencyKey, e.orderGid])).toEqual([
      [200, `challenge:${challengeId}:${member.id}`, `gid://shopify/Order/${SECOND}`],
    ]);
    const { body } = await view();
    expect(body.challenges).toEqual([expect.objectContaining({ id: challengeId, progress: 2, goal: 2, completed: true })]);

    // After completion, refunding the qualifying order claws the reward back; the completion stays.
    await refundAll(SECOND, "7002");
    await drain();
    const [reward] = await entries("challenge");
    expect((await entries("clawback")).filter((e) => e.reversesId === reward?.id).map((e) => Number(e.points))).toEqual([-200]);
    expect((await view()).body.challenges[0]).toMatchObject({ completed: true });
  });

  it("a refund before completion undoes progress; an ended challenge is frozen", async () => {
    const challengeId = await makeChallenge({ kind: "orders", count: "2" });
    expect((await joinChallenge(challengeId)).body.challenges[0]).toMatchObject({ progress: 0 });
    await pay(FIRST);
    await drain();
    expect((await view()).body.challenges[0]).toMatchObject({ progress: 1 });
    await refundAll(FIRST, "7003");
    await drain();
    expect((await view()).body.challenges[0]).toMatchObject({ progress: 0, completed: false });

    // Ended: a new order no longer moves it.
    await prisma.challenge.update({ where: { id: challengeId }, data: { endsAt: new Date(Date.now() - 1000) } });
    await pay(SECOND);
    await drain();
    expect((await view()).body.challenges[0]).toMatchObject({ progress: 0, status: "ended" });
    expect(await entries("challenge")).toHaveLength(0);
  });

  it("refuses joining an unknown, ended or ineligible challenge, writing nothing", async () => {
    expect(await joinChallenge("nope")).toMatchObject({ status: 400, body: { fieldErrors: { challengeId: "not_found" } } });
    expect(await joinChallenge(42)).toMatchObject({ status: 400 });
    const gold = await prisma.tier.findFirstOrThrow({ where: { shop: TEST_SHOP, name: "Gold" } });
    const tiered = await saveChallenge(
      prisma,
      TEST_SHOP,
      null,
      { name: "Gold only", startsOn: today(), endsOn: addDays(today(), 3), tierIds: [gold.id], rewardPoints: "10", goal: { kind: "first_order" } },
      new Date(clock),
    );
    if (!tiered.ok) throw new Error(JSON.stringify(tiered.errors));
    expect(await joinChallenge(tiered.id)).toMatchObject({ status: 400, body: { fieldErrors: { challengeId: "tier" } } });
    const ended = await makeChallenge({ kind: "first_order" });
    await prisma.challenge.update({ where: { id: ended }, data: { endsAt: new Date(Date.now() - 1000) } });
    expect(await joinChallenge(ended)).toMatchObject({ status: 400, body: { fieldErrors: { challengeId: "ended" } } });
    expect(await prisma.challengeMember.count()).toBe(0);
  });
});

describe("the proxy routes", () => {
  it("answer only requests Shopify signed, for the signed-in shopper", async () => {
    const challengeId = await makeChallenge({ kind: "first_order" });
    expect((await view({ secret: "forged" })).status).toBe(400);
    expect((await joinChallenge(challengeId, { secret: "forged" })).status).toBe(400);
    expect((await view({ customerId: "" })).status).toBe(401);
    expect((await joinChallenge(challengeId, { customerId: "" })).status).toBe(401);
    expect(await prisma.challengeMember.count()).toBe(0);
    // A guest's open challenges show for a signed-in non-member, who can join them.
    expect((await view()).body).toEqual({ currency: "USD", badges: [], challenges: [expect.objectContaining({ id: challengeId, joined: false })] });
  });
});
