#!/usr/bin/env node
// `npm run local`: install, configure (.env from .env.example), migrate SQLite, build and start the app.
// Starting again reuses the database; `npm run reset` starts clean.
import { copyFileSync, existsSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run("node", ["scripts/ensure-setup.mjs"]);
if (!existsSync(".env")) {
  copyFileSync(".env.example", ".env");
  console.log("Created .env from .env.example (local defaults).");
}
process.loadEnvFile(".env");
run("npx", ["prisma", "migrate", "deploy"]);
run("npx", ["remix", "vite:build"]);

const port = process.env.PORT ?? "3000";
console.log(`\nLoyalty app: http://localhost:${port}  (webhooks at /webhooks/<topic>, database ${process.env.DATABASE_URL})\n`);
const server = spawn("npx", ["remix-serve", "./build/server/index.js"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
