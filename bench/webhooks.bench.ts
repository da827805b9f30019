/**
 * Webhook benchmark: how fast the built app turns signed `orders/paid` deliveries into ledger entries, and how
 * that compares with the raw cost of the same database write.
 *
 * 1. A fresh SQLite database from the committed migrations, in a temp dir under tmp/bench/.
 * 2. The built app (build/server/index.js, made by `npm run bench:webhooks` before this runs) under remix-serve,
 *    on a free loopback port, outbox worker off.
 * 3. N distinct orders (Shopify's example payload, unique order GIDs, ~200 customers), signed like Shopify
 *    before any timing: warm-up orders first (not timed), then the measured ones at a fixed concurrency,
 *    then a sample re-sent as duplicates (retries: same body and webhook id).
 * 4. Correctness, checked on the database opened read-only: every response 200, exactly one earn entry per
 *    order, duplicates wrote nothing. A benchmark that measures 401s is worthless: any failure exits 1.
 * 5. Baseline: the same write issued directly with better-sqlite3 on a fresh copy of the schema, sequentially.
 * 6. A table on stdout, JSON in bench/results/webhooks-<timestamp>.json and webhooks-latest.json.
 *
 * Missing a performance target never fails the run; only correctness does.
 *
 *   npm run bench:webhooks -- [--orders 2000] [--concurrency 8] [--warmup 100] [--duplicates 100]
 *                             [--customers 200] [--cpu-prof] [--keep]
 *   (BENCH_ORDERS, BENCH_CONCURRENCY, BENCH_WARMUP work too.)
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { createMigratedDatabase } from "../tests/support/migrated-database";
import { startAppServer, stopAppServer } from "./support/app-server";
import { runBaseline } from "./support/baseline";
import { processCpuMs } from "./support/cpu";
import { countLedger, earnTemplate, type LedgerCounts } from "./support/ledger";
import { drive, keepAliveAgent, type LoadResult } from "./support/load";
import { parseOptions, type BenchOptions } from "./support/options";
import { API_VERSION, BENCH_SHOP, buildDeliveries, sampleOf, TOPIC, type Delivery } from "./support/orders";
import { compare, compareCpu, machine, printTable, TARGETS, writeResult, type AppFigures, type BenchResult } from "./support/report";
import { summarize, type LatencySummary } from "./support/stats";

const API_KEY = "bench-key";
const API_SECRET = "bench-secret";
const WEBHOOK_PATH = `/webhooks/${TOPIC}`;

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

interface Workload {
  warmup: Delivery[];
  measured: Delivery[];
  duplicates: Delivery[];
}

interface AppRun {
  warmup: LoadResult;
  measured: LoadResult;
  duplicates: LoadResult;
  afterMeasured: LedgerCounts;
  afterDuplicates: LedgerCounts;
  /** Server CPU time (ms) spent during each phase, or null off Linux. */
  cpuMs: { measured: number | null; duplicates: number | null };
}

/** CPU the server process used while `phase` ran. */
async function withServerCpu<T>(pid: number | undefined, phase: () => Promise<T>): Promise<[T, number | null]> {
  const before = processCpuMs(pid);
  const result = await phase();
  const after = processCpuMs(pid);
  return [result, before === null || after === null ? null : after - before];
}

function buildWorkload(options: BenchOptions): Workload {
  const common = { customers: options.customers, secret: API_SECRET, shop: BENCH_SHOP };
  const warmup = buildDeliveries({ ...common, firstOrder: 1, count: options.warmup });
  const measured = buildDeliveries({ ...common, firstOrder: options.warmup + 1, count: options.orders });
  return { warmup, measured, duplicates: sampleOf(measured, options.duplicates) };
}

/** Starts the app on `databaseFile`, sends warm-up, measured and duplicate deliveries, always stops it. */
async function runApp(options: BenchOptions, workload: Workload, databaseFile: string, runDir: string): Promise<AppRun> {
  const server = await startAppServer({
    databaseFile,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    logFile: path.join(runDir, "server.log"),
    nodeArgs: options.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${path.join(runDir, "profile")}`] : [],
  });
  const agent = keepAliveAgent(options.concurrency);
  try {
    const target = { port: server.port, path: WEBHOOK_PATH, agent };
    const warmup = await drive(target, workload.warmup, options.concurrency);
    const pid = server.child.pid;
    const [measured, measuredCpu] = await withServerCpu(pid, () => drive(target, workload.measured, options.concurrency));
    const afterMeasured = countLedger(databaseFile, BENCH_SHOP);
    const [duplicates, duplicatesCpu] = await withServerCpu(pid, () => drive(target, workload.duplicates, options.concurrency));
    const afterDuplicates = countLedger(databaseFile, BENCH_SHOP);
    return { warmup, measured, duplicates, afterMeasured, afterDuplicates, cpuMs: { measured: measuredCpu, duplicates: duplicatesCpu } };
  } finally {
    agent.destroy();
    await stopAppServer(server);
  }
}

function allOk(name: string, run: LoadResult, sent: number): Check {
  const detail = run.failed === 0 ? `${sent} x 200` : `${run.failed} of ${sent} not 200: ${JSON.stringify(run.failures)}`;
  return { name, ok: run.failed === 0 && run.latenciesMs.length === sent, detail };
}

function equals(name: string, actual: number, expected: number): Check {
  return { name, ok: actual === expected, detail: `${actual} (expected ${expected})` };
}

function appChecks(run: AppRun, workload: Workload): Check[] {
  const orders = workload.warmup.length + workload.measured.length;
  return [
    allOk("warm-up responses", run.warmup, workload.warmup.length),
    allOk("measured responses", run.measured, workload.measured.length),
    allOk("duplicate responses", run.duplicates, workload.duplicates.length),
    equals("earn entries after the measured run", run.afterMeasured.earnEntries, orders),
    equals("orders with an earn entry", run.afterMeasured.distinctEarnedOrders, orders),
    equals("orders marked awarded", run.afterMeasured.awardedOrders, orders),
    equals("earn entries after duplicates", run.afterDuplicates.earnEntries, run.afterMeasured.earnEntries),
    equals("points total after duplicates", run.afterDuplicates.pointsTotal, run.afterMeasured.pointsTotal),
  ];
}

function figures(run: LoadResult): AppFigures {
  return { ...summarize(run.latenciesMs, run.wallMs), errors: run.failed, failures: run.failures };
}

/** The raw-write baseline on its own database; skipped (a failed check, empty figures) if the app wrote no entry to copy. */
function baselineFigures(workload: Workload, appDb: string, runDir: string, checks: Check[]): { summary: LatencySummary; cpuMs: number | null } {
  const template = earnTemplate(appDb, BENCH_SHOP);
  if (!template) {
    checks.push({ name: "baseline", ok: false, detail: "skipped: the app wrote no earn entry to take the row shape from" });
    return { summary: summarize([], 0), cpuMs: null };
  }
  const file = path.join(runDir, "baseline.sqlite");
  const run = runBaseline({ file, shop: BENCH_SHOP, warmup: workload.warmup, measured: workload.measured, template });
  checks.push(equals("baseline earn entries", run.earnEntries, workload.warmup.length + workload.measured.length));
  return { summary: summarize(run.latenciesMs, run.wallMs), cpuMs: run.cpuMs };
}

interface RunContext {
  options: BenchOptions;
  startedAt: string;
  loadAtStart: number;
}

function assemble(
  { options, startedAt, loadAtStart }: RunContext,
  workload: Workload,
  run: AppRun,
  { summary: baseline, cpuMs: baselineCpuMs }: ReturnType<typeof baselineFigures>,
  checks: Check[],
): BenchResult {
  const app = figures(run.measured);
  const { ratio, meets } = compare(app, baseline);
  const cpu = compareCpu({
    app: run.cpuMs.measured,
    appCount: workload.measured.length,
    duplicates: run.cpuMs.duplicates,
    duplicateCount: workload.duplicates.length,
    baseline: baselineCpuMs,
    baselineCount: workload.measured.length,
  });
  return {
    startedAt,
    machine: machine(loadAtStart),
    params: {
      orders: options.orders,
      concurrency: options.concurrency,
      warmup: options.warmup,
      duplicates: workload.duplicates.length,
      customers: options.customers,
      topic: TOPIC,
      apiVersion: API_VERSION,
      shop: BENCH_SHOP,
      payloadBytes: workload.measured[0]?.body.length ?? 0,
      client: "node:http keep-alive agent, loopback",
      server: "remix-serve build/server/index.js, NODE_ENV=production, OUTBOX_WORKER=off",
      cpuProf: options.cpuProf,
    },
    app,
    duplicates: { ...figures(run.duplicates), ledgerUnchanged: run.afterDuplicates.earnEntries === run.afterMeasured.earnEntries },
    baseline,
    ratio,
    cpu,
    targets: TARGETS,
    meets,
    checks,
    ok: checks.every((check) => check.ok),
  };
}

async function main(): Promise<number> {
  const options = parseOptions();
  const context: RunContext = { options, startedAt: new Date().toISOString(), loadAtStart: loadavg()[0] ?? 0 };
  mkdirSync("tmp/bench", { recursive: true });
  const runDir = mkdtempSync(path.join("tmp/bench", "webhooks-"));
  const appDb = path.join(runDir, "app.sqlite");
  createMigratedDatabase(appDb);

  console.log(`Signing ${options.warmup + options.orders} deliveries…`);
  const workload = buildWorkload(options);
  console.log(`Running the app (${options.warmup} warm-up, ${options.orders} measured, concurrency ${options.concurrency})…`);
  const run = await runApp(options, workload, appDb, runDir);
  const checks = appChecks(run, workload);
  console.log("Running the raw SQLite baseline…");
  const baseline = baselineFigures(workload, appDb, runDir, checks);

  const result = assemble(context, workload, run, baseline, checks);
  printTable(result);
  console.log(`Results: ${writeResult(result)} (and bench/results/webhooks-latest.json)`);
  if (result.ok && !options.keep && !options.cpuProf) rmSync(runDir, { recursive: true, force: true });
  else console.log(`Kept ${runDir} (databases, server.log${options.cpuProf ? ", profile/" : ""})`);
  return result.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
