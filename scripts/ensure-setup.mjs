#!/usr/bin/env node
// Makes a fresh clone runnable: installs dependencies (which generates the Prisma client) when they are missing.
// Used before `npm test` and `npm run local`, so each is one command on a new machine.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync("node_modules/.package-lock.json")) {
  run("npm", [existsSync("package-lock.json") ? "ci" : "install", "--no-audit", "--no-fund"]);
}
if (!existsSync("node_modules/.prisma/client/index.js")) run("npx", ["prisma", "generate"]);
