/**
 * Importing points through the real routes: a signed embedded-admin upload (multipart) to the import page's
 * action, the preview page's loader and confirm action, and the outbox job that writes the import — on a real
 * database (SQLite here, PostgreSQL under `npm run test:postgres`).
 *
 * Rules proven here:
 * - The dry run stores the checked rows and writes nothing else: no ledger entry, no member change, no job.
 *   Unknown customers, bad numbers and duplicate rows are row errors with their reasons; a bad file (Latin-1,
 *   no points column) is a 400 with a sentence and stores nothing; a 100 MB upload is a 413, refused unread.
 * - Confirming queues one job; the job writes one `import` entry per valid row (key import:<id>:<row>, explained
 *   "Imported from Smile on Dec 5: 1,250 pts"), balances move by exactly that, lifetime earned and tiers do not,
 *   and the report rollups stay equal to the ledger.
 * - Confirming twice, running the job twice, and running it again from the first row write nothing new.
 * - Another shop's import is not found.
 */
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { integerResult } from "~/db/dialect.server";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { runDueJobs } from "~/loyalty/server/outbox.server";
import { IMPORT_POINTS, PREVIEW_PAGE_SIZE } from "~/loyalty/server/points-import.server";
import { getShopProgram } from "~/loyalty/server/program.server";
import { recordShopSettings } from "~/loyalty/server/shop-settings.server";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import * as importPage from "~/routes/app.import._index";
import * as previewPage from "~/routes/app.import.$id";
import { callRoute } from "../support/admin";
import { prisma, resetDatabase } from "../support/database";
import { expectNoDrift } from "../support/rollups";
import { storeOfflineSession } from "../support/sessions";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { answerOf, callAs, memberOf } from "../members/support";

const OTHER_SHOP = "other-shop.myshopify.com";
const gid = (n: number) => `gid://shopify/Customer/${n}`;

interface UploadBody {
  ok: boolean;
  error?: string;
  columns?: string[] | null;
  import?: { id: string; status: string; totalRows: number; validRows: number; errorRows: number; skippedRows: number; validPoints: number };
}

async function signed(request: Request, shop = TEST_SHOP): Promise<Request> {
  await storeOfflineSession(shop);
  return setUpValidRequest({ type: RequestType.Bearer, store: shop.replace(/\.myshopify\.com$/, ""), apiKey: TEST_API_KEY, apiSecretKey: TEST_API_SECRET }, request);
}

/** The upload as the page's fetcher sends it: multipart, the file and the form's fields. */
async function upload(file: string | Uint8Array, fields: Record<string, string> = {}, shop = TEST_SHOP) {
  const form = new FormData();
  const bytes = typeof file === "string" ? new TextEncoder().encode(file) : file;
  form.append("file", new File([bytes as BlobPart], "balances.csv", { type: "text/csv" }));
  form.append("source", "smile");
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  const request = await signed(new Request(`${TEST_APP_URL}/app/import`, { method: "POST", body: form }), shop);
  return answerOf<UploadBody>(await callRoute(importPage.action, request));
}

async function confirm(id: string, shop = TEST_SHOP) {
  return answerOf<{ ok: boolean; import?: { status: string } }>(await callAs(previewPage.action, `/app/import/${id}`, { id }, { form: { intent: "confirm" }, shop }));
}

/** The outbox as the running app drives it, with only the import job's handler (no Admin API calls). */
async function runImportJobs(now = new Date("2026-12-06T02:00:00Z")) {
  const handlers = createJobHandlers(prisma, adminGraphqlForShop);
  return runDueJobs(prisma, { [IMPORT_POINTS]: handlers[IMPORT_POINTS] as NonNullable<(typeof handlers)[string]> }, { now });
}

async function addMember(n: number, email: string | null, shop = TEST_SHOP) {
  return prisma.member.create({ data: { shop, customerGid: gid(n), email, displayName: `Customer ${n}` } });
}

async function everything() {
  const [entries, members, jobs] = await Promise.all([
    prisma.ledgerEntry.findMany({ orderBy: { id: "asc" } }),
    prisma.member.findMany({ orderBy: { id: "asc" } }),
    prisma.outboxJob.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { entries, members, jobs };
}

/** Every member's cached balance equals the sum of its entries. */
async function expectBalancesEqualLedger() {
  const members = await prisma.member.findMany({ include: { entries: { select: { points: true } } } });
  for (const member of members) {
    const sum = member.entries.reduce((total, entry) => total + integerResult(entry.points), 0);
    expect(integerResult(member.balance), `${member.customerGid} balance`).toBe(sum);
  }
}

const FILE = [
  "email,points",
  "ann@example.com,1250", // row 2: valid
  "nobody@example.com,40", // row 3: unknown customer
  "bob@example.com,12.5", // row 4: bad number
  "ANN@example.com,99", // row 5: duplicate of row 2
  "cy@example.com,0", // row 6: zero, skipped
  "cy@example.com,7", // row 7: duplicate of row 6 (same customer)
  "dee@example.com,300", // row 8: valid
].join("\n");

beforeEach(async () => {
  // The routes read the wall clock (the confirm day names the entries, the job is due from then): pin it, so the
  // explanations and the job runs at the times below do not depend on when the suite runs.
  vi.useFakeTimers({ toFake: ["Date"] });
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  // The program is cached by its updatedAt: create it, then change its settings a second later, as time passes.
  vi.setSystemTime(new Date("2026-12-06T00:58:00Z"));
  await getShopProgram(prisma, TEST_SHOP);
  vi.setSystemTime(new Date("2026-12-06T00:59:00Z"));
  await recordShopSettings(prisma, TEST_SHOP, { currency: "USD", timezone: "America/New_York" }, new Date("2026-12-01T00:00:00Z"));
  vi.setSystemTime(new Date("2026-12-06T01:00:00Z")); // Dec 5, 20:00 in New York
  await addMember(1, "ann@example.com");
  await addMember(2, "Bob@Example.com");
  await addMember(3, "cy@example.com");
  await addMember(4, "dee@example.com");
});

afterEach(() => {
  vi.useRealTimers();
});

describe("points import: the dry run", () => {
  it("checks and matches every row, with its reason, and writes nothing but the preview", async () => {
    const before = await everything();
    const { status, body } = await upload(FILE);
    expect(status).toBe(200);
    expect(body.import).toMatchObject({ status: "preview", totalRows: 7, validRows: 2, errorRows: 4, skippedRows: 1, validPoints: 1550 });
    expect(await everything()).toEqual(before);

    const id = body.import?.id ?? "";
    const page = (await callAs(previewPage.loader, `/app/import/${id}?rows=all`, { id })) as Awaited<ReturnType<typeof previewPage.loader>>;
    expect(page.rows.rows.map((r) => [r.row, r.status, r.errorCode])).toEqual([
      [2, "valid", null],
      [3, "error", "unknown_customer"],
      [4, "error", "bad_number"],
      [5, "error", "duplicate_row"],
      [6, "skipped", null],
      [7, "error", "duplicate_row"],
      [8, "valid", null],
    ]);
    expect(page.rows.rows.find((r) => r.row === 3)?.error).toBe("Unknown customer: no member has the email nobody@example.com");
    expect(page.rows.rows.find((r) => r.row === 5)?.error).toBe("Duplicate row: the same customer as row 2");
    // Errors first when there are any.
    const errorsFirst = (await callAs(previewPage.loader, `/app/import/${id}`, { id })) as Awaited<ReturnType<typeof previewPage.loader>>;
    expect(errorsFirst.filter).toBe("error");
    expect(errorsFirst.rows.total).toBe(4);
  });

  it("matches customer ids (numbers or GIDs) and says why a redacted or non-member customer is unknown", async () => {
    await prisma.member.update({ where: { shop_customerGid: { shop: TEST_SHOP, customerGid: gid(4) } }, data: { redactedAt: new Date(), email: null } });
    const { body } = await upload("Customer ID,Points Balance\n1,10\ngid://shopify/Customer/2,20\n4,30\n77,40\n");
    const id = body.import?.id ?? "";
    const page = (await callAs(previewPage.loader, `/app/import/${id}?rows=all`, { id })) as Awaited<ReturnType<typeof previewPage.loader>>;
    expect(page.rows.rows.map((r) => [r.row, r.status, r.error])).toEqual([
      [2, "valid", null],
      [3, "valid", null],
      [4, "error", "Unknown customer: customer 4's data was erased at the shop's request"],
      [5, "error", "Unknown customer: customer 77 is not a member of your program yet"],
    ]);
  });

  it("pages through every row of a large preview", async () => {
    const lines = ["email,points", ...Array.from({ length: 120 }, (_, i) => `missing${i}@example.com,${i + 1}`)];
    const { body } = await upload(lines.join("\n"));
    const id = body.import?.id ?? "";
    const last = (await callAs(previewPage.loader, `/app/import/${id}?rows=error&page=3`, { id })) as Awaited<ReturnType<typeof previewPage.loader>>;
    expect(last.rows).toMatchObject({ total: 120, page: 3, pages: Math.ceil(120 / PREVIEW_PAGE_SIZE) });
    expect(last.rows.rows.map((r) => r.row)).toEqual(Array.from({ length: 20 }, (_, i) => 102 + i));
  });

  it("refuses a file it cannot read with a sentence, stores nothing, and offers the columns for mapping", async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode("email,points\nzo"), 0xeb, ...new TextEncoder().encode("@example.com,5\n")]);
    const bad = await upload(latin1);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain("not UTF-8");
    const unmapped = await upload("Kunde;Punkte\nann@example.com;5\n");
    expect(unmapped.status).toBe(400);
    expect(unmapped.body.error).toContain("No points column was found");
    expect(unmapped.body.columns).toEqual(["Kunde", "Punkte"]);
    expect(await prisma.pointsImport.count()).toBe(0);
    const mapped = await upload("Kunde;Punkte\nann@example.com;5\n", { map_email: "Kunde", map_points: "Punkte" });
    expect(mapped.body.import).toMatchObject({ validRows: 1, validPoints: 5 });
  });

  it("refuses 100 MB with a 413 before reading it", async () => {
    let sent = 0;
    const chunk = new Uint8Array(1024 * 1024).fill(0x41);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 100 * 1024 * 1024) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const declared = await upload100(body, { "Content-Length": String(100 * 1024 * 1024), "Content-Type": "multipart/form-data; boundary=x" });
    expect(declared.status).toBe(413);
    expect(declared.body.error).toBe("The file is larger than 20 MB, the most an import takes. Split it into smaller files.");
    // Not read: at most the few chunks the stream buffers ahead.
    expect(sent).toBeLessThanOrEqual(4 * 1024 * 1024);

    sent = 0;
    const streamed = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 100 * 1024 * 1024) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const chunked = await upload100(streamed, { "Content-Type": "multipart/form-data; boundary=x" });
    expect(chunked.status).toBe(413);
    // Abandoned just past the 20 MB cap (plus the few chunks the stream buffers ahead), never read to its end.
    expect(sent).toBeLessThanOrEqual(25 * 1024 * 1024);
    expect(await prisma.pointsImport.count()).toBe(0);
  });
});

async function upload100(body: ReadableStream<Uint8Array>, headers: Record<string, string>) {
  const request = await signed(new Request(`${TEST_APP_URL}/app/import`, { method: "POST", body, headers, duplex: "half" } as RequestInit));
  return answerOf<UploadBody>(await callRoute(importPage.action, request));
}

describe("points import: confirming", () => {
  it("writes the valid rows as explained import entries, moves balances only, keeps rollups equal to the ledger", async () => {
    const { body } = await upload(FILE);
    const id = body.import?.id ?? "";
    const before = await memberOf(gid(1));

    const confirmed = await confirm(id);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.import?.status).toBe("queued");
    expect(await prisma.ledgerEntry.count()).toBe(0);
    expect(await runImportJobs()).toMatchObject({ done: 1, dead: 0 });

    const entries = await prisma.ledgerEntry.findMany({ orderBy: { idempotencyKey: "asc" } });
    expect(entries.map((e) => [e.type, integerResult(e.points), e.idempotencyKey, e.explanation])).toEqual([
      ["import", 1250, `import:${id}:2`, "Imported from Smile on Dec 5: 1,250 pts"],
      ["import", 300, `import:${id}:8`, "Imported from Smile on Dec 5: 300 pts"],
    ]);
    const ann = await memberOf(gid(1));
    expect(ann.balance).toBe(1250);
    expect(ann.lifetimeEarned).toBe(before.lifetimeEarned);
    expect(ann.tierId).toBe(before.tierId);
    expect((await memberOf(gid(2))).balance).toBe(0);
    expect((await memberOf(gid(3))).balance).toBe(0);
    expect((await memberOf(gid(4))).balance).toBe(300);
    await expectBalancesEqualLedger();
    await expectNoDrift(TEST_SHOP, "after the import");
    // The storefront sync of each member credited is queued with the entries.
    const syncs = await prisma.outboxJob.findMany({ where: { kind: "sync-metafields" } });
    expect(syncs.map((job) => JSON.parse(job.payload).memberId).sort()).toEqual([ann.id, (await memberOf(gid(4))).id].sort());

    const page = (await callAs(previewPage.loader, `/app/import/${id}`, { id })) as Awaited<ReturnType<typeof previewPage.loader>>;
    expect(page.import).toMatchObject({ status: "done", importedRows: 2, importedPoints: 1550 });
  });

  it("writes nothing twice: a double confirm, the job run twice, and the job run again from the first row", async () => {
    const { body } = await upload(FILE);
    const id = body.import?.id ?? "";
    const [first, second] = await Promise.all([confirm(id), confirm(id)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await prisma.outboxJob.count({ where: { kind: IMPORT_POINTS } })).toBe(1);
    await runImportJobs();
    const after = await everything();
    expect(await confirm(id)).toMatchObject({ status: 200, body: { import: { status: "done" } } });
    await runImportJobs(new Date("2026-12-06T03:00:00Z"));
    // As after a crash that lost the progress: the job starts from the first row again.
    await prisma.pointsImport.update({ where: { id }, data: { status: "running", cursorRow: 0 } });
    await prisma.outboxJob.updateMany({ where: { kind: IMPORT_POINTS }, data: { doneAt: null } });
    await runImportJobs(new Date("2026-12-06T04:00:00Z"));
    const again = await everything();
    expect(again.entries).toEqual(after.entries);
    expect(again.members.map((m) => [m.id, m.balance])).toEqual(after.members.map((m) => [m.id, m.balance]));
    await expectBalancesEqualLedger();
    await expectNoDrift(TEST_SHOP, "after re-runs");
  });

  it("writes a large import in chunks, every row once, rollups and balances equal to the ledger", { timeout: 120_000 }, async () => {
    await prisma.member.deleteMany();
    const count = 6_000;
    await prisma.member.createMany({ data: Array.from({ length: count }, (_, i) => ({ shop: TEST_SHOP, customerGid: gid(1000 + i), email: `m${i}@example.com` })) });
    const lines = ["Email,Points Balance,Points Spent", ...Array.from({ length: count }, (_, i) => `m${i}@example.com,${(i % 97) + 1},3`)];
    const { body } = await upload(lines.join("\n"), { source: "auto" });
    expect(body.import).toMatchObject({ validRows: count, errorRows: 0 });
    const id = body.import?.id ?? "";
    await confirm(id);
    await runImportJobs();
    const expected = Array.from({ length: count }, (_, i) => (i % 97) + 1).reduce((a, b) => a + b, 0);
    expect(await prisma.ledgerEntry.count({ where: { type: "import" } })).toBe(count);
    const summed = await prisma.member.aggregate({ _sum: { balance: true } });
    expect(integerResult(summed._sum.balance)).toBe(expected);
    const entry = await prisma.ledgerEntry.findFirstOrThrow({ where: { idempotencyKey: `import:${id}:2` } });
    expect(entry.explanation).toBe("Imported from Yotpo on Dec 5: 1 pt");
    await expectBalancesEqualLedger();
    await expectNoDrift(TEST_SHOP, "after a chunked import");
  });

  it("does not find another shop's import", async () => {
    const { body } = await upload(FILE);
    const id = body.import?.id ?? "";
    const loaded = await callAs(previewPage.loader, `/app/import/${id}`, { id }, { shop: OTHER_SHOP });
    expect((loaded as Response).status).toBe(404);
    const confirmed = await confirm(id, OTHER_SHOP);
    expect(confirmed.status).toBe(404);
    expect(await prisma.outboxJob.count()).toBe(0);
  });
});
