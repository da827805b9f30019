#!/usr/bin/env node
// `npm run setup` (before `npm start`, on every deploy): generate the Prisma client(s) and migrate the database
// DATABASE_URL names (.env is read when present).
//   file:…                       SQLite: `prisma generate`, `prisma migrate deploy` (prisma/migrations)
//   postgres://… postgresql://…  PostgreSQL: `prisma generate` (the client the app is typed with), the PostgreSQL
//                                client (scripts/postgres-client.mjs), then the app's migrator
//                                (scripts/postgres-migrate.mjs, prisma/postgresql/migrations)
// See docs/decisions/008-postgresql.md.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (existsSync(".env")) process.loadEnvFile(".env");
const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";

const postgres = /^postgres(ql)?:\/\//.test(url);
if (!postgres && !url.startsWith("file:")) {
  console.error(`setup: DATABASE_URL must start with file:, postgres:// or postgresql:// (it starts with "${url.split(":")[0]}:")`);
  process.exit(1);
}

run("npx", ["prisma", "generate"]);
if (postgres) {
  run("node", ["scripts/postgres-schema.mjs", "--check"]);
  run("node", ["scripts/postgres-client.mjs"]);
  run("node", ["scripts/postgres-migrate.mjs"]);
} else {
  run("node", ["scripts/sqlite-migrate.mjs"]);
}
