/**
 * A throw-away PostgreSQL server for a benchmark, started as scripts/test-postgres.sh starts the test suite's
 * (initdb in a temp dir under /tmp, a free port, 127.0.0.1 only, its unix socket in the same dir; as root, the
 * cluster belongs to the `postgres` user), but durable like production: fsync, synchronous_commit and
 * full_page_writes on. track_commit_timestamp is on so that commits can be dated by the database itself
 * (postgres-watch.ts). Stopped and deleted by `stop()`, also on Ctrl-C.
 *
 * BENCH_POSTGRES_URL=postgresql://user@host:port/postgres uses that server instead (a role that may create
 * databases); its CPU is then not measured.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import { freePort } from "./app-server";
import { processTreeCpuMs } from "./cpu";

/** Server settings of the benchmark's cluster: production's durability, commit timestamps for the watch. */
export const BENCH_CLUSTER_SETTINGS: Record<string, string> = {
  listen_addresses: "127.0.0.1",
  max_connections: "100",
  fsync: "on",
  synchronous_commit: "on",
  full_page_writes: "on",
  track_commit_timestamp: "on",
};

export interface PostgresServer {
  /** Admin URL (the `postgres` database) of the server. */
  adminUrl: string;
  /** The cluster's directory when this benchmark started the server, else null. */
  dir: string | null;
  /** CPU of the server's processes so far (ms); null when the server is not ours (BENCH_POSTGRES_URL). */
  cpuMs: () => number | null;
  stop: () => void;
}

function binDir(): string | null {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(a) - Number(b)) : [];
  for (const version of versions.reverse()) {
    const dir = path.join(root, version, "bin");
    if (existsSync(path.join(dir, "initdb"))) return dir;
  }
  try {
    const dir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    return existsSync(path.join(dir, "initdb")) ? dir : null;
  } catch {
    return null;
  }
}

/** Runs a PostgreSQL binary, as the `postgres` user when we are root (initdb and the server refuse root). */
function runAsOwner(bin: string, args: string[]): void {
  const asRoot = userInfo().uid === 0;
  const [command, fullArgs] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const result = spawnSync(command, fullArgs, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${path.basename(bin)} failed (exit ${result.status}): ${result.stderr || result.stdout}`);
}

export async function startPostgres(): Promise<PostgresServer> {
  const external = process.env.BENCH_POSTGRES_URL;
  if (external) return { adminUrl: external, dir: null, cpuMs: () => null, stop: () => undefined };

  const bin = binDir();
  if (!bin) throw new Error("PostgreSQL is not installed (apt-get install postgresql), or set BENCH_POSTGRES_URL");
  const dir = mkdtempSync("/tmp/loyalty-pgbench.");
  if (userInfo().uid === 0) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()), -1);
  const data = path.join(dir, "data");
  const pgCtl = path.join(bin, "pg_ctl");
  let started = false;
  const stop = () => {
    if (started) {
      started = false;
      try {
        runAsOwner(pgCtl, ["-D", data, "-m", "fast", "-w", "stop"]);
      } catch (error) {
        console.error(error instanceof Error ? error.message : error);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = () => {
    stop();
    process.exit(130);
  };
  try {
    const port = await freePort();
    // --no-sync: only initdb's own final flush of the new files is skipped; the server runs with fsync on.
    runAsOwner(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]);
    const settings = Object.entries(BENCH_CLUSTER_SETTINGS).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
    runAsOwner(pgCtl, ["-D", data, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start", "-o", ["-p", String(port), "-k", dir, ...settings].join(" ")]);
    started = true;
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const postmaster = Number(readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    return {
      adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      dir,
      cpuMs: () => processTreeCpuMs(postmaster),
      stop: () => {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        stop();
      },
    };
  } catch (error) {
    stop();
    throw error;
  }
}
