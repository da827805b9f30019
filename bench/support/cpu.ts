/**
 * CPU time a process has used, in ms. Wall-clock figures move with whatever else runs on the machine; the CPU
 * a request costs the server moves much less, so runs made under different load stay comparable.
 *
 * The server's figure comes from /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms): Linux only, null
 * elsewhere. Over a run of a thousand requests the tick is far below the figure's noise.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** The fields of /proc/<pid>/stat after the command name (the first is the state, the second the parent pid), or null. */
function statFields(pid: number | string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing paren.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** Clock-tick fields of `fields` (by index after the command name) summed, in ms; null if one is not a number. */
function ticksMs(fields: readonly string[], indexes: readonly number[]): number | null {
  let ticks = 0;
  for (const index of indexes) {
    const value = Number(fields[index]);
    if (!Number.isFinite(value)) return null;
    ticks += value;
  }
  return (ticks * 1000) / clockTicks();
}

const UTIME_STIME = [11, 12];
const WITH_REAPED_CHILDREN = [11, 12, 13, 14];

/** utime + stime of `pid` in ms, or null when /proc is not there. */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  const fields = statFields(pid);
  return fields ? ticksMs(fields, UTIME_STIME) : null;
}

/** CPU of several processes, summed (ms); null if one of them cannot be read. */
export function processesCpuMs(pids: readonly (number | undefined)[]): number | null {
  let total = 0;
  for (const pid of pids) {
    const ms = processCpuMs(pid);
    if (ms === null) return null;
    total += ms;
  }
  return total;
}

/**
 * CPU of a server that forks a process per connection (PostgreSQL's postmaster), ms: the root's own, its children
 * alive now, and the children it has reaped (cutime + cstime). A child's CPU is counted while it runs and, once it
 * has exited and been waited for, in the root's cutime, so connections that come and go are not lost.
 */
export function processTreeCpuMs(rootPid: number): number | null {
  const root = statFields(rootPid);
  if (!root) return null;
  let total = ticksMs(root, WITH_REAPED_CHILDREN) ?? 0;
  const parent = String(rootPid);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields && fields[1] === parent) total += ticksMs(fields, UTIME_STIME) ?? 0;
  }
  return total;
}

/** This process's CPU time in ms (user + system). */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** The whole machine's CPU time so far (ms, all cores): busy (steal included: time other guests took) and idle. */
export function machineCpuMs(): { busy: number; idle: number } | null {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    const tick = 1000 / clockTicks();
    return { busy: (user + nice + system + irq + softirq + steal) * tick, idle: (idle + iowait) * tick };
  } catch {
    return null;
  }
}
