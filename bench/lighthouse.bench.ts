/**
 * Storefront Lighthouse benchmark: what the app's theme extension costs a shopper's page, as Lighthouse scores it
 * (mobile, its default simulated throttling), with and without the app, for a guest and for a member.
 *
 * 1. The built app under its production server (`node server.mjs`, bench/support/app-server.ts) on a fresh SQLite
 *    database; signed orders/paid webhooks give customer 1 points (accepted into the inbox, awarded by its worker).
 * 2. The dev store's storefront page (devstore/storefront/page.ts: the page `npm run local` serves at /storefront,
 *    the demo shop's theme with its product grid) served from 127.0.0.1 by the storefront tests' server
 *    (tests/support/storefront/server.ts: the extension's assets, and `/apps/loyalty/*` signed and forwarded to the
 *    app as Shopify's app proxy does). The member's metafields are what the app's sync would write: built by the
 *    app's `buildLoyaltyMetafields` from the app's own account answer.
 * 3. Four pages: guest and member, each with the app (the Rewards block and the launcher embed) and without (the
 *    same page, no block, no embed). Each is audited `--runs` times (3), interleaved, each run in a fresh Debian
 *    Chromium (/usr/bin/chromium, headless) with Lighthouse's storage reset; the median run (by performance score)
 *    of each page is reported with its metrics.
 * 4. A table on stdout, JSON in bench/results/lighthouse-<timestamp>.json and lighthouse-latest.json.
 *
 * Target (issue 10): the app lowers the performance score by at most 1 point, for guests and for members. Missing it
 * is reported, not a failure; a page that does not render the app's data (or a Lighthouse error) fails the run.
 *
 *   npm run bench:lighthouse -- [--runs 3] [--keep]
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import lighthouse from "lighthouse";
import { appNamespace, DEFAULT_APP_ID } from "../devstore/admin-api";
import { seedShop } from "../devstore/seed";
import { DevShop } from "../devstore/shop";
import { signedProxyQuery } from "../devstore/signing";
import { renderStorefront } from "../devstore/storefront/page";
import type { StorefrontAccount } from "../app/loyalty/server/storefront-account.server";
import { buildLoyaltyMetafields } from "../app/shopify/graphql/metafields";
import { createMigratedDatabase } from "../tests/support/migrated-database";
import { startStorefrontServer } from "../tests/support/storefront/server";
import { freePort, startAppServer, stopAppServer } from "./support/app-server";
import { CommitWatch } from "./support/commit-watch";
import { drive, keepAliveAgent } from "./support/load";
import { loadAverages, machine } from "./support/machine";
import { BENCH_SHOP, buildDeliveries } from "./support/orders";
import { runMain, writeResult } from "./support/results";
import { installShop, launchDefaultProgram } from "./support/shop";

const API_KEY = "bench-key";
const API_SECRET = "bench-secret";
const CUSTOMER_ID = "1";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER_ID}`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TARGET_MAX_DROP = 1;
const SEED_TIMEOUT_MS = 120_000;

type Audience = "guest" | "member";
interface Page {
  key: string;
  audience: Audience;
  app: boolean;
  path: string;
}

interface RunFigures {
  score: number;
  fcpMs: number;
  lcpMs: number;
  speedIndexMs: number;
  tbtMs: number;
  cls: number;
  /** Lighthouse's estimate of what render-blocking resources cost (ms). */
  renderBlockingMs: number;
  renderBlocking: string[];
  transferBytes: number;
  /** The element Lighthouse took as the largest contentful paint. */
  lcpElement: string | null;
}

const PAGES: Page[] = [
  { key: "guest-without-app", audience: "guest", app: false, path: "/guest/without-app" },
  { key: "guest-with-app", audience: "guest", app: true, path: "/guest/with-app" },
  { key: "member-without-app", audience: "member", app: false, path: "/member/without-app" },
  { key: "member-with-app", audience: "member", app: true, path: "/member/with-app" },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

/** A fresh headless Chromium with a DevTools port, for one Lighthouse run. */
async function launchChromium(runDir: string): Promise<{ port: number; close(): Promise<void> }> {
  const port = await freePort();
  const profile = mkdtempSync(path.join(runDir, "chromium-"));
  const child = spawn(
    CHROMIUM,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${profile}`,
      `--remote-debugging-port=${port}`,
      "about:blank",
    ],
    { stdio: "ignore" },
  );
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const answer = await fetch(`http://127.0.0.1:${port}/json/version`);
      if (answer.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Chromium (${CHROMIUM}) did not open its DevTools port`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    async close() {
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function audit(url: string, runDir: string): Promise<RunFigures> {
  const chromium = await launchChromium(runDir);
  try {
    const result = await lighthouse(url, { port: chromium.port, output: "json", logLevel: "error", onlyCategories: ["performance"] });
    const lhr = result?.lhr;
    if (!lhr) throw new Error(`Lighthouse returned nothing for ${url}`);
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const numeric = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
    const blocking = lhr.audits["render-blocking-resources"];
    const items = ((blocking?.details as { items?: { url: string }[] } | undefined)?.items ?? []).map((item) => item.url);
    return {
      score: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      fcpMs: Math.round(numeric("first-contentful-paint")),
      lcpMs: Math.round(numeric("largest-contentful-paint")),
      speedIndexMs: Math.round(numeric("speed-index")),
      tbtMs: Math.round(numeric("total-blocking-time")),
      cls: Math.round(numeric("cumulative-layout-shift") * 1000) / 1000,
      renderBlockingMs: Math.round((blocking?.details as { overallSavingsMs?: number } | undefined)?.overallSavingsMs ?? 0),
      renderBlocking: items,
      transferBytes: Math.round(numeric("total-byte-weight")),
      lcpElement: lcpElementOf(lhr.audits["largest-contentful-paint-element"]?.details),
    };
  } finally {
    await chromium.close();
  }
}

/** The LCP element's selector from the audit's details (a table whose first item holds a node). */
function lcpElementOf(details: unknown): string | null {
  const text = JSON.stringify(details ?? null);
  const found = text.match(/"selector":"((?:[^"\\]|\\.)*)"/) ?? text.match(/"snippet":"((?:[^"\\]|\\.)*)"/);
  return found?.[1] ?? null;
}

async function seedMember(baseUrl: string, port: number, file: string, orders: number): Promise<void> {
  const deliveries = buildDeliveries({ secret: API_SECRET, shop: BENCH_SHOP, firstOrder: 1, count: orders, customers: 1 });
  const agent = keepAliveAgent(4);
  const watch = CommitWatch.start({ file, shop: BENCH_SHOP, pollMs: 20 });
  try {
    const sent = await drive({ port, path: "/webhooks/orders/paid", agent }, deliveries, 4);
    if (sent.failed > 0) throw new Error(`seed webhooks refused: ${JSON.stringify(sent.failures)}`);
    const committed = await watch.waitFor(sent.accepted, SEED_TIMEOUT_MS);
    if (!committed.complete) throw new Error(`${committed.missing} seed orders not awarded within ${SEED_TIMEOUT_MS / 1000} s (${baseUrl})`);
  } finally {
    agent.destroy();
    await watch.stop();
  }
}

/** The member's account as the app answers it through a signed proxy request. */
async function account(baseUrl: string): Promise<StorefrontAccount> {
  const query = signedProxyQuery({}, { shop: BENCH_SHOP, customerId: CUSTOMER_ID, pathPrefix: "/apps/loyalty", secret: API_SECRET });
  const answer = await fetch(`${baseUrl}/proxy/account?${query.toString()}`);
  if (answer.status !== 200) throw new Error(`GET /proxy/account answered ${answer.status}: ${await answer.text()}`);
  return (await answer.json()) as StorefrontAccount;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { runs: { type: "string" }, orders: { type: "string" }, keep: { type: "boolean", default: false } } });
  const runs = Math.max(1, Math.round(Number(values.runs ?? 3)));
  const orders = Math.max(1, Math.round(Number(values.orders ?? 5)));
  const startedAt = new Date().toISOString();
  const loadAtStart = loadAverages();
  mkdirSync("tmp/bench", { recursive: true });
  const runDir = mkdtempSync(path.join("tmp/bench", "lighthouse-"));
  const appDb = path.join(runDir, "app.sqlite");
  createMigratedDatabase(appDb);
  installShop(appDb, BENCH_SHOP);
  await launchDefaultProgram(`file:${appDb}`, BENCH_SHOP);
  const server = await startAppServer({ databaseFile: appDb, apiKey: API_KEY, apiSecret: API_SECRET, logFile: path.join(runDir, "server.log") });
  const storefront = await startStorefrontServer({
    proxy: (request) => fetch(request),
    shop: BENCH_SHOP,
    secret: API_SECRET,
    appUrl: server.baseUrl,
  });
  try {
    console.log(`Seeding ${orders} paid orders for customer ${CUSTOMER_ID} through signed orders/paid webhooks…`);
    await seedMember(server.baseUrl, server.port, appDb, orders);
    const member = await account(server.baseUrl);
    if (member.member.balance <= 0 || member.rewards.length === 0) throw new Error(`unexpected account: ${JSON.stringify(member.member)}`);

    // The dev store's demo shop, with the member's metafields as the app's sync job would write them.
    const shop = new DevShop(seedShop(BENCH_SHOP), { appId: DEFAULT_APP_ID });
    if (!shop.admin.customers.has(CUSTOMER_GID)) shop.admin.addCustomer({ id: CUSTOMER_GID, firstName: "Ava", lastName: "Martin" });
    const now = new Date().toISOString();
    const progress = member.member.progress;
    for (const field of buildLoyaltyMetafields({
      customerGid: CUSTOMER_GID,
      balance: member.member.balance,
      pending: member.member.pending,
      tierName: member.member.tier,
      progress: { nextTierName: progress.nextTier, remaining: progress.remaining, progressPermille: progress.progressPermille, message: progress.message, basis: progress.basis },
    })) {
      shop.admin.putMetafield({ ownerId: CUSTOMER_GID, namespace: appNamespace(DEFAULT_APP_ID), key: field.key, type: field.type, value: field.value }, now);
    }
    for (const page of PAGES) {
      const customerId = page.audience === "member" ? CUSTOMER_ID : null;
      const html = await renderStorefront({ shop, customerId, locale: "en", app: page.app });
      storefront.setPage(page.path, { html, customerId });
    }

    const figures: Record<string, RunFigures[]> = Object.fromEntries(PAGES.map((page) => [page.key, []]));
    for (let run = 1; run <= runs; run++) {
      for (const page of PAGES) {
        const accountCalls = storefront.proxyRequests.length;
        const measured = await audit(storefront.origin + page.path, runDir);
        figures[page.key]?.push(measured);
        const called = storefront.proxyRequests.slice(accountCalls);
        // The member's page with the app must have asked the app for the account (and got it); no other page may.
        const expectCall = page.audience === "member" && page.app;
        if (expectCall !== called.length > 0) throw new Error(`${page.key}: ${called.length} app proxy requests`);
        if (called.some((call) => call.response?.status !== 200)) throw new Error(`${page.key}: proxy answered ${JSON.stringify(called.map((c) => c.response?.status))}`);
        console.log(`run ${run}/${runs} ${page.key.padEnd(20)} score ${measured.score}  FCP ${measured.fcpMs} ms  LCP ${measured.lcpMs} ms  SI ${measured.speedIndexMs} ms  TBT ${measured.tbtMs} ms  CLS ${measured.cls}`);
      }
    }
    if (storefront.errors.length > 0) throw new Error(`storefront server errors: ${storefront.errors.map(String).join("; ")}`);

    const medians = Object.fromEntries(
      PAGES.map((page) => {
        const list = figures[page.key] ?? [];
        const score = median(list.map((f) => f.score));
        return [
          page.key,
          {
            score,
            scores: list.map((f) => f.score),
            fcpMs: median(list.map((f) => f.fcpMs)),
            lcpMs: median(list.map((f) => f.lcpMs)),
            speedIndexMs: median(list.map((f) => f.speedIndexMs)),
            tbtMs: median(list.map((f) => f.tbtMs)),
            cls: median(list.map((f) => f.cls)),
            renderBlockingMs: median(list.map((f) => f.renderBlockingMs)),
            renderBlocking: [...new Set(list.flatMap((f) => f.renderBlocking))],
            transferBytes: median(list.map((f) => f.transferBytes)),
            lcpElement: list.map((f) => f.lcpElement).find(Boolean) ?? null,
          },
        ];
      }),
    ) as Record<string, RunFigures & { scores: number[] }>;
    const drop = (audience: Audience) => (medians[`${audience}-without-app`]?.score ?? 0) - (medians[`${audience}-with-app`]?.score ?? 0);
    const drops = { guest: drop("guest"), member: drop("member") };
    const meets = { guest: drops.guest <= TARGET_MAX_DROP, member: drops.member <= TARGET_MAX_DROP };

    console.log(`\nLighthouse ${lighthouseVersion()}, mobile (simulated throttling), median of ${runs} runs`);
    console.log("page                  score  (runs)      FCP ms  LCP ms  SI ms  TBT ms  CLS    render-blocking ms");
    for (const page of PAGES) {
      const m = medians[page.key];
      if (!m) continue;
      console.log(
        `${page.key.padEnd(20)}  ${String(m.score).padStart(5)}  ${`(${m.scores.join(", ")})`.padEnd(12)} ${String(m.fcpMs).padStart(6)}  ${String(m.lcpMs).padStart(6)}  ${String(m.speedIndexMs).padStart(5)}  ${String(m.tbtMs).padStart(6)}  ${String(m.cls).padEnd(5)}  ${m.renderBlockingMs}`,
      );
    }
    for (const page of PAGES) console.log(`LCP element, ${page.key}: ${medians[page.key]?.lcpElement ?? "?"}`);
    console.log(`drop with the app: guest ${drops.guest}, member ${drops.member} (target ≤ ${TARGET_MAX_DROP}): ${meets.guest && meets.member ? "met" : "MISSED"}`);

    const file = writeResult("lighthouse", startedAt, {
      startedAt,
      machine: machine(loadAtStart),
      params: { runs, orders, lighthouse: lighthouseVersion(), chromium: CHROMIUM, formFactor: "mobile", throttling: "simulated (Lighthouse default)" },
      target: { maxScoreDrop: TARGET_MAX_DROP },
      pages: PAGES.map((page) => ({ ...page, median: medians[page.key], runs: figures[page.key] })),
      drops,
      meets,
      loadAtEnd: loadAverages(),
    });
    console.log(`Saved ${file} and bench/results/lighthouse-latest.json`);
    return 0;
  } finally {
    await storefront.close();
    await stopAppServer(server);
    if (!values.keep) rmSync(runDir, { recursive: true, force: true });
    else console.log(`Kept ${runDir}`);
  }
}

function lighthouseVersion(): string {
  return (createRequire(import.meta.url)("lighthouse/package.json") as { version: string }).version;
}

runMain(main);
