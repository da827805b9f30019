#!/usr/bin/env node
// `npm run local`: install, configure (.env from .env.example), migrate SQLite, build, then start the local dev store
// (devstore/, playing Shopify) and the app pointed at it, authorize the app on the demo shop the way Shopify admin
// does (token exchange on the first embedded load), and print the URLs. Ctrl-C stops both.
// Starting again reuses the database and the dev store's data (tmp/devstore); `npm run reset` starts clean.
// Runs on Node 24 (docs/decisions/013-node-24-runtime.md): on a fresh clone `npm run local` starts this file on the
// machine's Node (node_modules/.bin/node is not there yet), so after installing it starts itself again on the
// project's Node 24, node_modules/.bin first on PATH.
import { copyFileSync, existsSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { nodeVersionProblem } from "./node-version.mjs";

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, ["scripts/ensure-setup.mjs"]);
if (nodeVersionProblem()) {
  const projectNode = path.resolve("node_modules/.bin/node");
  const projectVersion = existsSync(projectNode) ? spawnSync(projectNode, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout?.trim() : undefined;
  if (!projectVersion || nodeVersionProblem(projectVersion)) {
    console.error(nodeVersionProblem());
    process.exit(1);
  }
  const child = spawn(projectNode, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, PATH: `${path.dirname(projectNode)}${path.delimiter}${process.env.PATH ?? ""}` },
  });
  // The child stops the app and the dev store (its stop is idempotent, so a Ctrl-C it also got itself is harmless).
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  await new Promise(() => {}); // until the child exits
}
if (!existsSync(".env")) {
  copyFileSync(".env.example", ".env");
  console.log("Created .env from .env.example (local defaults).");
}
process.loadEnvFile(".env");
run(process.execPath, ["scripts/sqlite-migrate.mjs"]);
run("npx", ["remix", "vite:build"]);

const appPort = process.env.PORT ?? "3000";
const devstorePort = process.env.DEVSTORE_PORT ?? "4000";
const shop = process.env.DEVSTORE_SHOP ?? "demo.myshopify.com";
const devstoreOrigin = `http://localhost:${devstorePort}`;
const devstoreApi = `http://127.0.0.1:${devstorePort}`;
const appUrl = process.env.SHOPIFY_APP_URL ?? `http://localhost:${appPort}`;

const children = [];
let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  const force = setTimeout(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  }, 5000);
  force.unref();
  Promise.all(children.map((child) => (child.exitCode !== null ? null : new Promise((resolve) => child.on("exit", resolve))))).then(() =>
    process.exit(code),
  );
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(0));

function start(name, args, env) {
  const child = spawn(process.execPath, args, { stdio: "inherit", env: { ...process.env, ...env } });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`\n${name} stopped (${signal ?? `exit ${code}`}); stopping everything.`);
      stop(code || 1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url, what) {
  for (let i = 0; i < 150 && !stopping; i++) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return response;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.error(`${what} did not start (${url}).`);
  stop(1);
  return null;
}

// The dev store (TypeScript, run by tsx: a development tool, never part of the app build).
// The dev store's movable clock (devstore/clock.ts) reaches the app through this file (app/clock.server.ts).
const devClockFile = path.resolve(process.env.DEVSTORE_DATA_DIR ?? "tmp/devstore", "clock.json");
start("The dev store", ["--import", "tsx", "devstore/main.ts"], { DEV_CLOCK_FILE: devClockFile });
await waitFor(`${devstoreApi}/devstore/api/shops/${shop}/summary`, "The dev store");

// The app, unchanged, seeing only different URLs: Shopify's hosts routed to the dev store (devstore/network.mjs),
// App Bridge from the dev store, and the dev store's admin allowed to frame it. See docs/decisions/006.
start("The app", ["--import", "./devstore/network.mjs", "server.mjs", "./build/server/index.js"], {
  NODE_ENV: "production",
  PORT: appPort,
  SHOPIFY_DEVSTORE_ORIGIN: devstoreApi,
  DEV_CLOCK_FILE: devClockFile,
  APP_BRIDGE_URL: `${devstoreOrigin}/shopifycloud/app-bridge.js`,
  SHOPIFY_ADMIN_ORIGINS: `${devstoreOrigin} http://127.0.0.1:${devstorePort}`,
});
await waitFor(`http://127.0.0.1:${appPort}/`, "The app");

// Shopify-managed install: the app is authorized the first time the admin opens it (token exchange of the session
// token in the launch URL). Do that once now, headlessly, so the offline session exists before anyone clicks.
if (!stopping) {
  const launch = (await (await fetch(`${devstoreApi}/devstore/api/shops/${shop}/launch-url`)).json()).url.replace(
    new URL(appUrl).origin,
    `http://127.0.0.1:${appPort}`,
  );
  // As a browser: the library answers requests from bots (a bare `node` user agent) with 410.
  const opened = await fetch(launch, { headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36" } });
  const summary = await (await fetch(`${devstoreApi}/devstore/api/shops/${shop}/summary`)).json();
  if (!opened.ok || !summary.appAuthorized) {
    console.error(`Opening the app as the admin would answered ${opened.status}; the app is not authorized on ${shop}.`);
  }
  console.log(`
  Loyalty app on the local dev store (${shop}):
    Admin (the app embedded)   ${devstoreOrigin}/admin
    Dev store admin            ${devstoreOrigin}/store/${shop.replace(/\.myshopify\.com$/, "")}   (orders, customers, webhooks)
    Storefront                 ${devstoreOrigin}/storefront?customer=1   (or ?customer=guest)
    App server                 ${appUrl}   (database ${process.env.DATABASE_URL})
  Events from the command line: npm run devstore:event -- order-paid --customer 1 --items 2
  Ctrl-C stops both.
`);
}
