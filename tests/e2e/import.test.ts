/**
 * Importing points from another app, end to end in a real browser (Debian Chromium through playwright-core): the
 * built app next to the local dev store, as a merchant does it. Two customers join (customers/create from the dev
 * store), the merchant uploads a Smile-style CSV with one row for nobody the app knows, reads the dry run (the bad
 * row shown with its reason, nothing written), confirms, watches the progress bar reach the end, and finds the
 * explained entry in the member's ledger. Then the merchant enrols the shop's other customers: the app runs a bulk
 * operation against the dev store, reads its JSONL over HTTP, and the card shows the counts at 100%.
 *
 * Screenshots of every step: test-results/e2e/import/ (with app.log and devstore.log).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { count, text, visible } from "../support/e2e/expect";
import { setUpE2eSuite } from "../support/e2e/suite";

const e2e = setUpE2eSuite("import");

const CSV = ["email,points", "ann.lee@example.com,1250", "nobody@example.com,40", "Bo.Kim@example.com,300"].join("\r\n");

it("a merchant imports a CSV of balances: dry run with the bad row shown, then confirmed", { timeout: 120_000 }, async () => {
  const { step, shot, page, app, stack: store, urls, openAppPage } = e2e();

  await step("install and two customers join", async () => {
    await page.goto(urls.admin);
    await app.getByRole("heading", { level: 1, name: "Loyalty & Rewards" }).waitFor();
    for (const [firstName, lastName] of [
      ["Ann", "Lee"],
      ["Bo", "Kim"],
    ] as const) {
      const answer = await store.event({ type: "customer-create", firstName, lastName, email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}@example.com` });
      expect(answer.deliveries.map((d) => [d.topic, d.state])).toEqual([["customers/create", "delivered"]]);
    }
  });

  await step("dry run: one row cannot be imported, nothing is written", async () => {
    const dir = path.resolve("test-results/e2e/import");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "smile-export.csv");
    writeFileSync(file, CSV);
    await openAppPage("Import points", "Import points");
    await app.locator('input[type="file"]').setInputFiles(file);
    await visible(app.getByText("smile-export.csv", { exact: false }));
    await app.getByRole("button", { name: "Check file" }).click();
    await app.getByRole("heading", { level: 1, name: "smile-export.csv" }).waitFor();
    const body = app.locator("body");
    await text(body).toContain("Dry run: nothing has been imported yet");
    await text(body).toContain("The row with errors is left out");
    await text(body).toMatch(/Rows\s+3\s+Matched, to import\s+2\s+With errors\s+1\s+Zero balance, skipped\s+0\s+Points to import\s+1,550/);
    // Errors first: the one bad row, with its reason.
    const rows = app.locator(".Polaris-IndexTable__TableRow");
    await count(rows).toBe(1);
    await text(rows.first()).toMatch(/3\s+nobody@example\.com\s+40\s+(?:Critical\s+)?Error\s+Unknown customer: no member has the email nobody@example\.com/);
    await text(body).toContain("Page 1 of 1 · 1 row");
    await text(body).toContain('email ← "email", points ← "points"');
    await shot("dry-run");
    // Nothing written yet: the members still have no points.
    await openAppPage("Members", "Members");
    await text(app.locator(".Polaris-IndexTable__TableRow").filter({ hasText: "Ann Lee" })).toMatch(/Ann Lee\s+ann\.lee@example\.com\s+\S*\s*0\s/);
  });

  await step("confirm: the valid rows are imported, with progress", async () => {
    await openAppPage("Import points", "Import points");
    await app.getByRole("link", { name: "smile-export.csv" }).click();
    await app.getByRole("heading", { level: 1, name: "smile-export.csv" }).waitFor();
    await app.getByRole("button", { name: "Import 2 rows (1,550 points)" }).click();
    const body = app.locator("body");
    await text(body, 30_000).toContain("Import complete");
    await text(body).toContain("2 of 2 rows, 1,550 of 1,550 points (100%)");
    await visible(app.getByRole("progressbar"));
    await shot("imported");
  });

  await step("the member's ledger explains the import", async () => {
    await openAppPage("Members", "Members");
    const ann = app.locator(".Polaris-IndexTable__TableRow").filter({ hasText: "Ann Lee" });
    await text(ann).toContain("1,250");
    await ann.getByRole("link", { name: "Ann Lee" }).click();
    await app.getByRole("heading", { level: 1, name: "Ann Lee" }).waitFor();
    await text(app.locator(".Polaris-IndexTable__TableRow").filter({ hasText: "Imported" })).toContain("Imported 1,250 pts from Smile");
    await shot("ledger");
  });

  await step("enrol the shop's other customers", async () => {
    await openAppPage("Import points", "Import points");
    const customers = store.shop.admin.customers.size;
    await app.getByRole("button", { name: "Enrol existing customers" }).click();
    const body = app.locator("body");
    // The card polls while the job runs: the bulk operation, then its file, read in the background.
    await text(body, 30_000).toContain("Enrolment complete");
    await text(body).toContain(`${customers} of ${customers} customers read: ${customers - 2} new members, 2 already members`);
    await visible(app.getByRole("progressbar"));
    await shot("enrolled");
  });
});
