#!/usr/bin/env node
// node tests/support/create-migrated-database.mjs <file> [migrationsDir]
// Applies the committed SQLite migrations in order to a new file: exactly the SQL `prisma migrate deploy` runs.
// A separate process on purpose (see migrated-database.ts).
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

const [file, migrationsDir = "prisma/migrations"] = process.argv.slice(2);
if (!file) {
  console.error("usage: create-migrated-database.mjs <file> [migrationsDir]");
  process.exit(2);
}
rmSync(file, { force: true });
const db = new Database(file);
try {
  const migrations = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const name of migrations) db.exec(readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8"));
  db.pragma("journal_mode = WAL");
} finally {
  db.close();
}
