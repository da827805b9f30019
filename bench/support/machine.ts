/** The machine a benchmark ran on, and its load: other work on a shared machine shows up in every figure. */
import { cpus, loadavg, release, totalmem } from "node:os";
import { round } from "./stats";

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  memoryGiB: number;
  /** 1-minute load average before and after the run. */
  loadAvg1m: { start: number; end: number };
  /** 1-, 5- and 15-minute load averages before and after the run. */
  loadAvg: { start: number[]; end: number[] };
}

/** The 1-, 5- and 15-minute load averages, rounded. */
export function loadAverages(): number[] {
  return loadavg().map((value) => round(value, 2));
}

/** `loadAtStart`: the 1-minute load average, or all three (`loadAverages()`), taken before the run. */
export function machine(loadAtStart: number | readonly number[]): Machine {
  const list = cpus();
  const start = typeof loadAtStart === "number" ? [round(loadAtStart, 2)] : [...loadAtStart];
  const end = loadAverages();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? "unknown",
    node: process.version,
    platform: `${process.platform} ${release()}`,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    loadAvg1m: { start: start[0] ?? 0, end: end[0] ?? 0 },
    loadAvg: { start, end },
  };
}
