#!/usr/bin/env node
// Generates the PostgreSQL Prisma client into node_modules/.prisma/client-postgresql (prisma/postgresql/schema.prisma
// names that output), beside the SQLite client `@prisma/client` that postinstall generates. app/db.server.ts loads
// it when DATABASE_URL is postgres:// or postgresql:// (docs/decisions/008-postgresql.md). Offline, no engine download.
//
// A client generated to a custom output gets its own copy of Prisma's runtime. The app, and
// @shopify/shopify-app-session-storage-prisma, use the classes of `@prisma/client` (Prisma.sql / Prisma.join
// fragments nested in raw queries, `instanceof Prisma.PrismaClientKnownRequestError` for P2002): with a second copy,
// nested fragments would be bound as values and duplicate-key errors would not be recognised. So the copied
// runtime is replaced by the one of `@prisma/client`, after checking it is the same version.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const POSTGRES_CONFIG = path.join("prisma", "postgresql", "prisma.config.ts");
export const POSTGRES_CLIENT_DIR = path.join(root, "node_modules", ".prisma", "client-postgresql");
const SHARED_RUNTIME = "@prisma/client/runtime/client.js";

export function generatePostgresClient() {
  // The schema's `url = env("DATABASE_URL")` must resolve to a PostgreSQL URL, or `prisma generate` tries to
  // download a query engine; generating never connects.
  const current = process.env.DATABASE_URL ?? "";
  const env = { ...process.env, DATABASE_URL: /^postgres(ql)?:\/\//.test(current) ? current : "postgresql://localhost/not-used" };
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const args = ["prisma", "generate", "--config", POSTGRES_CONFIG];
  const result = spawnSync(npx, args, { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed (exit ${result.status})`);

  const require = createRequire(path.join(root, "package.json"));
  const version = JSON.parse(readFileSync(require.resolve("@prisma/client/package.json"), "utf8")).version;
  const generated = readFileSync(path.join(POSTGRES_CLIENT_DIR, "index.js"), "utf8");
  if (!generated.includes(`"clientVersion": "${version}"`) && !generated.includes(`clientVersion: "${version}"`)) {
    throw new Error(`The generated PostgreSQL client is not @prisma/client ${version}: reinstall (npm ci)`);
  }
  writeFileSync(
    path.join(POSTGRES_CLIENT_DIR, "runtime", "client.js"),
    `// Replaced by scripts/postgres-client.mjs: one Prisma runtime (and its classes) for both clients.\nmodule.exports = require("${SHARED_RUNTIME}");\n`,
  );
  return POSTGRES_CLIENT_DIR;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = generatePostgresClient();
  console.log(`PostgreSQL Prisma client generated in ${path.relative(process.cwd(), dir)}`);
}
