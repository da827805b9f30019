/**
 * The webhook benchmarks' measurements, each against running servers (the app, several app instances on one
 * PostgreSQL database, or the minimal receiver) whose database a commit watch reads. Only HTTP in and LedgerEntry
 * rows out are observed, so they measure whatever the processing path is.
 */
import type { ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import type { CommitWatcher } from "./commit-watch";
import { processCpuMs } from "./cpu";
import { keepAliveAgent, type Ports } from "./http-client";
import { drive, type LoadResult } from "./load";
import { runOpenLoop } from "./open-loop";
import type { Delivery } from "./orders";
import { percentile, round, summarize, summarizeCensored, type CensoredSummary, type LatencySummary } from "./stats";

export const WEBHOOK_PATH = "/webhooks/orders/paid";

export interface Target {
  /** The server's port, or several servers' (deliveries go round-robin). */
  port: Ports;
  /** CPU time of the server process(es), ms, summed; null where /proc is missing. */
  cpuMs: () => number | null;
  /** CPU time of the database server's processes, ms, when the benchmark runs it (PostgreSQL). */
  databaseCpuMs?: () => number | null;
  /** Watches the target's database; null when nothing is awaited (a server that only accepts). */
  watch: CommitWatcher | null;
}

/** One server process as a Target. */
export function serverTarget(server: { port: number; child: ChildProcess }, watch: CommitWatcher | null): Target {
  return { port: server.port, cpuMs: () => processCpuMs(server.child.pid), watch };
}

interface CpuSample {
  server: number | null;
  database: number | null;
}

function cpuSample(target: Target): CpuSample {
  return { server: target.cpuMs(), database: target.databaseCpuMs?.() ?? null };
}

function watchOf(target: Target): CommitWatcher {
  if (!target.watch) throw new Error("this measurement needs a CommitWatch on the target's database");
  return target.watch;
}

export interface ClosedLoopFigures {
  deliveries: number;
  concurrency: number;
  accepted: number;
  errors: number;
  failures: Record<string, number>;
  /** 200 answers per second of the load's wall time. */
  acceptedPerSec: number;
  /** Per request, send to end of answer (the loop waits for the server, so no queueing shows here). */
  ackMs: Omit<LatencySummary, "count" | "ordersPerSec">;
  /** Accepted orders whose entry was seen (null when the phase does not wait for entries). */
  committed: number | null;
  /** First send to the last accepted order's entry. */
  sendToLastCommitMs: number | null;
  /** Accepted orders per second from the first send to the last entry: accept and award, end to end. */
  committedPerSec: number | null;
  /** Server CPU from the first send to the last entry (or to the last answer when not waiting), per delivery. */
  serverCpuMs: number | null;
  cpuMsPerOrder: number | null;
  /** The database server's CPU over the same window, per delivery (null unless the benchmark runs the database). */
  databaseCpuMsPerOrder: number | null;
}

export interface OpenLoopFigures {
  rate: number;
  durationS: number;
  scheduled: number;
  accepted: number;
  errors: number;
  failures: Record<string, number>;
  /** 200 answers per second from the first scheduled send to the last answer. */
  acceptedPerSec: number;
  /** Scheduled send → end of the answer; a request with no 200 counts as never answered. */
  ackMs: CensoredSummary;
  /** Scheduled send → the poll that saw the order's entry, over accepted orders; `missing`: none within the wait. */
  commitMs: CensoredSummary;
  /** How late the client's timer sent requests, p99 (ms): the client shares the CPUs. */
  clientSendLagP99Ms: number;
  /** Orders accepted earlier still without an entry when this rate started (they compete with it). */
  backlogAtStart: number;
  /**
   * Server CPU from the first send to the last entry, per accepted order; null if some were not committed or
   * not answered (an abandoned request may still have been stored and awarded, its CPU inseparable).
   */
  serverCpuMsPerOrder: number | null;
  /** The database server's CPU over the same window, per accepted order (same conditions). */
  databaseCpuMsPerOrder: number | null;
}

function cpuDelta(before: number | null, after: number | null): number | null {
  return before === null || after === null ? null : after - before;
}

function perOrder(ms: number | null, count: number, digits = 3): number | null {
  return ms === null || count === 0 ? null : round(ms / count, digits);
}

function ackSummary(load: LoadResult): ClosedLoopFigures["ackMs"] {
  const { meanMs, p50Ms, p90Ms, p99Ms, maxMs } = summarize(load.latenciesMs, load.wallMs);
  return { meanMs, p50Ms, p90Ms, p99Ms, maxMs };
}

/**
 * Closed loop: `deliveries` at `concurrency`; then, with `waitForCommits`, until every accepted order's entry is
 * seen (the CPU window runs from the first send to that moment: accept and award, whatever runs asynchronously).
 */
export async function closedLoop(
  target: Target,
  deliveries: readonly Delivery[],
  options: { concurrency: number; timeoutMs: number; drainTimeoutMs: number; waitForCommits: boolean },
): Promise<{ figures: ClosedLoopFigures; load: LoadResult; complete: boolean }> {
  const agent = keepAliveAgent(options.concurrency);
  const cpuBefore = cpuSample(target);
  let load: LoadResult;
  try {
    load = await drive({ port: target.port, path: WEBHOOK_PATH, agent, timeoutMs: options.timeoutMs }, deliveries, options.concurrency);
  } finally {
    agent.destroy();
  }
  const common = {
    deliveries: deliveries.length,
    concurrency: options.concurrency,
    accepted: load.accepted.length,
    errors: load.failed,
    failures: load.failures,
    acceptedPerSec: round(load.wallMs > 0 ? (load.accepted.length * 1000) / load.wallMs : 0, 1),
    ackMs: ackSummary(load),
  };
  if (!options.waitForCommits) {
    const after = cpuSample(target);
    const cpu = cpuDelta(cpuBefore.server, after.server);
    const figures = {
      ...common,
      committed: null,
      sendToLastCommitMs: null,
      committedPerSec: null,
      serverCpuMs: cpu,
      cpuMsPerOrder: perOrder(cpu, deliveries.length),
      databaseCpuMsPerOrder: perOrder(cpuDelta(cpuBefore.database, after.database), deliveries.length),
    };
    return { figures, load, complete: true };
  }
  const done = await watchOf(target).waitFor(load.accepted, options.drainTimeoutMs, () => cpuSample(target));
  const spanMs = done.at - load.startEpochMs;
  const cpu = done.complete ? cpuDelta(cpuBefore.server, done.value.server) : null;
  const databaseCpu = done.complete ? cpuDelta(cpuBefore.database, done.value.database) : null;
  const figures = {
    ...common,
    committed: load.accepted.length - done.missing,
    sendToLastCommitMs: done.complete ? round(spanMs, 1) : null,
    committedPerSec: done.complete ? round((load.accepted.length * 1000) / spanMs, 1) : null,
    serverCpuMs: cpu === null ? null : round(cpu, 1),
    cpuMsPerOrder: perOrder(cpu, deliveries.length),
    databaseCpuMsPerOrder: perOrder(databaseCpu, deliveries.length),
  };
  return { figures, load, complete: done.complete };
}

/**
 * Open loop at `rate`: first waits (up to `commitWaitMs`) for the orders accepted before to be committed, so a
 * backlog does not compete with this rate; then sends every delivery on its schedule and waits up to
 * `commitWaitMs` for the accepted ones' entries.
 */
export async function openLoopRate(
  target: Target,
  rate: number,
  deliveries: readonly Delivery[],
  earlier: readonly string[],
  options: { sockets: number; timeoutMs: number; commitWaitMs: number; durationS: number },
): Promise<{ figures: OpenLoopFigures; accepted: string[] }> {
  const watch = watchOf(target);
  if (watch.missing(earlier) > 0) await watch.waitFor(earlier, options.commitWaitMs);
  const backlogAtStart = watch.missing(earlier);
  const agent = keepAliveAgent(options.sockets);
  const cpuBefore = cpuSample(target);
  let run: Awaited<ReturnType<typeof runOpenLoop>>;
  try {
    run = await runOpenLoop({
      port: target.port,
      rate,
      count: deliveries.length,
      agent,
      timeoutMs: options.timeoutMs,
      request: (index) => {
        const delivery = deliveries[index] as Delivery;
        return { method: "POST", path: WEBHOOK_PATH, headers: delivery.headers, body: delivery.body };
      },
    });
  } finally {
    agent.destroy();
  }
  const accepted = deliveries.filter((_, index) => !Number.isNaN(run.latencyByIndex[index])).map((delivery) => delivery.orderGid);
  const done = await watch.waitFor(accepted, options.commitWaitMs, () => cpuSample(target));

  const ack: number[] = [];
  const commit: number[] = [];
  deliveries.forEach((delivery, index) => {
    const latency = run.latencyByIndex[index] ?? Number.NaN;
    ack.push(Number.isNaN(latency) ? Infinity : latency);
    if (Number.isNaN(latency)) return;
    const seen = watch.firstSeen.get(delivery.orderGid);
    commit.push(seen === undefined ? Infinity : seen - (run.startEpochMs + index * run.intervalMs));
  });
  const lag = [...run.sendLagMs].sort((a, b) => a - b);
  // Abandoned requests may still have been stored and awarded: their CPU cannot be told apart, so no per-order figure.
  const clean = done.complete && run.failed === 0;
  const figures: OpenLoopFigures = {
    rate,
    durationS: options.durationS,
    scheduled: run.scheduled,
    accepted: accepted.length,
    errors: run.failed,
    failures: run.failures,
    acceptedPerSec: round(run.wallMs > 0 ? (accepted.length * 1000) / run.wallMs : 0, 1),
    ackMs: summarizeCensored(ack),
    commitMs: summarizeCensored(commit),
    clientSendLagP99Ms: round(percentile(lag, 99)),
    backlogAtStart,
    serverCpuMsPerOrder: clean ? perOrder(cpuDelta(cpuBefore.server, done.value.server), accepted.length) : null,
    databaseCpuMsPerOrder: clean ? perOrder(cpuDelta(cpuBefore.database, done.value.database), accepted.length) : null,
  };
  return { figures, accepted };
}

export interface DuplicateFigures {
  deliveries: number;
  errors: number;
  failures: Record<string, number>;
  ackMs: ClosedLoopFigures["ackMs"];
  /** Server CPU per duplicate, over the sends. */
  cpuMsPerDelivery: number | null;
}

/** Sends `deliveries` again byte for byte (Shopify's retries), then lets `settleMs` pass for any processing. */
export async function duplicates(
  target: Target,
  deliveries: readonly Delivery[],
  options: { concurrency: number; timeoutMs: number; settleMs: number },
): Promise<DuplicateFigures> {
  const { figures } = await closedLoop(target, deliveries, { ...options, drainTimeoutMs: 0, waitForCommits: false });
  await sleep(options.settleMs);
  return {
    deliveries: deliveries.length,
    errors: figures.errors,
    failures: figures.failures,
    ackMs: figures.ackMs,
    cpuMsPerDelivery: figures.cpuMsPerOrder,
  };
}

export interface DrainFigures {
  orders: number;
  /** Entries seen at the poll that completed the warm-up orders: the rate is measured over the rest. */
  measuredOrders: number;
  /** Server spawn → first entry seen (start-up, program creation, first award). */
  spawnToFirstEntryMs: number | null;
  /** Warm-up orders' last entry → last entry. */
  drainMs: number | null;
  ordersPerSec: number | null;
  /** Every order over spawn → last entry: start-up included (the figure left if one batch held them all). */
  ordersPerSecFromSpawn: number | null;
  cpuMsPerOrder: number | null;
  complete: boolean;
}

/**
 * Inbox → ledger: the server has just been spawned on a database whose inbox holds `warmup` then `measured`
 * accepted deliveries. Times the drain from the poll that saw the last warm-up entry to the one that saw the last
 * measured entry, and the server's CPU over the same window.
 */
export async function drain(
  watch: CommitWatcher,
  child: ChildProcess,
  spawnedAt: number,
  orders: { warmup: readonly string[]; measured: readonly string[] },
  timeoutMs: number,
): Promise<DrainFigures> {
  const pid = child.pid;
  const warm = await watch.waitFor(orders.warmup, timeoutMs, () => processCpuMs(pid));
  const all = await watch.waitFor([...orders.warmup, ...orders.measured], timeoutMs, () => processCpuMs(pid));
  const total = orders.warmup.length + orders.measured.length;
  const measuredOrders = all.totalSeen - warm.totalSeen;
  const firstSeen = Math.min(...watch.firstSeen.values());
  const drainMs = all.complete && warm.complete && measuredOrders > 0 ? all.at - warm.at : null;
  const cpu = drainMs === null ? null : cpuDelta(warm.value, all.value);
  return {
    orders: total,
    measuredOrders,
    spawnToFirstEntryMs: Number.isFinite(firstSeen) ? round(firstSeen - spawnedAt, 1) : null,
    drainMs: drainMs === null ? null : round(drainMs, 1),
    ordersPerSec: drainMs === null || drainMs <= 0 ? null : round((measuredOrders * 1000) / drainMs, 1),
    ordersPerSecFromSpawn: all.complete ? round((total * 1000) / (all.at - spawnedAt), 1) : null,
    cpuMsPerOrder: perOrder(cpu, measuredOrders),
    complete: all.complete,
  };
}
