#!/usr/bin/env node
// Makes the next PostgreSQL migration, after a change to prisma/schema.prisma (and its SQLite migration):
//   node scripts/postgres-migration.mjs <name> [--from <old PostgreSQL schema file>]
// 1. regenerates prisma/postgresql/schema.prisma (scripts/postgres-schema.mjs);
// 2. diffs the previous PostgreSQL schema (default: the committed one, `git show HEAD:prisma/postgresql/schema.prisma`)
//    against it with `prisma migrate diff --from-schema-datamodel … --to-schema-datamodel … --script` (offline; the
//    migrations themselves cannot be replayed here: that needs a shadow database);
// 3. writes prisma/postgresql/migrations/<UTC timestamp>_<name>/migration.sql.
// Review the SQL, commit it with the schemas; tests/postgres/migrations.test.ts checks that the PostgreSQL
// migrations build the same tables and indexes as the SQLite ones.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { POSTGRES_MIGRATIONS_DIR } from "./postgres-migrate.mjs";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, renderPostgresSchema } from "./postgres-schema.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function fail(message) {
  console.error(`postgres-migration: ${message}`);
  process.exit(1);
}

const args = process.argv.slice(2);
const name = args.find((arg, index) => !arg.startsWith("--") && args[index - 1] !== "--from");
if (!name || !/^[a-z0-9_]+$/.test(name)) fail("usage: node scripts/postgres-migration.mjs <name: a-z 0-9 _> [--from <old schema>]");
const fromIndex = args.indexOf("--from");

const scratch = mkdtempSync(path.join(tmpdir(), "postgres-migration-"));
try {
  let previous;
  if (fromIndex >= 0) {
    const file = args[fromIndex + 1];
    if (!file) fail("--from needs a file");
    previous = readFileSync(file, "utf8");
  } else {
    const relative = path.relative(root, POSTGRES_SCHEMA).split(path.sep).join("/");
    previous = execFileSync("git", ["show", `HEAD:${relative}`], { cwd: root, encoding: "utf8" });
  }
  const from = path.join(scratch, "previous.prisma");
  writeFileSync(from, previous);
  writeFileSync(POSTGRES_SCHEMA, renderPostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8")));

  // Through the root prisma.config.ts: its wasm schema engine diffs two schema files without a PostgreSQL server
  // (it still opens its SQLite adapter: a scratch file here).
  const env = { ...process.env, DATABASE_URL: `file:${path.join(scratch, "diff.sqlite")}` };
  const diff = spawnSync("npx", ["prisma", "migrate", "diff", "--from-schema-datamodel", from, "--to-schema-datamodel", POSTGRES_SCHEMA, "--script"], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  if (diff.status !== 0) fail(`prisma migrate diff failed:\n${diff.stderr}`);
  if (/^-- This is an empty migration\.\s*$/.test(diff.stdout.trim())) {
    console.log("The PostgreSQL schema did not change: no migration written.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(POSTGRES_MIGRATIONS_DIR, `${stamp}_${name}`);
    mkdirSync(dir);
    writeFileSync(path.join(dir, "migration.sql"), diff.stdout);
    console.log(`Wrote ${path.relative(root, path.join(dir, "migration.sql"))}: review it, then commit it with both schemas.`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
