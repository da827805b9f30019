/**
 * What one PostgreSQL database serves: signed `orders/paid` deliveries into the built app under its production
 * server, on PostgreSQL, with one app instance and then two on the same database (issue 9, "Past one database").
 * Only HTTP in and LedgerEntry rows out are observed, as in webhooks.bench.ts.
 *
 * 1. PostgreSQL: a throw-away cluster (support/postgres-cluster.ts: initdb under /tmp, 127.0.0.1, fsync and
 *    synchronous_commit ON, as in production), or BENCH_POSTGRES_URL. The app's migrator builds a template
 *    database; each configuration gets a fresh copy with the shop installed (an offline session).
 * 2. Each configuration in `--instances` (1,2): that many `node server.mjs ./build/server/index.js` on the same
 *    DATABASE_URL=postgresql://…, each with its inbox worker on (claims take FOR UPDATE SKIP LOCKED, so the
 *    instances drain together), DATABASE_POOL_MAX connections each (the app's default, 10). Deliveries go
 *    round-robin over the instances. Commits are dated by PostgreSQL's commit timestamps (postgres-watch.ts).
 *    - closed loop: warm-up, then `--orders` at `--concurrency`: accepted/s, ack latency, committed/s, the app's CPU
 *      (every instance, summed) and the database server's CPU per order, from the first send to the last commit;
 *    - duplicates: a sample re-sent byte for byte, each to an instance other than the one that took it first;
 *    - open loop: each `--rates` for `--rate-duration` s: ack and send → committed entry latency;
 *    - where the app's connections spend the load (pg_stat_activity, sampled): running, lock waits, WAL flushes,
 *      open transactions waiting for the app.
 * 3. Checks (any failure exits 1): every delivery answered 200 (open-loop timeouts are reported, not failed), one
 *    earn entry per order and none twice, every accepted order committed, duplicates wrote nothing, the program
 *    live. A table on stdout; JSON in bench/results/webhooks-postgres-<timestamp>.json and
 *    webhooks-postgres-latest.json.
 *
 *   npm run bench:webhooks:postgres -- [--instances 1,2] [--orders 1000] [--concurrency 8] [--warmup 100]
 *     [--duplicates 100] [--customers 200] [--rates 100,300,1000] [--rate-duration 5] [--sockets 64]
 *     [--commit-wait 30] [--drain-timeout 300] [--poll-ms 5] [--timeout 10000] [--keep]
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startAppServer, stopAppServer, type AppServer } from "./support/app-server";
import { machineCpuMs, ownCpuMs, processesCpuMs } from "./support/cpu";
import { loadAverages, machine, type Machine } from "./support/machine";
import { BENCH_ARGS, benchOptionsFrom, positiveInt, type BenchOptions } from "./support/options";
import { BENCH_SHOP, type Delivery } from "./support/orders";
import { BENCH_CLUSTER_SETTINGS, startPostgres, type PostgresServer } from "./support/postgres-cluster";
import { benchDatabase, countLedgerPg, dropDatabases, migratedTemplate, programStatusPg, serverFacts } from "./support/postgres-db";
import { PgCommitWatch, WaitSampler, type WaitProfile } from "./support/postgres-watch";
import { runMain, writeResult } from "./support/results";
import { round } from "./support/stats";
import { closedLoop, duplicates, type ClosedLoopFigures, type DuplicateFigures, type OpenLoopFigures, type Target } from "./support/webhook-phases";
import { answered, buildWorkload, equals, gids, ledgerChecks, openLoops, workloadParams, type Around, type Workload } from "./support/webhook-runs";
import { ms, OPEN_LOOP_HEADINGS, openLoopCells, pad, type Check } from "./support/webhooks-report";

const API_KEY = "bench-key";
const API_SECRET = "bench-secret";
const SETTLE_MS = 1500;
/** The app's pool per instance: DATABASE_POOL_MAX passed on from this environment, else the app's default. */
const APP_POOL_MAX = Number(process.env.DATABASE_POOL_MAX || 10);

interface Options extends BenchOptions {
  /** App instances per configuration, in the order run. */
  instances: number[];
}

function parseOptions(argv = process.argv.slice(2)): Options {
  const { values } = parseArgs({ args: argv, options: { ...BENCH_ARGS, instances: { type: "string" } }, strict: true });
  const { instances, ...bench } = values;
  const list = (instances ?? "1,2").split(",").map((part) => positiveInt("instances", part.trim(), 0));
  return { ...benchOptionsFrom(bench), instances: list };
}

interface Configuration {
  instances: number;
  /** 1-minute load average when the configuration started and ended. */
  load: { start: number; end: number };
  closed: ClosedLoopFigures;
  duplicates: DuplicateFigures & { ledgerUnchanged: boolean; sentToAnotherInstance: boolean };
  openLoop: OpenLoopFigures[];
  /** Per measurement: what the app's connections did, how busy the machine was, the benchmark's own CPU. */
  observed: Observed[];
  checks: Check[];
}

interface Observed extends WaitProfile {
  wallMs: number;
  /** Share of the machine's CPU time busy over the measurement (every process, other work included), %. */
  machineBusyPct: number | null;
  /** This process's CPU (load generator, commit watch, sampler) over the measurement, ms. */
  benchCpuMs: number;
}

/** Runs `measure` under the sampler, and reads the machine's and this process's CPU around it. */
async function observe<T>(sampler: WaitSampler, label: string, measure: () => Promise<T>, into: Observed[]): Promise<T> {
  const machineBefore = machineCpuMs();
  const benchBefore = ownCpuMs();
  const started = performance.now();
  const { result, profile } = await sampler.during(label, measure);
  const machineAfter = machineCpuMs();
  const busy = machineBefore && machineAfter ? machineAfter.busy - machineBefore.busy : null;
  const idle = machineBefore && machineAfter ? machineAfter.idle - machineBefore.idle : null;
  into.push({
    ...profile,
    wallMs: round(performance.now() - started, 1),
    machineBusyPct: busy === null || idle === null || busy + idle <= 0 ? null : round((100 * busy) / (busy + idle), 1),
    benchCpuMs: round(ownCpuMs() - benchBefore, 1),
  });
  return result;
}

interface Run {
  pg: PostgresServer;
  template: string;
  prefix: string;
  workload: Workload;
  options: Options;
  runDir: string;
}

const loadNow = () => round(loadavg()[0] ?? 0, 2);
const plural = (n: number) => `${n} instance${n === 1 ? "" : "s"}`;

/** Each duplicate goes to the instance after the one its original went to (the closed loop sends round-robin). */
function portsForDuplicates(workload: Workload, ports: readonly number[]): number[] {
  const index = new Map(workload.measured.map((delivery, i) => [delivery, i]));
  return workload.duplicates.map((delivery: Delivery) => ports[((index.get(delivery) ?? 0) + 1) % ports.length] as number);
}

/** One earn entry per accepted order, none twice; when some requests were abandoned, they may have been stored too. */
function endChecks(label: string, counts: Awaited<ReturnType<typeof countLedgerPg>>, accepted: number, sent: number): Check[] {
  if (accepted === sent) return ledgerChecks(label, counts, accepted);
  return [
    { name: `${label}: earn entries`, ok: counts.earnEntries >= accepted && counts.earnEntries <= sent, detail: `${counts.earnEntries} (accepted ${accepted}, sent ${sent})` },
    equals(`${label}: orders with an earn entry`, counts.distinctEarnedOrders, counts.earnEntries),
    equals(`${label}: orders marked awarded`, counts.awardedOrders, counts.earnEntries),
    equals(`${label}: orders earned twice`, counts.ordersEarnedTwice, 0),
  ];
}

async function runConfiguration(instances: number, run: Run): Promise<Configuration> {
  const { workload, options } = run;
  const label = plural(instances);
  const loadStart = loadNow();
  const url = await benchDatabase(run.pg.adminUrl, run.template, `${run.prefix}_i${instances}`, BENCH_SHOP);
  const servers: AppServer[] = [];
  const observed: Observed[] = [];
  const checks: Check[] = [];
  let watch: PgCommitWatch | undefined;
  let sampler: WaitSampler | undefined;
  try {
    for (let i = 1; i <= instances; i++) {
      const logFile = path.join(run.runDir, `app-${instances}-${i}.log`);
      servers.push(await startAppServer({ databaseUrl: url, apiKey: API_KEY, apiSecret: API_SECRET, logFile }));
    }
    watch = await PgCommitWatch.start({ url, shop: BENCH_SHOP, pollMs: options.pollMs });
    sampler = await WaitSampler.start(url);
    const within = sampler;
    const around: Around = (name, measure) => observe(within, name, measure, observed);
    const ports = servers.map((server) => server.port);
    const target: Target = { port: ports, cpuMs: () => processesCpuMs(servers.map((server) => server.child.pid)), databaseCpuMs: run.pg.cpuMs, watch };
    const loop = { ...options, waitForCommits: true };

    console.log(`  ${label}: warm-up (${workload.warmup.length}), then closed loop (${workload.measured.length} at concurrency ${options.concurrency})…`);
    const warm = await closedLoop(target, workload.warmup, loop);
    checks.push(answered(`${label} warm-up answers`, warm.figures, workload.warmup.length));
    const status = await programStatusPg(url, BENCH_SHOP);
    checks.push({ name: `${label} program`, ok: status === "live", detail: `status ${status}` });
    const measured = await around("closed loop", () => closedLoop(target, workload.measured, loop));
    checks.push(answered(`${label} closed-loop answers`, measured.figures, workload.measured.length));
    checks.push({
      name: `${label} closed loop committed`,
      ok: measured.complete,
      detail: `${measured.figures.committed} of ${measured.figures.accepted} entries within ${options.drainTimeoutMs / 1000} s`,
    });
    const before = await countLedgerPg(url, BENCH_SHOP);
    checks.push(...ledgerChecks(`${label} after the closed loop`, before, workload.warmup.length + workload.measured.length));

    console.log(`  ${label}: ${workload.duplicates.length} duplicates${instances > 1 ? ", each to another instance than its original" : ""}…`);
    const dupTarget: Target = { ...target, port: portsForDuplicates(workload, ports) };
    const dup = await duplicates(dupTarget, workload.duplicates, { ...options, settleMs: SETTLE_MS });
    const after = await countLedgerPg(url, BENCH_SHOP);
    const ledgerUnchanged = after.earnEntries === before.earnEntries && after.pointsTotal === before.pointsTotal;
    checks.push(answered(`${label} duplicate answers`, dup, workload.duplicates.length));
    checks.push(equals(`${label} earn entries after duplicates`, after.earnEntries, before.earnEntries));
    checks.push(equals(`${label} points total after duplicates`, after.pointsTotal, before.pointsTotal));

    const open = await openLoops(label, target, workload, options, [...gids(workload.warmup), ...gids(workload.measured)], around);
    checks.push(...open.checks);
    const final = await watch.waitFor(open.accepted, options.drainTimeoutMs);
    checks.push({
      name: `${label}: every accepted order committed`,
      ok: final.complete,
      detail: `${open.accepted.length - final.missing} of ${open.accepted.length} within ${options.drainTimeoutMs / 1000} s`,
    });
    const sent = workload.warmup.length + workload.measured.length + workload.openLoop.reduce((sum, rate) => sum + rate.deliveries.length, 0);
    checks.push(...endChecks(`${label} at the end`, await countLedgerPg(url, BENCH_SHOP), open.accepted.length, sent));
    checks.push(equals(`${label}: entries seen twice by the watch`, watch.repeats, 0));
    return {
      instances,
      load: { start: loadStart, end: loadNow() },
      closed: measured.figures,
      duplicates: { ...dup, ledgerUnchanged, sentToAnotherInstance: instances > 1 },
      openLoop: open.figures,
      observed,
      checks,
    };
  } finally {
    await sampler?.stop();
    await watch?.stop();
    await Promise.all(servers.map((server) => stopAppServer(server)));
  }
}

function fileSystemOf(dir: string): string {
  try {
    return execFileSync("findmnt", ["-n", "-o", "FSTYPE,SOURCE", "--target", dir], { encoding: "utf8" }).trim().replace(/\s+/g, " on ");
  } catch {
    return "unknown";
  }
}

interface Result {
  startedAt: string;
  machine: Machine;
  params: Record<string, unknown>;
  database: { owned: boolean; facts: Record<string, string>; fileSystem: string | null; commitsDatedBy: string };
  configurations: Configuration[];
  /** Two instances ÷ one, when both ran. */
  scaling: { closedAcceptedPerSec: number | null; closedCommittedPerSec: number | null } | null;
  checks: Check[];
  ok: boolean;
}

const cpuPair = (app: number | null, db: number | null) => `${app ?? "n/a"} + ${db ?? "n/a"}`;

function printTable(result: Result): void {
  const { machine: m, params: p, database: d } = result;
  const facts = d.facts;
  const closedHead = [pad("n", 6), pad("acked/s", 9), pad("ack p50", 8), pad("ack p99", 8), pad("errors", 6), pad("committed/s", 11), pad("CPU ms/ord app + PG", 20)];
  const lines = [
    "",
    `Webhook benchmark on PostgreSQL, orders/paid: ${m.cpus} CPU(s) ${m.cpuModel}, Node ${m.node}, load (1m) ${m.loadAvg1m.start} -> ${m.loadAvg1m.end}`,
    `PostgreSQL ${facts.server_version ?? "?"} ${d.owned ? `(started by the benchmark, on ${d.fileSystem})` : "(BENCH_POSTGRES_URL)"}: fsync ${facts.fsync}, ` +
      `synchronous_commit ${facts.synchronous_commit}, full_page_writes ${facts.full_page_writes} (production-like durability: every commit waits for its WAL flush); ` +
      `commits dated by ${d.commitsDatedBy}; ${p.appPoolMax} connections per app instance`,
    "",
    `Closed loop, concurrency ${p.concurrency}`.padEnd(33) + closedHead.join(" "),
    ...result.configurations.map((c) => {
      const f = c.closed;
      return [`  ${plural(c.instances).padEnd(30)}`, pad(f.deliveries, 6), pad(f.acceptedPerSec, 9), pad(ms(f.ackMs.p50Ms, 0), 8), pad(ms(f.ackMs.p99Ms, 0), 8), pad(f.errors, 6), pad(f.committedPerSec, 11), pad(cpuPair(f.cpuMsPerOrder, f.databaseCpuMsPerOrder), 20)].join(" ");
    }),
    "",
    `Open loop (${p.rateDurationS} s per rate; ms from scheduled send)`.padEnd(33) + [...OPEN_LOOP_HEADINGS, pad("CPU/ord app + PG", 17)].join(" "),
    ...result.configurations.flatMap((c) =>
      c.openLoop.map((f) =>
        [`  ${plural(c.instances).padEnd(30)}`, ...openLoopCells(f), pad(cpuPair(f.serverCpuMsPerOrder, f.databaseCpuMsPerOrder), 17)].join(" "),
      ),
    ),
    "",
    "Machine CPU busy (all processes) and the benchmark's own CPU; the app's connections (average number in each state,",
    "pg_stat_activity every 50 ms; idle ones left out; 'idle in transaction': a transaction open while the app works):",
    ...result.configurations.flatMap((c) =>
      c.observed.map(
        (o) =>
          `  ${plural(c.instances)}, ${o.label}: machine ${o.machineBusyPct ?? "n/a"}% busy, bench ${round(o.benchCpuMs / 1000, 2)} s CPU in ${round(o.wallMs / 1000, 1)} s; ` +
          (Object.entries(o.backends).map(([what, n]) => `${what} ${n}`).join(", ") || "no active connection"),
      ),
    ),
    "",
    ...result.configurations.map(
      (c) =>
        `Duplicates (${plural(c.instances)}${c.duplicates.sentToAnotherInstance ? ", to another instance" : ""}): ${c.duplicates.deliveries} sent, ` +
        `${c.duplicates.errors} errors, ack p50 ${c.duplicates.ackMs.p50Ms} ms, ledger unchanged: ${c.duplicates.ledgerUnchanged ? "yes" : "NO"}`,
    ),
    result.scaling
      ? `Two instances ÷ one, closed loop: accepted/s ×${result.scaling.closedAcceptedPerSec ?? "n/a"}, committed/s ×${result.scaling.closedCommittedPerSec ?? "n/a"}`
      : "",
    `("never": that share had no entry within the ${round(Number(p.commitWaitMs) / 1000, 1)} s wait; CPU per order: every app instance summed + the PostgreSQL server's processes)`,
    "",
    "Checks:",
    ...result.checks.map((check) => `  ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`),
    "",
  ];
  console.log(lines.join("\n"));
}

function ratio(two: number | null | undefined, one: number | null | undefined): number | null {
  return two && one ? round(two / one, 2) : null;
}

async function main(): Promise<number> {
  const options = parseOptions();
  const startedAt = new Date().toISOString();
  const loadAtStart = loadAverages();
  mkdirSync("tmp/bench", { recursive: true });
  const runDir = mkdtempSync(path.join("tmp/bench", "webhooks-postgres-"));
  const workload = buildWorkload(options, API_SECRET);

  const pg = await startPostgres();
  const fileSystem = pg.dir ? fileSystemOf(pg.dir) : null;
  const prefix = `loyalty_bench_${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const configurations: Configuration[] = [];
  let facts: Record<string, string> = {};
  let datedBy = "";
  try {
    facts = await serverFacts(pg.adminUrl);
    console.log(`PostgreSQL ${facts.server_version} ${pg.dir ? `in ${pg.dir}` : "at BENCH_POSTGRES_URL"}; fsync ${facts.fsync}, synchronous_commit ${facts.synchronous_commit}`);
    const template = await migratedTemplate(pg.adminUrl, prefix);
    for (const instances of options.instances) {
      console.log(`${plural(instances)} of the app (server.mjs, inbox worker on) on one database:`);
      configurations.push(await runConfiguration(instances, { pg, template, prefix, workload, options, runDir }));
    }
    datedBy = facts.track_commit_timestamp === "on" ? "PostgreSQL's commit timestamps (track_commit_timestamp)" : "the poll that first saw each entry";
    if (!options.keep) await dropDatabases(pg.adminUrl, prefix);
  } finally {
    pg.stop();
  }

  const one = configurations.find((c) => c.instances === 1);
  const two = configurations.find((c) => c.instances === 2);
  const checks = configurations.flatMap((c) => c.checks);
  const result: Result = {
    startedAt,
    machine: machine(loadAtStart),
    params: {
      instances: options.instances,
      ...workloadParams(options, workload),
      appPoolMax: APP_POOL_MAX,
      clusterSettings: pg.dir ? BENCH_CLUSTER_SETTINGS : null,
      client: "node:http keep-alive agent, loopback, round-robin over the instances; commits read from LedgerEntry by a pg connection",
      server: "node server.mjs ./build/server/index.js per instance, NODE_ENV=production, OUTBOX_WORKER=off, INBOX_WORKER on, DATABASE_URL=postgresql://…",
    },
    database: { owned: pg.dir !== null, facts, fileSystem, commitsDatedBy: datedBy },
    configurations,
    scaling: one && two ? { closedAcceptedPerSec: ratio(two.closed.acceptedPerSec, one.closed.acceptedPerSec), closedCommittedPerSec: ratio(two.closed.committedPerSec, one.closed.committedPerSec) } : null,
    checks,
    ok: checks.every((check) => check.ok),
  };
  printTable(result);
  console.log(`Results: ${writeResult("webhooks-postgres", startedAt, result)} (and bench/results/webhooks-postgres-latest.json)`);
  if (result.ok && !options.keep) rmSync(runDir, { recursive: true, force: true });
  else console.log(`Kept ${runDir} (server logs)`);
  return result.ok ? 0 : 1;
}

runMain(main);
