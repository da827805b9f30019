/**
 * What one Prisma operation costs on the orders/paid path, next to a prepared better-sqlite3 statement: the floor
 * under the webhook benchmark's figures (bench/README.md, "Where a paid order's time goes").
 *
 * In process, no HTTP: a fresh migrated database, the app's own Prisma client (driver adapter behind the
 * serializing wrapper), `recordOrderPaid` on Shopify's example order for `--orders` orders over 200 customers after
 * a warm-up. Each Prisma operation is timed in CPU (process.cpuUsage around it, through a query extension; the
 * calls are sequential, so nothing else runs meanwhile). Then the raw reference: a prepared statement reading one
 * member by primary key, and an INSERT of a ledger row, on the same file.
 *
 *   npx tsx bench/prisma-calls.bench.ts [--orders 1000]
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { createMigratedDatabase } from "../tests/support/migrated-database";
import { BENCH_SHOP, buildDeliveries } from "./support/orders";
import { ownCpuMs } from "./support/cpu";
import { round } from "./support/stats";

const { values } = parseArgs({ options: { orders: { type: "string" } }, strict: true });
const orders = Number(values.orders ?? 1000);
const WARMUP = 300;

mkdirSync("tmp/bench", { recursive: true });
const dir = mkdtempSync(path.join("tmp/bench", "prisma-calls-"));
const file = path.join(dir, "app.sqlite");
createMigratedDatabase(file);
Object.assign(process.env, { DATABASE_URL: `file:${path.resolve(file)}`, NODE_ENV: "production" });

const { createPrismaClient } = await import("../app/db.server");
const { recordOrderPaid } = await import("../app/loyalty/server/orders.server");
const { mapPaidOrder, parseWebhookBody } = await import("../app/shopify/webhook-payloads");

const spent = new Map<string, { calls: number; ms: number }>();
let timing = false;
const base = createPrismaClient(`file:${path.resolve(file)}`);
const prisma = base.$extends({
  query: {
    async $allOperations({ model, operation, args, query }) {
      if (!timing) return query(args);
      const before = ownCpuMs();
      const result = await query(args);
      const key = `${model ?? "(raw)"}.${operation}`;
      const entry = spent.get(key) ?? { calls: 0, ms: 0 };
      entry.calls += 1;
      entry.ms += ownCpuMs() - before;
      spent.set(key, entry);
      return result;
    },
  },
}) as unknown as typeof base;

const paid = buildDeliveries({ firstOrder: 1, count: WARMUP + orders, customers: 200, secret: "unused", shop: BENCH_SHOP }).map((delivery) =>
  mapPaidOrder(parseWebhookBody(delivery.body.toString("utf8"))),
);
for (const order of paid.slice(0, WARMUP)) await recordOrderPaid(prisma, BENCH_SHOP, order, new Date());
timing = true;
const started = ownCpuMs();
for (const order of paid.slice(WARMUP)) await recordOrderPaid(prisma, BENCH_SHOP, order, new Date());
const totalMs = ownCpuMs() - started;
timing = false;
await base.$disconnect();

// The raw reference, on the same file: what SQLite itself costs per statement.
const db = new Database(file);
const memberId = (db.prepare(`SELECT id FROM "Member" LIMIT 1`).get() as { id: string }).id;
const byId = db.prepare(`SELECT * FROM "Member" WHERE id = ?`);
const insert = db.prepare(
  `INSERT INTO "LedgerEntry" (id, shop, memberId, type, points, idempotencyKey, explanation, spendMinor, createdAt) VALUES (?, ?, ?, 'manual_credit', 1, ?, 'x', 0, ?)`,
);
const rawCpu = (runs: number, work: (i: number) => unknown) => {
  for (let i = 0; i < 500; i++) work(-i - 1);
  const before = ownCpuMs();
  for (let i = 0; i < runs; i++) work(i);
  return ((ownCpuMs() - before) * 1000) / runs;
};
const selectUs = rawCpu(20_000, () => byId.get(memberId));
const insertUs = rawCpu(5_000, (i) => insert.run(`raw-${i}`, BENCH_SHOP, memberId, `raw:${i}`, Date.now()));
db.close();
rmSync(dir, { recursive: true, force: true });

const rows = [...spent].sort((a, b) => b[1].ms - a[1].ms);
const inCalls = rows.reduce((sum, [, entry]) => sum + entry.ms, 0);
console.log(`\nPrisma operations of recordOrderPaid, ${orders} new orders (load ${round(loadavg()[0] ?? 0, 2)})\n`);
console.log(`${"operation".padEnd(28)} ${"per order".padStart(10)} ${"CPU ms/call".padStart(12)}`);
for (const [key, entry] of rows) console.log(`${key.padEnd(28)} ${String(round(entry.calls / orders, 2)).padStart(10)} ${String(round(entry.ms / entry.calls, 3)).padStart(12)}`);
console.log(
  `\nrecordOrderPaid: ${round(totalMs / orders, 2)} ms CPU per order, ${round(inCalls / orders, 2)} ms of it inside Prisma operations ` +
    `(the transaction's BEGIN/COMMIT and the app's own code are the rest).`,
);
console.log(`Raw better-sqlite3, prepared: SELECT a member by id ${round(selectUs, 1)} µs, INSERT a ledger row ${round(insertUs, 1)} µs.\n`);
