/**
 * App proxy latency benchmark: how long the storefront waits for `GET /proxy/account` (balance, tier progress,
 * rewards, codes, activity of the signed-in shopper) at a fixed request rate, next to a trivial request of the
 * same server at the same rate.
 *
 * 1. A fresh SQLite database from the committed migrations, the shop installed (an offline session), and the
 *    built app under its production server (`node server.mjs ./build/server/index.js`, as the webhook benchmark
 *    starts it: NODE_ENV=production, outbox worker off, inbox worker on) on a loopback port.
 * 2. Seeding through the app's own path: signed orders/paid webhooks give one member (customer 1) a history of
 *    earned points, and other customers some orders of their own; the webhooks are accepted into the inbox and
 *    awarded asynchronously, so the seed waits until every order's earn entry is in the database.
 * 3. A check that the account answers 200 with that member's balance and activity (a benchmark of 400s is
 *    worthless), then, for each target, a warm-up and a measured phase of open-loop load (bench/support/open-loop.ts):
 *    requests scheduled at `--rate` per second for `--duration` seconds, latency from the scheduled send time.
 *    Each proxy request is signed as Shopify signs it (devstore/signing.ts, the tests' signer: hex HMAC-SHA256
 *    over the sorted parameters), re-signed each second so the timestamp stays within the library's tolerance.
 * 4. Targets, in this order: the baseline — a static asset of the same server (express.static in server.mjs: no
 *    Remix, no auth, no database), a reference — `GET /` (a Remix document: no auth, no database, but React
 *    rendering), then the app proxy route; and, when `--rate` is not the target's 500 req/s, the app proxy route
 *    once more at 500 req/s, so the target is always judged at its own rate.
 * 5. A table on stdout, JSON in bench/results/proxy-<timestamp>.json and proxy-latest.json.
 *
 * Missing the target (p99 < 10 ms at 500 req/s) never fails the run; a non-200 answer or a wrong account does.
 *
 *   npm run bench:proxy -- [--rate 500] [--duration 10] [--warmup 2] [--orders 20] [--sockets 64] [--cpu-prof] [--keep]
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { signedProxyQuery } from "../devstore/signing";
import { createMigratedDatabase } from "../tests/support/migrated-database";
import { startAppServer, stopAppServer, type AppServer } from "./support/app-server";
import { CommitWatch } from "./support/commit-watch";
import { processCpuMs } from "./support/cpu";
import { drive, keepAliveAgent } from "./support/load";
import { loadAverages, machine } from "./support/machine";
import { openLoopAgent, runOpenLoop, type OpenLoopResult } from "./support/open-loop";
import { BENCH_SHOP, buildDeliveries } from "./support/orders";
import { runMain, writeResult } from "./support/results";
import { installShop, launchDefaultProgram } from "./support/shop";
import { percentile, round, summarize, summarizeCensored } from "./support/stats";

const API_KEY = "bench-key";
const API_SECRET = "bench-secret";
const CUSTOMER_ID = "1";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER_ID}`;
const PROXY_PATH = "/proxy/account";
const TARGET = { p99Ms: 10, rate: 500 } as const;
const SEED_TIMEOUT_MS = 120_000;

interface Options {
  rate: number;
  durationS: number;
  warmupS: number;
  orders: number;
  otherOrders: number;
  sockets: number;
  timeoutMs: number;
  cpuProf: boolean;
  keep: boolean;
}

function positive(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`--${name} must be a number >= ${min}, got ${raw}`);
  return value;
}

function parseOptions(argv = process.argv.slice(2), env = process.env): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: "string" },
      duration: { type: "string" },
      warmup: { type: "string" },
      orders: { type: "string" },
      "other-orders": { type: "string" },
      sockets: { type: "string" },
      timeout: { type: "string" },
      "cpu-prof": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
    },
    strict: true,
  });
  return {
    rate: positive("rate", values.rate ?? env.BENCH_PROXY_RATE, TARGET.rate),
    durationS: positive("duration", values.duration ?? env.BENCH_PROXY_DURATION, 10),
    warmupS: positive("warmup", values.warmup, 2, 0),
    orders: Math.round(positive("orders", values.orders, 20)),
    otherOrders: Math.round(positive("other-orders", values["other-orders"], 100, 0)),
    sockets: Math.round(positive("sockets", values.sockets, 64)),
    timeoutMs: positive("timeout", values.timeout, 10_000),
    cpuProf: values["cpu-prof"] ?? false,
    keep: values.keep ?? false,
  };
}

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

interface PhaseFigures {
  target: string;
  path: string;
  /** Requests per second offered. */
  rate: number;
  scheduled: number;
  ok: number;
  errors: number;
  failures: Record<string, number>;
  /** 200 answers per second over the phase (first scheduled send to last answer). */
  achievedPerSec: number;
  /**
   * From the scheduled send to the end of the answer. A request not answered 200 (abandoned at `--timeout`) counts
   * as slower than every answer: a percentile that falls on one is null (unknown, above the timeout).
   */
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /** How late the client's timer sent requests: p99 of (actual − scheduled) send time. */
  clientSendLagP99Ms: number;
  /** Server CPU per request (ms), from /proc; null off Linux. */
  serverCpuMsPerRequest: number | null;
}

/** A signed proxy URL for the member; re-signed once a second so the timestamp stays within Shopify's 90 s. */
function proxyPaths(): (index: number) => string {
  let second = -1;
  let current = "";
  return () => {
    const now = Math.floor(Date.now() / 1000);
    if (now !== second) {
      second = now;
      const query = signedProxyQuery({}, { shop: BENCH_SHOP, customerId: CUSTOMER_ID, pathPrefix: "/apps/loyalty", timestamp: now, secret: API_SECRET });
      current = `${PROXY_PATH}?${query.toString()}`;
    }
    return current;
  };
}

/** The smallest file the build serves from build/client/assets (a route's client chunk). */
function smallestAsset(): string {
  const dir = "build/client/assets";
  const files = readdirSync(dir)
    .map((name) => ({ name, size: statSync(path.join(dir, name)).size }))
    .sort((a, b) => a.size - b.size || a.name.localeCompare(b.name));
  const first = files[0];
  if (!first) throw new Error(`${dir} is empty: build the app first`);
  return `/assets/${first.name}`;
}

/**
 * Signed orders/paid webhooks through the app, then a wait until every order's earn entry is in the database
 * (the webhook route only accepts into the inbox; the inbox worker awards asynchronously).
 */
async function seed(server: AppServer, options: Options, file: string): Promise<Check[]> {
  const common = { secret: API_SECRET, shop: BENCH_SHOP };
  // Customer 1 (the shopper measured) gets `orders` orders; the rest are spread over customers 1…50.
  const member = buildDeliveries({ ...common, firstOrder: 1, count: options.orders, customers: 1 });
  const others = buildDeliveries({ ...common, firstOrder: options.orders + 1, count: options.otherOrders, customers: 50 });
  const agent = keepAliveAgent(4);
  const watch = CommitWatch.start({ file, shop: BENCH_SHOP, pollMs: 20 });
  try {
    const target = { port: server.port, path: "/webhooks/orders/paid", agent };
    const first = await drive(target, member, 4);
    const rest = await drive(target, others, 4);
    const failed = first.failed + rest.failed;
    const accepted = [...first.accepted, ...rest.accepted];
    const committed = await watch.waitFor(accepted, SEED_TIMEOUT_MS);
    return [
      { name: "seed webhooks", ok: failed === 0, detail: failed === 0 ? `${member.length + others.length} x 200` : JSON.stringify({ ...first.failures, ...rest.failures }) },
      { name: "seed orders awarded", ok: committed.complete, detail: `${accepted.length - committed.missing} of ${accepted.length} earn entries within ${SEED_TIMEOUT_MS / 1000} s` },
    ];
  } finally {
    agent.destroy();
    await watch.stop();
  }
}

/** The member's balance and entry count as the database has them (read-only). */
function memberFacts(file: string): { balance: number; entries: number } | null {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare(`SELECT id, balance FROM "Member" WHERE shop = ? AND customerGid = ?`).get(BENCH_SHOP, CUSTOMER_GID) as
      | { id: string; balance: number }
      | undefined;
    if (!row) return null;
    const { n } = db.prepare(`SELECT COUNT(*) AS n FROM "LedgerEntry" WHERE memberId = ?`).get(row.id) as { n: number };
    return { balance: row.balance, entries: n };
  } finally {
    db.close();
  }
}

async function checkAccount(server: AppServer, file: string): Promise<Check> {
  const facts = memberFacts(file);
  const response = await fetch(`${server.baseUrl}${proxyPaths()(0)}`);
  const body = (await response.json().catch(() => null)) as { member?: { balance: number; pending: number }; activity?: unknown[] } | null;
  const shown = body?.member ? body.member.balance + body.member.pending : null;
  const ok = response.status === 200 && facts !== null && shown === facts.balance && body?.activity?.length === Math.min(10, facts.entries);
  return {
    name: "account answer",
    ok,
    detail: `status ${response.status}, balance ${shown} (ledger ${facts?.balance}), activity ${body?.activity?.length} (entries ${facts?.entries})`,
  };
}

/** One open-loop phase of GETs of `paths` at `rate`, with the server CPU it cost. */
async function phase(
  server: AppServer,
  options: Options,
  paths: (index: number) => string,
  rate: number,
  durationS: number,
): Promise<{ run: OpenLoopResult; cpuMs: number | null; rate: number }> {
  const agent = openLoopAgent(options.sockets);
  try {
    const before = processCpuMs(server.child.pid);
    const run = await runOpenLoop({
      port: server.port,
      rate,
      durationMs: durationS * 1000,
      request: (index) => ({ method: "GET", path: paths(index) }),
      agent,
      timeoutMs: options.timeoutMs,
    });
    const after = processCpuMs(server.child.pid);
    return { run, cpuMs: before === null || after === null ? null : after - before, rate };
  } finally {
    agent.destroy();
  }
}

function figures(target: string, samplePath: string, { run, cpuMs, rate }: Awaited<ReturnType<typeof phase>>): PhaseFigures {
  const summary = summarize(run.latenciesMs, run.wallMs);
  const latency = summarizeCensored([...run.latenciesMs, ...Array.from({ length: run.failed }, () => Infinity)]);
  const lag = [...run.sendLagMs].sort((a, b) => a - b);
  return {
    target,
    path: samplePath,
    rate,
    scheduled: run.scheduled,
    ok: run.latenciesMs.length,
    errors: run.failed,
    failures: run.failures,
    achievedPerSec: summary.ordersPerSec,
    p50Ms: latency.p50Ms,
    p90Ms: latency.p90Ms,
    p99Ms: latency.p99Ms,
    maxMs: latency.maxMs,
    clientSendLagP99Ms: round(percentile(lag, 99)),
    serverCpuMsPerRequest: cpuMs === null ? null : round(cpuMs / run.scheduled, 3),
  };
}

function noBadStatus(name: string, result: PhaseFigures): Check {
  const bad = Object.entries(result.failures).filter(([key]) => !key.startsWith("error:"));
  const timeouts = result.errors - bad.reduce((sum, [, n]) => sum + n, 0);
  return {
    name,
    ok: bad.length === 0,
    detail: bad.length === 0 ? `${result.ok} x 200${timeouts ? `, ${timeouts} transport errors/timeouts` : ""}` : JSON.stringify(result.failures),
  };
}

const pad = (value: unknown, width: number) => String(value ?? "n/a").padStart(width);
/** A latency percentile: null means it fell on an abandoned request. */
const ms = (value: number | null) => (value === null ? "never" : value);
const ratioText = (value: number | null) => (value === null ? "unknown" : `${value}x`);

function printTable(result: ProxyResult): void {
  const { params } = result;
  const header = ["".padEnd(36), pad("rate", 5), pad("sent", 6), pad("ok/s", 7), pad("p50 ms", 8), pad("p90 ms", 8), pad("p99 ms", 8), pad("max ms", 9), pad("errors", 7), pad("cpu ms/req", 11)].join(" ");
  const row = (label: string, f: PhaseFigures) =>
    [label.padEnd(36), pad(f.rate, 5), pad(f.scheduled, 6), pad(f.achievedPerSec, 7), pad(ms(f.p50Ms), 8), pad(ms(f.p90Ms), 8), pad(ms(f.p99Ms), 8), pad(ms(f.maxMs), 9), pad(f.errors, 7), pad(f.serverCpuMsPerRequest, 11)].join(" ");
  const lines = [
    "",
    `Proxy benchmark: GET ${PROXY_PATH}, open loop, ${params.durationS} s per target (${params.sockets} sockets), ` +
      `${result.machine.cpus} CPU(s) ${result.machine.cpuModel}, Node ${result.machine.node}, load (1m) ${result.machine.loadAvg1m.start} -> ${result.machine.loadAvg1m.end}`,
    "",
    header,
    row(`baseline: static asset`, result.baseline),
    row(`reference: GET / (Remix document)`, result.reference),
    row(`app: GET ${PROXY_PATH}`, result.app),
    ...(params.rate !== TARGET.rate ? [row(`app at the target rate`, result.atTargetRate)] : []),
    "",
    `App p99 / baseline p99: ${ratioText(result.ratio.p99AppVsBaseline)} (p50 ${ratioText(result.ratio.p50AppVsBaseline)}); ` +
      `client timer lag p99: baseline ${result.baseline.clientSendLagP99Ms} ms, app ${result.app.clientSendLagP99Ms} ms`,
    `Target: p99 < ${TARGET.p99Ms} ms at ${TARGET.rate} req/s: ${result.meets.all ? "yes" : "NO"} ` +
      `(p99 ${result.atTargetRate.p99Ms === null ? "unknown: over 1% abandoned" : `${result.atTargetRate.p99Ms} ms`}, ${result.atTargetRate.achievedPerSec} answered/s, ${result.atTargetRate.errors} errors)`,
    "",
    "Checks:",
    ...result.checks.map((check) => `  ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`),
    "",
  ];
  console.log(lines.join("\n"));
}

interface ProxyResult {
  startedAt: string;
  machine: ReturnType<typeof machine>;
  params: Options & { shop: string; member: string; baselinePath: string; server: string; client: string };
  baseline: PhaseFigures;
  reference: PhaseFigures;
  app: PhaseFigures;
  /** GET /proxy/account at the target's rate (the `app` run itself when --rate is that rate). */
  atTargetRate: PhaseFigures;
  /** null when a percentile is unknown (it fell on an abandoned request). */
  ratio: { p99AppVsBaseline: number | null; p50AppVsBaseline: number | null };
  target: typeof TARGET;
  meets: { p99Ms: boolean; rate: boolean; all: boolean };
  checks: Check[];
  ok: boolean;
}

async function main(): Promise<number> {
  const options = parseOptions();
  const startedAt = new Date().toISOString();
  const loadAtStart = loadAverages();
  mkdirSync("tmp/bench", { recursive: true });
  const runDir = mkdtempSync(path.join("tmp/bench", "proxy-"));
  const appDb = path.join(runDir, "app.sqlite");
  createMigratedDatabase(appDb);
  installShop(appDb, BENCH_SHOP);
  await launchDefaultProgram(`file:${appDb}`, BENCH_SHOP);

  const server = await startAppServer({
    databaseFile: appDb,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    logFile: path.join(runDir, "server.log"),
    nodeArgs: options.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${path.join(runDir, "profile")}`] : [],
  });
  const checks: Check[] = [];
  const baselinePath = smallestAsset();
  let result: ProxyResult;
  try {
    console.log(`Seeding ${options.orders + options.otherOrders} orders through signed orders/paid webhooks…`);
    checks.push(...(await seed(server, options, appDb)));
    checks.push(await checkAccount(server, appDb));

    const appTarget = { label: `GET ${PROXY_PATH}`, paths: proxyPaths(), sample: `${PROXY_PATH}?shop=…&logged_in_customer_id=${CUSTOMER_ID}&…&signature=…` };
    const targets = [
      { key: "baseline", label: "static asset", paths: () => baselinePath, sample: baselinePath },
      { key: "reference", label: "GET /", paths: () => "/", sample: "/" },
      { key: "app", ...appTarget },
    ] as const;
    const measured: Partial<Record<(typeof targets)[number]["key"], PhaseFigures>> = {};
    for (const target of targets) {
      console.log(`${target.label}: warm-up ${options.warmupS} s, then ${options.durationS} s at ${options.rate} req/s…`);
      if (options.warmupS > 0) await phase(server, options, target.paths, options.rate, options.warmupS);
      measured[target.key] = figures(target.label, target.sample, await phase(server, options, target.paths, options.rate, options.durationS));
    }
    const baseline = measured.baseline as PhaseFigures;
    const reference = measured.reference as PhaseFigures;
    const app = measured.app as PhaseFigures;
    checks.push(noBadStatus("baseline answers", baseline), noBadStatus("reference answers", reference), noBadStatus("app answers", app));
    let atTargetRate = app;
    if (options.rate !== TARGET.rate) {
      console.log(`${appTarget.label} at the target rate: ${options.durationS} s at ${TARGET.rate} req/s…`);
      atTargetRate = figures(appTarget.label, appTarget.sample, await phase(server, options, appTarget.paths, TARGET.rate, options.durationS));
      checks.push(noBadStatus("app answers at the target rate", atTargetRate));
    }

    const ratio = {
      p99AppVsBaseline: app.p99Ms !== null && baseline.p99Ms ? round(app.p99Ms / baseline.p99Ms, 1) : null,
      p50AppVsBaseline: app.p50Ms !== null && baseline.p50Ms ? round(app.p50Ms / baseline.p50Ms, 1) : null,
    };
    // Met only with (nearly) every request answered at the target's rate.
    const rateKept = atTargetRate.errors === 0 && atTargetRate.achievedPerSec >= 0.95 * TARGET.rate;
    const meets = { p99Ms: atTargetRate.p99Ms !== null && atTargetRate.p99Ms < TARGET.p99Ms, rate: rateKept, all: false };
    meets.all = meets.p99Ms && meets.rate;
    result = {
      startedAt,
      machine: machine(loadAtStart),
      params: {
        ...options,
        shop: BENCH_SHOP,
        member: CUSTOMER_GID,
        baselinePath,
        server: "node server.mjs ./build/server/index.js, NODE_ENV=production, OUTBOX_WORKER=off, inbox worker on",
        client: "node:http keep-alive agent, loopback, open loop",
      },
      baseline,
      reference,
      app,
      atTargetRate,
      ratio,
      target: TARGET,
      meets,
      checks,
      ok: checks.every((check) => check.ok),
    };
  } finally {
    await stopAppServer(server);
  }
  printTable(result);
  console.log(`Results: ${writeResult("proxy", startedAt, result)} (and bench/results/proxy-latest.json)`);
  if (result.ok && !options.keep && !options.cpuProf) rmSync(runDir, { recursive: true, force: true });
  else console.log(`Kept ${runDir} (database, server.log${options.cpuProf ? ", profile/" : ""})`);
  return result.ok ? 0 : 1;
}

runMain(main);
