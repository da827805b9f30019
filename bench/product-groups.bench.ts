/**
 * Product-groups job benchmark (insights, "Across product groups"): N earn entries (100,000 by default) over 4,000
 * members and 12 months, each with its order's lines in the stored breakdown (products from a catalog of 200 with
 * cached types, half of the lines untyped as when no earning rule needed product data), read by the real job
 * (`recordProductGroupsChunk`, 2,000 entries per transaction, until caught up) — against a baseline measured in
 * the same run: reading the same entries' breakdowns with one raw better-sqlite3 statement and parsing them.
 * Correctness (any failure exits 1): a row per member and month bought in, the cursor at the last entry, and a
 * second run reading nothing. JSON in bench/results/product-groups-<timestamp>.json and -latest.json.
 *
 *   npx tsx bench/product-groups.bench.ts [--entries 100000] [--keep]
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { createPrismaClient } from "../app/db.server";
import { recordProductGroupsChunk } from "../app/loyalty/server/product-groups.server";
import { recordShopSettings } from "../app/loyalty/server/shop-settings.server";
import { createMigratedDatabase } from "../tests/support/migrated-database";
import { loadAverages, machine } from "./support/machine";
import { positiveInt } from "./support/options";
import { runMain, writeResult } from "./support/results";
import { round } from "./support/stats";

const SHOP = "bench-groups.myshopify.com";
const MEMBERS = 4_000;
const PRODUCTS = 200;
const TYPES = ["Snowboards", "Skis", "Wax", "Apparel", "Accessories", "Boots", "Helmets", "Bindings"];
const sqliteDate = (date: Date) => date.toISOString().replace("Z", "+00:00");

function seed(file: string, entries: number, now: Date): number {
  const db = new Database(file);
  const stamp = sqliteDate(now);
  const member = db.prepare(`INSERT INTO "Member" (id, shop, customerGid, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)`);
  const product = db.prepare(`INSERT INTO "ProductCache" (shop, productGid, productType, collectionGids, fetchedAt) VALUES (?, ?, ?, '[]', ?)`);
  const entry = db.prepare(
    `INSERT INTO "LedgerEntry" (id, shop, memberId, type, points, idempotencyKey, orderGid, explanation, breakdown, createdAt) VALUES (?, ?, ?, 'earn', ?, ?, ?, 'Earned', ?, ?)`,
  );
  const memberMonths = new Set<string>();
  db.transaction(() => {
    for (let m = 0; m < MEMBERS; m += 1) member.run(`mem${m}`, SHOP, `gid://shopify/Customer/${m + 1}`, stamp, stamp);
    for (let p = 0; p < PRODUCTS; p += 1) product.run(SHOP, `gid://shopify/Product/${p + 1}`, TYPES[p % TYPES.length], stamp);
    for (let i = 0; i < entries; i += 1) {
      const memberId = `mem${(i * 7919) % MEMBERS}`;
      const at = new Date(now.getTime() - ((i * 104729) % 365) * 86_400_000);
      const lines = Array.from({ length: 1 + (i % 3) }, (_, l) => {
        const p = ((i + l * 37) % PRODUCTS) + 1;
        return { lineGid: `gid://shopify/LineItem/${i}-${l}`, productGid: `gid://shopify/Product/${p}`, productType: l % 2 === 0 ? TYPES[(p - 1) % TYPES.length] : null, title: "Item", quantity: 1, amountMinor: 1000, taxMinor: 0, collectionGids: [], giftCard: false };
      });
      const breakdown = JSON.stringify({ total: 10, order: { orderGid: `gid://shopify/Order/${i + 1}`, currency: "USD", lines, shippingMinor: 0, shippingTaxMinor: 0 } });
      entry.run(`ent${String(i).padStart(8, "0")}`, SHOP, memberId, 10, `earn:${i}`, `gid://shopify/Order/${i + 1}`, breakdown, sqliteDate(at));
      memberMonths.add(`${memberId}|${at.toISOString().slice(0, 7)}`);
    }
  })();
  db.close();
  return memberMonths.size;
}

function baseline(file: string): number {
  const db = new Database(file, { readonly: true });
  const t = performance.now();
  let lines = 0;
  for (const row of db.prepare(`SELECT id, memberId, createdAt, breakdown FROM "LedgerEntry" WHERE shop = ? AND type = 'earn' ORDER BY createdAt, id`).iterate(SHOP)) {
    lines += ((JSON.parse((row as { breakdown: string }).breakdown) as { order: { lines: unknown[] } }).order.lines).length;
  }
  const ms = performance.now() - t;
  db.close();
  if (lines === 0) throw new Error("The baseline read no lines");
  return ms;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { entries: { type: "string" }, keep: { type: "boolean", default: false } } });
  const entries = positiveInt("entries", values.entries, 100_000);
  const startedAt = new Date().toISOString();
  const load = loadAverages();
  mkdirSync("tmp/bench", { recursive: true });
  const dir = mkdtempSync(path.join("tmp/bench", "groups-"));
  const file = path.resolve(dir, "groups.sqlite");
  const checks: { name: string; ok: boolean; detail: string }[] = [];
  try {
    createMigratedDatabase(file);
    const now = new Date();
    const expectedRows = seed(file, entries, now);
    const db = createPrismaClient(`file:${file}`);
    await recordShopSettings(db, SHOP, { currency: "USD", timezone: "UTC" }, now);
    const noShopify = async () => {
      throw new Error("Every product type is cached: the job must not call Shopify here");
    };
    const t = performance.now();
    let read = 0;
    for (;;) {
      const chunk = await recordProductGroupsChunk(db, noShopify, SHOP, now);
      read += chunk;
      if (chunk < 2_000) break;
    }
    const jobMs = performance.now() - t;
    const rows = await db.memberProductGroups.count({ where: { shop: SHOP } });
    checks.push({ name: "every entry read once", ok: read === entries, detail: `${read}` });
    checks.push({ name: "a row per member and month", ok: rows === expectedRows, detail: `${rows} of ${expectedRows}` });
    const t2 = performance.now();
    const again = await recordProductGroupsChunk(db, noShopify, SHOP, now);
    const rerunMs = performance.now() - t2;
    checks.push({ name: "a second run reads nothing", ok: again === 0, detail: `${again}` });
    await db.$disconnect();
    const baselineMs = baseline(file);
    const result = {
      kind: "product-groups",
      startedAt,
      entries,
      members: MEMBERS,
      memberMonths: rows,
      jobMs: round(jobMs, 1),
      entriesPerSecond: Math.round(entries / (jobMs / 1000)),
      rerunMs: round(rerunMs, 1),
      baseline: { what: "one raw better-sqlite3 SELECT of the same entries' breakdowns, parsed", ms: round(baselineMs, 1) },
      jobOverBaseline: round(jobMs / baselineMs, 2),
      checks,
      machine: machine(load),
    };
    const saved = writeResult("product-groups", startedAt, result);
    console.log(`Product-groups job: ${entries.toLocaleString("en-US")} earn entries, ${MEMBERS} members, SQLite, load ${load.join(" ")}`);
    console.table({ job: { ms: result.jobMs }, "second run (caught up)": { ms: result.rerunMs }, "baseline: raw read + parse": { ms: result.baseline.ms } });
    console.log(`${result.entriesPerSecond.toLocaleString("en-US")} entries/s; ${result.jobOverBaseline}× the baseline`);
    for (const c of checks) console.log(`${c.ok ? "ok  " : "FAIL"} ${c.name} ${c.detail}`);
    console.log(`Saved ${saved}`);
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

runMain(main);
