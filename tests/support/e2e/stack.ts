/**
 * The end-to-end stack: the built app, as `npm run local` runs it (scripts/local.mjs), next to the local dev store.
 *
 * - The app: `node --import ./devstore/network.mjs server.mjs build/server/index.js` (what `npm start` runs), NODE_ENV=production, its own
 *   free port on 127.0.0.1, a fresh SQLite file made from the committed migrations, the outbox worker on, and the
 *   three dev-store variables (SHOPIFY_DEVSTORE_ORIGIN, APP_BRIDGE_URL, SHOPIFY_ADMIN_ORIGINS; ADR 006). It runs
 *   from a copy of the build in the run directory (./build.ts).
 * - The dev store: in this test process (tests/support/devstore.ts), in memory, delivering webhooks and forwarding
 *   app proxy requests to the app over HTTP; its shop `demo.myshopify.com` is what `/admin` and `/storefront` open.
 *   Its state is at hand for assertions (`shop`), and its HTTP automation API too (`event`, `summary`).
 * - `close()` kills the app (SIGTERM, then SIGKILL) and stops the dev store; call it in afterAll. The app also
 *   exits by itself if this process dies (./exit-with-parent.mjs).
 * Logs: `appLog` (the app's stdout/stderr), `appErrors` (its stderr alone) and the dev store's `logs`; `writeLogs(dir)` saves both.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { readAppConfig } from "../../../devstore/app-config";
import { devClock } from "../../../devstore/clock";
import type { EventInput } from "../../../devstore/events";
import type { DevShop } from "../../../devstore/shop";
import { startTestDevStore, type TestDevStore } from "../devstore";
import { createMigratedDatabase } from "../migrated-database";
import { TEST_API_KEY, TEST_API_SECRET } from "../test-env";
import { cleanEnv, prepareAppBuild } from "./build";

const ROOT = process.cwd();
export const E2E_SHOP = "demo.myshopify.com";
export const E2E_SHOP_HANDLE = "demo";

export interface DevStoreSummary {
  appAuthorized: boolean;
  orders: number;
  discounts: { code: string; customers: string[] | null; usageLimit: number | null; used: number; status: string }[];
  heldDeliveries: number;
  invalidOperations: number;
}

export interface EventAnswer {
  message: string;
  order: { id: string; number: number; lines: { id: string; title: string; quantity: number }[] } | null;
  deliveries: { topic: string; state: string; attempts: { status: number | null }[] }[];
}

export interface E2eStack {
  /** Where the app listens (SHOPIFY_APP_URL). */
  appUrl: string;
  /**
   * The dev store's origin as the browser opens it: http://127.0.0.1:<port>, the app's host, so admin and app are
   * same-site as with `npm run local` (localhost:4000 and localhost:3000) — a cross-site app iframe has no
   * sessionStorage in a browser that blocks third-party storage.
   */
  devstoreUrl: string;
  /** The shop's dev store state (orders, discounts, metafields, the Admin API log). */
  shop: DevShop;
  devstore: TestDevStore;
  /** The dev store's automation API (what `npm run devstore:event` posts). */
  event(input: EventInput): Promise<EventAnswer>;
  summary(): Promise<DevStoreSummary>;
  /** The app's SQLite file (a test that plays the clock forward moves stored dates in it). */
  database: string;
  /** The app's stdout and stderr, interleaved as they came. */
  appLog: string[];
  /** What the app wrote to stderr (console.error / console.warn, crashes): a healthy run writes nothing. */
  appErrors: string[];
  /** How the build was obtained ("reused build/", "built (…)"). */
  build: string;
  writeLogs(dir: string): void;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}

async function waitForApp(url: string, child: ChildProcess, log: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited (${child.exitCode}) before listening:\n${log.join("").slice(-3000)}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The app did not answer at ${url} within 60 s:\n${log.join("").slice(-3000)}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

/** Run directories a killed test process could not remove (older than a day: no run lasts that long). */
function removeStaleRunDirs(root: string): void {
  if (!existsSync(root)) return;
  for (const entry of readdirSync(root)) {
    const dir = path.join(root, entry);
    if (Date.now() - statSync(dir).mtimeMs > 24 * 3600_000) rmSync(dir, { recursive: true, force: true });
  }
}

export async function startE2eStack(): Promise<E2eStack> {
  const runsRoot = path.join(ROOT, "tmp", "e2e");
  removeStaleRunDirs(runsRoot);
  const runDir = path.join(runsRoot, randomUUID());
  mkdirSync(runDir, { recursive: true });
  let devstore: TestDevStore | undefined;
  let app: ChildProcess | undefined;
  const appLog: string[] = [];
  const appErrors: string[] = [];
  const killApp = () => app?.kill("SIGKILL");
  process.once("exit", killApp);

  const close = async () => {
    process.off("exit", killApp);
    if (app) await stopProcess(app);
    await devstore?.close();
    devClock.useFile(null);
    devClock.reset();
    rmSync(runDir, { recursive: true, force: true });
  };

  try {
    const build = await prepareAppBuild(runDir);
    const database = path.join(runDir, "app.sqlite");
    createMigratedDatabase(database);

    const appPort = await freePort();
    const appUrl = `http://127.0.0.1:${appPort}`;
    // Webhooks and app proxy requests go to the app over HTTP, as from Shopify.
    devstore = await startTestDevStore({ appUrl, appFetch: (request) => fetch(request) });
    const devstoreUrl = devstore.origin;
    const apiOrigin = devstore.origin;
    const shop = devstore.devstore.state.shop(E2E_SHOP);
    const clockFile = path.join(runDir, "clock.json");
    devClock.reset();
    devClock.useFile(clockFile);

    app = spawn(
      process.execPath,
      [
        "--import",
        path.join(ROOT, "tests/support/e2e/exit-with-parent.mjs"),
        "--import",
        path.join(ROOT, "devstore/network.mjs"),
        path.join(ROOT, "server.mjs"),
        "./build/server/index.js",
      ],
      {
        cwd: runDir,
        stdio: ["ignore", "pipe", "pipe"],
        env: cleanEnv({
          NODE_ENV: "production",
          HOST: "127.0.0.1",
          PORT: String(appPort),
          SHOPIFY_API_KEY: TEST_API_KEY,
          SHOPIFY_API_SECRET: TEST_API_SECRET,
          SHOPIFY_APP_URL: appUrl,
          SCOPES: readAppConfig().scopes.join(","),
          DATABASE_URL: `file:${database}`,
          OUTBOX_WORKER: "on",
          OUTBOX_INTERVAL_MS: "200",
          // What scripts/local.mjs sets for the app process (ADR 006).
          SHOPIFY_DEVSTORE_ORIGIN: apiOrigin,
          // The dev store's movable clock (devstore/clock.ts), shared through this run's file.
          DEV_CLOCK_FILE: clockFile,
          APP_BRIDGE_URL: `${devstoreUrl}/shopifycloud/app-bridge.js`,
          SHOPIFY_ADMIN_ORIGINS: `${devstoreUrl} ${devstore.devstore.origin}`,
        }),
      },
    );
    app.stdout?.on("data", (chunk: Buffer) => appLog.push(chunk.toString()));
    app.stderr?.on("data", (chunk: Buffer) => {
      appLog.push(chunk.toString());
      appErrors.push(chunk.toString());
    });
    await waitForApp(`${appUrl}/`, app, appLog);

    const api = `${apiOrigin}/devstore/api/shops/${E2E_SHOP}`;
    const store = devstore;
    return {
      appUrl,
      devstoreUrl,
      database,
      shop,
      devstore: store,
      build,
      appLog,
      appErrors,
      async event(input) {
        const response = await fetch(`${api}/events`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(input) });
        const body = (await response.json()) as EventAnswer & { error?: string };
        if (!response.ok) throw new Error(`The dev store refused the event ${input.type}: ${body.error ?? response.status}`);
        return body;
      },
      async summary() {
        return (await (await fetch(`${api}/summary`)).json()) as DevStoreSummary;
      },
      writeLogs(dir) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, "app.log"), appLog.join(""));
        writeFileSync(path.join(dir, "devstore.log"), `${store.logs.join("\n")}\n`);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
