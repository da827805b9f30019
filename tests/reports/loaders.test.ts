/**
 * The reports page and its CSV downloads through the real route modules: embedded-admin requests with valid
 * session tokens through authenticate.admin, a real SQLite database, and points earned from Shopify's example
 * orders/paid payload delivered as a signed webhook.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getShopProgram } from "~/loyalty/server/program.server";
import { loader as reportCsv } from "~/routes/app.reports.$report[.csv]";
import { loader as reportsPage } from "~/routes/app.reports";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import type { ReportsPage } from "~/loyalty/reports/page";
import { adminRequest, callRoute } from "../support/admin";
import { prisma, resetDatabase } from "../support/database";
import { TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

type PageBody = { ok: true } & ReportsPage;
type FailureBody = { ok: false; error: string; fieldErrors: Record<string, string> };

async function page(query = ""): Promise<{ status: number; body: PageBody | FailureBody }> {
  const result = await callRoute(reportsPage, await adminRequest(`/app/reports${query}`));
  if (!(result instanceof Response)) throw new Error("The reports loader answers with a Response");
  return { status: result.status, body: (await result.json()) as PageBody | FailureBody };
}

async function csv(report: string, query = ""): Promise<Response> {
  const result = await callRoute(reportCsv, await adminRequest(`/app/reports/${report}.csv${query}`), { report });
  if (!(result instanceof Response)) throw new Error("The CSV loader answers with a Response");
  return result;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

beforeEach(async () => {
  await resetDatabase();
});

describe("GET /app/reports", () => {
  it("serves every report for the default range to a valid session token", async () => {
    const { status, body } = await page();
    expect(status).toBe(200);
    if (!body.ok) throw new Error(body.error);
    expect(body.range).toMatchObject({ preset: "last30", days: 30, end: today() });
    expect(body.liability.rollForward.rows).toHaveLength(30);
    expect(body.liability.rollForward.totals).toMatchObject({ opening: 0, closing: 0 });
    expect(body.pointValue.sentence).toBe("1 point ≈ $0.01, your program's point value (set on the Program page)");
    expect(body.tiers.rows.map((row) => row.name)).toEqual(["Bronze", "Silver", "Gold"]);
    expect(body.churn).toEqual({ total: 0, members: [], limit: 50 });
  });

  it.each([
    ["?range=forever", { range: "Choose one of the listed date ranges" }],
    ["?range=custom", { start: "Choose a start date", end: "Choose an end date" }],
    ["?range=custom&start=2026-02-30&end=2026-03-01", { start: "Enter a real date as YYYY-MM-DD" }],
    ["?range=custom&start=2026-03-02&end=2026-03-01", { end: "The end date must be on or after the start date" }],
    ["?range=custom&start=2024-01-01&end=2025-06-30", { end: "Choose at most 366 days (this range has 547)" }],
    ["?start=2026-01-01&end=2999-01-01", { end: expect.stringMatching(/^Choose at most 366 days/) }],
  ])("answers 400 with field errors for %s", async (query, fieldErrors) => {
    const { status, body } = await page(query);
    expect(status).toBe(400);
    expect(body).toMatchObject({ ok: false, fieldErrors });
  });

  it("refuses an end date after the shop's today", async () => {
    const tomorrow = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const { status, body } = await page(`?range=custom&start=${today()}&end=${tomorrow}`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ ok: false, fieldErrors: { end: expect.stringContaining("cannot be after today") } });
  });

  it("refuses a request without a valid session token", async () => {
    const result = await callRoute(reportsPage, new Request(`${TEST_APP_URL}/app/reports`, { headers: { Authorization: "Bearer not-a-jwt" } }));
    expect(result).toBeInstanceOf(Response);
    expect((result as Response).status).toBe(401);
  });

  it("reports the points and revenue of Shopify's example order, delivered as a signed webhook", async () => {
    vi.spyOn(console, "info").mockImplementation(() => undefined);
    await getShopProgram(prisma, TEST_SHOP);
    await prisma.program.update({ where: { shop: TEST_SHOP }, data: { currency: "USD", timezone: "America/New_York" } });
    const order = webhookExample<Record<string, unknown> & { line_items: Record<string, unknown>[] }>("orders/paid");
    order.id = exactId("820982911946154508");
    for (const line of order.line_items) if (line.product_id) line.product_id = exactId("788032119674292922");
    const delivered = await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)));
    expect(delivered.status).toBe(200);

    // The earn entry is written now; the order was paid 2021-12-31 19:00 New York time ($404.95, 404 points).
    const now = await page("?range=last7");
    if (!now.body.ok) throw new Error(now.body.error);
    expect(now.body.liability.rollForward.totals).toMatchObject({ opening: 0, movements: { earned: 404 }, closing: 404, money: { closing: 404 } });
    expect(now.body.liability.redemption).toMatchObject({ issuedInRange: 404, redeemedInRange: 0, rangeRateBasisPoints: 0 });

    const then = await page("?range=custom&start=2021-12-31&end=2021-12-31");
    if (!then.body.ok) throw new Error(then.body.error);
    expect(then.body.customers.segments.member).toMatchObject({ customers: 1, orders: 1, revenueMinor: 40495, repeatRateBasisPoints: 0 });
    expect(then.body.customers.memberRevenueShareBasisPoints).toBe(10000);
    const before = await page("?range=custom&start=2021-12-30&end=2021-12-30");
    if (!before.body.ok) throw new Error(before.body.error);
    expect(before.body.customers.totalOrders).toBe(0);
  });
});

describe("GET /app/reports/<report>.csv", () => {
  it("downloads a report as a CSV attachment", async () => {
    const response = await csv("liability", "?range=last7");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const start = new Date(Date.now() - 6 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="loyalty-liability-${start}-to-${today()}.csv"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte order mark
    const lines = new TextDecoder().decode(bytes).split("\r\n");
    expect(lines[0]).toMatch(/^date,opening_points,/);
    expect(lines).toHaveLength(1 + 7 + 1); // header, 7 days, the final CRLF
  });

  it.each(["points", "customers", "tiers", "rewards", "churn"])("serves the %s report", async (report) => {
    const response = await csv(report);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toContain(`loyalty-${report}-`);
  });

  it("answers 404 for an unknown report and 400 with field errors for a bad range", async () => {
    expect((await csv("payroll")).status).toBe(404);
    const bad = await csv("liability", "?range=custom&start=2026-01-02&end=2026-01-01");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, fieldErrors: { end: "The end date must be on or after the start date" } });
  });

  it("refuses a request without a valid session token", async () => {
    const result = await callRoute(reportCsv, new Request(`${TEST_APP_URL}/app/reports/liability.csv`, { headers: { Authorization: "Bearer nope" } }), { report: "liability" });
    expect((result as Response).status).toBe(401);
  });
});
