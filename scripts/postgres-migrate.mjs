#!/usr/bin/env node
// Applies prisma/postgresql/migrations to the PostgreSQL database at DATABASE_URL, offline: the Prisma CLI's bundled
// wasm schema engine cannot run `migrate deploy` on PostgreSQL, and the native one cannot be downloaded here.
//   node scripts/postgres-migrate.mjs            (npm run setup calls it when DATABASE_URL is postgres)
//
// Rules (the same as `prisma migrate deploy`, so that it accepts the database later, online):
// - History in `_prisma_migrations`, created with Prisma's own definition; one row per migration: a v4 uuid,
//   checksum = sha256 hex of migration.sql's bytes, migration_name = the folder name, started_at, finished_at,
//   applied_steps_count = 1, logs and rolled_back_at NULL.
// - Folders are applied in name order, each in one transaction with its history row: a failure leaves neither
//   the migration's changes nor a row (Prisma would leave a failed row; here there is nothing to resolve).
// - Idempotent: an applied migration is skipped; one whose migration.sql changed since is refused, as is a failed
//   or unknown row left by Prisma, and a migrations folder locked to another provider.
// - Prisma's advisory lock (72707369) is held throughout: app instances deploying together, or a `prisma migrate`
//   run, wait for each other instead of racing.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const POSTGRES_MIGRATIONS_DIR = path.join(root, "prisma", "postgresql", "migrations");
const PRISMA_ADVISORY_LOCK = 72707369;

/** Prisma's definition of its history table on PostgreSQL (schema engine 6.19, postgres flavour). */
export const PRISMA_MIGRATIONS_TABLE_DDL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

/**
 * node-postgres, as @prisma/adapter-pg (a dependency) installs it: the app's own PostgreSQL driver, no second copy.
 * @returns {any}
 */
export function loadPg() {
  const require = createRequire(path.join(root, "package.json"));
  return createRequire(require.resolve("@prisma/adapter-pg"))("pg");
}

/** sha256 hex of the file's bytes: Prisma's migration checksum. */
export function migrationChecksum(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The migration folders (name, sql, checksum) in the order they apply. */
export function readMigrations(dir = POSTGRES_MIGRATIONS_DIR) {
  const lock = path.join(dir, "migration_lock.toml");
  if (!existsSync(lock) || !/provider\s*=\s*"postgresql"/.test(readFileSync(lock, "utf8"))) {
    throw new Error(`${lock} must exist and say provider = "postgresql"`);
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, "migration.sql");
      if (!existsSync(file)) throw new Error(`Migration ${name} has no migration.sql`);
      const bytes = readFileSync(file);
      return { name, sql: bytes.toString("utf8"), checksum: migrationChecksum(bytes) };
    });
}

async function historyTableExists(client) {
  const { rows } = await client.query("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
  return rows[0].present === true;
}

/**
 * Applies the pending migrations of `dir` to the database at `url`.
 * @param {{ url: string, dir?: string, log?: (line: string) => void }} options
 * @returns {Promise<{ applied: string[], skipped: string[] }>}
 */
export async function migratePostgres({ url, dir = POSTGRES_MIGRATIONS_DIR, log = () => {} }) {
  const migrations = readMigrations(dir);
  const { Client } = loadPg();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${PRISMA_ADVISORY_LOCK})`);
    if (!(await historyTableExists(client))) await client.query(PRISMA_MIGRATIONS_TABLE_DDL);
    const { rows } = await client.query(
      "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at, migration_name",
    );
    const local = new Map(migrations.map((migration) => [migration.name, migration]));
    const done = new Set();
    for (const row of rows) {
      if (row.rolled_back_at !== null) continue;
      const migration = local.get(row.migration_name);
      if (row.finished_at === null) {
        throw new Error(`Migration ${row.migration_name} failed earlier (finished_at is NULL): fix the database, then \`prisma migrate resolve\``);
      }
      if (!migration) throw new Error(`Migration ${row.migration_name} is applied but not in ${dir}`);
      if (row.checksum !== migration.checksum) {
        throw new Error(`Migration ${row.migration_name} was changed after it was applied (checksum ${row.checksum} ≠ ${migration.checksum}): add a new migration instead`);
      }
      done.add(row.migration_name);
    }
    const applied = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      await client.query("BEGIN");
      try {
        const id = randomUUID();
        await client.query("INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())", [
          id,
          migration.checksum,
          migration.name,
        ]);
        await client.query(migration.sql); // simple query protocol: the whole script, every statement
        await client.query(
          "UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp() WHERE id = $1",
          [id],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      log(`Applied migration ${migration.name}`);
      applied.push(migration.name);
    }
    return { applied, skipped: [...done] };
  } finally {
    await client.end(); // ends the session: releases the advisory lock too
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));
  const url = process.env.DATABASE_URL ?? "";
  if (!/^postgres(ql)?:\/\//.test(url)) {
    console.error("postgres-migrate: DATABASE_URL must be a postgres:// or postgresql:// URL");
    process.exit(1);
  }
  migratePostgres({ url, log: (line) => console.log(line) })
    .then(({ applied, skipped }) =>
      console.log(`${applied.length} migration(s) applied, ${skipped.length} already applied (prisma/postgresql/migrations).`),
    )
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
