/** The benchmark's result document, its console table and its JSON files under bench/results/. */
import { cpus, loadavg, release, totalmem } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { round, type LatencySummary } from "./stats";

export const TARGETS = { ordersPerSec: 1000, p99Ms: 20, maxRatio: 3 } as const;

export interface AppFigures extends LatencySummary {
  errors: number;
  failures: Record<string, number>;
}

export interface BenchResult {
  startedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    node: string;
    platform: string;
    memoryGiB: number;
    /** 1-minute load average before and after the run: other work on the machine skews every figure. */
    loadAvg1m: { start: number; end: number };
  };
  params: Record<string, unknown>;
  app: AppFigures;
  duplicates: AppFigures & { ledgerUnchanged: boolean };
  baseline: LatencySummary;
  ratio: { appCostVsBaseline: number; p50VsBaseline: number; p99VsBaseline: number };
  /**
   * CPU time per order (ms): the app's server process (from /proc, null off Linux) and the baseline's. Less moved
   * by other load than wall-clock figures; `appVsBaseline` is the cost ratio in CPU.
   */
  cpu: { appMsPerOrder: number | null; duplicateMsPerOrder: number | null; baselineMsPerOrder: number | null; appVsBaseline: number | null };
  targets: typeof TARGETS;
  meets: { ordersPerSec: boolean; p99Ms: boolean; ratio: boolean; all: boolean };
  checks: { name: string; ok: boolean; detail: string }[];
  ok: boolean;
}

export function machine(loadAtStart: number): BenchResult["machine"] {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? "unknown",
    node: process.version,
    platform: `${process.platform} ${release()}`,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    loadAvg1m: { start: round(loadAtStart, 2), end: round(loadavg()[0] ?? 0, 2) },
  };
}

export function compare(app: LatencySummary, baseline: LatencySummary): Pick<BenchResult, "ratio" | "meets"> {
  const ratio = {
    appCostVsBaseline: round(app.ordersPerSec > 0 ? baseline.ordersPerSec / app.ordersPerSec : Infinity, 2),
    p50VsBaseline: round(baseline.p50Ms > 0 ? app.p50Ms / baseline.p50Ms : Infinity, 1),
    p99VsBaseline: round(baseline.p99Ms > 0 ? app.p99Ms / baseline.p99Ms : Infinity, 1),
  };
  const meets = {
    ordersPerSec: app.ordersPerSec >= TARGETS.ordersPerSec,
    p99Ms: app.p99Ms <= TARGETS.p99Ms,
    ratio: ratio.appCostVsBaseline <= TARGETS.maxRatio,
    all: false,
  };
  meets.all = meets.ordersPerSec && meets.p99Ms && meets.ratio;
  return { ratio, meets };
}

export function compareCpu(figures: {
  app: number | null;
  appCount: number;
  duplicates: number | null;
  duplicateCount: number;
  baseline: number | null;
  baselineCount: number;
}): BenchResult["cpu"] {
  const perOrder = (ms: number | null, count: number) => (ms === null || count === 0 ? null : round(ms / count, 3));
  const appMsPerOrder = perOrder(figures.app, figures.appCount);
  const baselineMsPerOrder = perOrder(figures.baseline, figures.baselineCount);
  return {
    appMsPerOrder,
    duplicateMsPerOrder: perOrder(figures.duplicates, figures.duplicateCount),
    baselineMsPerOrder,
    appVsBaseline: appMsPerOrder !== null && baselineMsPerOrder ? round(appMsPerOrder / baselineMsPerOrder, 1) : null,
  };
}

const pad = (value: unknown, width: number) => String(value).padStart(width);

function row(label: string, s: LatencySummary, errors: number | string): string {
  return [label.padEnd(22), pad(s.count, 6), pad(s.ordersPerSec, 9), pad(s.p50Ms, 8), pad(s.p90Ms, 8), pad(s.p99Ms, 8), pad(s.maxMs, 9), pad(errors, 7)].join(" ");
}

export function printTable(result: BenchResult): void {
  const mark = (ok: boolean) => (ok ? "yes" : "NO");
  const lines = [
    "",
    `Webhook benchmark: orders/paid, ${result.params.orders} orders, concurrency ${result.params.concurrency}, ` +
      `${result.machine.cpus} CPU(s), Node ${result.machine.node}, load ${result.machine.loadAvg1m.start} -> ${result.machine.loadAvg1m.end}`,
    "",
    [" ".padEnd(22), pad("n", 6), pad("orders/s", 9), pad("p50 ms", 8), pad("p90 ms", 8), pad("p99 ms", 8), pad("max ms", 9), pad("errors", 7)].join(" "),
    row("app (HTTP, new orders)", result.app, result.app.errors),
    row("app (duplicates)", result.duplicates, result.duplicates.errors),
    row("baseline (raw SQLite)", result.baseline, "-"),
    "",
    `App cost vs baseline: ${result.ratio.appCostVsBaseline}x slower in throughput ` +
      `(p50 ${result.ratio.p50VsBaseline}x, p99 ${result.ratio.p99VsBaseline}x the baseline's)`,
    `CPU per order: app server ${result.cpu.appMsPerOrder ?? "n/a"} ms (duplicates ${result.cpu.duplicateMsPerOrder ?? "n/a"} ms), ` +
      `baseline ${result.cpu.baselineMsPerOrder ?? "n/a"} ms: ${result.cpu.appVsBaseline ?? "n/a"}x`,
    `Targets: >= ${TARGETS.ordersPerSec} orders/s: ${mark(result.meets.ordersPerSec)}; p99 <= ${TARGETS.p99Ms} ms: ${mark(result.meets.p99Ms)}; ` +
      `ratio <= ${TARGETS.maxRatio}: ${mark(result.meets.ratio)}`,
    "",
    "Checks:",
    ...result.checks.map((check) => `  ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`),
    "",
  ];
  console.log(lines.join("\n"));
}

/** Writes webhooks-<timestamp>.json and webhooks-latest.json; returns the timestamped path. */
export function writeResult(result: BenchResult, dir = "bench/results"): string {
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const file = path.join(dir, `webhooks-${result.startedAt.replace(/:/g, "-")}.json`);
  writeFileSync(file, json);
  writeFileSync(path.join(dir, "webhooks-latest.json"), json);
  return file;
}
