/**
 * The insights page and its CSV downloads through the real route modules: embedded-admin requests with valid
 * session tokens, a real SQLite database seeded with members, non-member customers (orders recorded without a
 * membership, as a history-only backfill leaves them), a guest order and ledger entries, and the rollups built by
 * the app's own rebuild. Then the snapshot: read while fresh, refreshed by the registered outbox job when stale.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { windowMonths } from "~/loyalty/reports/cohorts";
import { calculateReportPointValue } from "~/loyalty/reports/valuation";
import { pointsToMinor } from "~/loyalty/point-value";
import { getInsightsView, REFRESH_INSIGHTS, type InsightsPage, type InsightsView } from "~/loyalty/server/insights.server";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { getShopProgram } from "~/loyalty/server/program.server";
import { rebuildShopRollups } from "~/loyalty/server/rollups.server";
import { loader as insightCsv } from "~/routes/app.reports_.insights.$report[.csv]";
import { loader as insightsPage } from "~/routes/app.reports_.insights";
import { adminRequest, callRoute } from "../support/admin";
import { prisma, resetDatabase } from "../support/database";
import { TEST_APP_URL, TEST_SHOP } from "../support/test-env";

type PageBody = ({ ok: true } & InsightsView) | { ok: false; error: string; fieldErrors: Record<string, string> };

async function page(query = ""): Promise<{ status: number; body: PageBody }> {
  const result = await callRoute(insightsPage, await adminRequest(`/app/reports/insights${query}`));
  if (!(result instanceof Response)) throw new Error("The insights loader answers with a Response");
  return { status: result.status, body: (await result.json()) as PageBody };
}

async function okPage(query = ""): Promise<InsightsPage> {
  const { status, body } = await page(query);
  if (!body.ok) throw new Error(body.error);
  expect(status).toBe(200);
  if (body.state !== "ready") throw new Error("The insights are still being computed");
  return body.page;
}

async function csv(report: string, query = ""): Promise<Response> {
  const result = await callRoute(insightCsv, await adminRequest(`/app/reports/insights/${report}.csv${query}`), { report });
  if (!(result instanceof Response)) throw new Error("The CSV loader answers with a Response");
  return result;
}

const now = new Date();
const [m2, m1, m0] = windowMonths(now.toISOString().slice(0, 10), 3) as [string, string, string];
const at = (month: string, day: number) => new Date(`${month}-${String(day).padStart(2, "0")}T12:00:00Z`);
const customer = (name: string) => `gid://shopify/Customer/${name}`;

/**
 * Cohort m2 (two months ago), hand-computed:
 *   members A (100.00 then 50.00 a month later) and B (30.00): 2 customers, 3 orders, 180.00;
 *   non-members C (40.00) and D (20.00, then 20.00): 2 customers, 3 orders, 80.00.
 *   Expected member revenue at the non-members' rate: 2 × 80.00 / 2 = 80.00 → +100.00; at 40% → 40.00 of margin.
 * A redeemed 500 points last month. E is a member with only an expiry: not active.
 */
async function seed() {
  await getShopProgram(prisma, TEST_SHOP);
  await prisma.program.update({ where: { shop: TEST_SHOP }, data: { currency: "USD", timezone: "UTC" } });
  const a = await prisma.member.create({ data: { shop: TEST_SHOP, customerGid: customer("A"), lifetimeEarned: 1000, lifetimeRedeemed: 500, balance: 500 } });
  const b = await prisma.member.create({ data: { shop: TEST_SHOP, customerGid: customer("B"), lifetimeEarned: 300, balance: 300 } });
  const e = await prisma.member.create({ data: { shop: TEST_SHOP, customerGid: customer("E") } });
  const orders: [string | null, string, number, number][] = [
    ["A", m2, 10, 10_000],
    ["A", m1, 10, 5_000],
    ["B", m2, 11, 3_000],
    ["C", m2, 12, 4_000],
    ["D", m2, 13, 2_000],
    ["D", m1, 13, 2_000],
    [null, m2, 14, 99_999],
  ];
  await prisma.orderRecord.createMany({
    data: orders.map(([who, month, day, totalMinor], index) => ({
      shop: TEST_SHOP,
      orderGid: `gid://shopify/Order/${index + 1}`,
      customerGid: who === null ? null : customer(who),
      status: who === null ? "no_customer" : who === "C" || who === "D" ? "not_eligible" : "awarded",
      paidAt: at(month, day),
      totalMinor,
      currency: "USD",
    })),
  });
  const entry = (memberId: string, type: string, points: number, createdAt: Date, key: string) => ({ shop: TEST_SHOP, memberId, type, points, idempotencyKey: key, explanation: "seeded", createdAt });
  await prisma.ledgerEntry.createMany({
    data: [
      entry(a.id, "earn", 1000, at(m2, 10), "a1"),
      entry(b.id, "earn", 300, at(m2, 11), "b1"),
      entry(a.id, "redeem", -500, at(m1, 12), "a2"),
      entry(e.id, "expire", -10, at(m1, 1), "e1"),
    ],
  });
  await rebuildShopRollups(prisma, TEST_SHOP, now);
}

beforeEach(async () => {
  await resetDatabase();
});

describe("GET /app/reports/insights", () => {
  it("compares members with comparable non-members, by first-order cohort, at the merchant's margin", async () => {
    await seed();
    const body = await okPage("?months=3&margin=40");
    expect(body).toMatchObject({ months: [m2, m1, m0], rollupsBuilt: true, refreshing: false, currency: "USD", timezone: "UTC" });

    const program = await getShopProgram(prisma, TEST_SHOP);
    const cost = pointsToMinor(500, calculateReportPointValue(program.settings.pointValue));
    expect(body.roi.cohorts).toEqual([
      expect.objectContaining({ cohort: m2, members: 2, nonMembers: 2, memberOrders: 3, nonMemberOrders: 3, memberRevenueMinor: 18_000, nonMemberRevenueMinor: 8_000, comparable: true, incrementalRevenueMinor: 10_000 }),
    ]);
    expect(body.roi).toMatchObject({ incrementalRevenueMinor: 10_000, marginBasisPoints: 4000, returnMinor: 4000, cost: { redeemedPoints: 500, rewardsMinor: cost, totalMinor: cost }, netReturnMinor: 4000 - cost });
    expect(body.roi.members).toMatchObject({ customers: 2, revenuePerCustomerMinor: 9_000, ordersPerCustomerMilli: 1500 });
    expect(body.roi.comparableNonMembers).toMatchObject({ revenuePerCustomerMinor: 4_000, ordersPerCustomerMilli: 1500 });

    const cohort = body.repeat.cohorts[0];
    const gap = Math.floor((at(m1, 10).getTime() - at(m2, 10).getTime()) / 86_400_000);
    expect(cohort).toEqual({
      cohort: m2,
      member: { customers: 2, repeatCustomers: 1, repeatRateBasisPoints: 5000, medianDaysBetweenOrders: gap },
      nonMember: { customers: 2, repeatCustomers: 1, repeatRateBasisPoints: 5000, medianDaysBetweenOrders: gap },
    });

    const members = body.retention.cohorts.find((row) => row.segment === "member" && row.cohort === m2);
    expect(members).toMatchObject({ customers: 2, revenueMinor: [13_000, 5_000, 0], nrrBasisPoints: [10000, 3846, 0] });
    expect(body.retention.curve[0]).toEqual({ monthNumber: 1, member: 10000, nonMember: 10000 });

    expect(body.engagement).toMatchObject({ members: 3, activeMembers: 2, activeBasisPoints: 6667 });
    expect(body.engagement.tiers.find((tier) => tier.kind === "none")).toMatchObject({ members: 3, redeemers: 1, earnedPoints: 1300, redeemedPoints: 500, redemptionRateBasisPoints: 3846 });
    expect(body.engagement.sources.find((month) => month.month === m2)?.points).toEqual({ orders: 1300, bonuses: 0, referrals: 0, birthdays: 0, surveys: 0, actions: 0, play: 0, manual: 0, imports: 0, other: 0 });
  });

  it("shows no return until the merchant states a margin", async () => {
    await seed();
    const body = await okPage("?months=3");
    expect(body.roi).toMatchObject({ incrementalRevenueMinor: 10_000, marginBasisPoints: null, returnMinor: null });
  });

  it.each([
    ["?margin=101", { margin: "Enter a margin from 0 to 100" }],
    ["?margin=forty", { margin: "Enter a margin from 0 to 100, with at most 2 decimals" }],
    ["?margin=-5", { margin: "Enter a margin from 0 to 100, with at most 2 decimals" }],
    ["?months=2", { months: "Choose 3 to 24 months" }],
    ["?months=x", { months: "Choose a whole number of months" }],
  ])("answers 400 with field errors for %s", async (query, fieldErrors) => {
    const { status, body } = await page(query);
    expect(status).toBe(400);
    expect(body).toMatchObject({ ok: false, fieldErrors });
  });

  it("reads the stored snapshot while it is fresh, and a stale one is refreshed by the refresh-insights job", async () => {
    await seed();
    expect((await okPage("?months=3")).roi.incrementalRevenueMinor).toBe(10_000);
    // A new member order after the snapshot: not shown while the snapshot is fresh.
    await prisma.orderRecord.create({ data: { shop: TEST_SHOP, orderGid: "gid://shopify/Order/99", customerGid: customer("B"), status: "awarded", paidAt: at(m1, 20), totalMinor: 1_000 } });
    await rebuildShopRollups(prisma, TEST_SHOP, now);
    expect(await okPage("?months=3")).toMatchObject({ refreshing: false, roi: { incrementalRevenueMinor: 10_000 } });

    await prisma.insightsSnapshot.update({ where: { shop_months: { shop: TEST_SHOP, months: 3 } }, data: { computedAt: new Date(now.getTime() - 2 * 60 * 60 * 1000) } });
    expect(await okPage("?months=3")).toMatchObject({ refreshing: true, roi: { incrementalRevenueMinor: 10_000 } });
    const jobs = await prisma.outboxJob.findMany({ where: { shop: TEST_SHOP, kind: REFRESH_INSIGHTS } });
    expect(jobs).toHaveLength(1);
    await okPage("?months=3"); // asked again while stale: still one job
    expect(await prisma.outboxJob.count({ where: { shop: TEST_SHOP, kind: REFRESH_INSIGHTS } })).toBe(1);

    const handler = createJobHandlers(prisma, () => Promise.reject(new Error("no Admin API needed")))[REFRESH_INSIGHTS];
    if (!handler || !jobs[0]) throw new Error("refresh-insights is not registered");
    await handler(jobs[0], { now: new Date() });
    expect(await okPage("?months=3")).toMatchObject({ refreshing: false, roi: { incrementalRevenueMinor: 11_000 } });
  });

  it("queues the first computation of a large shop's insights instead of making the page wait", async () => {
    await seed();
    // Above the limit of customers a first visit computes for (4 here, as if it were a large shop).
    expect(await getInsightsView(prisma, TEST_SHOP, { months: 6, marginBasisPoints: null }, now, 3)).toEqual({ state: "computing", months: 6 });
    const [job] = await prisma.outboxJob.findMany({ where: { shop: TEST_SHOP, kind: REFRESH_INSIGHTS } });
    expect(job?.payload).toBe(JSON.stringify({ months: 6 }));
    const handler = createJobHandlers(prisma, () => Promise.reject(new Error("no Admin API needed")))[REFRESH_INSIGHTS];
    if (!handler || !job) throw new Error("refresh-insights is not registered");
    await handler(job, { now: new Date() });
    const view = await getInsightsView(prisma, TEST_SHOP, { months: 6, marginBasisPoints: null }, now, 3);
    expect(view).toMatchObject({ state: "ready", page: { refreshing: false, roi: { incrementalRevenueMinor: 10_000 } } });
  });

  it("refuses a request without a valid session token", async () => {
    const result = await callRoute(insightsPage, new Request(`${TEST_APP_URL}/app/reports/insights`, { headers: { Authorization: "Bearer not-a-jwt" } }));
    expect((result as Response).status).toBe(401);
  });
});

describe("GET /app/reports/insights/<insight>.csv", () => {
  it("downloads the ROI cohorts as a CSV attachment", async () => {
    await seed();
    const response = await csv("roi", "?months=3");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="loyalty-roi-${m2}-to-${m0}.csv"`);
    const lines = (await response.text()).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("cohort,members,non_members,member_orders,non_member_orders,member_revenue_USD,non_member_revenue_USD,member_revenue_per_customer_USD,non_member_revenue_per_customer_USD,compared,incremental_revenue_USD");
    expect(lines[1]).toBe(`${m2},2,2,3,3,180.00,80.00,90.00,40.00,yes,100.00`);
  });

  it.each(["repeat", "retention", "engagement", "redemption"])("serves the %s insight", async (report) => {
    await seed();
    const response = await csv(report, "?months=3");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toContain(`loyalty-${report}-`);
    expect((await response.text()).split("\r\n").length).toBeGreaterThan(2);
  });

  it("answers 404 for an unknown insight and 400 with field errors for bad settings", async () => {
    expect((await csv("payroll")).status).toBe(404);
    const bad = await csv("roi", "?months=99");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, fieldErrors: { months: "Choose 3 to 24 months" } });
  });
});
