/**
 * Backfilling past orders, end to end in a real browser: the built app next to the local dev store. The merchant
 * installs and launches the program; the dev store has a past (seed-history: customers and ten months of orders,
 * some refunded or cancelled, placed before the app, no webhooks). The merchant records the last year for reports
 * ("history only"), then backfills the last 90 days with "award points": each time the preview first, then Confirm,
 * then the progress to done. The dev store's bulk operations take a moment here, so the app hears they finished
 * from the dev store's `bulk_operations/finish` webhook. A member's ledger shows the earn entry of a past order;
 * Reports → Insights shows the ROI (members against the non-members the history brought in) and the cohort cards.
 *
 * Screenshots of every step: test-results/e2e/backfill/ (with app.log and devstore.log).
 */
import { expect, it } from "vitest";
import { hidden, text } from "../support/e2e/expect";
import { setUpE2eSuite } from "../support/e2e/suite";

const e2e = setUpE2eSuite("backfill");
const DAY = 86_400_000;
const eventually = <T>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout, interval: 150 });

it("a merchant backfills the last 90 days and sees the insights", { timeout: 120_000 }, async () => {
  const { step, shot, page, app, stack, urls, openAppPage } = e2e();
  const body = app.locator("body");
  const finishes = () => stack.shop.deliveries.filter((d) => d.topic === "bulk_operations/finish");

  await step("install and launch", async () => {
    await page.goto(urls.admin);
    await app.getByRole("heading", { level: 1, name: "Loyalty & Rewards" }).waitFor();
    for (const [id, label] of [["earning", "Earning looks right"], ["rewards", "Rewards look right"], ["tiers", "Tiers look right"]] as const) {
      await app.getByRole("button", { name: label }).click();
      await eventually(() => app.locator(`[data-setup-step="${id}"]`).getAttribute("data-done")).toBe("true");
    }
    await app.getByRole("button", { name: "Launch program" }).click();
    const dialog = app.getByRole("dialog");
    await dialog.getByRole("button", { name: "Launch program" }).click();
    await hidden(dialog);
  });

  await step("the dev store has a past", async () => {
    const seeded = await stack.event({ type: "seed-history", customers: 14, days: 300 });
    expect(seeded.message).toMatch(/^14 customers and \d+ past orders/);
    expect(seeded.deliveries).toEqual([]); // they happened before the app: no webhooks
    // Shopify takes a moment to gather the orders: the app hears it is done from bulk_operations/finish.
    stack.shop.endpoint.bulk.completionMs = 800;
  });

  /** Starts a backfill from the form, reads its preview, confirms it and waits for it to finish. */
  const backfill = async (range: string, mode: string) => {
    const sentBefore = finishes().length;
    await openAppPage("Backfill orders", "Backfill past orders");
    await app.getByLabel("Orders processed in").selectOption({ label: range });
    await app.getByText(mode, { exact: true }).click();
    await app.getByRole("button", { name: "Preview" }).click();
    await text(body, 30_000).toContain("Preview ready");
    await text(body).toMatch(/[1-9]\d* orders found, [1-9]\d* paid orders with a customer: [\d,]+ points net of refunds\./);
    await shot(`${mode} preview`);
    await app.getByRole("button", { name: "Confirm" }).click();
    await text(body, 30_000).toContain("Backfill complete");
    const written = /(\d+) of (\d+) orders written/.exec(await body.innerText());
    expect(written?.[1]).toBe(written?.[2]);
    // The dev store told the built app the orders' bulk operation was done; its route answered 200.
    expect(finishes().slice(sentBefore).map((d) => [JSON.parse(d.body).status, d.state, d.attempts.at(-1)?.status])).toEqual([["completed", "delivered", 200]]);
  };

  await step("history only: the last year, for reports", async () => {
    await backfill("The last year", "History only, for reports");
    await text(body).toMatch(/History only, for reports · \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d/);
  });

  await step("award points: the last 90 days, preview then confirm", async () => {
    await backfill("The last 90 days", "Award points");
    await text(body).toMatch(/\d+ awarded \([\d,]+ points before refunds, which are taken back\)/);
    await shot("award done");
  });

  await step("a member's ledger shows the past order's points", async () => {
    // A past order of the last 80 days, paid, neither refunded nor cancelled, with a customer.
    const order = [...stack.shop.orders.values()]
      .filter((o) => o.customerId && o.paidAt && !o.cancelledAt && o.refunds.length === 0 && Date.now() - Date.parse(o.paidAt) < 80 * DAY)
      .at(-1);
    expect(order).toBeDefined();
    const customer = stack.shop.admin.customers.get(`gid://shopify/Customer/${order?.customerId ?? ""}`);
    const name = `${customer?.firstName ?? ""} ${customer?.lastName ?? ""}`;
    await openAppPage("Members", "Members");
    const row = app.locator(".Polaris-IndexTable__TableRow").filter({ hasText: customer?.email ?? "" });
    await row.getByRole("link", { name }).click();
    await app.getByRole("heading", { level: 1, name }).waitFor();
    await text(app.locator(".Polaris-IndexTable__TableRow").filter({ hasText: `#${order?.number ?? ""}` })).toMatch(new RegExp(`Earned [\\d,]+ pts? on order #${order?.number ?? ""}`));
    await shot("ledger");
  });

  await step("Reports → Insights: ROI and cohorts with figures", async () => {
    await openAppPage("Reports", "Reports");
    await app.getByRole("link", { name: "Insights: ROI, repeat purchase, retention" }).click();
    await app.getByRole("heading", { level: 1, name: "Insights", exact: true }).waitFor();
    await text(body).toContain("Program ROI");
    await text(body).toMatch(/Members spent -?\S+ more than comparable non-members/);
    await text(body).toContain("Repeat purchase");
    await text(body).toMatch(/\d+(\.\d+)?% of members who first bought in these months have ordered again, against \d+(\.\d+)?% of non-members/);
    await text(body).toContain("Churn and negative churn");
    await text(body).toMatch(/\d+(\.\d+)?% of members who first bought in these months have not ordered in \d+ days/);
    await eventually(() => app.locator("svg").count(), 15_000).toBeGreaterThan(3);
    await shot("insights");
  });
});
