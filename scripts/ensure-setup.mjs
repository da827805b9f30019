#!/usr/bin/env node
// Makes a fresh clone runnable: installs dependencies (which generates the Prisma client, brings the project's Node 24
// as node_modules/.bin/node and builds better-sqlite3 for it) when they are missing or older than package.json's
// Node, and makes sure better-sqlite3 loads on that Node (scripts/native-rebuild.mjs, a no-op when it does).
// Used before `npm test` and `npm run local`, so each is one command on a new machine. Runs on any Node ≥ 20 (on a
// fresh clone, the machine's). docs/decisions/013-node-24-runtime.md
import { existsSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function version(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).version : undefined;
}

const wanted = JSON.parse(readFileSync("package.json", "utf8")).dependencies?.node;
const installed = version("node_modules/node/package.json");
if (!existsSync("node_modules/.package-lock.json") || !existsSync("node_modules/.bin/node") || (wanted && installed !== wanted)) {
  run("npm", [existsSync("package-lock.json") ? "ci" : "install", "--no-audit", "--no-fund"]);
}
if (!existsSync("node_modules/.prisma/client/index.js")) run("npx", ["prisma", "generate"]);
run(process.execPath, ["scripts/native-rebuild.mjs"]);
