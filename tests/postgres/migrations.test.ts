/**
 * The PostgreSQL migrations and the app's migrator (scripts/postgres-migrate.mjs), on PostgreSQL only
 * (`npm run test:postgres`; vitest.config.ts leaves it out of the SQLite run).
 *
 * Rules proven here:
 * - prisma/postgresql/migrations build the same tables, columns, types, indexes and foreign keys as
 *   prisma/migrations do on SQLite (so both databases are the one schema).
 * - The migrator records `_prisma_migrations` as Prisma does (Prisma's own table, sha256 checksums, one step), and
 *   the Prisma CLI reads that history as up to date; it is idempotent, refuses a migration changed after it was
 *   applied, and a failing migration leaves neither its changes nor a history row.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, describe, expect, inject, it } from "vitest";
import { POSTGRES_MIGRATIONS_DIR, migratePostgres, migrationChecksum, readMigrations } from "../../scripts/postgres-migrate.mjs";
import { createMigratedDatabase } from "../support/migrated-database";
import { databaseUrl, withClient } from "../support/postgres";
import { TEST_DB_ROOT } from "../support/test-env";

const database = inject("testDatabase");

/** A schema as comparable text: columns ("name type [not null]", by name) per table, keys, indexes, references. */
interface Structure {
  columns: Record<string, string[]>;
  primaryKeys: Record<string, string[]>;
  indexes: string[];
  foreignKeys: string[];
}

/** Prisma's SQLite column types, as their PostgreSQL counterparts. */
const SQLITE_TYPES: Record<string, string> = { TEXT: "text", INTEGER: "integer", BIGINT: "bigint", BOOLEAN: "boolean", DATETIME: "timestamp(3)", REAL: "double precision" };

function sqliteStructure(file: string): Structure {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name")
      .all() as { name: string }[];
    const structure: Structure = { columns: {}, primaryKeys: {}, indexes: [], foreignKeys: [] };
    for (const { name: table } of tables) {
      const columns = db.pragma(`table_info("${table}")`) as { name: string; type: string; notnull: number; pk: number }[];
      // A lone INTEGER primary key is SQLite's 64-bit rowid (AUTOINCREMENT): a BigInt autoincrement id, BIGSERIAL there.
      const rowid = (c: { type: string; pk: number }) => c.type === "INTEGER" && c.pk === 1 && columns.filter((k) => k.pk > 0).length === 1;
      structure.columns[table] = columns.map((c) => `${c.name} ${rowid(c) ? "bigint" : (SQLITE_TYPES[c.type] ?? c.type)}${c.notnull || c.pk ? " not null" : ""}`);
      structure.primaryKeys[table] = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
      for (const index of db.pragma(`index_list("${table}")`) as { name: string; unique: number; origin: string }[]) {
        if (index.origin === "pk") continue;
        const keys = (db.pragma(`index_info("${index.name}")`) as { seqno: number; name: string }[]).sort((a, b) => a.seqno - b.seqno);
        structure.indexes.push(`${index.name} on ${table}(${keys.map((k) => k.name).join(", ")})${index.unique ? " unique" : ""}`);
      }
      for (const fk of db.pragma(`foreign_key_list("${table}")`) as { table: string; from: string; to: string; on_delete: string; on_update: string }[]) {
        structure.foreignKeys.push(`${table}.${fk.from} → ${fk.table}.${fk.to} on delete ${fk.on_delete.toLowerCase()} on update ${fk.on_update.toLowerCase()}`);
      }
    }
    for (const list of Object.values(structure.columns)) list.sort(); // SQLite appends ALTER TABLE's columns
    structure.indexes.sort();
    structure.foreignKeys.sort();
    return structure;
  } finally {
    db.close();
  }
}

const PG_ACTIONS: Record<string, string> = { a: "no action", r: "restrict", c: "cascade", n: "set null", d: "set default" };

async function postgresStructure(url: string): Promise<Structure> {
  return withClient(url, async (client) => {
    const structure: Structure = { columns: {}, primaryKeys: {}, indexes: [], foreignKeys: [] };
    const columns = await client.query(
      `SELECT c.relname AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull"
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> '_prisma_migrations' AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY c.relname, a.attnum`,
    );
    for (const row of columns.rows) {
      const type = String(row.type).replace("timestamp(3) without time zone", "timestamp(3)");
      (structure.columns[String(row.table)] ??= []).push(`${String(row.name)} ${type}${row.notNull ? " not null" : ""}`);
    }
    const indexes = await client.query(
      `SELECT t.relname AS "table", i.relname AS name, x.indisunique AS "unique", x.indisprimary AS "primary",
              array_to_string(ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord), ',') AS keys
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = current_schema() AND t.relname <> '_prisma_migrations'`,
    );
    for (const row of indexes.rows) {
      const keys = String(row.keys).split(",");
      if (row.primary) structure.primaryKeys[String(row.table)] = keys;
      else structure.indexes.push(`${String(row.name)} on ${String(row.table)}(${keys.join(", ")})${row.unique ? " unique" : ""}`);
    }
    const foreignKeys = await client.query(
      `SELECT t.relname AS "table", a.attname AS "from", r.relname AS target, b.attname AS "to", f.confdeltype AS "onDelete", f.confupdtype AS "onUpdate"
       FROM pg_constraint f JOIN pg_class t ON t.oid = f.conrelid JOIN pg_class r ON r.oid = f.confrelid
       JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = f.conkey[1] JOIN pg_attribute b ON b.attrelid = f.confrelid AND b.attnum = f.confkey[1]
       JOIN pg_namespace n ON n.oid = t.relnamespace WHERE f.contype = 'f' AND n.nspname = current_schema()`,
    );
    for (const row of foreignKeys.rows) {
      structure.foreignKeys.push(
        `${String(row.table)}.${String(row.from)} → ${String(row.target)}.${String(row.to)} on delete ${PG_ACTIONS[String(row.onDelete)]} on update ${PG_ACTIONS[String(row.onUpdate)]}`,
      );
    }
    for (const list of Object.values(structure.columns)) list.sort();
    structure.indexes.sort();
    structure.foreignKeys.sort();
    return structure;
  });
}

// The tests share one scratch database, in order: migrated, then read by the CLI, then migrated further.
describe("PostgreSQL migrations", () => {
  if (database.provider !== "postgresql") throw new Error("tests/postgres/migrations.test.ts runs on PostgreSQL only: npm run test:postgres");
  const { adminUrl, prefix } = database;
  const scratch = `${prefix}_migrator`;
  const scratchUrl = databaseUrl(adminUrl, scratch);
  const work = path.join(TEST_DB_ROOT, `pg-migrations-${randomUUID()}`);

  async function freshScratchDatabase() {
    await withClient(adminUrl, async (admin) => {
      await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${scratch}"`);
    });
  }

  /** A copy of the committed migrations folder, to change. */
  function migrationsCopy(): string {
    const dir = path.join(work, randomUUID());
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration_lock.toml"), readFileSync(path.join(POSTGRES_MIGRATIONS_DIR, "migration_lock.toml")));
    for (const migration of readMigrations()) {
      mkdirSync(path.join(dir, migration.name));
      writeFileSync(path.join(dir, migration.name, "migration.sql"), migration.sql);
    }
    return dir;
  }

  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await withClient(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`));
  });

  it("build the same tables, columns, indexes and foreign keys as the SQLite migrations", async () => {
    mkdirSync(work, { recursive: true });
    const file = path.join(mkdtempSync(path.join(work, "sqlite-")), "schema.sqlite");
    createMigratedDatabase(file);
    const sqlite = sqliteStructure(file);
    const postgres = await postgresStructure(process.env.DATABASE_URL ?? "");
    expect(Object.keys(postgres.columns).sort()).toEqual(Object.keys(sqlite.columns).sort());
    expect(postgres.columns).toEqual(sqlite.columns);
    expect(postgres.primaryKeys).toEqual(sqlite.primaryKeys);
    expect(postgres.indexes).toEqual(sqlite.indexes);
    expect(postgres.foreignKeys).toEqual(sqlite.foreignKeys);
    expect(sqlite.indexes.length).toBeGreaterThan(20);
  });

  it("records each migration in Prisma's own _prisma_migrations table, and applies nothing twice", async () => {
    await freshScratchDatabase();
    const migrations = readMigrations();
    expect((await migratePostgres({ url: scratchUrl })).applied).toEqual(migrations.map((m) => m.name));
    expect(await migratePostgres({ url: scratchUrl })).toEqual({ applied: [], skipped: migrations.map((m) => m.name) });

    await withClient(scratchUrl, async (client) => {
      const columns = await client.query(
        `SELECT column_name AS name, data_type AS type, character_maximum_length AS length, is_nullable AS nullable, column_default AS "default"
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      );
      expect(columns.rows).toEqual([
        { name: "id", type: "character varying", length: 36, nullable: "NO", default: null },
        { name: "checksum", type: "character varying", length: 64, nullable: "NO", default: null },
        { name: "finished_at", type: "timestamp with time zone", length: null, nullable: "YES", default: null },
        { name: "migration_name", type: "character varying", length: 255, nullable: "NO", default: null },
        { name: "logs", type: "text", length: null, nullable: "YES", default: null },
        { name: "rolled_back_at", type: "timestamp with time zone", length: null, nullable: "YES", default: null },
        { name: "started_at", type: "timestamp with time zone", length: null, nullable: "NO", default: "now()" },
        { name: "applied_steps_count", type: "integer", length: null, nullable: "NO", default: "0" },
      ]);
      const rows = await client.query("SELECT * FROM _prisma_migrations ORDER BY migration_name");
      expect(rows.rows).toHaveLength(migrations.length);
      for (const [index, migration] of migrations.entries()) {
        const row = rows.rows[index] ?? {};
        expect(row).toMatchObject({ migration_name: migration.name, logs: null, rolled_back_at: null, applied_steps_count: 1 });
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(row.checksum).toBe(migrationChecksum(readFileSync(path.join(POSTGRES_MIGRATIONS_DIR, migration.name, "migration.sql"))));
        expect(row.finished_at).toBeInstanceOf(Date);
        expect((row.finished_at as Date).getTime()).toBeGreaterThanOrEqual((row.started_at as Date).getTime());
      }
    });
  });

  it("is read as up to date by the Prisma CLI (prisma migrate status)", () => {
    const result = spawnSync("npx", ["prisma", "migrate", "status", "--config", "prisma/postgresql/prisma.config.ts"], {
      env: { ...process.env, DATABASE_URL: scratchUrl },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.stdout + result.stderr).toContain("Database schema is up to date!");
    expect(result.status).toBe(0);
  });

  it("applies a new migration after the applied ones, and refuses one changed after it was applied", async () => {
    const dir = migrationsCopy();
    mkdirSync(path.join(dir, "29991231000000_later"));
    writeFileSync(path.join(dir, "29991231000000_later", "migration.sql"), 'CREATE TABLE "Later" ("id" TEXT NOT NULL PRIMARY KEY);\n');
    expect((await migratePostgres({ url: scratchUrl, dir })).applied).toEqual(["29991231000000_later"]);

    const [first] = readMigrations(dir);
    if (!first) throw new Error("no migrations");
    writeFileSync(path.join(dir, first.name, "migration.sql"), `${first.sql}\n-- edited\n`);
    await expect(migratePostgres({ url: scratchUrl, dir })).rejects.toThrow(`Migration ${first.name} was changed after it was applied`);
  });

  it("rolls a failing migration back whole, with no history row", async () => {
    await freshScratchDatabase();
    const dir = migrationsCopy();
    mkdirSync(path.join(dir, "29991231000000_broken"));
    writeFileSync(path.join(dir, "29991231000000_broken", "migration.sql"), 'CREATE TABLE "Half" ("id" TEXT);\nSELECT * FROM "NoSuchTable";\n');
    await expect(migratePostgres({ url: scratchUrl, dir })).rejects.toThrow(/29991231000000_broken failed and was rolled back: .*NoSuchTable/);
    await withClient(scratchUrl, async (client) => {
      const history = await client.query("SELECT migration_name FROM _prisma_migrations ORDER BY migration_name");
      expect(history.rows.map((row) => row.migration_name)).toEqual(readMigrations().map((m) => m.name));
      expect((await client.query(`SELECT to_regclass('"Half"') AS half`)).rows).toEqual([{ half: null }]);
    });
  });
});
