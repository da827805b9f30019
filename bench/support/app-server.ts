/**
 * The built app (`build/server/index.js`) under the production server (server.mjs, remix-serve's setup with a
 * redacted request log), as a child process on a free loopback port.
 * Its stdout/stderr go to a log file (a pipe nobody drains would stall it once full).
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
}

export interface StartOptions {
  databaseFile: string;
  apiKey: string;
  apiSecret: string;
  logFile: string;
  /** Extra node flags for the server process (e.g. --cpu-prof). */
  nodeArgs?: string[];
  readyTimeoutMs?: number;
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
    if (exited(server.child)) throw new Error(`The app exited (code ${server.child.exitCode}) before answering; see ${server.logFile}`);
    try {
      const response = await fetch(`${server.baseUrl}/`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      last = `GET / answered ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(100);
  }
  throw new Error(`The app did not answer GET / with 200 within ${timeoutMs} ms (${last}); see ${server.logFile}`);
}

export async function startAppServer(options: StartOptions): Promise<AppServer> {
  if (!existsSync(SERVER_BUILD)) throw new Error(`${SERVER_BUILD} is missing: run \`npm run bench:webhooks\` (it builds first)`);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = openSync(options.logFile, "a");
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), APP_SERVER, `./${SERVER_BUILD}`], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      DATABASE_URL: `file:${path.resolve(options.databaseFile)}`,
      SHOPIFY_API_KEY: options.apiKey,
      SHOPIFY_API_SECRET: options.apiSecret,
      SHOPIFY_APP_URL: baseUrl,
      SCOPES: "read_orders",
      OUTBOX_WORKER: "off",
    },
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const server = { port, baseUrl, logFile: options.logFile, child };
  try {
    await waitUntilReady(server, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await stopAppServer(server);
    throw error;
  }
  return server;
}

/** SIGTERM (the server closes its server and exits, writing a --cpu-prof profile), SIGKILL if it lingers. */
export async function stopAppServer(server: AppServer, graceMs = 10_000): Promise<void> {
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
