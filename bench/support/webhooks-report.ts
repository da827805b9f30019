/** The webhook benchmark's result document, its targets and its console table. */
import type { Machine } from "./machine";
import { round } from "./stats";
import type { ClosedLoopFigures, DrainFigures, DuplicateFigures, OpenLoopFigures } from "./webhook-phases";

export const TARGETS = {
  /**
   * Deliveries answered 200 per second by the accept step (closed loop, the inbox worker off): what one process
   * takes in. With the worker on in the same process the same CPUs also award; that figure is reported beside it.
   */
  acceptedPerSec: 1000,
  /** Inbox → ledger: orders committed per second by a worker draining a full inbox. */
  inboxToLedgerPerSec: 1000,
  /** CPU per paid order (accept + award), app ÷ minimal receiver. */
  cpuAppVsBaseline: 3,
  /** Open loop at `atRate` orders/s: acknowledgement p99 and send → committed entry p99. */
  atRate: 300,
  ackP99Ms: 20,
  commitP99Ms: 1000,
} as const;

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface BenchResult {
  startedAt: string;
  machine: Machine;
  params: Record<string, unknown>;
  /** 1-minute load average when each phase started. */
  phaseLoad: Record<string, number>;
  closedLoop: { app: ClosedLoopFigures; baseline: ClosedLoopFigures | null; appAcceptOnly: ClosedLoopFigures };
  duplicates: DuplicateFigures & { ledgerUnchanged: boolean };
  inboxToLedger: DrainFigures;
  openLoop: { app: OpenLoopFigures[]; baseline: OpenLoopFigures[] };
  cpu: {
    /** Server CPU per paid order, first send → last entry committed (accept + award), closed loop. */
    appMsPerOrder: number | null;
    baselineMsPerOrder: number | null;
    appVsBaseline: number | null;
    /** The app split: accepting only (worker off) and draining only (inbox → ledger). */
    appAcceptMsPerDelivery: number | null;
    appProcessMsPerOrder: number | null;
    appDuplicateMsPerDelivery: number | null;
  };
  targets: typeof TARGETS;
  meets: { acceptedPerSec: boolean; inboxToLedgerPerSec: boolean; cpuAppVsBaseline: boolean; ackP99At300: boolean; commitP99At300: boolean; all: boolean };
  checks: Check[];
  ok: boolean;
}

export function cpuFigures(app: ClosedLoopFigures, baseline: ClosedLoopFigures | null, acceptOnly: ClosedLoopFigures, drain: DrainFigures, dup: DuplicateFigures): BenchResult["cpu"] {
  const appMs = app.cpuMsPerOrder;
  const baseMs = baseline?.cpuMsPerOrder ?? null;
  return {
    appMsPerOrder: appMs,
    baselineMsPerOrder: baseMs,
    appVsBaseline: appMs !== null && baseMs ? round(appMs / baseMs, 2) : null,
    appAcceptMsPerDelivery: acceptOnly.cpuMsPerOrder,
    appProcessMsPerOrder: drain.cpuMsPerOrder,
    appDuplicateMsPerDelivery: dup.cpuMsPerDelivery,
  };
}

export function meetsTargets(result: Pick<BenchResult, "closedLoop" | "inboxToLedger" | "openLoop" | "cpu">): BenchResult["meets"] {
  const at = result.openLoop.app.find((run) => run.rate === TARGETS.atRate);
  // An open-loop figure counts only if every delivery was answered 200 and every entry was seen.
  const clean = at !== undefined && at.errors === 0 && at.commitMs.missing === 0;
  const meets = {
    acceptedPerSec: result.closedLoop.appAcceptOnly.errors === 0 && result.closedLoop.appAcceptOnly.acceptedPerSec >= TARGETS.acceptedPerSec,
    inboxToLedgerPerSec: (result.inboxToLedger.ordersPerSec ?? 0) >= TARGETS.inboxToLedgerPerSec,
    cpuAppVsBaseline: result.cpu.appVsBaseline !== null && result.cpu.appVsBaseline <= TARGETS.cpuAppVsBaseline,
    ackP99At300: clean && at.ackMs.p99Ms !== null && at.ackMs.p99Ms < TARGETS.ackP99Ms,
    commitP99At300: clean && at.commitMs.p99Ms !== null && at.commitMs.p99Ms < TARGETS.commitP99Ms,
    all: false,
  };
  meets.all = meets.acceptedPerSec && meets.inboxToLedgerPerSec && meets.cpuAppVsBaseline && meets.ackP99At300 && meets.commitP99At300;
  return meets;
}

export const pad = (value: unknown, width: number) => String(value ?? "-").padStart(width);
/** A censored percentile: null means some never completed within the wait. */
export const ms = (value: number | null, missing: number) => (value === null ? (missing > 0 ? "never" : "-") : value < 100 ? round(value, 1) : Math.round(value));
const mark = (ok: boolean) => (ok ? "yes" : "NO");

function closedRow(label: string, f: ClosedLoopFigures | null): string {
  if (!f) return `  ${label.padEnd(30)} (not run)`;
  return [
    `  ${label.padEnd(30)}`,
    pad(f.deliveries, 6),
    pad(f.acceptedPerSec, 9),
    pad(ms(f.ackMs.p50Ms, 0), 8),
    pad(ms(f.ackMs.p99Ms, 0), 8),
    pad(f.errors, 6),
    pad(f.committedPerSec, 11),
    pad(f.cpuMsPerOrder, 10),
  ].join(" ");
}

/** The open-loop columns both webhook benchmarks print, rate to backlog: their headings, and a rate's cells. */
export const OPEN_LOOP_HEADINGS = [
  pad("rate", 6),
  pad("sent", 6),
  pad("acked/s", 9),
  pad("errors", 6),
  pad("ack p50", 8),
  pad("ack p99", 8),
  pad("commit p50", 10),
  pad("commit p99", 10),
  pad("uncommit", 8),
  pad("backlog", 8),
];

export function openLoopCells(f: OpenLoopFigures): string[] {
  return [
    pad(f.rate, 6),
    pad(f.scheduled, 6),
    pad(f.acceptedPerSec, 9),
    pad(f.errors, 6),
    pad(ms(f.ackMs.p50Ms, f.ackMs.missing), 8),
    pad(ms(f.ackMs.p99Ms, f.ackMs.missing), 8),
    pad(ms(f.commitMs.p50Ms, f.commitMs.missing), 10),
    pad(ms(f.commitMs.p99Ms, f.commitMs.missing), 10),
    pad(f.commitMs.missing, 8),
    pad(f.backlogAtStart, 8),
  ];
}

function openRow(label: string, f: OpenLoopFigures): string {
  return [`  ${label.padEnd(10)}`, ...openLoopCells(f), pad(f.serverCpuMsPerOrder, 9), pad(f.clientSendLagP99Ms, 7)].join(" ");
}

export function printTable(result: BenchResult): void {
  const { machine: m, params: p, cpu, meets, inboxToLedger: drain } = result;
  const lines = [
    "",
    `Webhook benchmark, orders/paid: ${m.cpus} CPU(s) ${m.cpuModel}, Node ${m.node}, load (1m) ${m.loadAvg1m.start} -> ${m.loadAvg1m.end}`,
    "",
    `Closed loop, concurrency ${p.concurrency}`.padEnd(33) +
      [pad("n", 6), pad("acked/s", 9), pad("ack p50", 8), pad("ack p99", 8), pad("errors", 6), pad("committed/s", 11), pad("CPU ms/ord", 10)].join(" "),
    closedRow("app (inbox worker on)", result.closedLoop.app),
    closedRow("minimal receiver (baseline)", result.closedLoop.baseline),
    closedRow("app accepting only (worker off)", result.closedLoop.appAcceptOnly),
    `  duplicates (app): ${result.duplicates.deliveries} sent, ${result.duplicates.errors} errors, ack p50 ${result.duplicates.ackMs.p50Ms} ms, ` +
      `CPU ${result.duplicates.cpuMsPerDelivery ?? "n/a"} ms each, ledger unchanged: ${result.duplicates.ledgerUnchanged ? "yes" : "NO"}`,
    "",
    `Inbox -> ledger (accepted with the worker off, then a server with it on): ${drain.measuredOrders} orders in ${drain.drainMs ?? "n/a"} ms: ` +
      `${drain.ordersPerSec ?? "n/a"} orders/s, ${drain.cpuMsPerOrder ?? "n/a"} ms CPU/order (spawn -> first entry ${drain.spawnToFirstEntryMs ?? "n/a"} ms; ` +
      `all ${drain.orders} from spawn: ${drain.ordersPerSecFromSpawn ?? "n/a"}/s)`,
    "",
    `Open loop (${p.rateDurationS} s per rate; ms from scheduled send)`,
    [`  ${"".padEnd(10)}`, ...OPEN_LOOP_HEADINGS, pad("CPU/ord", 9), pad("lag p99", 7)].join(" "),
    ...result.openLoop.app.map((f) => openRow("app", f)),
    ...result.openLoop.baseline.map((f) => openRow("baseline", f)),
    "",
    `CPU per paid order (first send -> last entry, closed loop): app ${cpu.appMsPerOrder ?? "n/a"} ms, minimal receiver ${cpu.baselineMsPerOrder ?? "n/a"} ms: ` +
      `${cpu.appVsBaseline ?? "n/a"}x (app split: accept ${cpu.appAcceptMsPerDelivery ?? "n/a"} ms + process ${cpu.appProcessMsPerOrder ?? "n/a"} ms)`,
    `Targets: accepted (worker off) >= ${TARGETS.acceptedPerSec}/s: ${mark(meets.acceptedPerSec)}; inbox -> ledger >= ${TARGETS.inboxToLedgerPerSec}/s: ${mark(meets.inboxToLedgerPerSec)}; ` +
      `CPU app/baseline <= ${TARGETS.cpuAppVsBaseline}: ${mark(meets.cpuAppVsBaseline)}; at ${TARGETS.atRate}/s ack p99 < ${TARGETS.ackP99Ms} ms: ${mark(meets.ackP99At300)}, ` +
      `commit p99 < ${TARGETS.commitP99Ms} ms: ${mark(meets.commitP99At300)}`,
    `("never": that share of orders had no entry within the ${round(Number(p.commitWaitMs) / 1000, 1)} s wait; uncommit: accepted orders still without an entry then; ` +
      `backlog: earlier orders without an entry when the rate started)`,
    "",
    "Checks:",
    ...result.checks.map((check) => `  ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`),
    "",
  ];
  console.log(lines.join("\n"));
}
