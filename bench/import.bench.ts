/**
 * Points import benchmark: a CSV of N balances (100,000 by default) through the real services — the dry run
 * (`previewPointsImport`: decode, parse, check, match by email against N members, store the preview) and the job
 * (`runPointsImport`: the valid rows written as `import` entries through the ledger writer's set-based path, with
 * balances, rollups and storefront-sync jobs) — against a baseline measured in the same run: the same entries and
 * balance updates as raw better-sqlite3 prepared statements in one transaction on a copy of the same database.
 *
 * 1. A fresh SQLite database from the committed migrations (tmp/bench/), N members with emails seeded raw, the
 *    shop's rollups built (recordShopSettings), so the import maintains them as in production.
 * 2. The file: `email,points` (Smile's format), N rows, points 1..500, a few hundred KB per 10,000 rows.
 * 3. Timed phases (wall clock): parse alone (pure), preview, confirm, job; total = preview + confirm + job.
 * 4. Correctness (any failure exits 1): N import entries, balances = ledger, rollups without drift (verify),
 *    the job run again writes nothing.
 * 5. A table on stdout; JSON in bench/results/import-<timestamp>.json and import-latest.json.
 *
 * The target (issue 14): N = 100,000 imported in under a minute. Missing it is reported, never failed.
 *
 *   npx tsx bench/import.bench.ts [--rows 100000] [--keep]
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { createPrismaClient } from "../app/db.server";
import { integerResult } from "../app/db/dialect.server";
import { parseImportFile } from "../app/loyalty/points-import";
import { confirmPointsImport, previewPointsImport, runPointsImport } from "../app/loyalty/server/points-import.server";
import { verifyShopRollups } from "../app/loyalty/server/rollups-source.server";
import { recordShopSettings } from "../app/loyalty/server/shop-settings.server";
import { createMigratedDatabase } from "../tests/support/migrated-database";
import { loadAverages, machine } from "./support/machine";
import { positiveInt } from "./support/options";
import { writeResult, runMain } from "./support/results";
import { round } from "./support/stats";

const SHOP = "bench-import.myshopify.com";
const TARGET_SECONDS = 60;
const sqliteDate = (date: Date) => date.toISOString().replace("Z", "+00:00");

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

function seedMembers(file: string, rows: number): void {
  const db = new Database(file);
  const now = sqliteDate(new Date());
  const insert = db.prepare(`INSERT INTO "Member" (id, shop, customerGid, displayName, email, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < rows; i += 1) insert.run(`mem${i}`, SHOP, `gid://shopify/Customer/${100000 + i}`, `Customer ${i}`, `Customer${i}@Example.com`, now, now);
  })();
  db.close();
}

const pointsOf = (i: number) => (i * 7919) % 500 + 1;

function csvOf(rows: number): Uint8Array {
  const lines = ["email,points"];
  for (let i = 0; i < rows; i += 1) lines.push(`customer${i}@example.com,${pointsOf(i)}`);
  return new TextEncoder().encode(`${lines.join("\n")}\n`);
}

/** The same writes without the app: one prepared insert per entry and one balance update per member, one transaction. */
function baseline(file: string, rows: number): number {
  const db = new Database(file);
  const insert = db.prepare(
    `INSERT INTO "LedgerEntry" (id, shop, memberId, type, points, idempotencyKey, explanation, spendMinor, createdAt) VALUES (?, ?, ?, 'import', ?, ?, ?, 0, ?)`,
  );
  const update = db.prepare(`UPDATE "Member" SET balance = balance + ?, version = version + 1 WHERE id = ?`);
  const started = performance.now();
  const now = sqliteDate(new Date());
  db.transaction(() => {
    for (let i = 0; i < rows; i += 1) {
      insert.run(`base${i}`, SHOP, `mem${i}`, pointsOf(i), `import:base:${i + 2}`, `Imported from Smile on Dec 5: ${pointsOf(i)} pts`, now);
      update.run(pointsOf(i), `mem${i}`);
    }
  })();
  const ms = performance.now() - started;
  db.close();
  return ms;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { rows: { type: "string" }, keep: { type: "boolean" } } });
  const rows = positiveInt("rows", values.rows, 100_000);
  const startedAt = new Date().toISOString();
  const load = loadAverages();
  mkdirSync("tmp/bench", { recursive: true });
  const dir = mkdtempSync(path.join("tmp/bench", "import-"));
  const file = path.resolve(dir, "import.sqlite");
  const baseFile = path.resolve(dir, "baseline.sqlite");
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  try {
    createMigratedDatabase(file);
    seedMembers(file, rows);
    copyFileSync(file, baseFile);
    const db = createPrismaClient(`file:${file}`);
    await recordShopSettings(db, SHOP, { currency: "USD", timezone: "America/New_York" }, new Date());
    const bytes = csvOf(rows);

    const t0 = performance.now();
    const parsed = parseImportFile(bytes);
    const parseMs = performance.now() - t0;
    check("every row parses as valid", parsed.rows.every((r) => r.status === "valid"), `${parsed.rows.length} rows`);

    const t1 = performance.now();
    const summary = await previewPointsImport(db, { shop: SHOP, fileName: "smile.csv", bytes, source: "auto", actor: "staff:1", now: new Date() });
    const previewMs = performance.now() - t1;
    check("every row matched", summary.validRows === rows && summary.errorRows === 0, `${summary.validRows} valid, ${summary.errorRows} errors`);

    const t2 = performance.now();
    await confirmPointsImport(db, { shop: SHOP, importId: summary.id, actor: "staff:1", now: new Date() });
    const confirmMs = performance.now() - t2;

    const t3 = performance.now();
    await runPointsImport(db, summary.id, new Date());
    const jobMs = performance.now() - t3;

    const entries = await db.ledgerEntry.count({ where: { shop: SHOP, type: "import" } });
    const expected = Array.from({ length: rows }, (_, i) => pointsOf(i)).reduce((a, b) => a + b, 0);
    const balances = integerResult((await db.member.aggregate({ where: { shop: SHOP }, _sum: { balance: true } }))._sum.balance ?? 0);
    check("one entry per row", entries === rows, `${entries}`);
    check("balances = ledger", balances === expected, `${balances} of ${expected}`);
    const t4 = performance.now();
    await db.pointsImport.update({ where: { id: summary.id }, data: { status: "running", cursorRow: 0 } });
    await runPointsImport(db, summary.id, new Date());
    const rerunMs = performance.now() - t4;
    check("a re-run from the first row writes nothing", (await db.ledgerEntry.count({ where: { shop: SHOP } })) === rows, "");
    const verify = await verifyShopRollups(db, SHOP);
    check("rollups equal the ledger", verify.drifts.length === 0, `${verify.drifts.length} drifts`);
    await db.$disconnect();

    const baselineMs = baseline(baseFile, rows);
    const totalMs = previewMs + confirmMs + jobMs;
    const result = {
      kind: "import",
      startedAt,
      rows,
      fileBytes: bytes.byteLength,
      databaseMiB: round(statSync(file).size / (1024 * 1024), 1),
      phasesMs: { parse: round(parseMs, 1), preview: round(previewMs, 1), confirm: round(confirmMs, 1), job: round(jobMs, 1), rerunWritingNothing: round(rerunMs, 1) },
      totalMs: round(totalMs, 1),
      rowsPerSecond: Math.round(rows / (totalMs / 1000)),
      baseline: { what: "raw better-sqlite3 prepared INSERT LedgerEntry + UPDATE Member per row, one transaction", ms: round(baselineMs, 1) },
      jobOverBaseline: round(jobMs / baselineMs, 2),
      target: { seconds: TARGET_SECONDS, met: totalMs / 1000 < TARGET_SECONDS },
      checks,
      machine: machine(load),
    };
    const saved = writeResult("import", startedAt, result);
    console.log(`Points import benchmark: ${rows.toLocaleString("en-US")} rows (${round(bytes.byteLength / 1024, 0)} KB), SQLite, ${result.machine.cpus} cores, load ${load.join(" ")} → ${result.machine.loadAvg.end.join(" ")}`);
    console.table({
      "parse (pure)": { ms: result.phasesMs.parse },
      "dry run (parse, match, store preview)": { ms: result.phasesMs.preview },
      confirm: { ms: result.phasesMs.confirm },
      "job (write entries, balances, rollups)": { ms: result.phasesMs.job },
      "total (dry run + confirm + job)": { ms: result.totalMs },
      "re-run writing nothing": { ms: result.phasesMs.rerunWritingNothing },
      "baseline: raw prepared writes": { ms: result.baseline.ms },
    });
    console.log(`${result.rowsPerSecond.toLocaleString("en-US")} rows/s; job ${result.jobOverBaseline}× the baseline; target < ${TARGET_SECONDS} s: ${result.target.met ? "met" : "NOT met"}`);
    for (const c of checks) console.log(`${c.ok ? "ok  " : "FAIL"} ${c.name} ${c.detail}`);
    console.log(`Saved ${saved}`);
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

runMain(main);
