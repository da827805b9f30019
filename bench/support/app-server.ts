/**
 * Servers under test, as child processes on a free loopback port, so their CPU time can be read from /proc:
 * - the built app (`build/server/index.js`) under the production server, `node server.mjs ./build/server/index.js`
 *   (what `npm start` runs), NODE_ENV=production, outbox worker off, inbox worker on unless asked otherwise;
 * - any other script (the minimal receiver of the webhook benchmark).
 * Their stdout/stderr go to a log file (a pipe nobody drains would stall them once full).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const SERVER_BUILD = "build/server/index.js";
const APP_SERVER = "server.mjs";

export interface AppServer {
  port: number;
  baseUrl: string;
  logFile: string;
  child: ChildProcess;
  /** Epoch ms when the process was spawned and when it first answered. */
  spawnedAt: number;
  readyAt: number;
}

export interface StartOptions {
  /** The SQLite database file (DATABASE_URL=file:…), unless `databaseUrl` is given. */
  databaseFile?: string;
  /** DATABASE_URL as it is (postgresql://…); takes the place of `databaseFile`. */
  databaseUrl?: string;
  apiKey: string;
  apiSecret: string;
  logFile: string;
  /** Run the in-process inbox worker (default true); false sets INBOX_WORKER=off (the server only accepts). */
  inboxWorker?: boolean;
  /** Extra node flags for the server process (e.g. --cpu-prof). */
  nodeArgs?: string[];
  readyTimeoutMs?: number;
  onSpawn?: (child: ChildProcess) => void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("Could not get a free port"))));
    });
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function waitUntilReady(server: AppServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (exited(server.child)) throw new Error(`The server exited (code ${server.child.exitCode}) before answering; see ${server.logFile}`);
    try {
      const response = await fetch(`${server.baseUrl}/`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      last = `GET / answered ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(50);
  }
  throw new Error(`The server did not answer GET / with 200 within ${timeoutMs} ms (${last}); see ${server.logFile}`);
}

/** Spawns `node [nodeArgs] args…` with `env` on a free port (PORT, HOST) and waits until `GET /` answers 200. */
export async function startChildServer(options: {
  args: string[];
  /** Environment on top of this process's; a function gets the server's base URL. */
  env: Record<string, string> | ((baseUrl: string) => Record<string, string>);
  logFile: string;
  nodeArgs?: string[];
  readyTimeoutMs?: number;
  /** Called right after the spawn, before the server is ready (a server may start working before it listens). */
  onSpawn?: (child: ChildProcess) => void;
}): Promise<AppServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = openSync(options.logFile, "a");
  const spawnedAt = performance.timeOrigin + performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...options.args], {
    env: { ...process.env, ...(typeof options.env === "function" ? options.env(baseUrl) : options.env), PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  options.onSpawn?.(child);
  const server: AppServer = { port, baseUrl, logFile: options.logFile, child, spawnedAt, readyAt: 0 };
  try {
    await waitUntilReady(server, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await stopAppServer(server);
    throw error;
  }
  server.readyAt = performance.timeOrigin + performance.now();
  return server;
}

function databaseUrlOf(options: Pick<StartOptions, "databaseFile" | "databaseUrl">): string {
  if (options.databaseUrl) return options.databaseUrl;
  if (!options.databaseFile) throw new Error("startAppServer needs databaseFile or databaseUrl");
  return `file:${path.resolve(options.databaseFile)}`;
}

export async function startAppServer(options: StartOptions): Promise<AppServer> {
  if (!existsSync(SERVER_BUILD)) throw new Error(`${SERVER_BUILD} is missing: run the benchmark through npm run (it builds first)`);
  return startChildServer({
    args: [APP_SERVER, `./${SERVER_BUILD}`],
    nodeArgs: options.nodeArgs,
    logFile: options.logFile,
    readyTimeoutMs: options.readyTimeoutMs,
    onSpawn: options.onSpawn,
    env: (baseUrl) => ({
      NODE_ENV: "production",
      DATABASE_URL: databaseUrlOf(options),
      SHOPIFY_API_KEY: options.apiKey,
      SHOPIFY_API_SECRET: options.apiSecret,
      SHOPIFY_APP_URL: baseUrl,
      SCOPES: "read_orders",
      OUTBOX_WORKER: "off",
      INBOX_WORKER: options.inboxWorker === false ? "off" : "on",
    }),
  });
}

/** SIGTERM (the server closes and exits, writing a --cpu-prof profile), SIGKILL if it lingers. */
export async function stopAppServer(server: Pick<AppServer, "child">, graceMs = 10_000): Promise<void> {
  const { child } = server;
  if (exited(child)) return;
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = sleep(graceMs, undefined, { ref: false }).then(() => "timeout" as const);
  if ((await Promise.race([gone.then(() => "exited" as const), timer])) === "timeout" && !exited(child)) {
    child.kill("SIGKILL");
    await gone;
  }
}
