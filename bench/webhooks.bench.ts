/**
 * Webhook benchmark: signed `orders/paid` deliveries into the built app under its production server, and the same
 * deliveries into the smallest correct receiver, measured from the outside only (HTTP in, LedgerEntry rows out).
 *
 * 1. The app: `node server.mjs ./build/server/index.js` (what `npm start` runs; NODE_ENV=production, outbox
 *    worker off, inbox worker on) on a fresh migrated SQLite database with the shop installed (an offline
 *    session); its program is the default one, live, created by the first delivery. A worker thread polls the
 *    database read-only every few ms and dates each order's earn entry (commit-watch.ts).
 *    - closed loop: warm-up, then `--orders` deliveries at `--concurrency`: accepted/s, ack latency, and the
 *      server's CPU from the first send until the last entry is committed (accept + asynchronous award) per order;
 *    - duplicates: a sample re-sent byte for byte (retries): 200, nothing written;
 *    - open loop: each `--rates` for `--rate-duration` s, sent on schedule whatever the answers; ack latency and
 *      send → committed entry latency, both from the scheduled send time.
 * 2. The minimal receiver (baseline-receiver.ts, its own process): node:http, the HMAC, the award's statements
 *    prepared on better-sqlite3 in one transaction per order, 200. Same deliveries, same closed and open loops.
 * 3. Inbox → ledger: a fresh database; the app with INBOX_WORKER=off accepts warm-up + `--orders` deliveries (the
 *    accept-only closed loop), stops; the app with the worker on is started on it and drains the inbox: orders/s
 *    and CPU per order from the last warm-up entry to the last entry.
 * 4. Checks (any failure exits 1): every delivery answered 200, one earn entry per order, duplicates wrote
 *    nothing, the program live. A table on stdout; JSON in bench/results/webhooks-<timestamp>.json and
 *    webhooks-latest.json. Missing a performance target is reported, never failed.
 *
 *   npm run bench:webhooks -- [--orders 1000] [--concurrency 8] [--warmup 100] [--duplicates 100] [--customers 200]
 *     [--rates 100,300,1000] [--rate-duration 5] [--sockets 64] [--commit-wait 30] [--drain-timeout 300]
 *     [--poll-ms 5] [--timeout 10000] [--cpu-prof] [--keep]
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { createMigratedDatabase } from "../tests/support/migrated-database";
import { startAppServer, startChildServer, stopAppServer, type AppServer } from "./support/app-server";
import { CommitWatch } from "./support/commit-watch";
import { countLedger, earnTemplate, type EarnTemplate } from "./support/ledger";
import { loadAverages, machine } from "./support/machine";
import { parseOptions, type BenchOptions } from "./support/options";
import { BENCH_SHOP } from "./support/orders";
import { runMain, writeResult } from "./support/results";
import { installShop, launchDefaultProgram, programStatus } from "./support/shop";
import { closedLoop, drain, duplicates, serverTarget, type ClosedLoopFigures, type DrainFigures, type DuplicateFigures, type OpenLoopFigures } from "./support/webhook-phases";
import { answered, buildWorkload, equals, gids, ledgerChecks, openLoops, workloadParams, type Workload } from "./support/webhook-runs";
import { cpuFigures, meetsTargets, printTable, TARGETS, type BenchResult, type Check } from "./support/webhooks-report";

const API_KEY = "bench-key";
const API_SECRET = "bench-secret";
const SETTLE_MS = 1500;

function profileArgs(options: BenchOptions, runDir: string, name: string): string[] {
  return options.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${path.join(runDir, "profile", name)}`] : [];
}

async function freshDatabase(runDir: string, name: string): Promise<string> {
  const file = path.join(runDir, name);
  createMigratedDatabase(file);
  installShop(file, BENCH_SHOP);
  await launchDefaultProgram(`file:${file}`, BENCH_SHOP);
  return file;
}

const loadNow = () => Number((loadavg()[0] ?? 0).toFixed(2));

interface AppPhase {
  closed: ClosedLoopFigures;
  duplicates: DuplicateFigures & { ledgerUnchanged: boolean };
  openLoop: OpenLoopFigures[];
  template: EarnTemplate | null;
  checks: Check[];
}

/** The app as deployed: closed loop, duplicates, open loop, on one server and database. */
async function runApp(options: BenchOptions, workload: Workload, runDir: string): Promise<AppPhase> {
  const file = await freshDatabase(runDir, "app.sqlite");
  const server = await startAppServer({
    databaseFile: file,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    logFile: path.join(runDir, "app-server.log"),
    nodeArgs: profileArgs(options, runDir, "app"),
  });
  const watch = CommitWatch.start({ file, shop: BENCH_SHOP, pollMs: options.pollMs });
  const target = serverTarget(server, watch);
  const checks: Check[] = [];
  try {
    const loop = { ...options, waitForCommits: true };
    console.log(`  app: warm-up (${workload.warmup.length}), then closed loop (${workload.measured.length} at concurrency ${options.concurrency})…`);
    const warm = await closedLoop(target, workload.warmup, loop);
    checks.push(answered("app warm-up answers", warm.figures, workload.warmup.length));
    checks.push({ name: "app program", ok: programStatus(file, BENCH_SHOP) === "live", detail: `status ${programStatus(file, BENCH_SHOP)}` });
    const measured = await closedLoop(target, workload.measured, loop);
    checks.push(answered("app closed-loop answers", measured.figures, workload.measured.length));
    checks.push({
      name: "app closed loop committed",
      ok: measured.complete,
      detail: `${measured.figures.committed} of ${measured.figures.accepted} entries within ${options.drainTimeoutMs / 1000} s`,
    });
    const orders = workload.warmup.length + workload.measured.length;
    const before = countLedger(file, BENCH_SHOP);
    checks.push(...ledgerChecks("app after the closed loop", before, orders));

    console.log(`  app: ${workload.duplicates.length} duplicates…`);
    const dup = await duplicates(target, workload.duplicates, { ...options, settleMs: SETTLE_MS });
    const after = countLedger(file, BENCH_SHOP);
    const ledgerUnchanged = after.earnEntries === before.earnEntries && after.pointsTotal === before.pointsTotal;
    checks.push(answered("app duplicate answers", dup, workload.duplicates.length));
    checks.push(equals("app earn entries after duplicates", after.earnEntries, before.earnEntries));
    checks.push(equals("app points total after duplicates", after.pointsTotal, before.pointsTotal));

    const open = await openLoops("app", target, workload, options, [...gids(workload.warmup), ...gids(workload.measured)]);
    checks.push(...open.checks);
    const final = countLedger(file, BENCH_SHOP);
    checks.push(equals("app orders earned twice (end)", final.ordersEarnedTwice, 0));
    checks.push(equals("app entries seen twice by the poller", watch.repeats, 0));
    return { closed: measured.figures, duplicates: { ...dup, ledgerUnchanged }, openLoop: open.figures, template: earnTemplate(file, BENCH_SHOP), checks };
  } finally {
    await watch.stop();
    await stopAppServer(server);
  }
}

interface BaselinePhase {
  closed: ClosedLoopFigures;
  openLoop: OpenLoopFigures[];
  checks: Check[];
}

/** The minimal receiver, same loads, its own database. */
async function runBaseline(options: BenchOptions, workload: Workload, runDir: string, template: EarnTemplate): Promise<BaselinePhase> {
  const file = await freshDatabase(runDir, "baseline.sqlite");
  const server = await startChildServer({
    args: [...process.execArgv, "bench/support/baseline-receiver.ts"],
    logFile: path.join(runDir, "baseline-receiver.log"),
    env: { BASELINE_DB: path.resolve(file), BASELINE_SECRET: API_SECRET, BASELINE_SHOP: BENCH_SHOP, BASELINE_TEMPLATE: JSON.stringify(template) },
  });
  const watch = CommitWatch.start({ file, shop: BENCH_SHOP, pollMs: options.pollMs });
  const target = serverTarget(server, watch);
  const checks: Check[] = [];
  try {
    const loop = { ...options, waitForCommits: true };
    console.log(`  minimal receiver: warm-up, closed loop…`);
    const warm = await closedLoop(target, workload.warmup, loop);
    checks.push(answered("receiver warm-up answers", warm.figures, workload.warmup.length));
    const measured = await closedLoop(target, workload.measured, loop);
    checks.push(answered("receiver closed-loop answers", measured.figures, workload.measured.length));
    checks.push(...ledgerChecks("receiver after the closed loop", countLedger(file, BENCH_SHOP), workload.warmup.length + workload.measured.length));
    const open = await openLoops("receiver", target, workload, options, [...gids(workload.warmup), ...gids(workload.measured)]);
    checks.push(...open.checks);
    checks.push(equals("receiver orders earned twice (end)", countLedger(file, BENCH_SHOP).ordersEarnedTwice, 0));
    return { closed: measured.figures, openLoop: open.figures, checks };
  } finally {
    await watch.stop();
    await stopAppServer(server);
  }
}

interface InboxPhase {
  acceptOnly: ClosedLoopFigures;
  drain: DrainFigures;
  checks: Check[];
}

/** Accept with the worker off, stop; start with the worker on and time the drain. */
async function runInboxToLedger(options: BenchOptions, workload: Workload, runDir: string): Promise<InboxPhase> {
  const file = await freshDatabase(runDir, "inbox.sqlite");
  const checks: Check[] = [];
  const accepting = await startAppServer({
    databaseFile: file,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    logFile: path.join(runDir, "inbox-accept-server.log"),
    inboxWorker: false,
    nodeArgs: profileArgs(options, runDir, "accept"),
  });
  let acceptOnly: ClosedLoopFigures;
  try {
    // No entries are awaited (the worker is off): no watch.
    const target = serverTarget(accepting, null);
    const loop = { ...options, waitForCommits: false };
    console.log(`  inbox: accepting ${workload.warmup.length} + ${workload.measured.length} with the worker off…`);
    const warm = await closedLoop(target, workload.warmup, loop);
    checks.push(answered("accept-only warm-up answers", warm.figures, workload.warmup.length));
    acceptOnly = (await closedLoop(target, workload.measured, loop)).figures;
    checks.push(answered("accept-only answers", acceptOnly, workload.measured.length));
  } finally {
    await stopAppServer(accepting);
  }
  checks.push(equals("earn entries written with the worker off", countLedger(file, BENCH_SHOP).earnEntries, 0));

  console.log("  inbox: starting the app with the worker on, draining…");
  const watch = CommitWatch.start({ file, shop: BENCH_SHOP, pollMs: options.pollMs });
  let child: ChildProcess | undefined;
  let spawnedAt = 0;
  let drainRun: Promise<DrainFigures> | undefined;
  let server: AppServer | undefined;
  try {
    server = await startAppServer({
      databaseFile: file,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      logFile: path.join(runDir, "inbox-drain-server.log"),
      nodeArgs: profileArgs(options, runDir, "drain"),
      // The worker starts when the build is loaded, before the server listens: watch from the spawn.
      onSpawn: (spawned) => {
        child = spawned;
        spawnedAt = performance.timeOrigin + performance.now();
        drainRun = drain(watch, spawned, spawnedAt, { warmup: gids(workload.warmup), measured: gids(workload.measured) }, options.drainTimeoutMs);
      },
    });
    if (!drainRun || !child) throw new Error("the drain server did not spawn");
    const figures = await drainRun;
    checks.push({ name: "inbox drained", ok: figures.complete, detail: `${figures.complete ? "all" : "not all"} ${figures.orders} orders within ${options.drainTimeoutMs / 1000} s` });
    checks.push(...ledgerChecks("inbox after the drain", countLedger(file, BENCH_SHOP), workload.warmup.length + workload.measured.length));
    return { acceptOnly, drain: figures, checks };
  } finally {
    await watch.stop();
    if (server) await stopAppServer(server);
  }
}

async function main(): Promise<number> {
  const options = parseOptions();
  const startedAt = new Date().toISOString();
  const loadAtStart = loadAverages();
  mkdirSync("tmp/bench", { recursive: true });
  const runDir = mkdtempSync(path.join("tmp/bench", "webhooks-"));

  const workload = buildWorkload(options, API_SECRET);
  const phaseLoad: Record<string, number> = {};

  console.log("The app (server.mjs, inbox worker on):");
  phaseLoad.app = loadNow();
  const app = await runApp(options, workload, runDir);
  const checks = [...app.checks];

  console.log("The minimal receiver:");
  phaseLoad.baseline = loadNow();
  let baseline: BaselinePhase | null = null;
  if (app.template) {
    baseline = await runBaseline(options, workload, runDir, app.template);
    checks.push(...baseline.checks);
  } else checks.push({ name: "minimal receiver", ok: false, detail: "skipped: the app wrote no earn entry to take the row shape from" });

  console.log("Inbox to ledger:");
  phaseLoad.inboxToLedger = loadNow();
  const inbox = await runInboxToLedger(options, workload, runDir);
  checks.push(...inbox.checks);

  const cpu = cpuFigures(app.closed, baseline?.closed ?? null, inbox.acceptOnly, inbox.drain, app.duplicates);
  const partial = {
    closedLoop: { app: app.closed, baseline: baseline?.closed ?? null, appAcceptOnly: inbox.acceptOnly },
    inboxToLedger: inbox.drain,
    openLoop: { app: app.openLoop, baseline: baseline?.openLoop ?? [] },
    cpu,
  };
  const result: BenchResult = {
    startedAt,
    machine: machine(loadAtStart),
    params: {
      ...workloadParams(options, workload),
      client: "node:http keep-alive agent, loopback; commits dated by a read-only better-sqlite3 poll of LedgerEntry in a worker thread",
      server: "node server.mjs ./build/server/index.js, NODE_ENV=production, OUTBOX_WORKER=off, INBOX_WORKER on (off while accepting in the inbox phase)",
      baseline: "bench/support/baseline-receiver.ts: node:http, HMAC, better-sqlite3 prepared statements, one transaction per order",
      cpuProf: options.cpuProf,
    },
    phaseLoad,
    ...partial,
    duplicates: app.duplicates,
    targets: TARGETS,
    meets: meetsTargets(partial),
    checks,
    ok: checks.every((check) => check.ok),
  };
  printTable(result);
  console.log(`Results: ${writeResult("webhooks", startedAt, result)} (and bench/results/webhooks-latest.json)`);
  if (result.ok && !options.keep && !options.cpuProf) rmSync(runDir, { recursive: true, force: true });
  else console.log(`Kept ${runDir} (databases, server logs${options.cpuProf ? ", profile/" : ""})`);
  return result.ok ? 0 : 1;
}

runMain(main);
